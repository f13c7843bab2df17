import os from "node:os";
import path from "node:path";
import type { ConnectionOptions as TlsOptions } from "node:tls";
import { ConnectionError } from "../../errors.js";
import { redactUrl } from "../url.js";

/** libpq's `sslmode` values (https://www.postgresql.org/docs/current/libpq-ssl.html). */
export type SslMode = "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full";

const SSL_MODES: readonly SslMode[] = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

/** Where the password came from, for messages (never the password itself). */
export type PasswordSource = "url" | "PGPASSWORD" | "pgpass" | "none";

/** How to reach a PostgreSQL server, read from a `postgres://` URL the way libpq reads it. */
export interface ServerConnectionOptions {
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly user: string;
  readonly database: string;
  readonly password: string | undefined;
  readonly passwordSource: PasswordSource;
  readonly sslMode: SslMode;
  /** TLS options for the first attempt (`false`: a plain connection). */
  readonly ssl: false | TlsOptions;
  /**
   * What to try when the first attempt fails for want of (or because of) TLS: `prefer` retries without it, `allow`
   * retries with it, as libpq does.
   */
  readonly fallbackSsl: false | TlsOptions | undefined;
  readonly applicationName: string;
  readonly connectTimeoutSeconds: number | undefined;
  /** `-c name=value` startup options from the URL's `options` parameter. */
  readonly options: string | undefined;
}

/** What the options are read from besides the URL; injected so that tests need no real environment or home. */
export interface ConnectionContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (file: string) => string | undefined;
  readonly homeDirectory: string;
  readonly osUser: string;
  /** `application_name`, so a Retort session can be told apart in `pg_stat_activity`. */
  readonly applicationName: string;
}

/** The context of this process: its environment, files, home directory and user. */
export function processConnectionContext(readFile: (file: string) => string | undefined): ConnectionContext {
  return {
    env: process.env,
    readFile,
    homeDirectory: os.homedir(),
    osUser: safeUserName(),
    applicationName: retortApplicationName(os.hostname(), process.pid),
  };
}

/**
 * `retort <pid>@<host>`, cut to PostgreSQL's 63 bytes: enough for an operator (and Retort itself) to find which
 * process on which machine holds a session.
 */
export function retortApplicationName(host: string, pid: number): string {
  const name = `retort ${pid}@${host}`;
  return Buffer.byteLength(name) <= 63
    ? name
    : Buffer.from(name)
        .subarray(0, 63)
        .toString("utf8")
        .replace(/\uFFFD$/, "");
}

/**
 * Reads a `postgres://` URL as libpq does: user, password (the URL's, else `PGPASSWORD`, else the password file),
 * host (a `host` parameter may name a Unix-socket directory), port, database, `sslmode` with `sslrootcert`,
 * `sslcert` and `sslkey`, `application_name`, `connect_timeout` and `options`. Parts the URL leaves out fall back
 * to `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE` and `PGSSLMODE`.
 */
export function serverConnectionOptions(url: string, context: ConnectionContext): ServerConnectionOptions {
  const parsed = new URL(url);
  const params = parsed.searchParams;
  const env = context.env;
  const host = params.get("host") || decodeURIComponent(parsed.hostname).replace(/^\[(.*)\]$/, "$1") || env["PGHOST"] || undefined;
  const portText = parsed.port || params.get("port") || env["PGPORT"] || undefined;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw badParameter(url, "port", portText ?? "", "a port number between 1 and 65535");
  }
  const user = decodeURIComponent(parsed.username) || params.get("user") || env["PGUSER"] || context.osUser;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || params.get("dbname") || env["PGDATABASE"] || user;
  const sslMode = readSslMode(url, params.get("sslmode") ?? env["PGSSLMODE"] ?? "prefer");
  const tls = tlsOptions(url, sslMode, params, context, host);
  const password = findPassword(parsed, context, { host, port, database, user });
  const timeout = params.get("connect_timeout");
  return {
    host,
    port,
    user,
    database,
    password: password.value,
    passwordSource: password.source,
    sslMode,
    ssl: tls.first,
    fallbackSsl: tls.fallback,
    applicationName: params.get("application_name") || context.applicationName,
    connectTimeoutSeconds: timeout ? Math.max(2, Number(timeout)) || undefined : undefined,
    options: params.get("options") ?? env["PGOPTIONS"] ?? undefined,
  };
}

function readSslMode(url: string, value: string): SslMode {
  if ((SSL_MODES as readonly string[]).includes(value)) return value as SslMode;
  throw badParameter(url, "sslmode", value, SSL_MODES.join(", "));
}

