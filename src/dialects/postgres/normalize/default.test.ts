import { describe, expect, test } from "vitest";
import type { ColumnDefault, ColumnType, LiteralDefault } from "../../../schema/model.js";
import { normalizeDefault } from "./default.js";

const expression = (sql: string): ColumnDefault => ({ kind: "expression", sql });
const literal = (value: LiteralDefault): ColumnDefault => ({ kind: "literal", value });

const integer: ColumnType = { kind: "integer" };
const bigint: ColumnType = { kind: "bigint" };
const text: ColumnType = { kind: "text" };
const varchar: ColumnType = { kind: "varchar", length: 20 };
const numeric: ColumnType = { kind: "numeric", precision: 10, scale: 2 };
const double: ColumnType = { kind: "doublePrecision" };
const boolean: ColumnType = { kind: "boolean" };
const timestamptz: ColumnType = { kind: "timestamp", withTimeZone: true };

describe("normalizeDefault", () => {
  test.each<readonly [string, ColumnDefault | undefined, ColumnType, ColumnDefault | undefined]>([
    ["catalog string with a cast", expression("'draft'::character varying"), varchar, literal("draft")],
    ["model string", literal("draft"), varchar, literal("draft")],
    ["model sql string with a cast", expression("'a'::text"), text, literal("a")],
    ["catalog negative integer", expression("'-1'::integer"), integer, literal(-1)],
    ["model integer", literal(-1), integer, literal(-1)],
    ["model integer as sql", expression("1"), integer, literal(1)],
    ["model integer as string", literal("1"), integer, literal(1)],
    ["catalog numeric", expression("0"), numeric, literal(0)],
    ["catalog numeric with scale", expression("1.50"), numeric, literal(1.5)],
    ["catalog float written as numeric", expression("'1000'::numeric"), double, literal(1000)],
    ["catalog big integer", expression("'9007199254740993'::bigint"), bigint, literal(9007199254740993n)],
    ["model bigint that fits a number", literal(5n), bigint, literal(5)],
    ["catalog boolean", expression("true"), boolean, literal(true)],
    ["model boolean as string", expression("'true'::boolean"), boolean, literal(true)],
    ["model boolean as letter", literal("f"), boolean, literal(false)],
    ["number on a text column", literal(5), text, literal("5")],
    ["char padding", expression("'ab  '::bpchar"), { kind: "char", length: 4 }, literal("ab")],
    ["jsonb", expression("'{}'::jsonb"), { kind: "jsonb" }, literal("{}")],
    ["interval", expression("'1 day'::interval"), { kind: "interval" }, literal("1 day")],
    ["date", expression("'2020-01-01'::date"), { kind: "date" }, literal("2020-01-01")],
    ["enum", expression("'happy'::mood"), { kind: "enum", name: "mood" }, literal("happy")],
    ["array literal", expression("'{}'::text[]"), { kind: "array", element: text, dimensions: 1 }, literal("{}")],
    ["now()", expression("now()"), timestamptz, expression("CURRENT_TIMESTAMP")],
    ["CURRENT_TIMESTAMP", expression("CURRENT_TIMESTAMP"), timestamptz, expression("CURRENT_TIMESTAMP")],
    ["transaction_timestamp()", expression("transaction_timestamp()"), timestamptz, expression("CURRENT_TIMESTAMP")],
    ["today, converted when evaluated", expression("('now'::text)::date"), { kind: "date" }, expression("'now'::text::date")],
    ["today, as PostgreSQL prints it", expression("'now'::text::date"), { kind: "date" }, expression("'now'::text::date")],
    ["function call", expression("gen_random_uuid()"), { kind: "uuid" }, expression("gen_random_uuid()")],
    [
      "array constructor",
      expression("ARRAY['a'::text, 'b'::text]"),
      { kind: "array", element: text, dimensions: 1 },
      expression("ARRAY['a', 'b']"),
    ],
    ["nextval", expression("nextval('t_id_seq'::regclass)"), integer, expression("nextval('t_id_seq')")],
    ["NULL literal", literal(null), text, undefined],
    ["NULL with a cast", expression("NULL::character varying"), varchar, undefined],
    ["no default", undefined, text, undefined],
  ])("%s", (_name, input, type, output) => {
    expect(normalizeDefault(input, type)).toStrictEqual(output);
  });
});
