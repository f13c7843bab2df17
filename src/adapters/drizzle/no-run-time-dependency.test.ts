import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../", import.meta.url));

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

// The dependency rules skip node_modules, so this one is checked here: Retort reads Drizzle schemas through the
// project's own drizzle-orm, and installs without it.
it("no module of Retort imports drizzle-orm or drizzle-kit", () => {
  const importing = sourceFiles(SRC).filter((file) =>
    /(from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)["']drizzle-(orm|kit)(\/|["'])/.test(readFileSync(file, "utf8")),
  );
  expect(importing).toEqual([]);
});
