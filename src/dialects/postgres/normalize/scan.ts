/**
 * Navigation over expression tokens: matching brackets, the extent of a simple operand, a cast's target type.
 */
import { isName, isToken, textOf, type Token } from "./tokens.js";

const PAIRS: Readonly<Record<string, string>> = { "(": ")", "[": "]" };

/** The index of the bracket closing the one at `open`, or -1. */
export function matchClose(tokens: readonly Token[], open: number): number {
  const opener = tokens[open];
  const closer = opener?.kind === "punct" ? PAIRS[opener.text] : undefined;
  if (closer === undefined) return -1;
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isToken(tokens[i], textOf(opener)!)) depth++;
    else if (isToken(tokens[i], closer)) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The index of the bracket opening the one at `close`, or -1. */
export function matchOpen(tokens: readonly Token[], close: number): number {
  const closer = tokens[close];
  const opener = isToken(closer, ")") ? "(" : isToken(closer, "]") ? "[" : undefined;
  if (opener === undefined) return -1;
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (isToken(tokens[i], textOf(closer)!)) depth++;
    else if (isToken(tokens[i], opener)) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Skips `::type` suffixes and subscripts from `i`. */
function skipSuffixes(tokens: readonly Token[], i: number): number {
  let j = i;
  for (;;) {
    if (isToken(tokens[j], "::") && tokens[j + 1]?.kind === "type") j += 2;
    else if (isToken(tokens[j], "[")) {
      const close = matchClose(tokens, j);
      if (close < 0) return j;
      j = close + 1;
    } else return j;
  }
}

/**
 * The end (exclusive) of the simple operand starting at `start`: a literal, a (qualified) name, a function
 * call or a parenthesised group, with casts and subscripts; -1 when something else starts there.
 */
export function primaryEnd(tokens: readonly Token[], start: number): number {
  const token = tokens[start];
  if (token === undefined) return -1;
  let j: number;
  if (isToken(token, "(")) {
    const close = matchClose(tokens, start);
    if (close < 0) return -1;
    j = close + 1;
  } else if (token.kind === "string" || token.kind === "number") {
    j = start + 1;
  } else if (isName(token)) {
    j = start + 1;
    while (isToken(tokens[j], ".") && isName(tokens[j + 1])) j += 2;
    if (isToken(tokens[j], "(")) {
      const close = matchClose(tokens, j);
      if (close < 0) return -1;
      j = close + 1;
    }
  } else {
    return -1;
  }
  return skipSuffixes(tokens, j);
}

/** The start of the simple operand that ends just before `end` (see {@link primaryEnd}); -1 when there is none. */
export function primaryStart(tokens: readonly Token[], end: number): number {
  let j = end - 1;
  while (j >= 1 && tokens[j]?.kind === "type" && isToken(tokens[j - 1], "::")) j -= 2;
  const token = tokens[j];
  if (token === undefined) return -1;
  if (isToken(token, ")")) {
    j = matchOpen(tokens, j);
    if (j < 0) return -1;
    if (isName(tokens[j - 1])) j--;
  } else if (!(token.kind === "string" || token.kind === "number" || isName(token))) {
    return -1;
  }
  while (isToken(tokens[j - 1], ".") && isName(tokens[j - 2])) j -= 2;
  return primaryEnd(tokens, j) === end ? j : -1;
}

const TWO_WORD_TYPES: Readonly<Record<string, string>> = { character: "varying", char: "varying", double: "precision", bit: "varying" };

/** The target of a cast starting at `start` (after `::` or `AS`), as SQL text, and where it ends (exclusive). */
export function castTypeAt(tokens: readonly Token[], start: number): { readonly text: string; readonly end: number } | undefined {
  if (!isName(tokens[start])) return undefined;
  let j = start + 1;
  while (isToken(tokens[j], ".") && isName(tokens[j + 1])) j += 2;
  const last = tokens[j - 1]!;
  if (last.kind === "word" && TWO_WORD_TYPES[last.text] !== undefined && isToken(tokens[j], TWO_WORD_TYPES[last.text]!)) j++;
  if (isToken(tokens[j], "(")) {
    const close = matchClose(tokens, j);
    const inside = tokens.slice(j + 1, close);
    if (close > 0 && inside.every((t) => t.kind === "number" || isToken(t, ",") || isName(t))) j = close + 1;
  }
  if (
    last.kind === "word" &&
    (last.text === "time" || last.text === "timestamp") &&
    (isToken(tokens[j], "with") || isToken(tokens[j], "without")) &&
    isToken(tokens[j + 1], "time") &&
    isToken(tokens[j + 2], "zone")
  ) {
    j += 3;
  }
  while (isToken(tokens[j], "[")) {
    const close = matchClose(tokens, j);
    if (close < 0) break;
    j = close + 1;
  }
  const text = tokens
    .slice(start, j)
    .map((t) => (t.kind === "quoted" ? `"${t.text.replaceAll('"', '""')}"` : t.kind === "string" ? `'${t.value}'` : t.text))
    .join(" ");
  return { text, end: j };
}
