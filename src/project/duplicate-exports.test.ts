import { describe, expect, it } from "vitest";
import { rejectDuplicateExports } from "./duplicate-exports.js";

describe("rejectDuplicateExports", () => {
  it("names the second export of a name with its line and column", () => {
    const source = "export async function upgrade() {}\n\nexport async function downgrade() {}\n  export function upgrade() {}\n";
    expect(() => rejectDuplicateExports(source, "/v/a1.ts")).toThrow("Error transforming /v/a1.ts: Duplicate export 'upgrade' (4:18)");
  });

  it("accepts distinct exports, and ignores commented-out ones", () => {
    const source =
      'export const revision = "a1";\n// export const revision = "b2";\n/* export async function upgrade() {} */\nexport async function upgrade() {}\n';
    expect(() => rejectDuplicateExports(source, "/v/a1.ts")).not.toThrow();
  });

  it("catches a const exported twice", () => {
    expect(() => rejectDuplicateExports("export const message = 'a';\nexport const message = 'b';\n", "/v/x.ts")).toThrow(
      /Duplicate export 'message' \(2:13\)/,
    );
  });
});
