import path from "node:path";
import { ConnectionError } from "../errors.js";

/** A database URL taken apart into the engine that serves it (DESIGN §1.3). */
export type DatabaseLocation =
  | { readonly engine: "server"; readonly url: string }
  | { readonly engine: "embedded"; readonly directory: string }
  | { readonly engine: "pglite"; readonly directory: string | "memory" }
  | { readonly engine: "sqlite"; readonly file: string | "memory" }
  | { readonly engine: "mysql"; readonly url: string };

/**
 * Reads a database URL. Relative embedded/PGlite directories are resolved against `baseDirectory`
 * (the directory of the config file), so a command run from a subfolder uses the same database.
 */
export function parseDatabaseUrl(url: string, baseDirectory: string): DatabaseLocation {
  const trimmed = url.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch (cause) {
      rejectUnencodedUserInfo(url, trimmed);
      throw invalidUrl(url, cause);
    }
    // `postgres://u:12/x@host/db` parses, as port 12 and the path `/x@host/db`.
    if (parsed.pathname.includes("@") || parsed.hash.includes("@")) rejectUnencodedUserInfo(url, trimmed);
    // `postgres://` alone would connect to whatever server and database the driver's defaults pick.
    if (parsed.hostname === "" && parsed.pathname.replace(/^\//, "") === "" && !parsed.searchParams.has("host")) {
      throw invalidUrl(url, undefined, "it names no host and no database");
    }
    try {
      // The driver decodes these; a bad %-escape there is an untyped URIError ("URI malformed").
      for (const part of [parsed.username, parsed.password, parsed.pathname]) decodeURIComponent(part);
    } catch (cause) {
      throw invalidUrl(url, cause, "it holds a malformed %-escape");
    }
    return { engine: "server", url: trimmed };
  }
  if (/^mysql:\/\//i.test(trimmed)) return { engine: "mysql", url: parseMysqlUrl(url, trimmed) };
  const embedded = /^embedded:(.+)$/i.exec(trimmed);
  if (embedded?.[1]) {
    return { engine: "embedded", directory: path.resolve(baseDirectory, embedded[1]) };
  }
  const pglite = /^pglite:(.+)$/i.exec(trimmed);
  if (pglite?.[1]) {
    const where = pglite[1];
    return { engine: "pglite", directory: where === "memory:" || where === "memory" ? "memory" : path.resolve(baseDirectory, where) };
  }
  const sqlite = /^sqlite:(.+)$/i.exec(trimmed);
  if (sqlite?.[1]) {
    const where = sqlite[1];
    // `sqlite://host/…` names a server, which SQLite has not: only `sqlite:path` and `sqlite:///absolute/path`.
    if (where.startsWith("//") && !where.startsWith("///"))
      throw invalidUrl(url, undefined, "an SQLite database is a file (sqlite:./app.db or sqlite:///var/app.db), not a server");
    return { engine: "sqlite", file: where === ":memory:" ? "memory" : path.resolve(baseDirectory, where.replace(/^\/\/(?=\/)/, "")) };
  }
  throw invalidUrl(url);
}

/** A `mysql://user:password@host:3306/database` URL, checked: it must name a database. */
function parseMysqlUrl(url: string, trimmed: string): string {
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch (cause) {
    rejectUnencodedUserInfo(url, trimmed);
    throw invalidUrl(url, cause);
  }
  if (parsed.pathname.includes("@") || parsed.hash.includes("@")) rejectUnencodedUserInfo(url, trimmed);
  let database: string;
  try {
    for (const part of [parsed.username, parsed.password]) decodeURIComponent(part);
    database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  } catch (cause) {
    throw invalidUrl(url, cause, "it holds a malformed %-escape");
  }
  if (database === "" || database.includes("/")) throw invalidUrl(url, undefined, "it names no database (mysql://user@host:3306/dbname)");
  return trimmed;
}

/**
 * A password (or user) with `#`, `/` or `?` in it must be percent-encoded: unencoded, the URL parser cuts the URL
 * there and reads part of the password as port, path or fragment. Called for a URL that did not parse or parsed
 * with an `@` in its path; the user info is then what lies between `//` and the last `@`. The message names the
 * character and its encoding, never the password.
 */
function rejectUnencodedUserInfo(url: string, trimmed: string): void {
  const start = trimmed.indexOf("//") + 2;
  const at = trimmed.lastIndexOf("@");
  if (at < start) return;
  const userInfo = trimmed.slice(start, at);
  const bad = /[#/?]/.exec(userInfo);
  if (bad === null) return;
  const encoded = `%${bad[0].charCodeAt(0).toString(16).toUpperCase()}`;
  throw new ConnectionError(
    "invalid_url",
    `Invalid database URL '${redactUrl(url)}': the user name or password holds '${bad[0]}', which a URL must spell ${encoded}.`,
    {
      hint: `Percent-encode special characters of the password (${bad[0]} as ${encoded}; encodeURIComponent does it), or leave the password out of the URL and set PGPASSWORD.`,
    },
  );
}

function invalidUrl(url: string, cause?: unknown, problem?: string): ConnectionError {
  return new ConnectionError("invalid_url", `Invalid database URL '${redactUrl(url)}'${problem ? `: ${problem}` : ""}.`, {
    hint: "Use postgres://user@host:5432/dbname, embedded:<directory>, pglite:<directory> (pglite:memory: for a throwaway database), sqlite:<file> (sqlite::memory:) or mysql://user@host:3306/dbname.",
    cause,
  });
}

/**
 * The URL with its password replaced by `***`, for every message and log line. It must hold for URLs that do
 * not parse too (they are the ones error messages repeat): the password is whatever lies between the first
 * `:` of the user info and the last `@`, even when it holds `/`, `@`, `?` or `#`, and whatever the scheme
 * (`jdbc:postgresql://`, `mysql://`, a missing `//`).
 */
export function redactUrl(url: string): string {
  let out = url;
  const slashes = out.indexOf("://");
  const start = slashes >= 0 ? slashes + 3 : out.indexOf(":") + 1;
  const at = out.lastIndexOf("@");
  const directory = slashes < 0 && /^(embedded|pglite|sqlite):/i.test(out);
  if (!directory && start > 0 && at > start) {
    const colon = out.slice(start, at).indexOf(":");
    if (colon >= 0) out = `${out.slice(0, start + colon + 1)}***${out.slice(at)}`;
  }
  return out.replace(/([?&]password=)[^&]*/gi, "$1***");
}
