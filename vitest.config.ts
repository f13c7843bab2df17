import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    setupFiles: ["test/setup/library-modules.ts"],
    // Integration tests share one PostgreSQL server; each file uses its own databases.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
