/**
 * Expressions as people write them in models, each used as a check, a default, an index expression, a partial
 * index's predicate or a generated column on a table of its own. `canonical-expressions.test.ts` builds them all
 * in one database and requires that autogenerate then proposes nothing for any of them.
 */

/** How an idiom's expression is used. */
export type IdiomUse = "check" | "default" | "index" | "where" | "generated";

export interface Idiom {
  readonly use: IdiomUse;
  /** The table's other columns, as model builders (`qty: integer()`). */
  readonly columns: string;
  /** For a default or generated column: the column's builder, without the default or generation. */
  readonly type?: string;
  /** The expression, as the `sql` template's text (no backticks, no `${`). */
  readonly sql: string;
}

const c = (columns: string, sql: string): Idiom => ({ use: "check", columns, sql });
const d = (type: string, sql: string, columns = ""): Idiom => ({ use: "default", columns, type, sql });
const x = (columns: string, sql: string): Idiom => ({ use: "index", columns, sql });
const w = (columns: string, sql: string): Idiom => ({ use: "where", columns, sql });
const g = (columns: string, type: string, sql: string): Idiom => ({ use: "generated", columns, type, sql });

const INT = "qty: integer()";
const TEXT = "name: text()";
const VARCHAR = "code: varchar(20)";
const CHAR = "gender: char(1)";
const TSZ = "at: timestamptz()";
const TS = "at: timestamp()";
const DATE = "day: date()";
const NUM = "price: numeric(10, 2)";
const JSONB = "doc: jsonb()";
const IVL = "span: interval()";
const BOOL = "flag: boolean()";
const ARR = "tags: text().array()";

