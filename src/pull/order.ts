/**
 * Tables in the order a person reads a models module: each after the tables it refers to, so a reference
 * points back up the file, and otherwise in the given order (schema, then name), a referenced table placed
 * just before the first table that needs it. A cycle of references is broken where it is met (references are
 * lazy, so any order loads).
 */
import { objectKey } from "../autogenerate/names.js";
import type { Table } from "../schema/model.js";

/** `tables` with every table after the tables its foreign keys refer to, where cycles allow. */
export function dependencyOrder(tables: readonly Table[]): Table[] {
  const byKey = new Map(tables.map((table) => [objectKey(table.schema, table.name), table]));
  const state = new Map<Table, "visiting" | "placed">();
  const order: Table[] = [];
  const visit = (table: Table): void => {
    if (state.has(table)) return;
    state.set(table, "visiting");
    for (const fk of table.foreignKeys) {
      const referred = byKey.get(objectKey(fk.referredSchema, fk.referredTable));
      if (referred !== undefined) visit(referred);
    }
    state.set(table, "placed");
    order.push(table);
  };
  for (const table of tables) visit(table);
  return order;
}
