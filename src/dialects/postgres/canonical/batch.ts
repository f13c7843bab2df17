/**
 * The one message that lets PostgreSQL parse the candidate expressions. Inside a transaction that is rolled back,
 * the expressions go onto a few temporary stand-in tables: partitioned tables (no storage to create), each holding
 * the columns its expressions refer to, with the models' types; tables whose columns agree share one, and an
 * expression written the same way over the same column types is parsed once. Checks, defaults and generated columns
 * go into the stand-in's CREATE TABLE under names of their own, indexes onto it; then the catalog is read back with
 * the functions introspection uses (`pg_get_constraintdef`, `pg_get_expr`, `pg_get_indexdef`). Nothing outside the
 * session's temporary schema is created, and the transaction leaves nothing behind.
 *
 * The message comes in two forms: plain (one statement per stand-in, the fast one), and guarded, where each
 * expression is added on its own and a refused one is recorded instead of failing the message (run when the plain
 * one fails). Pure: builds text, reads rows.
 */
import type { Column, ColumnType, EnumType } from "../../../schema/model.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import { collateClause } from "../compile/table.js";
import { compileDefault, compileType } from "../compile/types.js";
import { isName, tokenize } from "../normalize/tokens.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";
import { indexesToParse, objectKey, type TableCandidates } from "./candidates.js";
import { checkExpression } from "../catalog/tables.js";

/** The temporary schema, as PostgreSQL resolves it for the session. */
const TEMP = "pg_temp";
const FAILED = "retort_canon_failed";
const PREFIX = "retort_canon_";
/** The partition key every stand-in gets (a partitioned table needs one). */
const KEY_COLUMN = `${PREFIX}key`;
/** Columns per stand-in, under PostgreSQL's 1,600. */
const MAX_COLUMNS = 1200;

/** An index's expressions as the database parsed them: per key and included column its name (null for an expression) and definition. */
export interface ParsedIndex {
  readonly columns: readonly (string | null)[];
  readonly definitions: readonly string[];
  readonly predicate: string | null;
}

/** What the database made of one candidate table's expressions, by the models' names. */
export interface ParsedTable {
  readonly checks: ReadonlyMap<string, string>;
  readonly defaults: ReadonlyMap<string, string>;
  readonly generated: ReadonlyMap<string, string>;
  /** Indexes, and the indexes of exclusion constraints (under the constraint's name). */
  readonly indexes: ReadonlyMap<string, ParsedIndex>;
}

/** One expression to parse, used by one or more candidate tables. */
type Item =
  | { readonly kind: "check"; readonly sql: string; readonly columns: readonly Column[] }
  | { readonly kind: "default"; readonly column: Column }
  | { readonly kind: "generated"; readonly column: Column; readonly columns: readonly Column[] };

/**
 * Where an item's result goes: the candidate table and the model's name (check, column or index). An index's
 * parts are parsed as checks: its predicate as itself, each expression `e` as `(e) IS NOT NULL`, which PostgreSQL
 * parses as it parses the index expression (no coercion), without building an index.
 */
interface Use {
  readonly table: number;
  readonly name: string;
  /** For an index: the element's position, or `where`. */
  readonly part?: number | "where";
}

const NOT_NULL = " IS NOT NULL";

/** A stand-in table: its columns (by name, with their definition text) and the items on it. */
interface StandIn {
  readonly columns: Map<string, string>;
  readonly items: number[];
  /** Its columns: the shared ones, and one for each default or generated column. */
  size: number;
}

const itemName = (n: number): string => `${PREFIX}${n}`;
const standInName = (s: number): string => `${PREFIX}s${s}`;

/** `type` with serial types as their integers and enums the database lacks as the session's temporary copies. */
function standInType(type: ColumnType, databaseEnums: ReadonlySet<string>): ColumnType {
  switch (type.kind) {
    case "smallserial":
      return { kind: "smallint" };
    case "serial":
      return { kind: "integer" };
    case "bigserial":
      return { kind: "bigint" };
    case "array":
      return { ...type, element: standInType(type.element, databaseEnums) };
    case "enum":
      return databaseEnums.has(objectKey(type.schema, type.name)) ? type : { kind: "custom", sql: qualifiedName(type.name, TEMP) };
    default:
      return type;
  }
}

