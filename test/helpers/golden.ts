import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

/** The environment variable that lets golden tests write their files: `RETORT_UPDATE_GOLDEN=1 npx vitest run …`. */
export const UPDATE_GOLDEN = "RETORT_UPDATE_GOLDEN";

/**
 * Compares `actual` with the golden file. A missing golden file fails the test, so that a file left out of a
 * commit cannot make CI pass by writing it; only `RETORT_UPDATE_GOLDEN=1` writes (or rewrites) golden files,
 * whose diff is then reviewed before committing.
 */
export function expectGolden(file: string | URL, actual: string): void {
  const filePath = typeof file === "string" ? file : fileURLToPath(file);
  if (process.env[UPDATE_GOLDEN] === "1") writeFileSync(filePath, actual);
  else if (!existsSync(filePath))
    throw new Error(`The golden file ${filePath} is missing: run the test with ${UPDATE_GOLDEN}=1 to write it, then review it.`);
  expect(actual, `differs from the golden file ${filePath} (${UPDATE_GOLDEN}=1 rewrites it)`).toBe(readFileSync(filePath, "utf8"));
}
