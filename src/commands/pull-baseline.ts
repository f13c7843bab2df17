/**
 * `retort pull --baseline`: after the models, a first revision that creates the pulled schema (autogenerate of the
 * pulled module against an empty database, plus the sequences and domains its columns need), and the database
 * stamped at it: the database the models came from already has everything, so the revision is recorded, not run.
 * A fresh database gets the schema with `retort upgrade head`.
 */
import { explicitSchema, schemaKey } from "../autogenerate/names.js";
import type { ManualChange } from "../autogenerate/compare/result.js";
import { produceMigration } from "../autogenerate/produce.js";
import { type DowngradeStep, renderMigration } from "../autogenerate/render/migration.js";
import type { ResolvedConfig } from "../config/load-config.js";
import type { ComparisonRules, UndeclaredDependency, UnmodelledCounts } from "../dialects/dialect.js";
import { RetortError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import { describeUnmodelled } from "../pull/header.js";
import { describeDependency } from "../pull/dependencies.js";
import type { Sequence } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { loadModels } from "./autogenerate.js";
import { stamp } from "./migrate.js";
import { writeNew } from "./revision.js";
import { type CommandHooks, loadProjectRevisions } from "./script.js";

/** What `pull --baseline` wrote and stamped. */
export interface BaselineResult {
  readonly revision: string;
  readonly path: string;
  /** Objects the columns need that the revision creates before the tables: `sequence actor_actor_id_seq`, … */
  readonly prerequisites: readonly string[];
  /** What the revision does not create (a fresh database upgraded to it lacks these), one line each. */
  readonly notCreated: readonly string[];
}

/** Refuses a baseline when the project has revisions already: a baseline is the first revision. */
export async function assertNoRevisions(config: ResolvedConfig): Promise<void> {
  const script = await loadProjectRevisions(config);
  if (script.headers.size === 0) return;
  throw new RetortError(
    "baseline_refused",
    `The project already has ${script.headers.size} revision(s) in ${config.versionsDirectory}; a baseline is the first revision.`,
    {
      hint: "Run `retort pull` without --baseline to refresh the models, then `retort revision --autogenerate` for the differences; or start from an empty versions folder.",
      details: { versions: config.versionsDirectory, heads: script.graph.heads },
    },
  );
}

const sequenceKey = (schema: string | undefined, name: string) => `${schemaKey(schema)}.${name}`;

/**
 * The operations that create what the columns need and the models cannot declare, once each: the sequences (from
 * the snapshot) and the domains (their definitions, from the dialect); and what cannot be created.
 */
function prerequisites(
  dependencies: readonly UndeclaredDependency[],
  sequences: readonly Sequence[],
): { create: Operation[]; drop: Operation[]; names: string[]; missing: ManualChange[] } {
  const bySequence = new Map(sequences.map((s) => [sequenceKey(s.schema, s.name), s]));
  const seen = new Set<string>();
  const create: Operation[] = [];
  const drop: Operation[] = [];
  const names: string[] = [];
  const missing: ManualChange[] = [];
  for (const dependency of dependencies) {
    const key = `${dependency.kind}:${dependency.object.schema}.${dependency.object.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const schema = explicitSchema(dependency.object.schema);
    const label = `${dependency.kind === "sequence" ? "sequence" : "domain"} ${schema === undefined ? "" : `${schema}.`}${dependency.object.name}`;
    const sequence =
      dependency.kind === "sequence" ? bySequence.get(sequenceKey(dependency.object.schema, dependency.object.name)) : undefined;
    if (sequence !== undefined) {
      const written: Sequence = { ...sequence, schema };
      create.push({ kind: "createSequence", sequence: written });
      drop.push({ kind: "dropSequence", name: sequence.name, ...(schema === undefined ? {} : { schema }), existing: written });
      names.push(label);
    } else if (dependency.create !== undefined && dependency.drop !== undefined) {
      create.push({ kind: "execute", sql: dependency.create });
      drop.push({ kind: "execute", sql: dependency.drop });
      names.push(label);
    } else {
      missing.push({
        subject: describeDependency(dependency),
        message: "this baseline does not create it: add its CREATE statement with op.execute above the tables.",
        dataLoss: false,
      });
    }
  }
  return { create, drop: drop.reverse(), names, missing };
}

/**
 * Writes the baseline revision for the models module just pulled into `modelsFile`, then stamps the database at
 * it. `snapshot` is the database as pulled (for its sequences); `unmodelled` is listed in the file as not created.
 */
export async function writeBaseline(
  config: ResolvedConfig,
  modelsFile: string,
  pulled: {
    readonly snapshot: SchemaSnapshot;
    readonly dependencies: readonly UndeclaredDependency[];
    readonly unmodelled: UnmodelledCounts;
    readonly rules: ComparisonRules;
  },
  hooks: CommandHooks = {},
): Promise<BaselineResult> {
  // What `revision --autogenerate` writes for these models against an empty database.
  const models = await loadModels({ ...config, models: [modelsFile] });
  const empty: SchemaSnapshot = { tables: [], enums: [], sequences: [], schemas: [] };
  const plan = await produceMigration(empty, models, { rules: pulled.rules });
  const needed = prerequisites(pulled.dependencies, pulled.snapshot.sequences);
  const created = (kind: "sequence" | "domain") => needed.names.filter((name) => name.startsWith(`${kind} `)).length;
  const left = describeUnmodelled({
    ...pulled.unmodelled,
    sequence: (pulled.unmodelled.sequence ?? 0) - created("sequence"),
    domain: (pulled.unmodelled.domain ?? 0) - created("domain"),
  });
  const manual: ManualChange[] = [
    ...needed.missing,
    ...(left.length === 0
      ? []
      : [
          {
            subject: "not in the models",
            message: `${left.join(", ")}: a database upgraded from this baseline lacks them; add them here with op.execute if new databases need them.`,
            dataLoss: false,
          },
        ]),
  ];
  const upgrade = [...needed.create, ...plan.upgrade];
  const downgrade: DowngradeStep[] = [
    ...plan.downgrade,
    ...needed.drop.map((operation): DowngradeStep => ({ kind: "operation", operation })),
  ];
  const body = renderMigration(upgrade, downgrade, manual, pulled.rules);
  const script = await loadProjectRevisions(config);
  const written = await writeNew(config, script, { message: "baseline", parents: [] }, body);
  await stamp(config, written.revision, hooks);
  return {
    revision: written.revision,
    path: written.path,
    prerequisites: needed.names,
    notCreated: [...manual.map((m) => `${m.subject}: ${m.message}`)],
  };
}
