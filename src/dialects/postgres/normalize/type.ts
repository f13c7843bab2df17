/**
 * Column types in one canonical form: every spelling PostgreSQL accepts for a type the model knows
 * (`character varying(20)`, `int4`, `timestamptz(3)`, `float8`, `decimal(10, 2)`, `int[][]`) becomes the
 * structured {@link ColumnType}, parameters that mean the default are dropped, and any other type is kept as
 * `custom` with its text canonicalised.
 */
import { frozen } from "../../../schema/freeze.js";
import type { ColumnType } from "../../../schema/model.js";
import { isToken, needsQuotes, tokenize, type Token } from "./tokens.js";

/** Schemas whose name is dropped from a qualified type name: the catalog and the default schema. */
const IMPLICIT_SCHEMAS: ReadonlySet<string> = new Set(["pg_catalog", "public"]);

const SIMPLE: Readonly<Record<string, ColumnType>> = {
  smallint: { kind: "smallint" },
  int2: { kind: "smallint" },
  integer: { kind: "integer" },
  int: { kind: "integer" },
  int4: { kind: "integer" },
  bigint: { kind: "bigint" },
  int8: { kind: "bigint" },
  smallserial: { kind: "smallserial" },
  serial2: { kind: "smallserial" },
  serial: { kind: "serial" },
  serial4: { kind: "serial" },
  bigserial: { kind: "bigserial" },
  serial8: { kind: "bigserial" },
  boolean: { kind: "boolean" },
  bool: { kind: "boolean" },
  text: { kind: "text" },
  real: { kind: "real" },
  float4: { kind: "real" },
  "double precision": { kind: "doublePrecision" },
  float8: { kind: "doublePrecision" },
  date: { kind: "date" },
  uuid: { kind: "uuid" },
  json: { kind: "json" },
  jsonb: { kind: "jsonb" },
  bytea: { kind: "bytea" },
};

const TWO_WORD: ReadonlySet<string> = new Set(["character varying", "char varying", "double precision", "bit varying"]);

/** Canonical text of a type the model has no builder for: lower case outside quotes, no implicit schema. */
function renderCustom(tokens: readonly Token[]): string {
  let text = "";
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    const tight =
      previous === undefined ||
      isToken(previous, "(") ||
      isToken(previous, "[") ||
      isToken(previous, ".") ||
      isToken(token, "(") ||
      isToken(token, ")") ||
      isToken(token, "[") ||
      isToken(token, "]") ||
      isToken(token, ",") ||
      isToken(token, ".");
    if (!tight) text += " ";
    if (token.kind === "quoted") text += needsQuotes(token.text) ? `"${token.text.replaceAll('"', '""')}"` : token.text;
    else if (token.kind === "string") text += `'${token.value.replaceAll("'", "''")}'`;
    else text += token.text;
  });
  return text;
}

function numbersIn(tokens: readonly Token[]): number[] | undefined {
  const values: number[] = [];
  for (const [i, token] of tokens.entries()) {
    if (i % 2 === 1) {
      if (!isToken(token, ",")) return undefined;
    } else if (token.kind === "number" && /^\d+$/.test(token.text)) {
      values.push(Number(token.text));
    } else {
      return undefined;
    }
  }
  return values;
}

interface ParsedName {
  readonly words: string;
  readonly params: readonly number[] | undefined;
  readonly zone: "with" | "without" | undefined;
}

/** Reads `name [varying|precision] [(n[, m])] [with|without time zone]`; undefined when it is not that shape. */
function parseName(tokens: readonly Token[]): ParsedName | undefined {
  const first = tokens[0];
  if (first === undefined || first.kind !== "word") return undefined;
  let i = 1;
  let words = first.text;
  const second = tokens[1];
  if (second?.kind === "word" && TWO_WORD.has(`${words} ${second.text}`)) {
    words = `${words} ${second.text}`;
    i = 2;
  }
  let params: number[] | undefined;
  if (isToken(tokens[i], "(")) {
    const close = tokens.findIndex((token, j) => j > i && isToken(token, ")"));
    if (close < 0) return undefined;
    params = numbersIn(tokens.slice(i + 1, close));
    if (params === undefined || params.length === 0) return undefined;
    i = close + 1;
  }
  let zone: "with" | "without" | undefined;
  const rest = tokens
    .slice(i)
    .map((token) => (token.kind === "word" ? token.text : "?"))
    .join(" ");
  if (rest === "with time zone" || rest === "without time zone") {
    zone = rest.startsWith("with ") ? "with" : "without";
  } else if (rest !== "") {
    return undefined;
  }
  return { words, params, zone };
}