/** The enums of the models that the database lacks, used by a column of a candidate table. */
function missingEnums(candidates: readonly TableCandidates[], database: SchemaSnapshot, models: SchemaSnapshot): EnumType[] {
  const present = new Set(database.enums.map((e) => objectKey(e.schema, e.name)));
  const wanted = new Set<string>();
  const visit = (type: ColumnType): void => {
    if (type.kind === "array") visit(type.element);
    else if (type.kind === "enum" && !present.has(objectKey(type.schema, type.name))) wanted.add(objectKey(type.schema, type.name));
  };
  for (const table of candidates) for (const column of table.model.columns) visit(column.type);
  const seen = new Set<string>();
  return models.enums.filter((e) => {
    // Two missing enums of one name in different schemas share the temporary schema: the first one is made.
    if (!wanted.has(objectKey(e.schema, e.name)) || seen.has(e.name)) return false;
    seen.add(e.name);
    return true;
  });
}

/** The columns of `columns` that `sql` names (a word matching a column is taken as one: a column too many is harmless). */
function referenced(sql: string, columns: readonly Column[]): Column[] {
  const names = new Set(tokenize(sql).flatMap((token) => (isName(token) ? [token.text] : [])));
  return columns.filter((column) => names.has(column.name));
}

/** The items of all candidate tables, an expression over the same column types once, with where each result goes. */
function collectItems(candidates: readonly TableCandidates[], enums: ReadonlySet<string>): { items: Item[]; uses: Use[][] } {
  const items: Item[] = [];
  const uses: Use[][] = [];
  const known = new Map<string, number>();
  const definition = (column: Column): string => plainColumn(column, enums);
  const add = (key: string, item: Item, use: Use): void => {
    let n = known.get(key);
    if (n === undefined) {
      n = items.length;
      known.set(key, n);
      items.push(item);
      uses.push([]);
    }
    uses[n]!.push(use);
  };
  for (const [i, table] of candidates.entries()) {
    const { model } = table;
    for (const check of model.checkConstraints) {
      if (!table.checks.includes(check.name)) continue;
      const columns = referenced(check.expression, model.columns);
      add(
        JSON.stringify(["check", check.expression, columns.map(definition)]),
        { kind: "check", sql: check.expression, columns },
        { table: i, name: check.name },
      );
    }
    for (const column of model.columns) {
      if (table.defaults.includes(column.name) && column.default !== undefined) {
        const key = JSON.stringify([
          "default",
          compileType(standInType(column.type, enums)),
          column.collation ?? null,
          compileDefault(column.default),
        ]);
        add(key, { kind: "default", column }, { table: i, name: column.name });
      }
      if (table.generated.includes(column.name) && column.generatedAs !== undefined) {
        const columns = referenced(column.generatedAs, model.columns).filter((c) => c.name !== column.name);
        const key = JSON.stringify([
          "generated",
          compileType(standInType(column.type, enums)),
          column.generatedAs,
          columns.map(definition),
        ]);
        add(key, { kind: "generated", column, columns }, { table: i, name: column.name });
      }
    }
    const check = (sql: string, use: Use): void => {
      const columns = referenced(sql, model.columns);
      add(JSON.stringify(["check", sql, columns.map(definition)]), { kind: "check", sql, columns }, use);
    };
    for (const index of indexesToParse(table)) {
      const { name } = index;
      for (const [k, element] of index.elements.entries()) {
        if (element.kind === "expression") check(`(${element.sql})${NOT_NULL}`, { table: i, name, part: k });
      }
      if (index.where !== undefined) check(index.where, { table: i, name, part: "where" });
    }
  }
  return { items, uses };
}

function plainColumn(column: Column, enums: ReadonlySet<string>): string {
  const parts = [quoteIdentifier(column.name), compileType(standInType(column.type, enums))];
  if (column.collation !== undefined) parts.push(collateClause(column.collation));
  return parts.join(" ");
}

/** The columns an item needs on its stand-in. */
function itemColumns(item: Item): readonly Column[] {
  return item.kind === "default" ? [] : item.columns;
}

/** Items per stand-in: PostgreSQL reloads a table's definition after each change, so stand-ins stay small. */
const MAX_ITEMS = 200;

/** Items packed onto stand-ins: an item joins the first stand-in whose columns of its names agree with its own. */
function pack(items: readonly Item[], enums: ReadonlySet<string>): StandIn[] {
  const standIns: StandIn[] = [];
  for (const [n, item] of items.entries()) {
    const wanted = itemColumns(item).map((column) => [column.name, plainColumn(column, enums)] as const);
    const own = item.kind === "default" || item.kind === "generated" ? 1 : 0;
    const fits = (s: StandIn) =>
      s.items.length < MAX_ITEMS &&
      s.size + wanted.length + own + 1 <= MAX_COLUMNS &&
      wanted.every(([name, text]) => (s.columns.get(name) ?? text) === text);
    let standIn = standIns.find(fits);
    if (standIn === undefined) {
      standIn = { columns: new Map(), items: [], size: 0 };
      standIns.push(standIn);
    }
    for (const [name, text] of wanted) {
      if (!standIn.columns.has(name)) standIn.size++;
      standIn.columns.set(name, text);
    }
    standIn.size += own;
    standIn.items.push(n);
  }
  return standIns;
}

