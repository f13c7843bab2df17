/**
 * Domains and extensions read from the catalog: the two queries (sent in introspection's one message) and the
 * rows turned into the neutral model. Objects that belong to an extension are left out; extensions are read
 * whichever schema they were created in (they belong to the database), all but `plpgsql`.
 */
import { frozen } from "../../../schema/freeze.js";
import type { CheckConstraint, Domain, Extension } from "../../../schema/model.js";
import { canonicalSchema } from "../normalize/index.js";
import { catalogDefault, checkExpression } from "./tables.js";
import { catalogColumnType } from "./types.js";

/** One row per domain, with its base type as a column's, and its checks. */
export interface DomainRow extends Record<string, unknown> {
  readonly schema: string;
  readonly name: string;
  readonly not_null: boolean;
  readonly default: string | null;
  readonly collation: string | null;
  readonly typmod: number;
  readonly ndims: number;
  readonly formatted: string;
  readonly type_name: string;
  readonly type_schema: string;
  readonly type_type: string;
  readonly is_array: boolean;
  readonly element_name: string | null;
  readonly element_schema: string | null;
  readonly element_type: string | null;
  readonly element_formatted: string | null;
  readonly check_names: readonly string[];
  readonly check_definitions: readonly string[];
}

/** Domains with their base type, default, NOT NULL, collation (when not the base type's) and check constraints. */
export const DOMAINS_QUERY = `SELECT n.nspname AS schema, d.typname AS name, d.typnotnull AS not_null, d.typdefault AS default,
  CASE WHEN d.typcollation <> 0 AND d.typcollation <> t.typcollation
    THEN (SELECT co.collname::text FROM pg_collation co WHERE co.oid = d.typcollation) END AS collation,
  d.typtypmod AS typmod, d.typndims AS ndims, format_type(d.typbasetype, d.typtypmod) AS formatted,
  t.typname AS type_name, tn.nspname AS type_schema, t.typtype AS type_type,
  (t.typcategory = 'A' AND t.typelem <> 0) AS is_array,
  et.typname AS element_name, etn.nspname AS element_schema, et.typtype AS element_type,
  format_type(et.oid, d.typtypmod) AS element_formatted,
  ARRAY(SELECT k.conname::text FROM pg_constraint k WHERE k.contypid = d.oid AND k.contype = 'c' ORDER BY k.conname)::text[] AS check_names,
  ARRAY(SELECT pg_get_constraintdef(k.oid, true) FROM pg_constraint k WHERE k.contypid = d.oid AND k.contype = 'c' ORDER BY k.conname)::text[] AS check_definitions
FROM pg_type d
JOIN pg_namespace n ON n.oid = d.typnamespace
JOIN pg_type t ON t.oid = d.typbasetype
JOIN pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
WHERE d.typtype = 'd' AND n.nspname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_type'::regclass AND x.objid = d.oid AND x.deptype = 'e')`;

/** One row per extension. */
export interface ExtensionRow extends Record<string, unknown> {
  readonly name: string;
  readonly schema: string;
  readonly version: string;
}

/** Every extension but plpgsql (which every database has), with its schema and version. */
export const EXTENSIONS_QUERY = `SELECT e.extname AS name, n.nspname AS schema, e.extversion AS version
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'`;

/** A domain row as the neutral model, its default and checks as PostgreSQL prints them. */
export function domainOf(row: DomainRow): Domain {
  const element =
    row.is_array && row.element_name !== null
      ? {
          name: row.element_name,
          schema: row.element_schema ?? "",
          typtype: row.element_type ?? "",
          formatted: row.element_formatted ?? "",
        }
      : undefined;
  const type = catalogColumnType(
    { name: row.type_name, schema: row.type_schema, typtype: row.type_type, formatted: row.formatted },
    element,
    row.typmod,
    row.ndims,
  );
  const checks = row.check_names.map(
    (name, i): CheckConstraint => ({ kind: "check", name, expression: checkExpression(row.check_definitions[i] ?? "") }),
  );
  return frozen({
    kind: "domain",
    name: row.name,
    schema: canonicalSchema(row.schema),
    type,
    notNull: row.not_null || undefined,
    default: row.default === null ? undefined : catalogDefault(row.default, type),
    collation: row.collation ?? undefined,
    checks,
  });
}

/** An extension row as the neutral model. */
export function extensionOf(row: ExtensionRow): Extension {
  return frozen({ kind: "extension", name: row.name, schema: canonicalSchema(row.schema), version: row.version });
}
