import { describe, expect, it } from "vitest";
import type { ColumnType } from "../../schema/model.js";
import { describeDataLoss } from "../../autogenerate/data-loss.js";
import { describeOperation } from "../../autogenerate/describe.js";
import { postgresComparison } from "./comparison.js";
import { castsAutomatically, classifyTypeChange, suggestUsing } from "./type-change.js";

const t = (kind: string, extra: object = {}): ColumnType => ({ kind, ...extra }) as ColumnType;

describe("type changes", () => {
  it.each([
    [t("integer"), t("bigint"), "widening", true],
    [t("bigint"), t("integer"), "narrowing", true],
    [t("varchar", { length: 100 }), t("varchar", { length: 200 }), "widening", true],
    [t("varchar", { length: 200 }), t("varchar", { length: 100 }), "narrowing", true],
    [t("varchar", { length: 200 }), t("text"), "widening", true],
    [t("text"), t("varchar", { length: 10 }), "narrowing", true],
    [t("numeric", { precision: 10, scale: 2 }), t("numeric", { precision: 12, scale: 2 }), "widening", true],
    [t("numeric", { precision: 10, scale: 2 }), t("numeric", { precision: 10, scale: 1 }), "narrowing", true],
    [t("timestamp", { withTimeZone: false }), t("timestamp", { withTimeZone: true }), "widening", true],
    [t("text"), t("integer"), "conversion", false],
    [t("integer"), t("boolean"), "conversion", false],
    [t("text"), t("enum", { name: "genre" }), "conversion", false],
    [t("enum", { name: "genre" }), t("text"), "widening", true],
    [t("json"), t("jsonb"), "widening", true],
    [t("array", { element: t("integer"), dimensions: 1 }), t("array", { element: t("bigint"), dimensions: 1 }), "widening", true],
  ])("%j → %j is a %s (automatic cast: %s)", (from, to, kind, automatic) => {
    expect(classifyTypeChange(from, to)).toBe(kind);
    expect(castsAutomatically(from, to)).toBe(automatic);
  });

  it("suggests a USING cast only where PostgreSQL needs one", () => {
    expect(suggestUsing("year", t("text"), t("integer"))).toBe('"year"::integer');
    expect(suggestUsing("year", t("integer"), t("text"))).toBeUndefined();
    expect(suggestUsing("at", t("text"), t("timestamp", { withTimeZone: true }))).toBe(
      '"at"::timestamp without time zone'.replace("without", "with"),
    );
  });
});

describe("data loss and descriptions", () => {
  it("marks drops and narrowing type changes, not widenings", () => {
    expect(describeDataLoss({ kind: "dropTable", name: "movies" }, postgresComparison)).toBe("drops table movies and all its rows");
    expect(describeDataLoss({ kind: "dropColumn", table: "movies", schema: "cinema", name: "title" }, postgresComparison)).toBe(
      "drops column cinema.movies.title and its values",
    );
    expect(
      describeDataLoss(
        { kind: "alterColumn", table: "movies", column: "id", type: { from: t("bigint"), to: t("integer") } },
        postgresComparison,
      ),
    ).toBe("narrows movies.id from bigint to integer: values that do not fit are cut or make the migration fail");
    expect(
      describeDataLoss(
        { kind: "alterColumn", table: "movies", column: "id", type: { from: t("integer"), to: t("bigint") } },
        postgresComparison,
      ),
    ).toBeUndefined();
    expect(
      describeDataLoss({ kind: "createEnum", enumType: { kind: "enumType", name: "g", values: [] } }, postgresComparison),
    ).toBeUndefined();
  });

  it("describes operations in a line", () => {
    expect(describeOperation({ kind: "alterColumn", table: "movies", column: "title", newName: "name" })).toBe(
      "rename column movies.title to name",
    );
    expect(
      describeOperation({
        kind: "alterColumn",
        table: "movies",
        column: "title",
        nullable: { from: false, to: true },
        type: { to: t("text") },
      }),
    ).toBe("alter column movies.title (type, nullable)");
    expect(describeOperation({ kind: "addEnumValue", enumName: "genre", value: "horror", after: "drama" })).toBe(
      "add value 'horror' to enum genre",
    );
  });
});