/** One statement that may fail on its own: a failure is recorded under item `n` and the rest carries on. */
function guarded(statement: string, n: number): string {
  return `BEGIN EXECUTE ${quoteLiteral(statement)}; EXCEPTION WHEN OTHERS THEN INSERT INTO ${TEMP}.${FAILED} VALUES (${n}, SQLERRM); END;`;
}

/** A dollar-quote tag that `body` does not contain. */
function dollarTag(body: string): string {
  let tag = "$retort_canon$";
  for (let n = 1; body.includes(tag); n++) tag = `$retort_canon_${n}$`;
  return tag;
}

/** The item's part of its stand-in's CREATE TABLE (a column or a constraint). */
function tablePart(item: Item, n: number, enums: ReadonlySet<string>): string {
  switch (item.kind) {
    case "check":
      return `CONSTRAINT ${quoteIdentifier(itemName(n))} CHECK (${item.sql})`;
    case "default":
      return `${plainColumn({ ...item.column, name: itemName(n) }, enums)} DEFAULT ${compileDefault(item.column.default!)}`;
    case "generated":
      return `${plainColumn({ ...item.column, name: itemName(n) }, enums)} GENERATED ALWAYS AS (${item.column.generatedAs}) STORED`;
  }
}

const createTable = (s: number, parts: readonly string[]): string =>
  `CREATE TEMP TABLE ${quoteIdentifier(standInName(s))} (${[...parts, `${quoteIdentifier(KEY_COLUMN)} integer`].join(", ")}) PARTITION BY LIST (${quoteIdentifier(KEY_COLUMN)})`;

const STAND_INS = `c.relnamespace = pg_my_temp_schema() AND c.relname LIKE 'retort\\_canon\\_s%'`;

/** Checks of the stand-ins, as introspection reads them. */
const CHECKS = `SELECT con.conname AS name, pg_get_constraintdef(con.oid, true) AS definition
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
WHERE con.contype = 'c' AND ${STAND_INS}`;

/** Defaults and generated expressions of the stand-ins, as introspection reads them. */
const DEFAULTS = `SELECT a.attname AS name, pg_get_expr(ad.adbin, ad.adrelid, true) AS expression
FROM pg_attrdef ad JOIN pg_class c ON c.oid = ad.adrelid
JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
WHERE ${STAND_INS}`;

/** An index expression parsed as `(e) IS NOT NULL`, back to `e`. */
function withoutNotNull(text: string): string {
  return text.endsWith(NOT_NULL) ? text.slice(0, -NOT_NULL.length) : text;
}

/** A statement PostgreSQL refused, in the guarded form: the item, and its message. */
export interface Failure {
  /** Where the item was used: candidate table and name; none for a missing enum. */
  readonly uses: readonly { readonly table: number; readonly name: string; readonly kind: Item["kind"] | "index" }[];
  readonly message: string;
}

/** The message for the candidates, in both forms, and how to read its answers. */
export interface CanonicalBatch {
  /** How many expressions are parsed (after removing repeats). */
  readonly expressions: number;
  /** Its text; `guarded` adds each expression on its own, recording refusals. */
  message(guarded: boolean): string;
  /** What the database made of each candidate table's expressions (by index in the candidates), and what it refused. */
  read(results: readonly Record<string, unknown>[][]): { readonly parsed: ParsedTable[]; readonly failures: Failure[] };
}

