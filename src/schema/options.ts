import { SchemaError } from "../errors.js";

/**
 * Rejects option keys a builder does not know. TypeScript catches them in a typed file, but not in a `.js`
 * models module, behind a cast or in an object built elsewhere; a misspelt key (Drizzle's `withTimezone`
 * for `withTimeZone`) would otherwise be dropped and give another schema than the one written.
 */
export function checkOptions(builder: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new SchemaError(`${builder}: the options must be an object, not ${describe(options)}`, {
      hint: `Its options are ${list(known)}.`,
      details: { builder },
    });
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const close = closestKey(key, known);
    throw new SchemaError(`${builder}: unknown option '${key}'${close === undefined ? "" : ` (did you mean '${close}'?)`}`, {
      hint: `Its options are ${list(known)}.`,
      details: { builder, option: key },
    });
  }
}

/** The known key a misspelt one most likely meant: the same letters in another case, or one or two edits away. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameLetters = known.find((candidate) => candidate.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(key.length / 3));
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= bestDistance && (best === undefined || distance < bestDistance)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

function list(keys: readonly string[]): string {
  return keys.map((key) => `'${key}'`).join(", ");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? JSON.stringify(value) : typeof value;
}
