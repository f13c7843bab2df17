import { describe, expect, it } from "vitest";
import { byCodeUnit, DEFAULT_SCHEMA, displayName, explicitSchema, indexBy, objectKey, schemaKey } from "./names.js";

describe("names", () => {
  it("compares the default schema spelled or not as one", () => {
    expect(DEFAULT_SCHEMA).toBe("public");
    expect(schemaKey(undefined)).toBe("public");
    expect(schemaKey("public")).toBe("public");
    expect(schemaKey("inventory")).toBe("inventory");
    expect(objectKey(undefined, "movies")).toBe("public.movies");
    expect(objectKey("public", "movies")).toBe(objectKey(undefined, "movies"));
    expect(objectKey("inventory", "items")).toBe("inventory.items");
  });

  it("writes only a schema other than the default", () => {
    expect(explicitSchema(undefined)).toBeUndefined();
    expect(explicitSchema("public")).toBeUndefined();
    expect(explicitSchema("inventory")).toBe("inventory");
    expect(displayName(undefined, "movies")).toBe("movies");
    expect(displayName("public", "movies")).toBe("movies");
    expect(displayName("inventory", "items")).toBe("inventory.items");
  });

  it("sorts by code unit, whatever the locale", () => {
    expect(byCodeUnit("a", "b")).toBe(-1);
    expect(byCodeUnit("b", "a")).toBe(1);
    expect(byCodeUnit("a", "a")).toBe(0);
    expect(["b", "a", "B", "é", "_", "A"].sort(byCodeUnit)).toEqual(["A", "B", "_", "a", "b", "é"]);
  });

  it("indexes items by key, the last one winning", () => {
    const map = indexBy(
      [
        { name: "a", n: 1 },
        { name: "b", n: 2 },
        { name: "a", n: 3 },
      ],
      (item) => item.name,
    );
    expect([...map]).toEqual([
      ["a", { name: "a", n: 3 }],
      ["b", { name: "b", n: 2 }],
    ]);
  });
});
