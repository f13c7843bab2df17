/**
 * Migrated databases for an application's own tests (`retort/testing`): the project's revisions run once into a
 * template database, and each test database is a copy of it (`CREATE DATABASE … TEMPLATE …`), which costs
 * milliseconds however many revisions there are.
 */
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { loadConfig, type ResolvedConfig } from "../config/load-config.js";
import type { DatabaseSql, Dialect } from "../dialects/dialect.js";
import type { DatabaseSession } from "../dialects/session.js";
import { dialectFor, openDatabase, openEmbeddedServer, parseDatabaseUrl, redactUrl } from "../engines/connect.js";
import { ConnectionError, RetortError } from "../errors.js";
import { privateCacheDirectory } from "../project/cache-directory.js";
import { upgrade } from "./migrate.js";
import { upgradePath } from "./replay.js";
import { type CommandHooks, loadProjectRevisions, logOf } from "./script.js";

/** Options of {@link createTestDatabase}. */
export interface CreateTestDatabaseOptions extends CommandHooks {
  /**
   * A PostgreSQL server (`postgres://…`) on which to create the databases; the database the URL names is only
   * connected to, never changed. Default: the config's URL when it names a server, else an embedded PostgreSQL
   * that Retort runs (its cluster kept in Retort's cache, one per project and test worker).
   */
  readonly url?: string | undefined;
  /** The project's config: a path (default: `retort.config.ts` looked up from the working directory) or a loaded one. */
  readonly config?: string | ResolvedConfig | undefined;
}

/** A database of a test's own, migrated to the head; `drop()` (or `await using`) removes it. */
export interface TestDatabase extends AsyncDisposable {
  /** A `postgres://` URL for the application's driver. */
  readonly url: string;
  /** The database's name on its server. */
  readonly name: string;
  /** Drops the database, ending the sessions still connected to it. */
  drop(): Promise<void>;
}

/** A server on which test databases are made, opened once per process. */
interface TemplateServer {
  readonly admin: DatabaseSession;
  readonly dialect: Dialect;
  readonly databases: DatabaseSql;
  urlOf(database: string): string;
  /** Template databases made ready by this process, by name. */
  readonly templates: Map<string, Promise<void>>;
}

const servers = new Map<string, Promise<TemplateServer>>();

/**
 * A new database migrated to the head of the project's revisions. The first call of a process makes sure a
 * template database holds the head (migrating it when the revision files changed since; other processes wait
 * meanwhile, and later runs find it ready), and every call copies it. Refused in production.
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const config = typeof options.config === "object" ? options.config : await loadConfig({ configPath: options.config, envFile: false });
  if (config.environment === "production") {
    throw new RetortError("test_refused", "createTestDatabase is refused in production.", {
      hint: "It creates and drops databases: run the tests with RETORT_ENV=test (or NODE_ENV=test).",
    });
  }
  const server = await templateServer(config, options);
  const template = await readyTemplate(server, config, options);
  const name = `retort_test_${randomBytes(6).toString("hex")}`;
  await cloneTemplate(server, name, template);
  let dropped: Promise<void> | undefined;
  const drop = () => (dropped ??= server.admin.execute(server.databases.drop(name)));
  return { url: server.urlOf(name), name, drop, [Symbol.asyncDispose]: drop };
}

/** Closes the sessions (and stops the embedded servers) this process opened for test databases. */
export async function closeTestDatabases(): Promise<void> {
  const opened = [...servers.values()];
  servers.clear();
  for (const server of opened) await (await server.catch(() => undefined))?.admin.close();
}

function templateServer(config: ResolvedConfig, options: CreateTestDatabaseOptions): Promise<TemplateServer> {
  const given = options.url ?? (parseDatabaseUrl(config.url, config.rootDirectory).engine === "server" ? config.url : undefined);
  const key = given ?? `embedded:${config.versionsDirectory}`;
  let server = servers.get(key);
  if (server === undefined) {
    server = openTemplateServer(config, given, logOf(options));
    server.catch(() => servers.delete(key));
    servers.set(key, server);
  }
  return server;
}

