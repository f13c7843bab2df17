import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Test files run in parallel, more at once than there are cores, so that one file's waits (for a server to start,
 * a lock, a spawned CLI) overlap another's work. RETORT_TEST_WORKERS sets how many (1 runs them one at a time).
 */
const workers = Number(process.env.RETORT_TEST_WORKERS ?? 4);

/** Test files that replace a module with vi.mock: each runs in a process of its own. */
const MOCKING = ["test/lint/upgrade-safety.test.ts"];

const source = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  // Test fixtures import Retort as a project does; in tests that is these sources (the same modules the project
  // loader hands project files), not the built package.
  resolve: {
    alias: [
      { find: /^retort$/, replacement: source("index.ts") },
      { find: /^retort\/schema$/, replacement: source("schema/index.ts") },
      { find: /^retort\/testing$/, replacement: source("testing/index.ts") },
    ],
  },
  test: {
    setupFiles: ["test/setup/library-modules.ts", "test/setup/restore-process.ts"],
    // Integration tests share one PostgreSQL server; each file uses its own databases, directories and ports.
    // The timeouts only stop a hung test: on a shared or busy machine a healthy one may take minutes.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: Number.isInteger(workers) && workers > 0 ? workers : 4,
    projects: [
      // The unit tests beside the code keep no state between files, so one process runs many of them and
      // imports the sources once, instead of a new process per file.
      { extends: true, test: { name: "unit", include: ["src/**/*.test.ts"], isolate: false } },
      // Integration test files share a process too (what one changes in the environment is put back by
      // test/setup/restore-process.ts), except those that replace a module with vi.mock.
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          exclude: MOCKING,
          isolate: false,
          globalSetup: ["test/setup/template-root.ts"],
        },
      },
      { extends: true, test: { name: "integration-mocking", include: MOCKING, globalSetup: ["test/setup/template-root.ts"] } },
    ],
  },
});
