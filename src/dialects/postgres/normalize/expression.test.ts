import { describe, expect, test } from "vitest";
import type { ColumnType } from "../../../schema/model.js";
import { normalizeExpression } from "./expression.js";

const columns = new Map<string, ColumnType>([
  ["status", { kind: "varchar", length: 20 }],
  ["title", { kind: "varchar" }],
  ["body", { kind: "text" }],
  ["code", { kind: "char", length: 2 }],
  ["tags", { kind: "array", element: { kind: "varchar", length: 20 }, dimensions: 1 }],
  ["price", { kind: "numeric", precision: 10, scale: 2 }],
  ["n", { kind: "integer" }],
]);
const context = { columns };

/** [as a model writes it, as PostgreSQL renders it (pg_get_constraintdef / pg_get_expr, pretty), canonical]. */
const pairs: readonly (readonly [string, string, string])[] = [
  ["price > 0", "price > 0::numeric", "price > 0"],
  ["(price >= 0) AND (price < 1000000)", "price >= 0::numeric AND price < 1000000::numeric", "price >= 0 AND price < 1000000"],
  ["status IN ('a', 'b')", "status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])", "status IN ('a', 'b')"],
  [
    "status not in ('a','b')",
    "status::text <> ALL (ARRAY['a'::character varying, 'b'::character varying]::text[])",
    "status NOT IN ('a', 'b')",
  ],
  ["code in ('x', 'y')", "code = ANY (ARRAY['x'::bpchar, 'y'::bpchar])", "code IN ('x', 'y')"],
  ["n IN (1, 2, 3)", "n = ANY (ARRAY[1, 2, 3])", "n IN (1, 2, 3)"],
  ["body <> ''", "body <> ''::text", "body <> ''"],
  ["title != 'unknown'", "title::text <> 'unknown'::text", "title <> 'unknown'"],
  ["title LIKE 'a%'", "title::text ~~ 'a%'::text", "title LIKE 'a%'"],
  ["body not ilike 'b'", "body !~~* 'b'::text", "body NOT ILIKE 'b'"],
  ["title ~ '^[a-z]+$'", "title::text ~ '^[a-z]+$'::text", "title ~ '^[a-z]+$'"],
  ["n BETWEEN 1 AND 5", "n >= 1 AND n <= 5", "n >= 1 AND n <= 5"],
  [
    "char_length(title) between 1 and 200",
    "char_length(title::text) >= 1 AND char_length(title::text) <= 200",
    "char_length(title) >= 1 AND char_length(title) <= 200",
  ],
  [
    "price IS NULL OR price BETWEEN 0 AND 100",
    "price IS NULL OR price >= 0::numeric AND price <= 100::numeric",
    "price IS NULL OR price >= 0 AND price <= 100",
  ],
  ["not (n = 3)", "NOT n = 3", "NOT n = 3"],
  ["n isnull", "n IS NULL", "n IS NULL"],
  ["((n > 0) AND (n < 10)) OR (n = 100)", "n > 0 AND n < 10 OR n = 100", "n > 0 AND n < 10 OR n = 100"],
  ["email = lower(email)", "email = lower(email)", "email = lower(email)"],
  ["title = lower(title)", "title::text = lower(title::text)", "title = lower(title)"],
  ["lower(title)", "lower(title::text)", "lower(title)"],
  ["(n + 1)", "(n + 1)", "n + 1"],
  ["body || 'x'", "(body || 'x'::text)", "body || 'x'"],
  ["payload->>'kind'", "(payload ->> 'kind'::text)", "payload ->> 'kind'"],
  ["lower(coalesce(body, ''))", "lower(COALESCE(body, ''::text))", "lower(coalesce(body, ''))"],
  ["n = -1", "n = '-1'::integer", "n = -1"],
  [
    "created_at > now() - interval '1 day'",
    "created_at > (now() - '1 day'::interval)",
    "created_at > CURRENT_TIMESTAMP - '1 day'::interval",
  ],
  ["\"title\" <> ''", "title::text <> ''::text", "title <> ''"],
  ["CAST(n AS int4) > 5", "n > 5", "n > 5"],
  ["tags @> ARRAY['a']", "tags::text[] @> ARRAY['a'::text]", "tags @> ARRAY['a']"],
  ["mood = 'happy'", "mood = 'happy'::mood", "mood = 'happy'"],
  ["d > '2020-01-01'", "d > '2020-01-01'::date", "d > '2020-01-01'"],
  [
    "CASE WHEN (n > 0) THEN 'p' ELSE 'n' END = 'p'",
    "CASE WHEN n > 0 THEN 'p'::text ELSE 'n'::text END = 'p'::text",
    "CASE WHEN n > 0 THEN 'p' ELSE 'n' END = 'p'",
  ],
];

