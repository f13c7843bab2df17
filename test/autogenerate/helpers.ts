import { type PlanOptions, planMigration, produceMigration, type ProduceOptions } from "../../src/autogenerate/produce.js";
import { modelSnapshot } from "../../src/autogenerate/models.js";
import { renderMigration } from "../../src/autogenerate/render/migration.js";
import type { RenameDecision } from "../../src/autogenerate/renames.js";
import type { Operation } from "../../src/ops/operation.js";
import { postgresComparison } from "../../src/dialects/postgres/comparison.js";
import { renderRevisionFile } from "../../src/revisions/template.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";

/** The snapshot a models module with these exports declares. */
export function snapshotOf(exports: Record<string, unknown>): SchemaSnapshot {
  return modelSnapshot([{ path: "models.ts", exports }]);
}

/**
 * PostgreSQL's rules without its normal form: tests that compare models with models see the snapshots as
 * built (the normal form has tests of its own, and the integration tests compare with the catalog).
 */
export const AS_BUILT: PlanOptions = Object.freeze({
  rules: Object.freeze({ ...postgresComparison, normalize: (snapshot: SchemaSnapshot) => snapshot }),
});

/** The empty database. */
export const EMPTY: SchemaSnapshot = Object.freeze({ tables: [], enums: [], sequences: [], schemas: [] });

/** Upgrade operations from `from` to `to` (model against model). */
export function diff(
  from: Record<string, unknown>,
  to: Record<string, unknown>,
  renames: readonly RenameDecision[] = [],
): readonly Operation[] {
  return planMigration(snapshotOf(from), snapshotOf(to), renames, AS_BUILT).upgrade;
}

/** The rendered upgrade and downgrade bodies, joined as text. */
export async function rendered(
  from: SchemaSnapshot,
  to: SchemaSnapshot,
  options: Partial<ProduceOptions> = {},
): Promise<{ upgrade: string; downgrade: string; imports: string[] }> {
  const settings: ProduceOptions = { ...AS_BUILT, ...options };
  const plan = await produceMigration(from, to, settings);
  const body = renderMigration(plan.upgrade, plan.downgrade, plan.manual, settings.rules);
  return { upgrade: body.upgrade.join("\n"), downgrade: body.downgrade.join("\n"), imports: [...body.imports] };
}

/** The revision file autogenerate writes for `from` → `to` on PostgreSQL (a fixed id and date, for golden files). */
export function revisionFile(from: SchemaSnapshot, to: SchemaSnapshot, message: string): string {
  const options = { rules: postgresComparison };
  const plan = planMigration(from, to, [], options);
  const body = renderMigration(plan.upgrade, plan.downgrade, plan.manual, options.rules);
  return renderRevisionFile({
    revision: "1975ea83b712",
    downRevisions: [],
    branchLabels: [],
    dependsOn: [],
    message,
    createDate: new Date(2026, 10, 28, 10, 0, 0),
    ...body,
  });
}
