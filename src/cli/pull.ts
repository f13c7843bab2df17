/**
 * The command-line side of `retort pull`: the flags parsed into the library's options, and what it printed:
 * the counts on stderr, the path (or the JSON document) on stdout. Loaded only when `pull` runs.
 */
import { PULL_FORMATS, type PullFormat, type PullResult, pull } from "../commands/pull.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { RetortError } from "../errors.js";
import { describeDependency } from "../pull/dependencies.js";
import { describeUnmodelled } from "../pull/header.js";
import type { Json } from "./json.js";

/** The flags of `retort pull`. */
export interface PullFlags {
  readonly out?: string;
  readonly schemas?: string;
  readonly force?: boolean;
  readonly format?: string;
  readonly baseline?: boolean;
}

/** `--format retort|drizzle`; anything else is a usage error. */
export function parseFormat(value: string | undefined): PullFormat | undefined {
  if (value === undefined) return undefined;
  if ((PULL_FORMATS as readonly string[]).includes(value)) return value as PullFormat;
  throw new RetortError("usage", `--format takes ${PULL_FORMATS.join(" or ")}, not '${value}'.`, {
    hint: "--format drizzle writes a Drizzle schema (pgTable, pgEnum); without it, a retort/schema models module.",
  });
}

/** `--schemas a,b` as a list; an empty entry is a usage error. */
export function parseSchemas(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const schemas = value.split(",").map((schema) => schema.trim());
  if (schemas.some((schema) => schema.length === 0)) {
    throw new RetortError("usage", `--schemas takes a comma-separated list of schema names, not '${value}'.`, {
      hint: "For example: --schemas public,inventory",
    });
  }
  return schemas;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The result as `--json` prints it. */
export function pullJson(result: PullResult): Json {
  return {
    path: result.path,
    database: result.database,
    schemas: [...result.schemas],
    tables: result.tables,
    enums: result.enums,
    unmodelled: { ...result.unmodelled },
    ...(result.formatGaps === undefined ? {} : { formatGaps: [...result.formatGaps] }),
    dependencies: result.dependencies.map(describeDependency),
    ...(result.baseline === undefined
      ? {}
      : {
          baseline: {
            revision: result.baseline.revision,
            path: result.baseline.path,
            prerequisites: [...result.baseline.prerequisites],
            notCreated: [...result.baseline.notCreated],
          },
        }),
  };
}

/** Runs `pull`, logs what it read and left out; returns the path and the JSON document for stdout. */
export async function runPull(
  config: ResolvedConfig,
  flags: PullFlags,
  log: (line: string) => void,
): Promise<{ readonly path: string; readonly json: Json }> {
  const result = await pull(config, {
    out: flags.out,
    schemas: parseSchemas(flags.schemas),
    force: flags.force,
    format: parseFormat(flags.format),
    baseline: flags.baseline,
    log,
  });
  log(
    `Pulled ${plural(result.tables, "table", "tables")} and ${plural(result.enums, "enum type", "enum types")} from ${result.database} (${result.schemas.join(", ")}) into ${result.path}`,
  );
  const left = describeUnmodelled(result.unmodelled);
  if (left.length > 0) log(`Not expressible in models, left out (counted in the file's header): ${left.join(", ")}`);
  const gaps = result.formatGaps ?? [];
  if (gaps.length > 0) log(`Not expressible in a Drizzle schema, left out (retort check reports them): ${gaps.join(", ")}`);
  if (result.dependencies.length > 0) {
    log(
      `${plural(result.dependencies.length, "column uses", "columns use")} an object the models do not declare (listed in the file's header):`,
    );
    for (const dependency of result.dependencies) log(`  ${describeDependency(dependency)}`);
  }
  const baseline = result.baseline;
  if (baseline !== undefined) {
    log(
      `Wrote the baseline revision ${baseline.revision} (${baseline.path}) and stamped the database at it; on a new database, \`retort upgrade head\` creates the schema.`,
    );
    if (baseline.prerequisites.length > 0) log(`The baseline creates before the tables: ${baseline.prerequisites.join(", ")}`);
    for (const line of baseline.notCreated) log(`Not in the baseline (a TODO in the file): ${line}`);
  }
  const configured = [...config.includeSchemas].sort().join(",");
  if ([...result.schemas].sort().join(",") !== configured) {
    log(
      `The config compares the schemas ${config.includeSchemas.join(", ")}: set includeSchemas to ${JSON.stringify(result.schemas)} for check and autogenerate to see these.`,
    );
  }
  return { path: result.path, json: pullJson(result) };
}
