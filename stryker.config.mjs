// Mutation testing of the pure core (`npm run mutation`): the unit tests beside each module must notice
// when its code is changed. Integration tests stay out (they need databases); see vitest.mutation.config.ts.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.mutation.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  mutate: [
    "src/revisions/graph.ts",
    "src/revisions/targets.ts",
    "src/revisions/plan.ts",
    "src/ops/reverse.ts",
    "src/autogenerate/compare/**/*.ts",
    "src/autogenerate/order.ts",
    "src/autogenerate/renames.ts",
    "src/autogenerate/produce.ts",
    "src/autogenerate/data-loss.ts",
    "src/autogenerate/names.ts",
    "!src/**/*.test.ts",
  ],
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false },
  concurrency: 2,
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