/** The batch for `candidates`, or undefined when there are none. */
export function canonicalBatch(
  candidates: readonly TableCandidates[],
  database: SchemaSnapshot,
  models: SchemaSnapshot,
): CanonicalBatch | undefined {
  if (candidates.length === 0) return undefined;
  const enums = new Set(database.enums.map((e) => objectKey(e.schema, e.name)));
  const { items, uses } = collectItems(candidates, enums);
  const standIns = pack(items, enums);
  const createEnums = missingEnums(candidates, database, models).map(
    (e) => `CREATE TYPE ${qualifiedName(e.name, TEMP)} AS ENUM (${e.values.map((v) => quoteLiteral(v)).join(", ")})`,
  );
  const columnsOf = (s: StandIn) => [...s.columns.values()];
  const plain = (): string[] =>
    standIns.map((s, k) => createTable(k, [...columnsOf(s), ...s.items.map((n) => tablePart(items[n]!, n, enums))]));
  // Each stand-in is made whole in one statement; only when that fails is it made again expression by expression.
  const guardedBody = (): string => {
    const lines = createEnums.map((statement) => guarded(statement, -1));
    for (const [k, s] of standIns.entries()) {
      const name = qualifiedName(standInName(k), TEMP);
      const one = s.items.map((n) => {
        const item = items[n]!;
        const part = tablePart(item, n, enums);
        return guarded(item.kind === "check" ? `ALTER TABLE ${name} ADD ${part}` : `ALTER TABLE ${name} ADD COLUMN ${part}`, n);
      });
      const whole = createTable(k, [...columnsOf(s), ...s.items.map((n) => tablePart(items[n]!, n, enums))]);
      lines.push(
        `BEGIN EXECUTE ${quoteLiteral(whole)}; EXCEPTION WHEN OTHERS THEN\n${guarded(createTable(k, columnsOf(s)), -1)}\n${one.join("\n")}\nEND;`,
      );
    }
    return lines.join("\n");
  };
  return {
    expressions: items.length,
    message(guard) {
      const statements = guard
        ? (() => {
            const body = guardedBody();
            const tag = dollarTag(body);
            return [`CREATE TEMP TABLE ${FAILED} (item integer, message text)`, `DO ${tag}\nBEGIN\n${body}\nEND\n${tag}`];
          })()
        : [...createEnums, ...plain()];
      const failures = guard
        ? `SELECT item, message FROM ${TEMP}.${FAILED} ORDER BY item`
        : "SELECT NULL::integer AS item, NULL::text AS message WHERE false";
      return ["BEGIN", ...statements, CHECKS, DEFAULTS, failures, "ROLLBACK"].join(";\n");
    },
    read(results) {
      // The last four results: checks, defaults, failures, ROLLBACK.
      const [checks = [], defaults = [], failed = []] = results.slice(-4);
      const byItem = (rows: readonly Record<string, unknown>[], value: (row: Record<string, unknown>) => string) =>
        new Map(rows.map((row) => [Number(String(row.name).slice(PREFIX.length)), value(row)]));
      const parsedChecks = byItem(checks, (row) => checkExpression(String(row.definition)));
      const parsedDefaults = byItem(defaults, (row) => String(row.expression));
      const parsed = candidates.map(() => ({
        checks: new Map<string, string>(),
        defaults: new Map<string, string>(),
        generated: new Map<string, string>(),
        indexes: new Map<string, ParsedIndex>(),
      }));
      /** Index parts by table and index name: element texts and predicate, as parsed. */
      const parts = candidates.map(() => new Map<string, Map<number | "where", string>>());
      for (const [n, item] of items.entries()) {
        const text = item.kind === "check" ? parsedChecks.get(n) : parsedDefaults.get(n);
        if (text === undefined) continue;
        for (const use of uses[n]!) {
          const into = parsed[use.table]!;
          if (use.part !== undefined) {
            const found = parts[use.table]!.get(use.name) ?? new Map<number | "where", string>();
            found.set(use.part, use.part === "where" ? text : withoutNotNull(text));
            parts[use.table]!.set(use.name, found);
          } else if (item.kind === "check") into.checks.set(use.name, text);
          else if (item.kind === "default") into.defaults.set(use.name, text);
          else into.generated.set(use.name, text);
        }
      }
      for (const [i, table] of candidates.entries()) {
        for (const index of indexesToParse(table)) {
          const { name } = index;
          const found = parts[i]!.get(name);
          if (found === undefined) continue;
          const complete =
            index.elements.every((e, k) => e.kind === "column" || found.has(k)) && (index.where === undefined || found.has("where"));
          if (!complete) continue;
          parsed[i]!.indexes.set(name, {
            columns: index.elements.map((e) => (e.kind === "column" ? e.name : null)),
            definitions: index.elements.map((e, k) => (e.kind === "column" ? e.name : found.get(k)!)),
            predicate: found.get("where") ?? null,
          });
        }
      }
      const failures = failed.map((row): Failure => {
        const n = Number(row.item);
        const item = items[n];
        return {
          uses:
            item === undefined
              ? []
              : uses[n]!.map((use) => ({ table: use.table, name: use.name, kind: use.part === undefined ? item.kind : "index" })),
          message: String(row.message),
        };
      });
      return { parsed, failures };
    },
  };
}
