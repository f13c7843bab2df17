/**
 * The target grammar (DESIGN §1.1), parsed once where a command receives a target: `head`, `heads`, `base`,
 * `current`, a revision id, id prefix or branch label, `BRANCH@head|heads|base|REV`, relative `+N` / `-N`,
 * `BRANCH@+N`, `REV+N`, `head-N`, `BRANCH@REV-N`; ranges `START:END` for `history -r` and `--sql`.
 * Pure and graph-free: what a name refers to is decided when the target is resolved (targets.ts).
 */
import { RevisionGraphError } from "../errors.js";

/** A point of the graph a target or a walk starts from. */
export type Anchor =
  | { readonly kind: "head" }
  | { readonly kind: "heads" }
  | { readonly kind: "base" }
  /** A full revision id, a prefix of one, or a branch label. */
  | { readonly kind: "revision"; readonly ref: string };

/** The current heads (the version-table rows): the start of `+N` / `-N`. */
export interface CurrentHeads {
  readonly kind: "current";
}

/** A parsed target; `text` is the target as the user wrote it, for messages. */
export type Target = (
  | Anchor
  | CurrentHeads
  /** `BRANCH@head`, `BRANCH@REV`, …: `branch` is a branch label or a revision id (or prefix) naming its branch. */
  | { readonly kind: "branch"; readonly branch: string; readonly at: Anchor }
  /**
   * `steps` revisions up (positive) or down from `from`, along `branch` when one is named. Without a branch
   * the whole text may also be a branch label (`v-2`): an exact label wins over this reading.
   */
  | {
      readonly kind: "relative";
      readonly branch: string | undefined;
      readonly from: Anchor | CurrentHeads;
      readonly steps: number;
    }
) & { readonly text: string };

/** `START:END` of `history -r`; an open end is `undefined`. */
export interface TargetRange {
  /** The range as written, for messages. */
  readonly text: string;
  readonly start: Target | undefined;
  readonly end: Target | undefined;
}

/** The range of a `--sql` run: the revision(s) the database is taken to be at, and the target. */
export interface OfflineRange {
  readonly start: Target;
  readonly end: Target;
}

/** The start of a `--sql` run given no START. */
const BASE: Target = Object.freeze({ kind: "base", text: "base" });

const RELATIVE = /^(?:(.+?)@)?(\w+)?([+-]\d+)$/;

function invalid(target: string, message: string, hint: string): RevisionGraphError {
  return new RevisionGraphError("invalid_target", message, { hint, details: { target } });
}

function anchor(symbol: string): Anchor {
  switch (symbol) {
    case "head":
    case "heads":
    case "base":
      return { kind: symbol };
    default:
      return { kind: "revision", ref: symbol };
  }
}

/** The text of an anchor as a target spells it. */
export function anchorText(at: Anchor): string {
  return at.kind === "revision" ? at.ref : at.kind;
}

/**
 * Parses one target. Throws `invalid_target` for an empty target, one holding whitespace or a `:` (a range),
 * and for `@head` / `label@` (an empty side of `@`).
 */
export function parseTarget(text: string): Target {
  // Stryker disable next-line MethodExpression: a blank text holds whitespace, which the second test rejects anyway
  if (text.trim() === "" || /\s/.test(text)) {
    throw invalid(text, `Invalid target '${text}'`, "Give a revision id, head, heads, base, label@head, +N or -N.");
  }
  if (text.includes(":")) {
    throw invalid(
      text,
      `Invalid target '${text}': a range START:END is only accepted by \`history -r\` and with --sql`,
      "Give a single target, e.g. head or 1975ea83b712.",
    );
  }
  if (text === "current") return Object.freeze({ kind: "current", text });
  const relative = RELATIVE.exec(text);
  if (relative !== null) {
    const [, branch, symbol, delta] = relative;
    return Object.freeze({
      kind: "relative",
      branch,
      from: Object.freeze(symbol === undefined ? { kind: "current" } : anchor(symbol)),
      steps: Number.parseInt(delta as string, 10),
      text,
    });
  }
  const at = text.indexOf("@");
  if (at < 0) return Object.freeze({ ...anchor(text), text });
  const branch = text.slice(0, at);
  const symbol = text.slice(at + 1);
  if (branch === "" || symbol === "") {
    throw invalid(text, `Invalid target '${text}'`, "Write LABEL@head, LABEL@heads, LABEL@base, LABEL@REV, LABEL@+N or LABEL@-N.");
  }
  return Object.freeze({ kind: "branch", branch, at: Object.freeze(anchor(symbol)), text });
}

/** Parses `history -r START:END` (either end may be empty). Throws `invalid_target` without exactly one colon. */
export function parseRange(range: string): TargetRange {
  // Stryker disable next-line MethodExpression: each part is trimmed below, which covers the ends of the range
  const parts = range.trim().split(":");
  if (parts.length !== 2) {
    throw invalid(
      range,
      `History range requires [start]:[end], [start]: or :[end]; got '${range}'`,
      "Write e.g. `-r 1975ea83b712:head`, `-r current:` or `-r :networking@head`.",
    );
  }
  const [start, end] = parts.map((p) => p.trim()) as [string, string];
  return Object.freeze({
    text: range,
    start: start === "" ? undefined : parseTarget(start),
    end: end === "" ? undefined : parseTarget(end),
  });
}

/**
 * Parses the target of a `--sql` run, which reads no database: `START:END` (an empty START is base), or a
 * target alone, which starts from base for `upgrade` and `stamp` and is an error for `downgrade`.
 */
export function parseOfflineRange(text: string, command: "upgrade" | "downgrade" | "stamp"): OfflineRange {
  const colon = text.indexOf(":");
  if (colon < 0) {
    if (command === "downgrade") {
      throw new RevisionGraphError("invalid_target", `downgrade with --sql requires <fromrev>:<torev>, not '${text}'.`, {
        hint: "Name the revision the database is at, e.g. `retort downgrade 27c6a30d7c24:base --sql`.",
      });
    }
    return Object.freeze({ start: BASE, end: parseTarget(text) });
  }
  const start = text.slice(0, colon);
  const end = text.slice(colon + 1);
  if (end === "") {
    throw new RevisionGraphError("invalid_target", `'${text}' names no end revision.`, {
      hint: "Write START:END, e.g. 1975ea83b712:head.",
    });
  }
  return Object.freeze({ start: start === "" ? BASE : parseTarget(start), end: parseTarget(end) });
}
