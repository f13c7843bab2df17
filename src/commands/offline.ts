/**
 * The database schema at the head without a database of the user's (`revision --autogenerate --offline`,
 * `check --offline`): the revisions replayed into an embedded PostgreSQL that Retort keeps in its cache, and the
 * catalog read from it kept as JSON under the hash of what it depends on.
 *
 * Two caches, in `<tmpdir>/retort-<uid>/`:
 * - `offline-catalogs/<key>.json`: the introspected catalog of the replayed head, keyed by the checksums of the
 *   revision files along the path from base to the heads (in order), the filter, and Retort's version. A warm run
 *   reads it and starts no server at all.
 * - `offline/retort_offline_<hash>`: an embedded cluster per project, holding the project's replay database of
 *   that name, left at the revisions it was last replayed to; its database comment lists them with checksums. When
 *   that list is a prefix of today's path (files unchanged, new revisions added), only the new revisions run;
 *   otherwise (an earlier file edited, another branch checked out) the database is made again from empty.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ResolvedConfig } from "../config/load-config.js";
import type { AutogenerateSupport, DatabaseSql, Dialect } from "../dialects/dialect.js";
import { type EmbeddedServer, openEmbeddedServer, throwawayDatabase } from "../engines/connect.js";
import { UnsupportedOperationError } from "../errors.js";
import { privateCacheDirectory, pruneCacheDirectory, writeCacheFile } from "../project/cache-directory.js";
import { RETORT_VERSION } from "../project/version.js";
import type { DatabaseSession } from "../dialects/session.js";
import type { SchemaSnapshot, SnapshotFilter } from "../schema/snapshot.js";
import { withDatabase } from "../runtime/database.js";
import { type DataStatementFailure, replayRevisions, upgradePath } from "./replay.js";
import { type CommandHooks, logOf, type ProjectRevisions } from "./script.js";

/** Changes when what a cache entry or a database note holds changes, so an older layout is never read. */
const FORMAT = 1;

/** The schema at the heads, and how it was obtained. */
export interface OfflineSnapshot {
  readonly snapshot: SchemaSnapshot;
  /** `cache`: read from the catalog cache, no server started; `replayed`: revisions ran on the embedded server. */
  readonly source: "cache" | "replayed";
  /** How many revisions ran (0 from the cache; fewer than all when the project's database only lacked new ones). */
  readonly replayed: number;
  /** Data statements skipped because they failed on the empty database. */
  readonly skipped: readonly DataStatementFailure[];
}

/** `rev:checksum` for each revision along the path from base to the heads, in the order they apply. */
function pathEntries(script: ProjectRevisions): string[] {
  return upgradePath(script).map((step) => `${step.revision}:${script.headers.get(step.revision)?.checksum ?? ""}`);
}

function cacheKey(entries: readonly string[], filter: SnapshotFilter): string {
  const text = JSON.stringify({ format: FORMAT, retort: RETORT_VERSION, filter, entries });
  return createHash("sha256").update(text).digest("hex");
}

/** JSON that keeps bigints (a literal default may be one). */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? { $bigint: v.toString() } : v));
}

function fromJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === "$bigint") return BigInt((v as { $bigint: string }).$bigint);
    }
    return v;
  });
}

/** The cached catalog for `key`, if a run stored one. */
function readCachedCatalog(directory: string | undefined, key: string): SchemaSnapshot | undefined {
  if (directory === undefined) return undefined;
  try {
    const stored = fromJson(readFileSync(path.join(directory, `${key}.json`), "utf8")) as { key?: unknown; snapshot?: SchemaSnapshot };
    return stored.key === key && stored.snapshot !== undefined ? stored.snapshot : undefined;
  } catch {
    return undefined; // none yet, or unreadable: replay
  }
}

/**
 * The schema the project's revisions build, from base to every head, as the dialect's catalog reader sees it
 * (before normalising), on PostgreSQL run by Retort: from the catalog cache when the revision files along the
 * path are unchanged since a run stored it, else by replaying them (only the new ones when the project's replay
 * database holds the earlier ones unchanged).
 */
