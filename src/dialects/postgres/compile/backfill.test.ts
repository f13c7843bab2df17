import { describe, expect, it } from "vitest";
import type { BackfillOp } from "../../../ops/operation.js";
import { backfillSql, compileBackfill } from "./backfill.js";

const op = (overrides: Partial<BackfillOp> = {}): BackfillOp => ({
  kind: "backfill",
  table: "movies",
  set: [
    { column: "slug", value: { kind: "sql", sql: "lower(title)" } },
    { column: "checked", value: false },
  ],
  batchSize: 500,
  ...overrides,
});

describe("backfill SQL", () => {
  it("the first batch: the rows matching where, by key, locked, updated, and the last key returned", () => {
    expect(backfillSql.batch(op({ where: "slug IS NULL" }), ["id"], undefined)).toBe(`WITH batch AS (
  SELECT "id" AS "retort_key_0" FROM "movies" WHERE (slug IS NULL)
  ORDER BY "id" LIMIT 500 FOR UPDATE
), updated AS (
  UPDATE "movies" SET "slug" = lower(title), "checked" = false FROM batch WHERE "movies"."id" = batch."retort_key_0" RETURNING 1
)
SELECT (SELECT count(*) FROM updated)::integer AS "rows", batch."retort_key_0"::text AS "key_0" FROM batch ORDER BY batch."retort_key_0" DESC LIMIT 1`);
  });

  it("a later batch starts after the last key, compared as a row for a composite key", () => {
    const sql = backfillSql.batch(op({ schema: "film" }), ["region", "code"], ["eu", "it's"]);
    expect(sql).toContain(`FROM "film"."movies" WHERE ("region", "code") > ('eu', 'it''s')`);
    expect(sql).toContain(`ORDER BY "region", "code" LIMIT 500 FOR UPDATE`);
    expect(sql).toContain(`WHERE "film"."movies"."region" = batch."retort_key_0" AND "film"."movies"."code" = batch."retort_key_1"`);
    expect(sql).toContain(`batch."retort_key_0"::text AS "key_0", batch."retort_key_1"::text AS "key_1"`);
    expect(sql).toContain(`ORDER BY batch."retort_key_0" DESC, batch."retort_key_1" DESC LIMIT 1`);
  });

  it("reads the primary key in key order", () => {
    expect(backfillSql.primaryKey("movies", "film")).toContain(`to_regclass('"film"."movies"') AND i.indisprimary`);
    expect(backfillSql.primaryKey("movies", undefined)).toContain("ORDER BY array_position(i.indkey::int2[], a.attnum)");
  });

  it("is one UPDATE, after a comment, in a --sql script", () => {
    expect(compileBackfill(op({ key: ["code"] }))).toEqual([
      `-- op.backfill: online in batches of 500 rows by (code), each committed on its own; here one UPDATE\nUPDATE "movies" SET "slug" = lower(title), "checked" = false`,
    ]);
  });
});