/** The TLS options of each `sslmode`: which attempt comes first and which, if any, follows a failure. */
function tlsOptions(
  url: string,
  mode: SslMode,
  params: URLSearchParams,
  context: ConnectionContext,
  host: string | undefined,
): { first: false | TlsOptions; fallback: false | TlsOptions | undefined } {
  const certificates = clientCertificate(url, params, context);
  const unverified: TlsOptions = { ...certificates, rejectUnauthorized: false };
  switch (mode) {
    case "disable":
      return { first: false, fallback: undefined };
    case "allow":
      return { first: false, fallback: unverified };
    case "prefer":
      // A Unix socket never speaks TLS.
      return host?.startsWith("/") ? { first: false, fallback: undefined } : { first: unverified, fallback: false };
    case "require": {
      // libpq: with a root certificate, `require` verifies the chain as `verify-ca` does.
      const ca = rootCertificate(url, params, context, false);
      return { first: ca === undefined ? unverified : { ...certificates, ca, checkServerIdentity: () => undefined }, fallback: undefined };
    }
    case "verify-ca":
      return {
        first: { ...certificates, ...caOption(rootCertificate(url, params, context, true)), checkServerIdentity: () => undefined },
        fallback: undefined,
      };
    case "verify-full":
      return { first: { ...certificates, ...caOption(rootCertificate(url, params, context, true)) }, fallback: undefined };
  }
}

function caOption(ca: string | undefined): TlsOptions {
  return ca === undefined ? {} : { ca };
}

/**
 * The root certificate(s) to verify the server with: `sslrootcert` (`system`: the system's store), else
 * `~/.postgresql/root.crt` when present. For the verifying modes a named file that cannot be read is an error.
 */
function rootCertificate(url: string, params: URLSearchParams, context: ConnectionContext, verifying: boolean): string | undefined {
  const named = params.get("sslrootcert") ?? context.env["PGSSLROOTCERT"];
  if (named === "system") return undefined;
  if (named !== undefined) {
    const text = context.readFile(expandHome(named, context));
    if (text === undefined && (verifying || params.has("sslrootcert"))) {
      throw new ConnectionError("invalid_url", `Cannot read the root certificate '${named}' named by sslrootcert in '${redactUrl(url)}'.`, {
        hint: "Point sslrootcert at a readable PEM file with the server's CA certificate, or use sslrootcert=system for the system's store.",
        details: { sslrootcert: named },
      });
    }
    return text;
  }
  return context.readFile(path.join(context.homeDirectory, ".postgresql", "root.crt"));
}

function clientCertificate(url: string, params: URLSearchParams, context: ConnectionContext): TlsOptions {
  const certFile = params.get("sslcert") ?? context.env["PGSSLCERT"];
  const keyFile = params.get("sslkey") ?? context.env["PGSSLKEY"];
  if (certFile === undefined && keyFile === undefined) return {};
  const read = (file: string, parameter: string) => {
    const text = context.readFile(expandHome(file, context));
    if (text === undefined) {
      throw new ConnectionError("invalid_url", `Cannot read the file '${file}' named by ${parameter} in '${redactUrl(url)}'.`, {
        hint: `Point ${parameter} at a readable PEM file.`,
        details: { [parameter]: file },
      });
    }
    return text;
  };
  return {
    ...(certFile === undefined ? {} : { cert: read(certFile, "sslcert") }),
    ...(keyFile === undefined ? {} : { key: read(keyFile, "sslkey") }),
  };
}

function findPassword(
  parsed: URL,
  context: ConnectionContext,
  target: { host: string | undefined; port: number | undefined; database: string; user: string },
): { value: string | undefined; source: PasswordSource } {
  if (parsed.password !== "") return { value: decodeURIComponent(parsed.password), source: "url" };
  const fromParameter = parsed.searchParams.get("password");
  if (fromParameter !== null) return { value: fromParameter, source: "url" };
  const fromEnv = context.env["PGPASSWORD"];
  if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, source: "PGPASSWORD" };
  const file = context.env["PGPASSFILE"] ?? path.join(context.homeDirectory, ".pgpass");
  const text = context.readFile(file);
  if (text !== undefined) {
    const found = passwordFileLookup(text, {
      host: target.host === undefined || target.host.startsWith("/") ? "localhost" : target.host,
      port: String(target.port ?? 5432),
      database: target.database,
      user: target.user,
    });
    if (found !== undefined) return { value: found, source: "pgpass" };
  }
  return { value: undefined, source: "none" };
}

/**
 * The password of the first line of a libpq password file (`host:port:database:user:password`) that matches;
 * `*` matches anything, `\:` and `\\` escape, lines starting with `#` are comments.
 */
export function passwordFileLookup(
  text: string,
  target: { host: string; port: string; database: string; user: string },
): string | undefined {
  const wanted = [target.host, target.port, target.database, target.user];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const fields = splitEscaped(line);
    if (fields.length < 5) continue;
    const matches = wanted.every((value, i) => fields[i] === "*" || fields[i] === value);
    if (matches) return fields.slice(4).join(":");
  }
  return undefined;
}

function splitEscaped(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === "\\" && i + 1 < line.length) {
      current += line[++i];
    } else if (char === ":" && fields.length < 4) {
      fields.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  fields.push(current);
  return fields;
}

function expandHome(file: string, context: ConnectionContext): string {
  return file.startsWith("~/") ? path.join(context.homeDirectory, file.slice(2)) : file;
}

function badParameter(url: string, name: string, value: string, expected: string): ConnectionError {
  return new ConnectionError("invalid_url", `Invalid ${name} '${value}' in database URL '${redactUrl(url)}'.`, {
    hint: `Use ${expected}.`,
    details: { [name]: value },
  });
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return "postgres";
  }
}