export async function offlineSnapshot(
  config: ResolvedConfig,
  script: ProjectRevisions,
  filter: SnapshotFilter,
  dialect: Dialect,
  support: AutogenerateSupport,
  options: CommandHooks = {},
): Promise<OfflineSnapshot> {
  const entries = pathEntries(script);
  const key = cacheKey(entries, filter);
  const catalogs = privateCacheDirectory("offline-catalogs");
  const cached = readCachedCatalog(catalogs, key);
  if (cached !== undefined) return { snapshot: cached, source: "cache", replayed: 0, skipped: [] };
  const databases = dialect.databases;
  if (databases === undefined) {
    throw new UnsupportedOperationError(`--offline cannot replay revisions for the ${dialect.name} dialect: it cannot create databases.`, {
      hint: "Run the command without --offline, against a database at the head.",
    });
  }
  return replayOnEmbedded(config, script, entries, filter, dialect, support, databases, { ...options, catalogs, key });
}

/** Keeps the catalog of `key` for the next runs. */
function storeCatalog(directory: string | undefined, key: string, snapshot: SchemaSnapshot): void {
  if (directory === undefined) return;
  writeCacheFile(path.join(directory, `${key}.json`), toJson({ key, snapshot }));
  pruneCacheDirectory(directory);
}

/** The embedded cluster of the replay databases: in the cache, or (caches off) a throwaway one. */
async function replayCluster(
  config: ResolvedConfig,
  log: (line: string) => void,
): Promise<{ server: EmbeddedServer; dispose: () => Promise<void> }> {
  const rootDirectory = config.rootDirectory;
  const cache = privateCacheDirectory("offline");
  if (cache !== undefined) {
    // A cluster per project: a run that ends stops its server, which must not cut off another project's run.
    const server = await openEmbeddedServer(path.join(cache, replayDatabaseName(config)), log);
    return { server, dispose: () => server.session.close() };
  }
  const throwaway = await throwawayDatabase(undefined, rootDirectory);
  const server = await openEmbeddedServer(throwaway.url.replace(/^embedded:/, ""), log);
  return {
    server,
    dispose: async () => {
      await server.session.close();
      await throwaway.dispose();
    },
  };
}

/** What a replay database's note records: the path it was replayed along, or that a replay is under way. */
interface ReplayNote {
  readonly format: number;
  readonly entries: readonly string[] | null;
}

function readNote(text: string | null | undefined): ReplayNote | undefined {
  if (!text) return undefined;
  try {
    const note = JSON.parse(text) as ReplayNote;
    return note.format === FORMAT && (note.entries === null || Array.isArray(note.entries)) ? note : undefined;
  } catch {
    return undefined;
  }
}

function isPrefix(prefix: readonly string[], whole: readonly string[]): boolean {
  return prefix.length <= whole.length && prefix.every((entry, i) => whole[i] === entry);
}

/** The project's replay database: one per versions directory. */
export function replayDatabaseName(config: ResolvedConfig): string {
  return `retort_offline_${createHash("sha256").update(config.versionsDirectory).digest("hex").slice(0, 16)}`;
}

