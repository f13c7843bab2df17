import { describe, expect, it } from "vitest";
import type { MigrationStep } from "../revisions/revision.js";
import { PROGRESS_MIN_STEPS, progress } from "./progress.js";

const step = (revision: string): MigrationStep => ({
  direction: "upgrade",
  revision,
  lower: [],
  upper: [revision],
  deleteRows: [],
  insertRows: [revision],
});

function run(terminal: boolean, total: number): string {
  let text = "";
  const shown = progress((chunk) => (text += chunk), terminal);
  for (let i = 0; i < total; i++) {
    shown.step(step(`r${i}`), i, total);
    shown.log(`Running upgrade r${i}`);
  }
  shown.done();
  return text;
}

describe("progress", () => {
  it("keeps a rewritten progress line below the log lines on a terminal, and clears it at the end", () => {
    const text = run(true, PROGRESS_MIN_STEPS);
    expect(text.startsWith("\r\u001b[K[1/5] upgrade r0\r\u001b[KRunning upgrade r0\n[1/5] upgrade r0")).toBe(true);
    expect(text).toContain("\r\u001b[K[5/5] upgrade r4\r\u001b[KRunning upgrade r4\n[5/5] upgrade r4");
    expect(text.endsWith("[5/5] upgrade r4\r\u001b[K")).toBe(true);
  });

  it("prints only the log lines off a terminal and for short runs", () => {
    const lines = Array.from({ length: PROGRESS_MIN_STEPS }, (_, i) => `Running upgrade r${i}\n`).join("");
    expect(run(false, PROGRESS_MIN_STEPS)).toBe(lines);
    expect(run(true, PROGRESS_MIN_STEPS - 1)).toBe(
      lines
        .split("\n")
        .slice(0, PROGRESS_MIN_STEPS - 1)
        .map((l) => `${l}\n`)
        .join(""),
    );
  });
});
