import { defineConfig } from "vitest/config";

// Unit tests only, for Stryker (`npm run mutation`): integration tests need databases and are slow.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    setupFiles: ["test/setup/library-modules.ts"],
    pool: "forks",
    // Property tests under Stryker's instrumentation on a busy machine take longer than vitest's default 5 s.
    testTimeout: 60_000,
  },
});