function fromName(parsed: ParsedName): ColumnType | undefined {
  const { words, params, zone } = parsed;
  const one = params?.[0];
  if (zone !== undefined && !["time", "timestamp"].includes(words)) return undefined;
  if (params === undefined && SIMPLE[words] !== undefined) return SIMPLE[words];
  switch (words) {
    case "varchar":
    case "character varying":
    case "char varying":
      return params === undefined ? { kind: "varchar" } : params.length === 1 ? { kind: "varchar", length: one! } : undefined;
    case "char":
    case "character":
      return params === undefined ? { kind: "char", length: 1 } : params.length === 1 ? { kind: "char", length: one! } : undefined;
    case "bpchar":
      return params?.length === 1 ? { kind: "char", length: one! } : undefined;
    case "numeric":
    case "decimal":
      if (params === undefined) return { kind: "numeric" };
      if (params.length > 2) return undefined;
      return params.length === 1 ? { kind: "numeric", precision: one! } : { kind: "numeric", precision: one!, scale: params[1]! };
    case "float":
      if (params === undefined) return { kind: "doublePrecision" };
      return params.length === 1 ? { kind: one! <= 24 ? "real" : "doublePrecision" } : undefined;
    case "time":
    case "timestamp":
      if (params !== undefined && params.length !== 1) return undefined;
      return { kind: words, withTimeZone: zone === "with", ...(one === undefined ? {} : { precision: one }) };
    case "timetz":
    case "timestamptz":
      if (params !== undefined && params.length !== 1) return undefined;
      return { kind: words === "timetz" ? "time" : "timestamp", withTimeZone: true, ...(one === undefined ? {} : { precision: one }) };
    case "interval":
      return params === undefined ? { kind: "interval" } : undefined;
    default:
      return undefined;
  }
}

/**
 * Reads a type as SQL text: a type the model knows becomes its structured form, arrays (`int[][]`) become
 * `array` with their dimensions, anything else is `custom` with canonical text (`geometry(point, 4326)`).
 */
export function parseTypeName(sql: string): ColumnType {
  let tokens = tokenize(sql);
  let dimensions = 0;
  while (isToken(tokens[tokens.length - 1], "]")) {
    const open = tokens.length - 1 - [...tokens].reverse().findIndex((token) => isToken(token, "["));
    if (open >= tokens.length) break;
    tokens = tokens.slice(0, open);
    dimensions++;
  }
  if (tokens.length >= 3 && isToken(tokens[1], ".") && (tokens[0]?.kind === "word" || tokens[0]?.kind === "quoted")) {
    const schema = tokens[0].text;
    if (IMPLICIT_SCHEMAS.has(schema)) tokens = tokens.slice(2);
  }
  const parsed = parseName(tokens);
  const known = parsed === undefined || (tokens.length > 2 && isToken(tokens[1], ".")) ? undefined : fromName(parsed);
  const base: ColumnType = known ?? { kind: "custom", sql: renderCustom(tokens) };
  return frozen(dimensions === 0 ? base : { kind: "array", element: base, dimensions });
}

/** A qualified name as SQL text, quoted where needed; the default schema is left out. */
export function qualifiedTypeName(name: string, schema: string | undefined): string {
  const quote = (part: string) => (needsQuotes(part) ? `"${part.replaceAll('"', '""')}"` : part);
  return schema === undefined || IMPLICIT_SCHEMAS.has(schema) ? quote(name) : `${quote(schema)}.${quote(name)}`;
}

/**
 * A type in PostgreSQL's `format_type` spelling (`character varying(20)`, `timestamp(3) with time zone`),
 * as casts are written in canonical expressions. Arrays get one `[]` whatever their dimensions, as
 * PostgreSQL ignores them in a cast.
 */
export function formatTypeName(type: ColumnType): string {
  const p = (value: number | undefined) => (value === undefined ? "" : `(${value})`);
  switch (type.kind) {
    case "smallserial":
      return "smallint";
    case "serial":
      return "integer";
    case "bigserial":
      return "bigint";
    case "doublePrecision":
      return "double precision";
    case "varchar":
      return `character varying${p(type.length)}`;
    case "char":
      return `character${p(type.length ?? 1)}`;
    case "numeric":
      if (type.precision === undefined) return "numeric";
      return `numeric(${type.precision},${type.scale ?? 0})`;
    case "time":
    case "timestamp":
      return `${type.kind}${p(type.precision)} ${type.withTimeZone ? "with" : "without"} time zone`;
    case "array":
      return `${formatTypeName(type.element)}[]`;
    case "enum":
      return qualifiedTypeName(type.name, type.schema);
    case "custom":
      return type.sql;
    default:
      return type.kind;
  }
}

/**
 * The canonical form of a column type: custom text that names a known type is parsed (`int4` is integer),
 * `char` is `char(1)`, `numeric(p, 0)` is `numeric(p)`, time precision 6 is the default, and enums in the
 * default schema carry no schema.
 */
export function normalizeType(type: ColumnType): ColumnType {
  switch (type.kind) {
    case "custom":
      return parseTypeName(type.sql);
    case "char":
      return frozen({ kind: "char", length: type.length ?? 1 });
    case "numeric":
      if (type.precision === undefined) return frozen({ kind: "numeric" });
      return frozen(type.scale === undefined || type.scale === 0 ? { kind: "numeric", precision: type.precision } : { ...type });
    case "time":
    case "timestamp":
      return frozen(
        type.precision === undefined || type.precision === 6
          ? { kind: type.kind, withTimeZone: type.withTimeZone }
          : { kind: type.kind, withTimeZone: type.withTimeZone, precision: type.precision },
      );
    case "array": {
      const element = normalizeType(type.element);
      return element.kind === "array"
        ? frozen({ kind: "array", element: element.element, dimensions: element.dimensions + type.dimensions })
        : frozen({ kind: "array", element, dimensions: type.dimensions });
    }
    case "enum":
      return frozen(type.schema === undefined || type.schema === "public" ? { kind: "enum", name: type.name } : { ...type });
    default:
      return frozen({ ...type });
  }
}
