import { describe, expect, test } from "vitest";
import { conventionName, shortenedObjectName } from "./naming.js";

const bytes = (name: string): number => Buffer.byteLength(name, "utf8");

describe("shortenedObjectName", () => {
  test("leaves names that fit alone", () => {
    expect(shortenedObjectName("movies", "title", "key")).toBe("movies_title_key");
    expect(shortenedObjectName("movies", undefined, "pkey")).toBe("movies_pkey");
    expect(shortenedObjectName("t".repeat(58), undefined, "pkey")).toBe(`${"t".repeat(58)}_pkey`);
  });

  test("cuts the longer part first and keeps the label whole", () => {
    expect(shortenedObjectName("t".repeat(59), undefined, "pkey")).toBe(`${"t".repeat(58)}_pkey`);
    // 58 bytes for the two parts: the 40-byte table gives two.
    expect(shortenedObjectName("t".repeat(40), "c".repeat(20), "key")).toBe(`${"t".repeat(38)}_${"c".repeat(20)}_key`);
    // Equally long parts: the second gives the odd byte.
    expect(shortenedObjectName("t".repeat(63), "c".repeat(63), "key")).toBe(`${"t".repeat(29)}_${"c".repeat(29)}_key`);
    expect(shortenedObjectName("t".repeat(63), "c".repeat(63), "fkey")).toBe(`${"t".repeat(29)}_${"c".repeat(28)}_fkey`);
  });

  test("cuts on character boundaries, so a part may lose a few more bytes", () => {
    // 29 bytes allowed for each part: 14 two-byte letters, 7 emoji.
    expect(shortenedObjectName("é".repeat(31), "😀".repeat(15), "key")).toBe(`${"é".repeat(14)}_${"😀".repeat(7)}_key`);
    for (const name of ["é".repeat(31), `a${"😀".repeat(15)}bc`, "x".repeat(63)]) {
      for (const label of ["pkey", "key", "fkey", "check"]) {
        const shortened = shortenedObjectName(name, name, label);
        expect(bytes(shortened)).toBeLessThanOrEqual(63);
        expect(shortened).not.toContain("\uFFFD");
        expect(shortened.endsWith(`_${label}`)).toBe(true);
      }
    }
  });
});

describe("conventionName", () => {
  test("shortens only the default templates", () => {
    const context = { table: "é".repeat(31), columns: ["a".repeat(40)] };
    expect(bytes(conventionName(undefined, "uq", context))).toBeLessThanOrEqual(63);
    expect(conventionName({ uq: "{table}_{columns}_key" }, "uq", context)).toBe(conventionName(undefined, "uq", context));
    expect(conventionName({ uq: "uq_{table}_{columns}" }, "uq", context)).toBe(`uq_${"é".repeat(31)}_${"a".repeat(40)}`);
  });
});
