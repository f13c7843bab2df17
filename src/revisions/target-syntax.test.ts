import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RetortError } from "../errors.js";
import { thrown } from "../../test/fixtures/revisions.js";
import { type Anchor, anchorText, parseOfflineRange, parseRange, parseTarget, type Target } from "./target-syntax.js";

describe("parseTarget", () => {
  const forms: readonly [string, Target][] = [
    ["head", { kind: "head", text: "head" }],
    ["heads", { kind: "heads", text: "heads" }],
    ["base", { kind: "base", text: "base" }],
    ["current", { kind: "current", text: "current" }],
    ["1975ea83b712", { kind: "revision", ref: "1975ea83b712", text: "1975ea83b712" }],
    ["1975", { kind: "revision", ref: "1975", text: "1975" }],
    ["networking", { kind: "revision", ref: "networking", text: "networking" }],
    // A label may hold characters a revision id may not; the grammar leaves the name to the graph.
    ["my.label", { kind: "revision", ref: "my.label", text: "my.label" }],
    ["networking@head", { kind: "branch", branch: "networking", at: { kind: "head" }, text: "networking@head" }],
    ["networking@heads", { kind: "branch", branch: "networking", at: { kind: "heads" }, text: "networking@heads" }],
    ["networking@base", { kind: "branch", branch: "networking", at: { kind: "base" }, text: "networking@base" }],
    ["networking@109e", { kind: "branch", branch: "networking", at: { kind: "revision", ref: "109e" }, text: "networking@109e" }],
    ["ae10@head", { kind: "branch", branch: "ae10", at: { kind: "head" }, text: "ae10@head" }],
    // Only the first `@` splits; the rest is a name the graph will not know.
    ["a@b@c", { kind: "branch", branch: "a", at: { kind: "revision", ref: "b@c" }, text: "a@b@c" }],
    // `current` is special only on its own.
    ["net@current", { kind: "branch", branch: "net", at: { kind: "revision", ref: "current" }, text: "net@current" }],
    ["+2", { kind: "relative", branch: undefined, from: { kind: "current" }, steps: 2, text: "+2" }],
    ["-1", { kind: "relative", branch: undefined, from: { kind: "current" }, steps: -1, text: "-1" }],
    ["+0", { kind: "relative", branch: undefined, from: { kind: "current" }, steps: 0, text: "+0" }],
    ["+007", { kind: "relative", branch: undefined, from: { kind: "current" }, steps: 7, text: "+007" }],
    ["networking@+2", { kind: "relative", branch: "networking", from: { kind: "current" }, steps: 2, text: "networking@+2" }],
    ["networking@-3", { kind: "relative", branch: "networking", from: { kind: "current" }, steps: -3, text: "networking@-3" }],
    ["head-2", { kind: "relative", branch: undefined, from: { kind: "head" }, steps: -2, text: "head-2" }],
    ["heads-1", { kind: "relative", branch: undefined, from: { kind: "heads" }, steps: -1, text: "heads-1" }],
    ["base+3", { kind: "relative", branch: undefined, from: { kind: "base" }, steps: 3, text: "base+3" }],
    ["ae10+1", { kind: "relative", branch: undefined, from: { kind: "revision", ref: "ae10" }, steps: 1, text: "ae10+1" }],
    ["current+1", { kind: "relative", branch: undefined, from: { kind: "revision", ref: "current" }, steps: 1, text: "current+1" }],
    ["shoppingcart@head-1", { kind: "relative", branch: "shoppingcart", from: { kind: "head" }, steps: -1, text: "shoppingcart@head-1" }],
    [
      "networking@109e-2",
      { kind: "relative", branch: "networking", from: { kind: "revision", ref: "109e" }, steps: -2, text: "networking@109e-2" },
    ],
    // The branch of a relative target runs to the last `@` (the anchor is a word).
    ["a@b@+1", { kind: "relative", branch: "a@b", from: { kind: "current" }, steps: 1, text: "a@b@+1" }],
    // Read as a move until the graph says `v-2` is a label (targets.ts prefers the label).
    ["v-2", { kind: "relative", branch: undefined, from: { kind: "revision", ref: "v" }, steps: -2, text: "v-2" }],
    // Not a word before the sign: a name, which no revision id can match.
    ["a.b+1", { kind: "revision", ref: "a.b+1", text: "a.b+1" }],
    // A move must end the text: anything after the number makes it a name.
    ["ae10+1x", { kind: "revision", ref: "ae10+1x", text: "ae10+1x" }],
    ["+1a", { kind: "revision", ref: "+1a", text: "+1a" }],
    ["net@+1x", { kind: "branch", branch: "net", at: { kind: "revision", ref: "+1x" }, text: "net@+1x" }],
  ];

  it.each(forms)("parses %j", (text, expected) => {
    const parsed = parseTarget(text);
    expect(parsed).toEqual(expected);
    expect(Object.isFrozen(parsed)).toBe(true);
  });

  it("keeps -0 apart from +0 (a downgrade by -0 and an upgrade by +0 are both refused by their sign)", () => {
    const minusZero = parseTarget("-0");
    expect(minusZero.kind === "relative" && Object.is(minusZero.steps, -0)).toBe(true);
  });

  const malformed: readonly [string, string, string][] = [
    ["", "Invalid target ''", "Give a revision id, head, heads, base, label@head, +N or -N."],
    ["   ", "Invalid target '   '", "Give a revision id, head, heads, base, label@head, +N or -N."],
    ["a b", "Invalid target 'a b'", "Give a revision id, head, heads, base, label@head, +N or -N."],
    ["head\t", "Invalid target 'head\t'", "Give a revision id, head, heads, base, label@head, +N or -N."],
    [
      "a:b",
      "Invalid target 'a:b': a range START:END is only accepted by `history -r` and with --sql",
      "Give a single target, e.g. head or 1975ea83b712.",
    ],
    [
      ":head",
      "Invalid target ':head': a range START:END is only accepted by `history -r` and with --sql",
      "Give a single target, e.g. head or 1975ea83b712.",
    ],
    ["@head", "Invalid target '@head'", "Write LABEL@head, LABEL@heads, LABEL@base, LABEL@REV, LABEL@+N or LABEL@-N."],
    ["core@", "Invalid target 'core@'", "Write LABEL@head, LABEL@heads, LABEL@base, LABEL@REV, LABEL@+N or LABEL@-N."],
    ["@", "Invalid target '@'", "Write LABEL@head, LABEL@heads, LABEL@base, LABEL@REV, LABEL@+N or LABEL@-N."],
    ["@+1", "Invalid target '@+1'", "Write LABEL@head, LABEL@heads, LABEL@base, LABEL@REV, LABEL@+N or LABEL@-N."],
  ];

  it.each(malformed)("rejects %j", (text, message, hint) => {
    const e = thrown(() => parseTarget(text));
    expect(e.code).toBe("invalid_target");
    expect(e.message).toBe(message);
    expect(e.hint).toBe(hint);
    expect(e.details["target"]).toBe(text);
  });

  it("gives an anchor back as it was written", () => {
    for (const text of ["head", "heads", "base", "ae10"]) {
      const parsed = parseTarget(`x@${text}`);
      expect(parsed.kind === "branch" && anchorText(parsed.at)).toBe(text);
    }
  });
});

