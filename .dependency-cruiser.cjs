// The import rules of src/ (README "Layout"): one direction of dependency, engines behind one door, no cycles.
// `npm test` runs `npm run lint:layers`, so a violation fails the build.
const layer = (name) => `^src/${name}(/|\\.ts$)`;

/** Each folder, and the folders it must not import (everything above it). */
const above = {
  "project": ["schema", "ops", "dialects", "engines", "autogenerate", "runtime", "revisions", "config", "lint", "commands", "cli", "index", "library", "pull", "adapters", "testing"],
  "schema": ["project", "ops", "dialects", "engines", "autogenerate", "runtime", "revisions", "config", "lint", "commands", "cli", "index", "library", "pull", "adapters", "testing"],
  "ops": ["dialects", "engines", "autogenerate", "runtime", "revisions", "config", "lint", "commands", "cli", "index", "library", "pull", "adapters", "testing"],
  "dialects": ["engines", "autogenerate", "runtime", "revisions", "config", "lint", "commands", "cli", "index", "library", "pull", "adapters", "testing"],
  "engines": ["autogenerate", "runtime", "revisions", "config", "lint", "commands", "cli", "index", "library", "pull", "adapters", "testing"],
  "revisions": ["ops", "dialects", "engines", "autogenerate", "runtime", "config", "lint", "commands", "cli", "index", "library", "pull", "adapters", "testing"],
  "autogenerate": ["engines", "runtime", "revisions", "config", "lint", "commands", "cli", "index", "library", "pull", "testing"],
  "runtime": ["autogenerate", "config", "lint", "commands", "cli", "index", "library", "pull", "testing"],
  "config": ["ops", "dialects", "engines", "autogenerate", "runtime", "revisions", "lint", "commands", "cli", "index", "library", "pull", "adapters", "testing"],
  "pull": ["engines", "runtime", "revisions", "config", "commands", "cli", "index", "library"],
  "lint": ["engines", "autogenerate", "runtime", "revisions", "config", "commands", "cli", "index", "library", "pull", "adapters", "testing"],
  "commands": ["cli", "index", "library", "testing"],
  "testing": ["cli", "index", "library"],
  "adapters": ["project", "ops", "dialects", "engines", "autogenerate", "runtime", "revisions", "config", "lint", "commands", "cli", "index", "library", "pull", "testing"],
};

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles make the load order and the layering unclear.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    ...Object.entries(above).map(([from, forbiddenTargets]) => ({
      name: `layering-${from}`,
      severity: "error",
      comment: `src/${from} sits below ${forbiddenTargets.join(", ")} and must not import them.`,
      from: { path: layer(from), pathNot: "\\.test\\.ts$" },
      to: { path: forbiddenTargets.map(layer) },
    })),
    {
      name: "engines-through-connect",
      severity: "error",
      comment: "Outside src/engines/, an engine is reached only through src/engines/connect.ts.",
      from: { path: "^src/", pathNot: ["^src/engines/", "\\.test\\.ts$"] },
      to: { path: "^src/engines/", pathNot: "^src/engines/connect\\.ts$" },
    },
    {
      name: "dialect-internals-through-index",
      severity: "error",
      comment: "Outside a dialect's folder, it is reached through its index.ts (the Dialect) only.",
      from: { path: "^src/", pathNot: ["^src/dialects/", "\\.test\\.ts$"] },
      to: { path: "^src/dialects/[^/]+/", pathNot: "^src/dialects/[^/]+/index\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|node_modules)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js"] },
  },
};
