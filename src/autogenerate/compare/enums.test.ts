import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EnumType } from "../../schema/model.js";
import { addedValues, compareEnums } from "./enums.js";

function en(values: readonly string[], extra: Partial<EnumType> = {}): EnumType {
  return { kind: "enumType", name: "genre", values, ...extra };
}

describe("addedValues", () => {
  it("adds nothing to the same values", () => {
    expect(addedValues(en(["a", "b"]), en(["a", "b"]))).toEqual([]);
  });

  it.each<[string, string[], string[], object[]]>([
    ["appends after the last old value", ["a"], ["a", "b", "c"], [{ value: "b" }, { value: "c" }]],
    [
      "puts values before the first old one, innermost first",
      ["c"],
      ["a", "b", "c"],
      [
        { value: "b", before: "c" },
        { value: "a", before: "b" },
      ],
    ],
    [
      "puts values between old ones after their predecessor",
      ["a", "d"],
      ["a", "b", "c", "d"],
      [
        { value: "b", after: "a" },
        { value: "c", after: "b" },
      ],
    ],
    ["appends all values to an empty type", [], ["a", "b"], [{ value: "a" }, { value: "b" }]],
    [
      "handles every position at once",
      ["b", "d"],
      ["a", "b", "c", "d", "e"],
      [{ value: "a", before: "b" }, { value: "c", after: "b" }, { value: "e" }],
    ],
  ])("%s", (_, from, to, expected) => {
    expect(addedValues(en(from), en(to))).toEqual(expected.map((op) => ({ kind: "addEnumValue", enumName: "genre", ...op })));
  });

  it.each([
    ["a removed value", ["a", "b"], ["a"]],
    ["a removed first value", ["a", "b"], ["b", "c"]],
    ["reordered values", ["a", "b"], ["b", "a"]],
    ["reordered values among new ones", ["a", "b"], ["x", "b", "y", "a"]],
  ])("gives up on %s", (_, from, to) => {
    expect(addedValues(en(from), en(to))).toBeUndefined();
  });

  it("names a schema outside the default one, and leaves the default one out", () => {
    expect(addedValues(en(["a"]), en(["a", "b"], { schema: "catalog" }))).toEqual([
      { kind: "addEnumValue", enumName: "genre", schema: "catalog", value: "b" },
    ]);
    const [op] = addedValues(en(["a"]), en(["a", "b"], { schema: "public" })) ?? [];
    expect(op).toEqual({ kind: "addEnumValue", enumName: "genre", value: "b" });
    expect(op).not.toHaveProperty("schema");
  });

  it("gives, for any new values inserted among the old, operations that rebuild the model's order", () => {
    const values = fc.uniqueArray(fc.stringMatching(/^[a-z]{1,4}$/), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(values, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (to, keep) => {
        const from = to.filter((_, i) => keep[i]);
        const ops = addedValues(en(from), en(to));
        expect(ops).toBeDefined();
        const result = [...from];
        for (const op of ops ?? []) {
          if (op.before !== undefined) result.splice(result.indexOf(op.before), 0, op.value);
          else if (op.after !== undefined) result.splice(result.indexOf(op.after) + 1, 0, op.value);
          else result.push(op.value);
        }
        expect(result).toEqual(to);
      }),
    );
  });
});

describe("compareEnums", () => {
  it("finds no operations and no notes between equal types", () => {
    const types = [en(["a", "b"]), en(["x"], { name: "mood", schema: "catalog" })];
    const result = compareEnums(types, structuredClone(types));
    expect(result.operations).toEqual([]);
    expect(result.manual).toEqual([]);
  });

  it("matches the default schema spelled or not", () => {
    const result = compareEnums([en(["a"], { schema: "public" })], [en(["a"])]);
    expect(result.operations).toEqual([]);
    expect(result.manual).toEqual([]);
  });

  it("creates and drops types, the default schema left out and others kept", () => {
    const result = compareEnums(
      [en(["a"], { name: "old", schema: "public" }), en(["b"], { name: "gone", schema: "catalog" })],
      [en(["c"], { name: "fresh", schema: "public" }), en(["d"], { name: "other", schema: "catalog" })],
    );
    expect(result.operations).toEqual([
      { kind: "createEnum", enumType: en(["c"], { name: "fresh" }) },
      { kind: "createEnum", enumType: en(["d"], { name: "other", schema: "catalog" }) },
      { kind: "dropEnum", name: "old", existing: en(["a"], { name: "old" }) },
      { kind: "dropEnum", name: "gone", schema: "catalog", existing: en(["b"], { name: "gone", schema: "catalog" }) },
    ]);
    expect(result.operations[0]).toEqual({ kind: "createEnum", enumType: expect.not.objectContaining({ schema: expect.anything() }) });
    expect(Object.keys(result.operations[2]!)).toEqual(["kind", "name", "existing"]);
    expect(Object.keys((result.operations[2] as { existing: object }).existing)).not.toContain("schema");
    expect(Object.keys((result.operations[0] as { enumType: object }).enumType)).not.toContain("schema");
  });

  it("tells apart types of one name in different schemas", () => {
    const result = compareEnums([en(["a"], { schema: "catalog" })], [en(["a"])]);
    expect(result.operations).toEqual([
      { kind: "createEnum", enumType: en(["a"]) },
      { kind: "dropEnum", name: "genre", schema: "catalog", existing: en(["a"], { schema: "catalog" }) },
    ]);
  });

  it("adds values to a type in another schema", () => {
    expect(compareEnums([en(["a"], { schema: "catalog" })], [en(["a", "b"], { schema: "catalog" })]).operations).toEqual([
      { kind: "addEnumValue", enumName: "genre", schema: "catalog", value: "b" },
    ]);
  });

  it("copies the values it puts into operations", () => {
    const values = ["a"];
    const result = compareEnums([], [en(values)]);
    const created = result.operations[0] as { enumType: EnumType };
    expect(created.enumType.values).toEqual(["a"]);
    expect(created.enumType.values).not.toBe(values);
  });

  it("explains removed values, which lose data", () => {
    const result = compareEnums([en(["drama", "comedy", "noir"])], [en(["drama", "western"])]);
    expect(result.operations).toEqual([]);
    expect(result.manual).toEqual([
      {
        subject: "genre",
        message:
          "enum values 'comedy', 'noir' were removed from the models; PostgreSQL cannot drop an enum value. Write this migration by hand: create the new type, convert the columns (USING col::text::new_type), drop the old type, rename the new one.",
        dataLoss: true,
      },
    ]);
  });

  it("explains reordered values, which keep data", () => {
    const result = compareEnums([en(["drama", "comedy"], { schema: "catalog" })], [en(["comedy", "drama"], { schema: "catalog" })]);
    expect(result.operations).toEqual([]);
    expect(result.manual).toEqual([
      {
        subject: "catalog.genre",
        message:
          "enum values were reordered (drama, comedy → comedy, drama); PostgreSQL cannot reorder enum values. Write this migration by hand (create a new type and convert the columns).",
        dataLoss: false,
      },
    ]);
  });
});
