import { beforeEach, describe, expect, it } from "vitest";
import type { UndeclaredDependency } from "../dialects/dialect.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { dependenciesOfModels, describeDependency } from "./dependencies.js";

describe("undeclared dependencies", () => {
  let sequence: UndeclaredDependency;
  let domain: UndeclaredDependency;
  let range: UndeclaredDependency;

  beforeEach(() => {
    sequence = {
      table: { schema: "public", name: "actor" },
      column: "id",
      kind: "sequence",
      object: { schema: "public", name: "actor_seq" },
    };
    domain = {
      table: { schema: "sales", name: "film" },
      column: "year",
      kind: "domain",
      object: { schema: "sales", name: "year" },
      create: "CREATE DOMAIN sales.year AS integer",
      drop: "DROP DOMAIN sales.year",
    };
    range = {
      table: { schema: "public", name: "booking" },
      column: "during",
      kind: "rangeType",
      object: { schema: "public", name: "span" },
    };
  });

  it("names the column, the object and where the column uses it, the default schema left out", () => {
    expect(describeDependency(sequence)).toBe("actor.id: sequence actor_seq (its default)");
    expect(describeDependency(domain)).toBe("sales.film.year: domain sales.year (its type)");
    expect(describeDependency(range)).toBe("booking.during: range type span (its type)");
    expect(describeDependency({ ...range, kind: "compositeType" })).toBe("booking.during: composite type span (its type)");
  });

  it("keeps the dependencies of columns the models declare", () => {
    const models: SchemaSnapshot = {
      tables: [
        {
          name: "actor",
          columns: [{ name: "id", type: { kind: "integer" }, nullable: false }],
          uniqueConstraints: [],
          foreignKeys: [],
          checkConstraints: [],
          indexes: [],
        },
        {
          name: "film",
          schema: "sales",
          columns: [{ name: "title", type: { kind: "text" }, nullable: true }],
          uniqueConstraints: [],
          foreignKeys: [],
          checkConstraints: [],
          indexes: [],
        },
      ],
      enums: [],
      sequences: [],
      schemas: [],
    };
    expect(dependenciesOfModels([sequence, domain, range], models)).toEqual([sequence]);
  });
});
