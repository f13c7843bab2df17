import { describe, expect, it } from "vitest";
import { positionalParameters, splitStatements } from "./session.js";

describe("SQLite session text", () => {
  it("numbers parameters SQLite's way, outside strings and quoted names", () => {
    expect(positionalParameters(`SELECT $1, '$2', "$3", $10`)).toBe(`SELECT ?1, '$2', "$3", ?10`);
  });

  it("splits statements at semicolons outside strings, comments and trigger bodies", () => {
    expect(
      splitStatements(`CREATE TABLE a (x TEXT DEFAULT ';');
-- a comment; with a semicolon
CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT CASE WHEN 1 THEN 'x;' END; INSERT INTO b VALUES (1); END;
SELECT "semi;colon" FROM a`),
    ).toEqual([
      "CREATE TABLE a (x TEXT DEFAULT ';')",
      "-- a comment; with a semicolon\nCREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT CASE WHEN 1 THEN 'x;' END; INSERT INTO b VALUES (1); END",
      'SELECT "semi;colon" FROM a',
    ]);
  });
});
