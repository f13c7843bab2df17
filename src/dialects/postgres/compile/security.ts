/**
 * SQL for row-level security, policies and grants on tables.
 */
import type { GrantOp, RevokeOp, RowLevelSecurityMode } from "../../../ops/operation.js";
import type { Policy, Table } from "../../../schema/model.js";
import { qualifiedName, quoteIdentifier } from "../quote.js";

/** `PUBLIC` stays a keyword; any other role is quoted. */
function role(name: string): string {
  return name === "public" ? "PUBLIC" : quoteIdentifier(name);
}

/** ALTER TABLE … {ENABLE | DISABLE} ROW LEVEL SECURITY, [NO] FORCE ROW LEVEL SECURITY: both flags set, whatever they were. */
export function compileSetRowLevelSecurity(table: string, schema: string | undefined, mode: RowLevelSecurityMode): string[] {
  const enable = mode === "disabled" ? "DISABLE" : "ENABLE";
  const force = mode === "forced" ? "FORCE" : "NO FORCE";
  return [`ALTER TABLE ${qualifiedName(table, schema)} ${enable} ROW LEVEL SECURITY, ${force} ROW LEVEL SECURITY`];
}

/** GRANT … ON TABLE … TO …. */
export function compileGrant(op: GrantOp): string[] {
  return [`GRANT ${op.privileges.map((p) => p.toUpperCase()).join(", ")} ON TABLE ${qualifiedName(op.table, op.schema)} TO ${role(op.to)}`];
}

/** REVOKE … ON TABLE … FROM …. */
export function compileRevoke(op: RevokeOp): string[] {
  return [
    `REVOKE ${op.privileges.map((p) => p.toUpperCase()).join(", ")} ON TABLE ${qualifiedName(op.table, op.schema)} FROM ${role(op.from)}`,
  ];
}

/** CREATE POLICY … ON … AS … FOR … TO … USING (…) WITH CHECK (…). */
export function compileCreatePolicy(policy: Policy): string[] {
  const parts = [
    `CREATE POLICY ${quoteIdentifier(policy.name)} ON ${qualifiedName(policy.table, policy.schema)}`,
    `AS ${policy.as.toUpperCase()}`,
    `FOR ${policy.for.toUpperCase()}`,
    `TO ${policy.roles.length === 0 ? "PUBLIC" : policy.roles.map(role).join(", ")}`,
  ];
  if (policy.using !== undefined) parts.push(`USING (${policy.using})`);
  if (policy.withCheck !== undefined) parts.push(`WITH CHECK (${policy.withCheck})`);
  return [parts.join(" ")];
}

/** DROP POLICY … ON …. */
export function compileDropPolicy(name: string, table: string, schema: string | undefined): string[] {
  return [`DROP POLICY ${quoteIdentifier(name)} ON ${qualifiedName(table, schema)}`];
}

/** What `CREATE TABLE` adds for a table's row-level security and grants. */
export function tableSecurity(table: Table): string[] {
  return [
    ...(table.rowLevelSecurity === undefined ? [] : compileSetRowLevelSecurity(table.name, table.schema, table.rowLevelSecurity)),
    ...(table.grants ?? []).flatMap((grant) =>
      compileGrant({ kind: "grant", table: table.name, schema: table.schema, to: grant.to, privileges: grant.privileges }),
    ),
  ];
}
