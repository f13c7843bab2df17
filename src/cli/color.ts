/**
 * Whether stderr gets colours: `FORCE_COLOR` (anything but `0` or `false`) turns them on, else a non-empty
 * `NO_COLOR` turns them off (https://no-color.org), else only a terminal gets them.
 */
export function colorEnabled(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return isTTY === true;
}

const PREFIXES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^FAILED:/gm, "\u001b[31m"],
  [/^WARNING:/gm, "\u001b[33m"],
];

/** Colours the `FAILED:` and `WARNING:` prefixes of the lines in `text`; the rest stays as written. */
export function colorize(text: string): string {
  let out = text;
  for (const [pattern, code] of PREFIXES) out = out.replace(pattern, (prefix) => `${code}${prefix}\u001b[0m`);
  return out;
}
