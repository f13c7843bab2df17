import { describe, expect, test } from "vitest";
import type { Operation } from "../../../ops/operation.js";
import { reverseOperation } from "../../../ops/reverse.js";
import { compileOperation } from "./index.js";

const check = (name: string, expression: string) => ({ kind: "check" as const, name, expression });

const CASES: [Operation, string[]][] = [
  [
    {
      kind: "alterSequence",
      name: "order_no",
      schema: "inv",
      dataType: { from: "bigint", to: "integer" },
      increment: { from: 1, to: 5 },
      minValue: { from: 10, to: null },
      maxValue: { from: null, to: 99 },
      start: { from: 10, to: 1 },
      cache: { from: 1, to: 20 },
      cycle: { from: false, to: true },
      ownedBy: { from: null, to: { table: "orders", column: "no" } },
    },
    [
      'ALTER SEQUENCE "inv"."order_no" AS integer INCREMENT BY 5 NO MINVALUE MAXVALUE 99 START WITH 1 CACHE 20 CYCLE OWNED BY "inv"."orders"."no"',
    ],
  ],
  [
    { kind: "alterSequence", name: "s", ownedBy: { from: { table: "t", column: "c" }, to: null }, cycle: { to: false } },
    ['ALTER SEQUENCE "s" NO CYCLE OWNED BY NONE'],
  ],
  [
    {
      kind: "createDomain",
      domain: {
        kind: "domain",
        name: "price",
        schema: "inv",
        type: { kind: "numeric", precision: 10, scale: 2 },
        collation: undefined,
        default: { kind: "literal", value: 0 },
        notNull: true,
        checks: [check("price_check", "VALUE >= 0")],
      },
    },
    ['CREATE DOMAIN "inv"."price" AS numeric(10, 2) DEFAULT 0 NOT NULL CONSTRAINT "price_check" CHECK (VALUE >= 0)'],
  ],
  [
    { kind: "createDomain", domain: { kind: "domain", name: "code", type: { kind: "text" }, collation: "C", checks: [] } },
    ['CREATE DOMAIN "code" AS text COLLATE "C"'],
  ],
  [{ kind: "dropDomain", name: "code", ifExists: true }, ['DROP DOMAIN IF EXISTS "code"']],
  [
    {
      kind: "alterDomain",
      name: "price",
      default: { from: null, to: { kind: "expression", sql: "1 + 1" } },
      notNull: { from: true, to: false },
      dropChecks: [check("a", "VALUE > 0")],
      addChecks: [check("b", "VALUE > 1")],
    },
    [
      'ALTER DOMAIN "price" DROP CONSTRAINT "a"',
      'ALTER DOMAIN "price" SET DEFAULT 1 + 1',
      'ALTER DOMAIN "price" DROP NOT NULL',
      'ALTER DOMAIN "price" ADD CONSTRAINT "b" CHECK (VALUE > 1)',
    ],
  ],
  [{ kind: "alterDomain", name: "price", default: { to: null } }, ['ALTER DOMAIN "price" DROP DEFAULT']],
  [
    { kind: "createExtension", extension: { kind: "extension", name: "pg_trgm", schema: "ext", version: "1.6" }, ifNotExists: true },
    ['CREATE EXTENSION IF NOT EXISTS "pg_trgm" WITH SCHEMA "ext" VERSION \'1.6\''],
  ],
  [{ kind: "dropExtension", name: "pg_trgm" }, ['DROP EXTENSION "pg_trgm"']],
];

describe("compile: sequences altered, domains, extensions", () => {
  test.each(CASES)("%o", (op, sql) => {
    expect(compileOperation(op)).toEqual(sql);
  });
});

describe("reverse: sequences altered, domains, extensions", () => {
  const reversible = CASES.map(([op]) => op).filter(
    (op) =>
      !(
        op.kind === "dropDomain" ||
        op.kind === "dropExtension" ||
        op.kind === "createExtension" ||
        (op.kind === "alterSequence" && op.cycle?.from === undefined && op.cycle !== undefined)
      ),
  );

  test.each(reversible.filter((op) => op.kind !== "alterDomain" || op.notNull !== undefined))("reverse(reverse(op)) is op: %o", (op) => {
    expect(reverseOperation(reverseOperation(op))).toEqual(op);
  });

  test("a create reverses to a drop carrying the definition, and back", () => {
    const extension = { kind: "extension" as const, name: "citext" };
    expect(reverseOperation({ kind: "createExtension", extension })).toEqual({
      kind: "dropExtension",
      name: "citext",
      existing: extension,
    });
    expect(reverseOperation({ kind: "dropExtension", name: "citext", existing: extension })).toEqual({
      kind: "createExtension",
      extension,
    });
  });

  test("without the previous value an alteration, and without the definition a drop, is irreversible", () => {
    expect(() => reverseOperation({ kind: "alterSequence", name: "s", increment: { to: 2 } })).toThrow(/previous value/);
    expect(() => reverseOperation({ kind: "alterDomain", name: "d", default: { to: null } })).toThrow(/previous value/);
    expect(() => reverseOperation({ kind: "dropDomain", name: "d" })).toThrow(/definition is not recorded/);
    expect(() => reverseOperation({ kind: "dropExtension", name: "e" })).toThrow(/not recorded/);
    expect(() => reverseOperation({ kind: "createExtension", extension: { kind: "extension", name: "e" }, ifNotExists: true })).toThrow(
      /may have existed/,
    );
  });
});
