import { describe, expect, it } from "vitest";
import { loadPg } from "./driver.js";

describe("loadPg", () => {
  it("loads the driver for Node.js and leaves `navigator` as it found it", () => {
    const before = Object.getOwnPropertyDescriptor(globalThis, "navigator");
    const pg = loadPg();
    expect(typeof pg.Client).toBe("function");
    expect(Object.getOwnPropertyDescriptor(globalThis, "navigator")).toEqual(before);
    expect(loadPg()).toBe(pg);
  });
});
