import { describe, expect, it } from "vitest";
import { literalPasswordUrls } from "./literal-secrets.js";

describe("literalPasswordUrls", () => {
  it("finds a URL whose password is written in the config, masked", () => {
    const source = `export default defineConfig({ url: process.env.DATABASE_URL ?? "postgres://app:s3cret@db:5432/app" });\n`;
    expect(literalPasswordUrls(source)).toEqual(["postgres://app:***@db:5432/app"]);
    expect(literalPasswordUrls(`const u = 'mysql://root:pw@localhost/x';`)).toEqual(["mysql://root:***@localhost/x"]);
  });

  it("ignores URLs without a password, passwords from the environment, and comments", () => {
    expect(literalPasswordUrls(`url: "postgres://app@db/app"`)).toEqual([]);
    expect(literalPasswordUrls("url: `postgres://app:${process.env.PW}@db/app`")).toEqual([]);
    expect(literalPasswordUrls(`// url: "postgres://app:s3cret@db/app"`)).toEqual([]);
    expect(literalPasswordUrls(`url: "embedded:./.retort/dev"`)).toEqual([]);
  });
});
