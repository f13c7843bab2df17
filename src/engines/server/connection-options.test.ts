import { describe, expect, it } from "vitest";
import { ConnectionError } from "../../errors.js";
import {
  type ConnectionContext,
  passwordFileLookup,
  retortApplicationName,
  type ServerConnectionOptions,
  serverConnectionOptions,
} from "./connection-options.js";

function context(overrides: { env?: Record<string, string>; files?: Record<string, string> } = {}): ConnectionContext {
  const files = overrides.files ?? {};
  return {
    env: overrides.env ?? {},
    readFile: (file) => files[file],
    homeDirectory: "/home/ann",
    osUser: "ann",
    applicationName: "retort 42@box",
  };
}

function options(url: string, overrides: Parameters<typeof context>[0] = {}): ServerConnectionOptions {
  return serverConnectionOptions(url, context(overrides));
}

describe("serverConnectionOptions: the parts of the URL", () => {
  it("reads user, password, host, port and database, decoding percent-escapes", () => {
    const read = options("postgres://bob:p%40ss%23w@db.example:6543/app%20db");
    expect(read).toMatchObject({
      user: "bob",
      password: "p@ss#w",
      passwordSource: "url",
      host: "db.example",
      port: 6543,
      database: "app db",
    });
  });

  it("falls back to PGHOST, PGPORT, PGUSER, PGDATABASE, then to the OS user, as libpq does", () => {
    expect(options("postgres://", { env: { PGHOST: "h", PGPORT: "7000", PGUSER: "u", PGDATABASE: "d" } })).toMatchObject({
      host: "h",
      port: 7000,
      user: "u",
      database: "d",
    });
    expect(options("postgres://db")).toMatchObject({ user: "ann", database: "ann", port: undefined });
  });

  it("takes a Unix-socket directory from the host parameter", () => {
    expect(options("postgres:///app?host=/var/run/postgresql")).toMatchObject({ host: "/var/run/postgresql", database: "app" });
  });

  it("names Retort's session, unless the URL names it", () => {
    expect(options("postgres://db/app").applicationName).toBe("retort 42@box");
    expect(options("postgres://db/app?application_name=deploy").applicationName).toBe("deploy");
  });

  it("rejects a port that is not a port", () => {
    expect(() => options("postgres://db/app?port=x")).toThrow(/Invalid port 'x'/);
  });
});

describe("serverConnectionOptions: the password", () => {
  const pgpass = "# comment\nother:5432:*:bob:wrong\ndb:5432:app:bob:from\\:file\n*:*:*:*:fallback\n";

  it("prefers the URL's password, then PGPASSWORD, then the password file", () => {
    const env = { PGPASSWORD: "from-env" };
    const files = { "/home/ann/.pgpass": pgpass };
    expect(options("postgres://bob:inurl@db/app", { env, files })).toMatchObject({ password: "inurl", passwordSource: "url" });
    expect(options("postgres://bob@db/app", { env, files })).toMatchObject({ password: "from-env", passwordSource: "PGPASSWORD" });
    expect(options("postgres://bob@db/app", { files })).toMatchObject({ password: "from:file", passwordSource: "pgpass" });
    expect(options("postgres://carl@elsewhere/x", { files })).toMatchObject({ password: "fallback", passwordSource: "pgpass" });
  });

  it("reads PGPASSFILE instead of ~/.pgpass, and says when there is no password at all", () => {
    expect(options("postgres://bob@db/app", { env: { PGPASSFILE: "/etc/pw" }, files: { "/etc/pw": "*:*:*:bob:x\n" } })).toMatchObject({
      password: "x",
      passwordSource: "pgpass",
    });
    expect(options("postgres://bob@db/app")).toMatchObject({ password: undefined, passwordSource: "none" });
  });

  it("matches a Unix socket as localhost in the password file", () => {
    expect(passwordFileLookup("localhost:5432:app:bob:sock\n", { host: "localhost", port: "5432", database: "app", user: "bob" })).toBe(
      "sock",
    );
    expect(
      options("postgres:///app?host=/tmp&user=bob", { files: { "/home/ann/.pgpass": "localhost:5432:app:bob:sock\n" } }).password,
    ).toBe("sock");
  });

  it("takes the first matching line and keeps colons of the password after the fourth field", () => {
    const text = "db:5432:app:bob:a:b:c\ndb:5432:app:bob:second\n";
    expect(passwordFileLookup(text, { host: "db", port: "5432", database: "app", user: "bob" })).toBe("a:b:c");
    expect(passwordFileLookup(text, { host: "db", port: "5433", database: "app", user: "bob" })).toBeUndefined();
  });
});

