/**
 * Policies in canonical form: names cut as PostgreSQL cuts them, the `public` schema as absent, roles sorted
 * (`public` among others standing for every role), and the `USING` / `WITH CHECK` expressions in the canonical
 * text of check constraints, with the column types of the policy's table.
 */
import { frozen } from "../../../schema/freeze.js";
import type { ColumnType, Policy, Table } from "../../../schema/model.js";
import { normalizeExpression } from "./expression.js";

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The canonical form of `policy`; `tables` are the snapshot's tables, already normalised. */
export function normalizePolicy(
  policy: Policy,
  tables: readonly Table[],
  canonicalName: (name: string) => string,
  canonicalSchema: (schema: string | undefined) => string | undefined,
): Policy {
  const schema = canonicalSchema(policy.schema);
  const table = tables.find((t) => t.name === canonicalName(policy.table) && t.schema === schema);
  const columns = new Map<string, ColumnType>((table?.columns ?? []).map((c) => [c.name, c.type]));
  const roles = [...new Set(policy.roles)];
  return frozen({
    kind: "policy",
    name: canonicalName(policy.name),
    table: canonicalName(policy.table),
    schema,
    as: policy.as,
    for: policy.for,
    roles: roles.includes("public") ? [] : roles.sort(byCodeUnit),
    using: policy.using === undefined ? undefined : normalizeExpression(policy.using, { columns }),
    withCheck: policy.withCheck === undefined ? undefined : normalizeExpression(policy.withCheck, { columns }),
  });
}

/** The policies of a snapshot in canonical form, sorted by schema, table, then name. */
export function normalizePolicies(
  policies: readonly Policy[] | undefined,
  tables: readonly Table[],
  canonicalName: (name: string) => string,
  canonicalSchema: (schema: string | undefined) => string | undefined,
): readonly Policy[] | undefined {
  if (policies === undefined) return undefined;
  const key = (p: Policy) => `${p.schema ?? ""}\u0000${p.table}\u0000${p.name}`;
  return policies.map((p) => normalizePolicy(p, tables, canonicalName, canonicalSchema)).sort((a, b) => byCodeUnit(key(a), key(b)));
}