async function openTemplateServer(config: ResolvedConfig, url: string | undefined, log: (line: string) => void): Promise<TemplateServer> {
  const dialect = dialectFor(url ?? config.url, config.rootDirectory);
  const databases = dialect.databases;
  if (databases === undefined) {
    throw new RetortError("unsupported_operation", `createTestDatabase cannot create databases with the ${dialect.name} dialect.`);
  }
  if (url !== undefined) {
    if (parseDatabaseUrl(url, config.rootDirectory).engine !== "server") {
      throw new ConnectionError(
        "invalid_url",
        `createTestDatabase cannot use ${redactUrl(url)}: it needs a server to create databases on.`,
        {
          hint: "Give a server URL (postgres://user@host/postgres), or leave url out to use an embedded PostgreSQL.",
        },
      );
    }
    const opened = await openDatabase(url, config.rootDirectory, { createIfMissing: false, log });
    return {
      admin: opened.session,
      dialect,
      databases,
      templates: new Map(),
      urlOf(database) {
        const target = new URL(url);
        target.pathname = `/${encodeURIComponent(database)}`;
        return target.href;
      },
    };
  }
  // One cluster per project and test worker: workers run side by side, and one that ends stops only its own.
  const worker = process.env["VITEST_POOL_ID"] ?? process.env["JEST_WORKER_ID"] ?? "0";
  const cache = privateCacheDirectory("testing");
  if (cache === undefined) {
    throw new RetortError("test_refused", "createTestDatabase needs Retort's cache directory for its embedded PostgreSQL.", {
      hint: "Unset RETORT_CACHE=off (or make the temporary directory writable), or pass url: a PostgreSQL server to create the databases on.",
    });
  }
  const directory = path.join(cache, `${projectHash(config)}-${worker.replace(/\W/g, "_")}`);
  const embedded = await openEmbeddedServer(directory, log);
  return { admin: embedded.session, dialect, databases, templates: new Map(), urlOf: embedded.urlOf };
}

function projectHash(config: ResolvedConfig): string {
  return createHash("sha256").update(config.versionsDirectory).digest("hex").slice(0, 8);
}

/**
 * The name of the template at the head, made ready once per process: named after the revision files along the
 * path (so a later run with the same files finds it ready), migrated under a lock when it is not.
 */
async function readyTemplate(server: TemplateServer, config: ResolvedConfig, options: CommandHooks): Promise<string> {
  const script = await loadProjectRevisions(config);
  const entries = upgradePath(script).map((step) => `${step.revision}:${script.headers.get(step.revision)?.checksum ?? ""}`);
  const pathHash = createHash("sha256")
    .update(JSON.stringify({ entries, versionTable: config.versionTable }))
    .digest("hex")
    .slice(0, 12);
  const prefix = `retort_tpl_${projectHash(config)}_`;
  const name = `${prefix}${pathHash}`;
  let ready = server.templates.get(name);
  if (ready === undefined) {
    ready = migrateTemplate(server, config, name, prefix, options);
    ready.catch(() => server.templates.delete(name));
    server.templates.set(name, ready);
  }
  await ready;
  return name;
}

const READY = "retort: migrated to the head";

async function migrateTemplate(
  server: TemplateServer,
  config: ResolvedConfig,
  name: string,
  prefix: string,
  options: CommandHooks,
): Promise<void> {
  const { admin, dialect, databases } = server;
  const lock = `retort:template:${prefix}`;
  await admin.query(dialect.lock.acquire, [lock]);
  try {
    const [row] = await admin.query<{ note: string | null }>(databases.note, [name]);
    if (row?.note === READY) return;
    await admin.execute(databases.drop(name));
    await admin.execute(databases.create(name));
    await upgrade({ ...config, url: server.urlOf(name), environment: "test" }, "heads", { log: logOf(options) });
    await admin.execute(databases.setNote(name, READY));
    // Templates of earlier revision files are of no more use.
    for (const old of await admin.query<{ name: string }>(databases.named, [prefix])) {
      if (old.name !== name) await admin.execute(databases.drop(old.name)).catch(() => undefined);
    }
  } finally {
    await admin.query(dialect.lock.release, [lock]).catch(() => undefined);
  }
}

/** Copies the template; a copy refused while another session is connected to the template is tried again. */
async function cloneTemplate(server: TemplateServer, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await server.admin.execute(server.databases.create(name, template));
      return;
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code !== server.databases.inUseCode || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
