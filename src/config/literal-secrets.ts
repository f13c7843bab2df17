/**
 * Database URLs written with their password in the config's own text (`postgres://app:s3cret@db/app`), as opposed
 * to read from the environment. Such a password ends up in version control and in every copy of the file. Returns
 * each one with its password masked, for a warning; string literals only, comments aside.
 */
export function literalPasswordUrls(source: string): string[] {
  const found: string[] = [];
  const literal = /(["'`])((?:[a-z][a-z0-9+.-]*):\/\/[^\s"'`/@:]*:([^\s"'`@]+)@[^\s"'`]*)\1/gi;
  for (const line of source.split("\n")) {
    if (/^\s*(\/\/|\*)/.test(line)) continue;
    for (const match of line.matchAll(literal)) {
      const [, , url = "", password = ""] = match;
      // `${...}` in a template literal is read from somewhere else at run time.
      if (password.includes("${")) continue;
      found.push(url.replace(`:${password}@`, ":***@"));
    }
  }
  return found;
}
