import { describe, expect, test } from "vitest";
import type { Domain, Extension, Sequence } from "../../schema/model.js";
import { DEFAULT_EQUALITY } from "./equality.js";
import { compareDomains, compareExtensions } from "./domains.js";
import { compareSequences, effectiveOptions } from "./sequences.js";

const seq = (name: string, options: Partial<Sequence> = {}): Sequence => ({ kind: "sequence", name, ...options });
const dom = (name: string, options: Partial<Domain> = {}): Domain => ({
  kind: "domain",
  name,
  type: { kind: "text" },
  checks: [],
  ...options,
});

describe("compareSequences", () => {
  test("equal sequences give nothing; a new one is created, a gone one dropped with its definition", () => {
    expect(compareSequences([seq("a", { start: 5 })], [seq("a", { start: 5 })]).operations).toEqual([]);
    expect(compareSequences([], [seq("a", { schema: "public", increment: 2 })]).operations).toEqual([
      { kind: "createSequence", sequence: { kind: "sequence", name: "a", increment: 2 } },
    ]);
    expect(compareSequences([seq("a", { schema: "inv", cache: 5 })], []).operations).toEqual([
      { kind: "dropSequence", name: "a", schema: "inv", existing: { kind: "sequence", name: "a", schema: "inv", cache: 5 } },
    ]);
  });

  test("an owner is given after the create and released before the drop, in operations of their own", () => {
    const owner = { table: "orders", column: "id" };
    expect(compareSequences([], [seq("a", { ownedBy: owner })]).operations).toEqual([
      { kind: "createSequence", sequence: { kind: "sequence", name: "a" } },
      { kind: "alterSequence", name: "a", ownedBy: { from: null, to: owner } },
    ]);
    expect(compareSequences([seq("a", { ownedBy: owner })], []).operations).toEqual([
      { kind: "alterSequence", name: "a", ownedBy: { from: owner, to: null } },
      { kind: "dropSequence", name: "a", existing: { kind: "sequence", name: "a" } },
    ]);
    expect(compareSequences([seq("a", { ownedBy: owner })], [seq("a", { ownedBy: { table: "orders", column: "no" } })]).operations).toEqual(
      [{ kind: "alterSequence", name: "a", ownedBy: { from: owner, to: { table: "orders", column: "no" } } }],
    );
  });

  test("changed options are altered in place, each with its previous value spelled out", () => {
    expect(
      compareSequences(
        [seq("a", { dataType: "integer", start: 1000, increment: 5, cache: 10, cycle: true })],
        [seq("a", { minValue: 10, maxValue: 500 })],
      ).operations,
    ).toEqual([
      {
        kind: "alterSequence",
        name: "a",
        dataType: { from: "integer", to: "bigint" },
        start: { from: 1000, to: 10 },
        increment: { from: 5, to: 1 },
        minValue: { from: null, to: 10 },
        maxValue: { from: null, to: 500 },
        cache: { from: 10, to: 1 },
        cycle: { from: true, to: false },
      },
    ]);
  });

  test("the default start is the lower bound counting up, the upper one counting down", () => {
    expect(effectiveOptions(seq("a")).start).toBe(1);
    expect(effectiveOptions(seq("a", { minValue: 7 })).start).toBe(7);
    expect(effectiveOptions(seq("a", { increment: -1 })).start).toBe(-1);
    expect(effectiveOptions(seq("a", { increment: -2, maxValue: 50 })).start).toBe(50);
  });
});

describe("compareDomains", () => {
  test("created, dropped with its definition, and altered: default, NOT NULL, checks dropped and added", () => {
    const check = (name: string, expression: string) => ({ kind: "check" as const, name, expression });
    expect(compareDomains([], [dom("email", { schema: "public" })], DEFAULT_EQUALITY).operations).toEqual([
      { kind: "createDomain", domain: { kind: "domain", name: "email", type: { kind: "text" }, checks: [] } },
    ]);
    expect(compareDomains([dom("email")], [], DEFAULT_EQUALITY).operations).toEqual([
      { kind: "dropDomain", name: "email", existing: dom("email") },
    ]);
    const from = dom("email", { default: { kind: "literal", value: "x" }, checks: [check("a", "VALUE <> ''"), check("b", "VALUE ~ '@'")] });
    const to = dom("email", { notNull: true, checks: [check("b", "VALUE ~ '@.'"), check("c", "length(VALUE) < 10")] });
    expect(compareDomains([from], [to], DEFAULT_EQUALITY)).toEqual({
      operations: [
        {
          kind: "alterDomain",
          name: "email",
          default: { from: { kind: "literal", value: "x" }, to: null },
          notNull: { from: false, to: true },
          dropChecks: [check("a", "VALUE <> ''"), check("b", "VALUE ~ '@'")],
          addChecks: [check("b", "VALUE ~ '@.'"), check("c", "length(VALUE) < 10")],
        },
      ],
      manual: [],
    });
    expect(compareDomains([from], [from], DEFAULT_EQUALITY).operations).toEqual([]);
  });

  test("a changed base type or collation is left to a person, not dropped and created", () => {
    const result = compareDomains(
      [dom("email")],
      [dom("email", { type: { kind: "varchar", length: 80 }, collation: "C" })],
      DEFAULT_EQUALITY,
    );
    expect(result.operations).toEqual([]);
    expect(result.manual.map((m) => m.message)).toEqual([
      expect.stringContaining("PostgreSQL cannot change a domain's type"),
      expect.stringContaining("PostgreSQL cannot change a domain's collation"),
    ]);
    expect(result.manual[0]!.subject).toBe("domain email");
  });
});

describe("compareExtensions", () => {
  const ext = (name: string, options: Partial<Extension> = {}): Extension => ({ kind: "extension", name, ...options });

  test("created and dropped; the version is compared only when the models give one; a moved schema is left to a person", () => {
    expect(compareExtensions([], [ext("citext")]).operations).toEqual([{ kind: "createExtension", extension: ext("citext") }]);
    expect(compareExtensions([ext("citext", { version: "1.6" })], []).operations).toEqual([
      { kind: "dropExtension", name: "citext", existing: ext("citext", { version: "1.6" }) },
    ]);
    expect(compareExtensions([ext("citext", { version: "1.6" })], [ext("citext")])).toEqual({ operations: [], manual: [] });
    const changed = compareExtensions([ext("citext", { version: "1.5" })], [ext("citext", { version: "1.6", schema: "ext" })]);
    expect(changed.operations).toEqual([]);
    expect(changed.manual.map((m) => m.message)).toEqual([
      expect.stringContaining("SET SCHEMA"),
      expect.stringContaining("UPDATE TO ''1.6''"),
    ]);
  });
});
