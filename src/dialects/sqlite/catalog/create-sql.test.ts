import { describe, expect, it } from "vitest";
import { affinityType } from "../comparison.js";
import { readCreateIndex, readCreateTable } from "./create-sql.js";
import { affinityOf, readDefault, readType } from "./types.js";

describe("reading SQLite's CREATE statements", () => {
  it("finds named and unnamed constraints, column checks and collations", () => {
    const table = readCreateTable(`CREATE TABLE "a ""b" (
      id INTEGER PRIMARY KEY, -- the key, (with a comment)
      "name" TEXT COLLATE NOCASE CHECK (length(name) > 0) UNIQUE,
      parent INTEGER CONSTRAINT fk_parent REFERENCES "a ""b" (id),
      price NUMERIC(10, 2) CONSTRAINT ck_price CHECK (price >= 0 AND note <> ','),
      note TEXT,
      CONSTRAINT "uq pair" UNIQUE (name, parent),
      CHECK (note IS NULL OR note != ''),
      FOREIGN KEY (parent, note) REFERENCES other (x, y)
    )`);
    expect(table.columns.map((c) => c.name)).toEqual(["id", "name", "parent", "price", "note"]);
    expect(table.columns[1]).toEqual({ name: "name", collation: "NOCASE" });
    expect(table.constraints).toEqual([
      { kind: "primaryKey", columns: ["id"] },
      { kind: "check", expression: "length(name) > 0" },
      { kind: "unique", columns: ["name"] },
      { kind: "foreignKey", name: "fk_parent", columns: ["parent"] },
      { kind: "check", name: "ck_price", expression: "price >= 0 AND note <> ','" },
      { kind: "unique", name: "uq pair", columns: ["name", "parent"] },
      { kind: "check", expression: "note IS NULL OR note != ''" },
      { kind: "foreignKey", columns: ["parent", "note"] },
    ]);
  });

  it("keeps the table's options after the column list", () => {
    expect(readCreateTable("CREATE TABLE t (id INTEGER PRIMARY KEY, v ANY) STRICT, WITHOUT ROWID").options).toBe("STRICT, WITHOUT ROWID");
    expect(readCreateTable("CREATE TABLE t (id INTEGER)").options).toBe("");
  });

  it("reads an index's key parts and WHERE clause", () => {
    expect(readCreateIndex('CREATE UNIQUE INDEX "ix" ON "t" ((lower(a)) DESC, "b") WHERE a IS NOT NULL')).toEqual({
      elements: ["(lower(a)) DESC", '"b"'],
      where: "a IS NOT NULL",
    });
  });

  it("reads declared types, defaults and affinities", () => {
    expect(readType("VARCHAR(200)")).toEqual({ kind: "varchar", length: 200 });
    expect(readType("numeric(10, 2)")).toEqual({ kind: "numeric", precision: 10, scale: 2 });
    expect(readType("BLOB")).toEqual({ kind: "bytea" });
    expect(readType("geometry")).toEqual({ kind: "custom", sql: "geometry" });
    expect(readDefault("'it''s'")).toEqual({ kind: "literal", value: "it's" });
    expect(readDefault("-3")).toEqual({ kind: "literal", value: -3 });
    expect(readDefault("(-1.5)")).toEqual({ kind: "literal", value: -1.5 });
    expect(readDefault("(lower('X'))")).toEqual({ kind: "expression", sql: "lower('X')" });
    expect(readDefault("CURRENT_TIMESTAMP")).toEqual({ kind: "expression", sql: "CURRENT_TIMESTAMP" });
    expect(readDefault(null)).toBeUndefined();
    expect(["INTEGER", "VARCHAR(200)", "BLOB", "", "DOUBLE PRECISION", "DATE", "FLOATING POINT"].map(affinityOf)).toEqual([
      "INTEGER",
      "TEXT",
      "BLOB",
      "BLOB",
      "REAL",
      "NUMERIC",
      // "POINT" holds "INT": SQLite's rules are applied in their order.
      "INTEGER",
    ]);
    expect(affinityType({ kind: "varchar", length: 200 })).toEqual(affinityType({ kind: "text" }));
    expect(affinityType({ kind: "bigint" })).toEqual(affinityType({ kind: "integer" }));
    expect(affinityType({ kind: "text" })).not.toEqual(affinityType({ kind: "integer" }));
  });
});