export const IDIOMS: readonly Idiom[] = [
  // intervals
  c(IVL, "span > interval '1 hour'"),
  c(IVL, "span <= '30 days'::interval"),
  c(IVL, "span BETWEEN interval '1 minute' AND interval '2 hours'"),
  c(`${TSZ}, ends: timestamptz()`, "ends - at < interval '1 day'"),
  c(`${TSZ}, ends: timestamptz()`, "ends > at + interval '90 minutes'"),
  d("interval()", "interval '1 hour'"),
  d("interval()", "'24 hours'"),
  d("interval()", "'1 day 2 hours'::interval"),
  d("timestamptz()", "now() + interval '7 days'"),
  d("timestamp()", "CURRENT_TIMESTAMP - INTERVAL '1 year'"),
  // casts
  c(INT, "qty::text <> ''"),
  c(TEXT, "CAST(name AS varchar(10)) <> 'x'"),
  c(INT, "qty::numeric >= 0"),
  c(NUM, "price::int > 0"),
  c(VARCHAR, "code::text LIKE 'A%'"),
  d("text()", "'abc'::text"),
  d("varchar(10)", "'abc'::varchar"),
  d("numeric(10, 2)", "0.5::numeric"),
  d("bigint()", "CAST(7 AS bigint)"),
  x(INT, "(qty::text)"),
  // BETWEEN
  c(INT, "qty BETWEEN 1 AND 10"),
  c(INT, "qty NOT BETWEEN 5 AND 7"),
  c(INT, "qty BETWEEN SYMMETRIC 10 AND 1"),
  c(`${INT}, cap: integer()`, "qty BETWEEN 0 AND cap * 2"),
  c(`${INT}, cap: integer()`, "qty BETWEEN cap - 1 AND cap + 1"),
  c(DATE, "day BETWEEN '2020-01-01' AND '2030-12-31'"),
  w(INT, "qty BETWEEN 1 AND 100"),
  // IN lists
  c(TEXT, "name IN ('a', 'b', 'c')"),
  c(VARCHAR, "code IN ('x', 'y')"),
  c(INT, "qty IN (1, 2, 3)"),
  c(TEXT, "name NOT IN ('admin', 'root')"),
  c(CHAR, "gender IN ('m', 'f', 'x')"),
  w(VARCHAR, "code IN ('a', 'b')"),
  w(TEXT, "name NOT IN ('z')"),
  // ANY / ALL (ARRAY[...])
  c(TEXT, "name = ANY (ARRAY['a', 'b'])"),
  c(VARCHAR, "code = ANY (ARRAY['p'::varchar, 'q'::varchar])"),
  c(INT, "qty = ANY ('{1,2,3}'::int[])"),
  c(INT, "qty <> ALL (ARRAY[13, 666])"),
  c(ARR, "array_length(tags, 1) < 10"),
  c(ARR, "'x' = ANY (tags)"),
  c(ARR, "tags <@ ARRAY['a', 'b', 'c']"),
  // COALESCE, NULLIF, CASE, GREATEST
  c(INT, "COALESCE(qty, 0) >= 0"),
  c(`${TEXT}, nick: text()`, "COALESCE(nick, name) IS NOT NULL"),
  c(INT, "NULLIF(qty, 0) IS NULL OR qty > 0"),
  c(INT, "CASE WHEN qty > 10 THEN true ELSE qty >= 0 END"),
  c(`${INT}, cap: integer()`, "GREATEST(qty, cap) < 1000"),
  c(`${INT}, cap: integer()`, "LEAST(qty, 0) = 0"),
  x(`${TEXT}, nick: text()`, "COALESCE(nick, name)"),
  g(INT, "integer()", "COALESCE(qty, 0) * 2"),
  // now() vs CURRENT_TIMESTAMP and friends
  d("timestamptz()", "now()"),
  d("timestamptz()", "CURRENT_TIMESTAMP"),
  d("timestamptz()", "current_timestamp"),
  d("timestamp()", "LOCALTIMESTAMP"),
  d("date()", "CURRENT_DATE"),
  d("date()", "current_date + 30"),
  d("time()", "CURRENT_TIME"),
  d("timestamptz()", "statement_timestamp()"),
  d("timestamptz()", "transaction_timestamp()"),
  d("timestamp()", "(now() AT TIME ZONE 'utc')"),
  c(TSZ, "at <= now()"),
  c(TSZ, "at > '2000-01-01'"),
  c(TSZ, "at >= DATE '2020-01-01'"),
  c(TS, "at < '2100-01-01 00:00'"),
  c(DATE, "day > '2020-1-1'"),
  c(DATE, "day >= CURRENT_DATE - 365"),
  // JSON defaults and checks
  d("jsonb()", `'{"b": 1, "a": 2}'`),
  d("jsonb()", `'{"z":true,"a":[1,2]}'::jsonb`),
  d("jsonb()", "'[]'::jsonb"),
  d("json()", `'{"b": 1, "a": 2}'::json`),
  d("jsonb()", "jsonb_build_object('k', 1, 'a', 2)"),
  c(JSONB, "jsonb_typeof(doc) = 'object'"),
  c(JSONB, "doc ? 'id'"),
  c(JSONB, 'doc @> \'{"kind": "x"}\''),
  c(JSONB, "(doc ->> 'n')::int > 0"),
  x(JSONB, "(doc ->> 'email')"),
  x(JSONB, "((doc -> 'a') ->> 'b')"),
  // regular expressions, LIKE, SIMILAR TO
  c(TEXT, "name ~ '^[a-z]+$'"),
  c(TEXT, "name ~* '^[A-Z]'"),
  c(TEXT, "name !~ '[0-9]'"),
  c(VARCHAR, "code ~ '^[A-Z]{3}$'"),
  c(TEXT, "name SIMILAR TO '[a-z]+'"),
  c(TEXT, "name SIMILAR TO '(foo|bar)%'"),
  c(TEXT, "name NOT SIMILAR TO '%[0-9]%'"),
  c(TEXT, "name LIKE 'a%'"),
  c(TEXT, "name ILIKE '%x%'"),
  c(VARCHAR, "code NOT LIKE '% %'"),
  w(TEXT, "name ~ '^tmp'"),
  // functions on char(n)
  c(CHAR, "upper(gender) IN ('M', 'F')"),
  c(CHAR, "lower(gender) = 'm' OR lower(gender) = 'f'"),
  c("code: char(3)", "length(code) = 3"),
  c("code: char(3)", "code ~ '^[A-Z]+$'"),
  x(CHAR, "upper(gender)"),
  c("code: char(3)", "trim(code) <> ''"),
  // arithmetic on mixed types
  c(INT, "qty > 0.5"),
  c(INT, "qty * 1.5 < 100"),
  c(`${NUM}, ${INT}`, "price * qty < 1000000"),
  c(`${NUM}, ${INT}`, "price / qty > 0.01"),
  c("ratio: real()", "ratio BETWEEN 0 AND 1"),
  c("ratio: doublePrecision()", "ratio < 1e3"),
  c("small: smallint()", "small + 1 > 0"),
  c("big: bigint()", "big > 2147483647 OR big < 0"),
  c(INT, "qty % 2 = 0"),
  c(INT, "-qty < 0"),
  g(`${NUM}, ${INT}`, "numeric()", "price * qty"),
  g(INT, "numeric()", "qty / 2.0"),
  d("numeric(10, 2)", "1/3"),
  d("doublePrecision()", "pi()"),
  d("integer()", "1 + 2"),
  // quoted identifiers
  c(`"Order Qty": integer()`, `"Order Qty" > 0`),
  c(`"select": integer()`, `"select" >= 0`),
  c(`"Name": text()`, `length("Name") > 0`),
  x(`"Mixed Case": text()`, `lower("Mixed Case")`),
  w(`"Is Active": boolean()`, `"Is Active"`),
  // operator precedence
  c(`a: integer(), b: integer(), cc: integer()`, "a + b * cc > 0"),
  c(`a: integer(), b: integer(), cc: integer()`, "(a + b) * cc > 0"),
  c(`a: boolean(), b: boolean(), cc: boolean()`, "a OR b AND cc"),
  c(`a: boolean(), b: boolean(), cc: boolean()`, "(a OR b) AND cc"),
  c(`a: integer(), b: integer()`, "NOT (a > b)"),
  c(`a: integer(), b: integer()`, "((a > 0)) AND ((b > 0))"),
  c(INT, "qty IS NULL OR qty > 0 AND qty < 10"),
  // booleans, nulls, strings
  c(BOOL, "flag IS NOT FALSE"),
  c(BOOL, "flag = true"),
  c(BOOL, "NOT flag OR flag"),
  c(`${TEXT}, nick: text()`, "name IS DISTINCT FROM nick"),
  c(TEXT, "name <> ''"),
  c(TEXT, "char_length(name) <= 200"),
  c(TEXT, "name = btrim(name)"),
  c(TEXT, "position('@' in name) > 1"),
  c(TEXT, "substring(name from 1 for 1) <> ' '"),
  c(TEXT, "name || '' <> 'x'"),
  d("text()", "'draft'"),
  d("text()", "'it''s'"),
  d("text()", "''"),
  d("varchar(10)", "'new'"),
  d("char(2)", "'a'"),
  d("boolean()", "'t'"),
  d("boolean()", "TRUE"),
  d("integer()", "'42'"),
  d("numeric(10, 2)", "'1.50'"),
  d("text()", "upper('x')"),
  d("text()", "md5(random()::text)"),
  d("uuid()", "gen_random_uuid()"),
  d("text().array()", "'{}'"),
  d("text().array()", "ARRAY['a', 'b']"),
  d("integer().array()", "'{1,2}'::int[]"),
  d("date()", "'2020-1-1'"),
  d("timestamptz()", "'2020-01-01 00:00:00+00'"),
  // indexes on expressions
  x(TEXT, "lower(name)"),
  x(TEXT, "upper(name::varchar)"),
  x(TSZ, "date_trunc('day', at AT TIME ZONE 'UTC')"),
  x(`${TEXT}, nick: text()`, "(name || ' ' || nick)"),
  x(INT, "(qty + 1)"),
  x(INT, "abs(qty)"),
  x(TEXT, "md5(name)"),
  x(DATE, "extract(year from day)"),
  w(TSZ, "at IS NOT NULL"),
  w(BOOL, "flag"),
  w(BOOL, "NOT flag"),
  w(`${TEXT}, ${INT}`, "name IS NOT NULL AND qty > 0"),
  w(TSZ, "at > '2020-01-01'"),
  w(INT, "qty > 0.5"),
  w(CHAR, "upper(gender) = 'M'"),
  // generated columns
  g(TEXT, "text()", "lower(name)"),
  g(`${TEXT}, nick: text()`, "text()", "name || ' ' || nick"),
  g(`a: integer(), b: integer()`, "integer()", "a + b"),
  g(CHAR, "text()", "upper(gender)"),
  g(JSONB, "text()", "doc ->> 'name'"),
  g(DATE, "integer()", "EXTRACT(year FROM day)::int"),
];
