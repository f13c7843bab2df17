/**
 * Row-level security, grants and policies of the included schemas' tables: the two catalog queries (sent in
 * introspection's one message) and what they become in a snapshot.
 */
import { frozen } from "../../../schema/freeze.js";
import type { Policy, PolicyCommand, RowLevelSecurity, Table, TableGrant, TablePrivilege } from "../../../schema/model.js";
import { canonicalSchema } from "../normalize/index.js";

/** Tables of the included schemas (not partitions, not extension members), as introspection's other queries take them. */
const TABLES = `c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')`;

/** One row per table with row-level security on or privileges granted to roles other than its owner. */
export interface TableSecurityRow extends Record<string, unknown> {
  readonly schema: string;
  readonly table: string;
  readonly rls: boolean;
  readonly force: boolean;
  /** Grantees (`public` for PUBLIC) aligned with `privileges`. */
  readonly grantees: readonly string[];
  readonly privileges: readonly string[];
}

/** Row-level security flags and table privileges (aclexplode of relacl), the owner's own left out. */
export const TABLE_SECURITY_QUERY = `SELECT n.nspname AS schema, c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS force,
  ARRAY(SELECT CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee)::text END
    FROM aclexplode(c.relacl) a WHERE a.grantee <> c.relowner ORDER BY 1, a.privilege_type)::text[] AS grantees,
  ARRAY(SELECT lower(a.privilege_type)
    FROM aclexplode(c.relacl) a WHERE a.grantee <> c.relowner
    ORDER BY CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee)::text END, a.privilege_type)::text[] AS privileges
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${TABLES} AND (c.relrowsecurity OR c.relacl IS NOT NULL)`;

/** One row per policy. */
export interface PolicyRow extends Record<string, unknown> {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly permissive: boolean;
  readonly command: string;
  readonly roles: readonly string[];
  readonly using: string | null;
  readonly with_check: string | null;
}

/** Policies with their roles (`public` for PUBLIC) and expressions as `pg_get_expr` prints them. */
export const POLICIES_QUERY = `SELECT n.nspname AS schema, c.relname AS table, p.polname AS name, p.polpermissive AS permissive,
  p.polcmd::text AS command,
  ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END FROM unnest(p.polroles) r ORDER BY 1)::text[] AS roles,
  pg_get_expr(p.polqual, p.polrelid, true) AS using, pg_get_expr(p.polwithcheck, p.polrelid, true) AS with_check
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${TABLES}`;

const PRIVILEGES: readonly TablePrivilege[] = ["select", "insert", "update", "delete", "truncate", "references", "trigger"];

const COMMANDS: Readonly<Record<string, PolicyCommand>> = { "*": "all", r: "select", a: "insert", w: "update", d: "delete" };

const key = (schema: string, table: string) => `${schema}\u0000${table}`;

/** `tables` with the row-level security and grants of `rows` set; privileges Retort does not model (MAINTAIN) left out. */
export function withTableSecurity(tables: readonly Table[], rows: readonly TableSecurityRow[]): Table[] {
  const byTable = new Map(rows.map((row) => [key(row.schema, row.table), row]));
  return tables.map((table) => {
    const row = byTable.get(key(table.schema ?? "public", table.name));
    if (row === undefined) return table;
    const rowLevelSecurity: RowLevelSecurity | undefined = !row.rls ? undefined : row.force ? "forced" : "enabled";
    const byRole = new Map<string, Set<string>>();
    row.grantees.forEach((grantee, i) => {
      const privilege = row.privileges[i] ?? "";
      if (!(PRIVILEGES as readonly string[]).includes(privilege)) return;
      byRole.set(grantee, (byRole.get(grantee) ?? new Set()).add(privilege));
    });
    const grants: TableGrant[] = [...byRole.entries()].map(([to, set]) => ({ to, privileges: PRIVILEGES.filter((p) => set.has(p)) }));
    return frozen({ ...table, rowLevelSecurity, grants: grants.length === 0 ? undefined : grants });
  });
}

/** The policies of `rows` on tables `keep` keeps. */
export function policiesOf(rows: readonly PolicyRow[], keep: (schema: string, table: string) => boolean): Policy[] {
  return rows
    .filter((row) => keep(row.schema, row.table))
    .map((row) =>
      frozen({
        kind: "policy",
        name: row.name,
        table: row.table,
        schema: canonicalSchema(row.schema),
        as: row.permissive ? "permissive" : "restrictive",
        for: COMMANDS[row.command] ?? "all",
        roles: row.roles.includes("public") ? [] : [...row.roles],
        using: row.using ?? undefined,
        withCheck: row.with_check ?? undefined,
      }),
    );
}