describe("parseRange (history -r)", () => {
  it.each([
    ["a:b", "a", "b"],
    [":b", undefined, "b"],
    ["a:", "a", undefined],
    [":", undefined, undefined],
    [" current : networking@head ", "current", "networking@head"],
    ["networking@base:", "networking@base", undefined],
  ])("parses %j", (text, start, end) => {
    const range = parseRange(text);
    expect(range.text).toBe(text);
    expect(range.start).toEqual(start === undefined ? undefined : parseTarget(start));
    expect(range.end).toEqual(end === undefined ? undefined : parseTarget(end));
  });

  it.each(["head", "a:b:c", ""])("rejects %j without exactly one colon", (text) => {
    const e = thrown(() => parseRange(text));
    expect(e.code).toBe("invalid_target");
    expect(e.message).toBe(`History range requires [start]:[end], [start]: or :[end]; got '${text}'`);
    expect(e.hint).toBe("Write e.g. `-r 1975ea83b712:head`, `-r current:` or `-r :networking@head`.");
  });

  it("rejects a malformed end with the target's own error", () => {
    const e = thrown(() => parseRange("a b:head"));
    expect(e.message).toBe("Invalid target 'a b'");
    expect(thrown(() => parseRange("@head:")).message).toBe("Invalid target '@head'");
  });
});

