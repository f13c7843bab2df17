// Mutation testing of the pure core (`npm run mutation`): the unit tests beside each module must notice
// when its code is changed. Integration tests stay out (they need databases); see vitest.mutation.config.ts.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  // No type checker by default: a mutant that does not type-check still runs (vitest strips types) and is
  // judged by the tests, and the whole run takes minutes instead of hours on 2 cores. For the stricter count
  // (type errors set apart as compile errors): `npx stryker run --checkers typescript`.
  checkers: [],
  tsconfigFile: "tsconfig.mutation.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  mutate: [
    "src/revisions/graph.ts",
    "src/revisions/targets.ts",
    "src/revisions/plan.ts",
    "src/revisions/target-syntax.ts",
    "src/ops/reverse.ts",
    "src/autogenerate/compare/**/*.ts",
    "src/autogenerate/order.ts",
    "src/autogenerate/renames.ts",
    "src/autogenerate/produce.ts",
    "src/autogenerate/data-loss.ts",
    "src/autogenerate/names.ts",
    "src/autogenerate/prior-state.ts",
    "!src/**/*.test.ts",
  ],
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false },
  // The targets: at least 85% for every mutated file (read the per-file table of the report) and 90% overall.
  thresholds: { high: 90, low: 85, break: 90 },
  concurrency: 2,
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
