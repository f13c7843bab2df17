import { describe, expect, it } from "vitest";
import type { Operation } from "../ops/operation.js";
import type { Table } from "../schema/model.js";
import { describeOperation } from "./describe.js";

const items: Table = {
  name: "items",
  schema: "inventory",
  columns: [],
  uniqueConstraints: [],
  foreignKeys: [],
  checkConstraints: [],
  indexes: [],
};
const index = { name: "ix_items", elements: [], unique: false };
const pk = { kind: "primaryKey", name: "items_pkey", columns: ["id"] } as const;
const uq = { kind: "unique", name: "items_sku_key", columns: ["sku"] } as const;
const ck = { kind: "check", name: "items_check", expression: "id > 0" } as const;
const fk = { kind: "foreignKey", name: "items_shop_fkey", columns: ["shop"], referredTable: "shops", referredColumns: ["id"] } as const;
const schema = "inventory";

// Every kind, on an object outside the default schema (named with it) and in it (named without).
const cases: readonly (readonly [Operation, string])[] = [
  [{ kind: "createTable", table: items }, "add table inventory.items"],
  [{ kind: "createTable", table: { ...items, schema: undefined } }, "add table items"],
  [{ kind: "dropTable", name: "items", schema }, "drop table inventory.items"],
  [{ kind: "dropTable", name: "items" }, "drop table items"],
  [{ kind: "renameTable", name: "items", newName: "goods", schema }, "rename table inventory.items to goods"],
  [
    { kind: "addColumn", table: "items", schema, column: { name: "sku", type: { kind: "text" }, nullable: true }, constraints: [] },
    "add column inventory.items.sku",
  ],
  [{ kind: "dropColumn", table: "items", schema, name: "sku" }, "drop column inventory.items.sku"],
  [{ kind: "dropColumn", table: "items", name: "sku" }, "drop column items.sku"],
  [{ kind: "alterColumn", table: "items", schema, column: "sku", newName: "code" }, "rename column inventory.items.sku to code"],
  [{ kind: "alterColumn", table: "items", column: "sku", type: { to: { kind: "text" } } }, "alter column items.sku (type)"],
  [{ kind: "alterColumn", table: "items", column: "sku", nullable: { to: false } }, "alter column items.sku (nullable)"],
  [{ kind: "alterColumn", table: "items", column: "sku", default: { to: null } }, "alter column items.sku (default)"],
  [{ kind: "alterColumn", table: "items", column: "sku", comment: { to: "Code" } }, "alter column items.sku (comment)"],
  [
    {
      kind: "alterColumn",
      table: "items",
      schema,
      column: "sku",
      type: { to: { kind: "text" } },
      nullable: { to: true },
      default: { to: null },
      comment: { to: null },
      newName: "code",
    },
    "alter column inventory.items.sku (type, nullable, default, comment) and rename it to code",
  ],
  [{ kind: "createIndex", table: "items", schema, index }, "add index ix_items on inventory.items"],
  [{ kind: "dropIndex", name: "ix_items", table: "items", schema }, "drop index ix_items on inventory.items"],
  [{ kind: "dropIndex", name: "ix_items", schema }, "drop index ix_items"],
  [{ kind: "createUniqueConstraint", table: "items", schema, constraint: uq }, "add unique constraint items_sku_key on inventory.items"],
  [{ kind: "createForeignKey", table: "items", schema, constraint: fk }, "add foreign key items_shop_fkey on inventory.items"],
  [{ kind: "createCheckConstraint", table: "items", schema, constraint: ck }, "add check constraint items_check on inventory.items"],
  [{ kind: "createPrimaryKey", table: "items", schema, constraint: pk }, "add primary key items_pkey on inventory.items"],
  [{ kind: "dropConstraint", table: "items", schema, name: "items_pkey" }, "drop constraint items_pkey on inventory.items"],
  [{ kind: "createTableComment", table: "items", schema, comment: "Stock", existing: null }, "set the comment of table inventory.items"],
  [{ kind: "dropTableComment", table: "items", schema }, "remove the comment of table inventory.items"],
  [{ kind: "createEnum", enumType: { kind: "enumType", name: "mood", schema, values: [] } }, "add enum inventory.mood"],
  [{ kind: "createEnum", enumType: { kind: "enumType", name: "mood", values: [] } }, "add enum mood"],
  [{ kind: "dropEnum", name: "mood", schema }, "drop enum inventory.mood"],
  [{ kind: "addEnumValue", enumName: "mood", schema, value: "calm" }, "add value 'calm' to enum inventory.mood"],
  [
    { kind: "renameEnumValue", enumName: "mood", schema, from: "calm", to: "quiet" },
    "rename value 'calm' of enum inventory.mood to 'quiet'",
  ],
  [{ kind: "createSequence", sequence: { kind: "sequence", name: "ids", schema } }, "add sequence inventory.ids"],
  [{ kind: "createSequence", sequence: { kind: "sequence", name: "ids" } }, "add sequence ids"],
  [{ kind: "dropSequence", name: "ids", schema }, "drop sequence inventory.ids"],
  [{ kind: "createSchema", name: "inventory" }, "add schema inventory"],
  [{ kind: "dropSchema", name: "inventory" }, "drop schema inventory"],
  [{ kind: "execute", sql: "SELECT 1" }, "execute SQL"],
  [{ kind: "bulkInsert", table: "items", schema, columns: ["id"], rows: [[1], [2]] }, "insert 2 row(s) into inventory.items"],
];

describe("describeOperation", () => {
  it.each(cases.map(([op, text]) => [text, op] as const))("%s", (text, op) => {
    expect(describeOperation(op)).toBe(text);
  });

  it("describes every kind", () => {
    expect(new Set(cases.map(([op]) => op.kind)).size).toBe(25);
  });

  it("refuses what is not an operation", () => {
    expect(() => describeOperation({ kind: "teleport" } as never)).toThrow('Unexpected operation: {"kind":"teleport"}');
  });
});
