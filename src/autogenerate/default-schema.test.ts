import { describe, expect, it } from "vitest";
import type { Table } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { asDefaultSchema } from "./default-schema.js";

describe("asDefaultSchema", () => {
  it("drops the tenant schema from its tables, enum types, foreign keys and sequences, and keeps other schemas", () => {
    const table = (name: string, schema?: string, referredSchema?: string): Table => ({
      name,
      ...(schema === undefined ? {} : { schema }),
      columns: [
        { name: "mood", type: { kind: "enum", name: "mood", schema: "t1" }, nullable: true },
        { name: "moods", type: { kind: "array", element: { kind: "enum", name: "mood", schema: "t1" }, dimensions: 1 }, nullable: true },
      ],
      uniqueConstraints: [],
      foreignKeys: [
        {
          kind: "foreignKey",
          name: `${name}_fk`,
          columns: ["x"],
          referredTable: "other",
          ...(referredSchema === undefined ? {} : { referredSchema }),
          referredColumns: ["id"],
        },
      ],
      checkConstraints: [],
      indexes: [],
    });
    const snapshot: SchemaSnapshot = {
      tables: [table("a", "shared", "shared"), table("b", "t1", "t1")],
      enums: [{ kind: "enumType", name: "mood", schema: "t1", values: ["ok"] }],
      sequences: [{ kind: "sequence", name: "s", schema: "t1" }],
      schemas: ["shared", "t1"],
    };
    const rebased = asDefaultSchema(snapshot, "t1");
    expect(rebased.tables.map((t) => [t.name, t.schema, t.foreignKeys[0]?.referredSchema])).toEqual([
      ["b", undefined, undefined],
      ["a", "shared", "shared"],
    ]);
    expect("schema" in rebased.tables[0]!).toBe(false);
    expect(rebased.tables[0]!.columns[0]!.type).toEqual({ kind: "enum", name: "mood" });
    expect(rebased.tables[0]!.columns[1]!.type).toEqual({ kind: "array", element: { kind: "enum", name: "mood" }, dimensions: 1 });
    expect(rebased.enums).toEqual([{ kind: "enumType", name: "mood", values: ["ok"] }]);
    expect(rebased.sequences).toEqual([{ kind: "sequence", name: "s" }]);
    expect(rebased.schemas).toEqual(["shared"]);
    expect(snapshot.tables[1]!.schema).toBe("t1");
  });
});