describe("normalizeExpression", () => {
  test.each(pairs)("%s ≡ %s", (model, catalog, canonical) => {
    expect(normalizeExpression(model, context)).toBe(canonical);
    expect(normalizeExpression(catalog, context)).toBe(canonical);
  });

  test("is idempotent", () => {
    for (const [, , canonical] of pairs) expect(normalizeExpression(canonical, context)).toBe(canonical);
  });

  test.each([
    ["(a OR b) AND c", "(a OR b) AND c"],
    ["(a + b) * c", "(a + b) * c"],
    ["a - (b - c)", "a - (b - c)"],
    ["(a - b) + c", "a - b + c"],
    ["a + (b * c)", "a + b * c"],
    ["NOT (a AND b)", "NOT (a AND b)"],
    ["a AND (b AND c)", "a AND b AND c"],
    ["(a = b) IS TRUE", "a = b IS TRUE"],
    ["(n + 1)::text", "(n + 1)::text"],
    ["(-1)::integer", "(-1)::integer"],
    ["(tags)[1]", "(tags)[1]"],
    ["(a, b) = (c, d)", "(a, b) = (c, d)"],
    ["f((x))", "f(x)"],
  ])("keeps parentheses that matter: %s", (input, canonical) => {
    expect(normalizeExpression(input)).toBe(canonical);
  });

  test("spells keywords upper case, names lower case, and keeps needed quotes", () => {
    expect(normalizeExpression('"Price" > 0 and "user" = \'x\' AND Name IS not null')).toBe(
      '"Price" > 0 AND "user" = \'x\' AND name IS NOT NULL',
    );
    expect(normalizeExpression("x = E'it\\'s'")).toBe("x = 'it''s'");
    expect(normalizeExpression("x = $$a'b$$ -- comment")).toBe("x = 'a''b'");
  });

  test("an integer column compared with a decimal loses the numeric cast PostgreSQL adds, and only there", () => {
    expect(normalizeExpression("n > 0.5", context)).toBe("n > 0.5");
    expect(normalizeExpression("(n)::numeric > 0.5", context)).toBe("n > 0.5");
    expect(normalizeExpression("0.5 <= (n)::numeric AND n < 10", context)).toBe("0.5 <= n AND n < 10");
    expect(normalizeExpression("n::numeric / 2 > 0.5", context)).toBe("n::numeric / 2 > 0.5");
    expect(normalizeExpression("n::numeric > 1", context)).toBe("n::numeric > 1");
    expect(normalizeExpression("n::numeric > 0.5 + x", context)).toBe("n::numeric > 0.5 + x");
    expect(normalizeExpression("body::numeric > 0.5", context)).toBe("body::numeric > 0.5");
  });

  test("a literal cast to text before another cast keeps it: the second cast runs when evaluated", () => {
    expect(normalizeExpression("('now'::text)::date")).toBe("'now'::text::date");
    expect(normalizeExpression("'now'::text::date")).toBe("'now'::text::date");
  });

  test("an integer literal next to a decimal in arithmetic loses the numeric cast PostgreSQL adds", () => {
    expect(normalizeExpression("(0.5 + (1)::numeric)")).toBe("0.5 + 1");
    expect(normalizeExpression("((2)::numeric * 1.5)")).toBe("2 * 1.5");
    expect(normalizeExpression("0.5 + 1")).toBe("0.5 + 1");
    expect(normalizeExpression("1::numeric / 2")).toBe("1::numeric / 2");
    expect(normalizeExpression("x * 0.5 + 1::numeric")).toBe("x * 0.5 + 1::numeric");
    expect(normalizeExpression("((price * 2::numeric) < 1000::numeric)", context)).toBe("price * 2 < 1000");
    expect(normalizeExpression("price * 2 < 1000", context)).toBe("price * 2 < 1000");
    expect(normalizeExpression("n * 2::numeric < 1000", context)).toBe("n * 2::numeric < 1000");
  });

  test("casts the model writes on other columns or non-literals stay", () => {
    expect(normalizeExpression("n::text = '5'", context)).toBe("n::text = '5'");
    expect(normalizeExpression("code::text = 'ab'", context)).toBe("code::text = 'ab'");
    expect(normalizeExpression("'2020-01-01'::date + 1")).toBe("'2020-01-01'::date + 1");
    expect(normalizeExpression("x::timestamptz")).toBe("x::timestamp with time zone");
  });
});
