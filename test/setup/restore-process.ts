import { afterAll, beforeAll } from "vitest";

/**
 * Test files share their process (vitest.config.ts: `isolate: false`), so what a file changes in the process
 * environment or the working directory is put back when the file ends, and the next file starts as the first did.
 */
let environment: Record<string, string | undefined> = {};
let directory = "";

beforeAll(() => {
  environment = { ...process.env };
  directory = process.cwd();
});

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
  for (const [name, value] of Object.entries(environment)) if (process.env[name] !== value) process.env[name] = value;
  if (process.cwd() !== directory) process.chdir(directory);
  process.exitCode = undefined;
});
