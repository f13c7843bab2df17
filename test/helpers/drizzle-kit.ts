import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** Runs drizzle-kit's `generate` in `cwd` (offline: it reads the schema and writes SQL into `./drizzle`, with no database). */
export function drizzleKitGenerate(
  cwd: string,
  schema = "./models.ts",
  ...extra: string[]
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(REPO, "node_modules/drizzle-kit/bin.cjs"),
        "generate",
        "--dialect",
        "postgresql",
        "--schema",
        schema,
        "--out",
        "./drizzle",
        ...extra,
      ],
      { cwd, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** The statements of the one migration drizzle-kit generated in `cwd/drizzle`. */
export async function drizzleKitStatements(cwd: string): Promise<string[]> {
  const dir = path.join(cwd, "drizzle");
  const file = (await readdir(dir)).find((name) => name.endsWith(".sql"));
  if (file === undefined) throw new Error(`drizzle-kit wrote no SQL file into ${dir}`);
  return (await readFile(path.join(dir, file), "utf8"))
    .split("--> statement-breakpoint")
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