async function replayOnEmbedded(
  config: ResolvedConfig,
  script: ProjectRevisions,
  entries: readonly string[],
  filter: SnapshotFilter,
  dialect: Dialect,
  support: AutogenerateSupport,
  databases: DatabaseSql,
  options: CommandHooks & {
    readonly catalogs: string | undefined;
    readonly key: string;
    /** Run on the replay database once it is at the heads (then the catalog is read from it, not from the cache). */
    readonly use?: (session: DatabaseSession) => Promise<void>;
  },
): Promise<OfflineSnapshot> {
  const log = logOf(options);
  const { server, dispose } = await replayCluster(config, log);
  try {
    const name = replayDatabaseName(config);
    const admin = server.session;
    const lock = `retort:offline:${name}`;
    await admin.query(dialect.lock.acquire, [lock]);
    try {
      // Another run of the same revisions may have stored the catalog while this one waited for the lock.
      const stored = options.use === undefined ? readCachedCatalog(options.catalogs, options.key) : undefined;
      if (stored !== undefined) return { snapshot: stored, source: "cache", replayed: 0, skipped: [] };
      const [row] = await admin.query<{ note: string | null }>(databases.note, [name]);
      const note = readNote(row?.note);
      const reuse = row !== undefined && note?.entries != null && isPrefix(note.entries, entries);
      if (!reuse) {
        await admin.execute(databases.drop(name));
        await admin.execute(databases.create(name));
      }
      const fresh = entries.length - (reuse ? (note?.entries?.length ?? 0) : 0);
      if (fresh > 0) {
        log(
          reuse && fresh < entries.length
            ? `Replaying ${fresh} new revision(s) into the offline database (the ${entries.length - fresh} before them are kept)`
            : `Replaying ${entries.length} revision(s) into the offline database`,
        );
      }
      await admin.execute(databases.setNote(name, JSON.stringify({ format: FORMAT, entries: null } satisfies ReplayNote)));
      const settings = { ...config, url: server.urlOf(name), environment: "test" as const };
      const { snapshot, skipped, replayed } = await withDatabase(settings, { log }, async (db) => {
        const replay = await replayRevisions(settings, script, db, { log });
        const snapshot = await support.introspect(db.session, filter);
        await options.use?.(db.session);
        return { snapshot, skipped: replay.skipped, replayed: replay.steps.length };
      });
      await admin.execute(databases.setNote(name, JSON.stringify({ format: FORMAT, entries } satisfies ReplayNote)));
      storeCatalog(options.catalogs, options.key, snapshot);
      return { snapshot, source: "replayed", replayed, skipped };
    } finally {
      await admin.query(dialect.lock.release, [lock]).catch(() => undefined);
    }
  } finally {
    await dispose();
  }
}

/**
 * A session for the database-side parse of the models' expressions (the dialect's `canonicalize`) when comparing
 * offline: each message it is given is answered from `offline-catalogs/` when the same message was answered for the
 * same revisions before; otherwise the project's replay database is brought to the heads (replaying what it lacks)
 * and the message runs there, so a warm run still starts no server. Only `queryMany` is supported: the message must
 * end its own transaction.
 */
export function offlineCanonicalSession(
  config: ResolvedConfig,
  script: ProjectRevisions,
  filter: SnapshotFilter,
  dialect: Dialect,
  support: AutogenerateSupport,
  options: CommandHooks = {},
): DatabaseSession {
  const entries = pathEntries(script);
  const catalogs = privateCacheDirectory("offline-catalogs");
  const unsupported = async (): Promise<never> => {
    throw new UnsupportedOperationError("The offline parse session answers whole messages only (queryMany).");
  };
  return {
    query: unsupported,
    execute: async () => undefined,
    close: async () => undefined,
    async queryMany(sql: string) {
      const key = createHash("sha256")
        .update(`${cacheKey(entries, filter)}\u0000${sql}`)
        .digest("hex");
      const name = `parse-${key}`;
      const cached = catalogs === undefined ? undefined : readCachedResults(path.join(catalogs, `${name}.json`), key);
      if (cached !== undefined) return cached;
      const databases = dialect.databases;
      if (databases === undefined)
        throw new UnsupportedOperationError(`--offline cannot replay revisions for the ${dialect.name} dialect.`);
      let results: Record<string, unknown>[][] = [];
      const use = async (session: DatabaseSession) => {
        try {
          results = await session.queryMany(sql);
        } catch (error) {
          await session.execute(dialect.transaction.rollback).catch(() => undefined);
          throw error;
        }
      };
      await replayOnEmbedded(config, script, entries, filter, dialect, support, databases, {
        ...options,
        catalogs,
        key: cacheKey(entries, filter),
        use,
      });
      if (catalogs !== undefined) {
        writeCacheFile(path.join(catalogs, `${name}.json`), toJson({ key, results }));
        pruneCacheDirectory(catalogs);
      }
      return results;
    },
  };
}

function readCachedResults(file: string, key: string): Record<string, unknown>[][] | undefined {
  try {
    const stored = fromJson(readFileSync(file, "utf8")) as { key?: unknown; results?: Record<string, unknown>[][] };
    return stored.key === key && Array.isArray(stored.results) ? stored.results : undefined;
  } catch {
    return undefined; // none yet, or unreadable: parse on the replay database
  }
}