describe("parseOfflineRange (--sql)", () => {
  it("starts from base without a START, for upgrade and stamp", () => {
    for (const command of ["upgrade", "stamp"] as const) {
      expect(parseOfflineRange("head", command)).toEqual({ start: { kind: "base", text: "base" }, end: parseTarget("head") });
      expect(parseOfflineRange(":ae10", command)).toEqual({ start: { kind: "base", text: "base" }, end: parseTarget("ae10") });
    }
  });

  it("parses START:END, splitting at the first colon", () => {
    expect(parseOfflineRange("1975ea83b712:head", "downgrade")).toEqual({
      start: parseTarget("1975ea83b712"),
      end: parseTarget("head"),
    });
    expect(parseOfflineRange("current:networking@+1", "upgrade")).toEqual({
      start: parseTarget("current"),
      end: parseTarget("networking@+1"),
    });
    expect(thrown(() => parseOfflineRange("a:b:c", "upgrade")).message).toBe(
      "Invalid target 'b:c': a range START:END is only accepted by `history -r` and with --sql",
    );
  });

  it("requires START:END for a downgrade, and an END always", () => {
    const down = thrown(() => parseOfflineRange("base", "downgrade"));
    expect(down.code).toBe("invalid_target");
    expect(down.message).toBe("downgrade with --sql requires <fromrev>:<torev>, not 'base'.");
    expect(down.hint).toBe("Name the revision the database is at, e.g. `retort downgrade 27c6a30d7c24:base --sql`.");
    const open = thrown(() => parseOfflineRange("ae10:", "upgrade"));
    expect(open.code).toBe("invalid_target");
    expect(open.message).toBe("'ae10:' names no end revision.");
    expect(open.hint).toBe("Write START:END, e.g. 1975ea83b712:head.");
  });
});

describe("parseTarget on any input", () => {
  it("either returns a frozen target holding the text as written, or throws invalid_target naming it", () => {
    const pieces = fc.constantFrom("head", "heads", "base", "current", "ae10", "net", "@", ":", "+", "-", "1", "42", " ", "", "_", ".");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 6 }), (parts) => {
        const text = parts.join("");
        let parsed: ReturnType<typeof parseTarget>;
        try {
          parsed = parseTarget(text);
        } catch (error) {
          expect(error).toBeInstanceOf(RetortError);
          expect((error as RetortError).code).toBe("invalid_target");
          expect((error as RetortError).message).toContain(`'${text}'`);
          return;
        }
        expect(parsed.text).toBe(text);
        expect(Object.isFrozen(parsed)).toBe(true);
        expect(text).not.toMatch(/[\s:]/);
        expect(text).not.toBe("");
        if (parsed.kind === "relative") expect(Number.parseInt(text.slice(text.search(/[+-]\d+$/)), 10)).toBe(parsed.steps);
        if (parsed.kind === "branch") expect(text).toBe(`${parsed.branch}@${anchorText(parsed.at)}`);
      }),
    );
  });
});

describe("parseTarget on written targets", () => {
  const names = fc.stringMatching(/^[a-z0-9_]{1,8}$/).filter((n) => !["head", "heads", "base", "current"].includes(n));
  const anchors = fc.oneof(
    fc.constantFrom<Anchor>({ kind: "head" }, { kind: "heads" }, { kind: "base" }),
    names.map((ref): Anchor => ({ kind: "revision", ref })),
  );

  it("reads back every target it can be given: name, label@anchor, [label@][anchor]±N", () => {
    fc.assert(
      fc.property(
        fc.option(names, { nil: undefined }),
        fc.option(anchors, { nil: undefined }),
        fc.integer({ min: -999, max: 999 }),
        (branch, at, steps) => {
          const sign = steps < 0 ? "-" : "+";
          const move = `${sign}${Math.abs(steps)}`;
          const prefix = branch === undefined ? "" : `${branch}@`;
          const anchor = at === undefined ? "" : anchorText(at);
          const relative = `${prefix}${anchor}${move}`;
          expect(parseTarget(relative)).toEqual({
            kind: "relative",
            branch,
            from: at ?? { kind: "current" },
            steps: steps === 0 && sign === "+" ? 0 : steps,
            text: relative,
          });
          if (at === undefined) return;
          const absolute = `${prefix}${anchor}`;
          expect(parseTarget(absolute)).toEqual(
            branch === undefined ? { ...at, text: absolute } : { kind: "branch", branch, at, text: absolute },
          );
        },
      ),
    );
  });
});