describe("serverConnectionOptions: sslmode, as libpq documents it", () => {
  const ca = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n";

  it.each([
    ["disable", false, undefined],
    ["allow", false, { rejectUnauthorized: false }],
    ["prefer", { rejectUnauthorized: false }, false],
    ["require", { rejectUnauthorized: false }, undefined],
  ] as const)("%s: first attempt and fallback", (mode, first, fallback) => {
    const read = options(`postgres://db/app?sslmode=${mode}`);
    expect(read.sslMode).toBe(mode);
    expect(read.ssl).toEqual(first);
    expect(read.fallbackSsl).toEqual(fallback);
  });

  it("defaults to prefer (PGSSLMODE when set), and prefer over a Unix socket is a plain connection", () => {
    expect(options("postgres://db/app").sslMode).toBe("prefer");
    expect(options("postgres://db/app", { env: { PGSSLMODE: "disable" } }).ssl).toBe(false);
    expect(options("postgres:///app?host=/tmp").ssl).toBe(false);
  });

  it("verify-ca checks the chain but not the host name; verify-full checks both", () => {
    const files = { "/certs/ca.pem": ca };
    const verifyCa = options("postgres://db/app?sslmode=verify-ca&sslrootcert=/certs/ca.pem", { files }).ssl;
    expect(verifyCa).toMatchObject({ ca });
    expect(verifyCa && verifyCa.rejectUnauthorized).not.toBe(false);
    expect(verifyCa && typeof verifyCa.checkServerIdentity).toBe("function");
    const verifyFull = options("postgres://db/app?sslmode=verify-full&sslrootcert=/certs/ca.pem", { files }).ssl;
    expect(verifyFull).toEqual({ ca });
  });

  it("require with a root certificate verifies the chain, as verify-ca does", () => {
    const read = options("postgres://db/app?sslmode=require&sslrootcert=/certs/ca.pem", { files: { "/certs/ca.pem": ca } }).ssl;
    expect(read).toMatchObject({ ca });
    expect(read && read.rejectUnauthorized).not.toBe(false);
  });

  it("uses ~/.postgresql/root.crt by default and the system store for sslrootcert=system", () => {
    const files = { "/home/ann/.postgresql/root.crt": ca };
    expect(options("postgres://db/app?sslmode=verify-full", { files }).ssl).toEqual({ ca });
    expect(options("postgres://db/app?sslmode=verify-full&sslrootcert=system", { files }).ssl).toEqual({});
  });

  it("reads the client certificate and key", () => {
    const files = { "/c/client.crt": "CERT", "/home/ann/k.key": "KEY" };
    expect(options("postgres://db/app?sslmode=require&sslcert=/c/client.crt&sslkey=~/k.key", { files }).ssl).toEqual({
      cert: "CERT",
      key: "KEY",
      rejectUnauthorized: false,
    });
  });

  it("rejects an unknown sslmode and an unreadable certificate with the accepted values or the file", () => {
    expect(() => options("postgres://u:secret@db/app?sslmode=on")).toThrow(ConnectionError);
    expect(() => options("postgres://u:secret@db/app?sslmode=on")).toThrow(
      /Invalid sslmode 'on' in database URL 'postgres:\/\/u:\*\*\*@db\/app\?sslmode=on'/,
    );
    try {
      options("postgres://db/app?sslmode=on");
    } catch (error) {
      expect((error as ConnectionError).hint).toBe("Use disable, allow, prefer, require, verify-ca, verify-full.");
    }
    expect(() => options("postgres://db/app?sslmode=verify-ca&sslrootcert=/missing.pem")).toThrow(
      /Cannot read the root certificate '\/missing.pem'/,
    );
  });
});

describe("retortApplicationName", () => {
  it("names the process and host, within PostgreSQL's 63 bytes", () => {
    expect(retortApplicationName("box", 42)).toBe("retort 42@box");
    const long = retortApplicationName("h".repeat(100), 12345);
    expect(Buffer.byteLength(long)).toBe(63);
    expect(long.startsWith("retort 12345@hhh")).toBe(true);
    expect(Buffer.byteLength(retortApplicationName("é".repeat(60), 1))).toBeLessThanOrEqual(63);
  });
});
