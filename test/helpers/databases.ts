import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** The PostgreSQL server the integration tests use; any database on it may be created and dropped. */
export const SERVER_URL = process.env.RETORT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A URL for a fresh, uniquely named database on the test server (created by Retort itself, in development). */
export function serverDatabaseUrl(prefix = "retort_test"): { url: string; name: string } {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return { url: url.href, name };
}

export async function dropServerDatabase(name: string): Promise<void> {
  await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export async function createServerDatabase(name: string): Promise<void> {
  await onServer(`CREATE DATABASE "${name}"`);
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs one query against a database URL on the test server. */
export async function queryServer<Row extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function tempDirectory(prefix = "retort-"): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  // mkdtemp makes the folder private; the embedded server runs as the postgres user when tests run as root.
  await chmod(dir, 0o755);
  return { path: dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
