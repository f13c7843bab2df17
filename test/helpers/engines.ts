import path from "node:path";
import { openDatabase } from "../../src/engines/connect.js";
import { copyTemplateDatabase } from "./database-templates.js";
import { createServerDatabase, dropServerDatabase, serverDatabaseUrl, tempDirectory } from "./databases.js";

/** One database engine under test, with a fresh database and a way to look inside it. */
export interface EngineFixture {
  readonly url: string;
  /** Runs queries on the database (opening and closing it around `work`). */
  inspect<T>(work: (query: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
}

export type EngineName = "server" | "embedded" | "pglite";

export const ENGINES: readonly EngineName[] = ["server", "embedded", "pglite"];

export interface EngineFixtureOptions {
  /**
   * Whether the database exists, empty, before the test (a copy of a template for embedded and PGlite, whose
   * creation takes seconds); by default it does not, and the first command creates it, as in development.
   */
  readonly existing?: boolean;
  /**
   * Embedded only, with `existing`: the test process runs the server for the whole test (as a running app would),
   * so the CLI processes the test spawns attach to it instead of each starting and stopping one. For tests of
   * what the commands do, not of how the embedded engine starts (test/engines/ covers that).
   */
  readonly holdServer?: boolean;
}

export async function engineFixture(engine: EngineName, projectRoot: string, options: EngineFixtureOptions = {}): Promise<EngineFixture> {
  let url: string;
  let dispose: () => Promise<void>;
  if (engine === "server") {
    const db = serverDatabaseUrl();
    url = db.url;
    if (options.existing) await createServerDatabase(db.name);
    dispose = () => dropServerDatabase(db.name);
  } else {
    const dir = await tempDirectory(`retort-${engine}-`);
    const data = path.join(dir.path, "data");
    url = `${engine}:${data}`;
    if (options.existing) await copyTemplateDatabase(engine, data);
    dispose = dir.remove;
  }
  if (engine === "embedded" && options.existing && options.holdServer) {
    const held = await openDatabase(url, projectRoot, { createIfMissing: false });
    const remove = dispose;
    return {
      url,
      inspect: (work) => work((sql) => held.session.query(sql)),
      async dispose() {
        await held.session.close();
        await remove();
      },
    };
  }
  return {
    url,
    async inspect(work) {
      const opened = await openDatabase(url, projectRoot, { createIfMissing: false });
      try {
        return await work((sql) => opened.session.query(sql));
      } finally {
        await opened.session.close();
      }
    },
    dispose,
  };
}

/** Names of the ordinary tables in `public`, sorted. */
export async function tableNames(engine: EngineFixture): Promise<string[]> {
  return engine.inspect(async (query) => {
    const rows = await query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    return rows.map((row) => String(row.tablename));
  });
}

export async function versionRows(engine: EngineFixture, table = "retort_version"): Promise<string[]> {
  return engine.inspect(async (query) => {
    const [found] = await query(`SELECT to_regclass('${table}') IS NOT NULL AS present`);
    if (!found?.present) return [];
    const rows = await query(`SELECT version_num FROM ${table} ORDER BY version_num`);
    return rows.map((row) => String(row.version_num));
  });
}
