/**
 * Row-level security and grants of tables present on both sides. A new table carries both in its `createTable`,
 * a dropped one in its `dropTable`'s prior state, so only tables kept are compared here.
 */
import type { Operation, RowLevelSecurityMode } from "../../ops/operation.js";
import type { Table, TableGrant, TablePrivilege } from "../../schema/model.js";
import { explicitSchema, objectKey } from "../names.js";
import type { Comparison } from "./result.js";

function mode(table: Table): RowLevelSecurityMode {
  return table.rowLevelSecurity ?? "disabled";
}

function privilegesByRole(grants: readonly TableGrant[] | undefined): Map<string, readonly TablePrivilege[]> {
  return new Map((grants ?? []).map((grant) => [grant.to, grant.privileges]));
}

/** The grants and revokes that turn `from`'s grants into `to`'s, by role in name order. */
export function grantChanges(table: string, schema: string | undefined, from: Table, to: Table): Operation[] {
  const before = privilegesByRole(from.grants);
  const after = privilegesByRole(to.grants);
  const roles = [...new Set([...before.keys(), ...after.keys()])].sort();
  const where = { table, ...(schema === undefined ? {} : { schema }) };
  const operations: Operation[] = [];
  for (const role of roles) {
    const had = before.get(role) ?? [];
    const wants = after.get(role) ?? [];
    const revoked = had.filter((p) => !wants.includes(p));
    const granted = wants.filter((p) => !had.includes(p));
    if (revoked.length > 0) operations.push({ kind: "revoke", ...where, from: role, privileges: revoked });
    if (granted.length > 0) operations.push({ kind: "grant", ...where, to: role, privileges: granted });
  }
  return operations;
}

/** Compares the row-level security and grants of the tables both sides hold (renames already applied to `from`). */
export function compareTableSecurity(from: readonly Table[], to: readonly Table[]): Comparison {
  const before = new Map(from.map((t) => [objectKey(t.schema, t.name), t]));
  const operations: Operation[] = [];
  for (const table of to) {
    const previous = before.get(objectKey(table.schema, table.name));
    if (previous === undefined) continue;
    const schema = explicitSchema(table.schema);
    if (mode(previous) !== mode(table)) {
      operations.push({
        kind: "setRowLevelSecurity",
        table: table.name,
        ...(schema === undefined ? {} : { schema }),
        mode: mode(table),
        existing: mode(previous),
      });
    }
    operations.push(...grantChanges(table.name, schema, previous, table));
  }
  return { operations, manual: [] };
}
