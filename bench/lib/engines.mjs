// The databases the benchmarks run on: uniquely named databases on the PostgreSQL server (dropped after),
// and, for the embedded floor, a PostgreSQL started by hand from the same npm-shipped binaries Retort runs.
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { mustRun, run, sleep } from "./measure.mjs";

export const PSQL = "psql";

/** The server benchmarks use: RETORT_BENCH_PG_URL, else RETORT_TEST_PG_URL, else the local server. */
export function serverUrl() {
  return process.env.RETORT_BENCH_PG_URL ?? process.env.RETORT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

/** The URL of `database` on the benchmark server. */
export function databaseUrl(database) {
  const url = new URL(serverUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates and drops the benchmark's own databases; every name starts with `retort_bench_<pid>_`. */
export class ServerDatabases {
  constructor() {
    this.prefix = `retort_bench_${process.pid}_`;
    this.created = new Set();
    this.counter = 0;
  }

  async create(label) {
    const name = `${this.prefix}${label}_${++this.counter}`;
    await mustRun(PSQL, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", serverUrl(), "-c", `CREATE DATABASE "${name}"`]);
    this.created.add(name);
    return name;
  }

  async drop(name) {
    if (!name.startsWith(this.prefix)) throw new Error(`refusing to drop ${name}: not a benchmark database`);
    await mustRun(PSQL, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", serverUrl(), "-c", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]);
    this.created.delete(name);
  }

  async dropAll() {
    for (const name of [...this.created]) await this.drop(name).catch((error) => console.error(`could not drop ${name}: ${error.message}`));
  }
}

/** Whether the benchmark server answers. */
export async function serverAvailable() {
  const result = await run(PSQL, ["-X", "-q", "-At", "-d", serverUrl(), "-c", "SELECT 1"]).catch(() => ({ code: 1 }));
  return result.code === 0;
}

/** The OS user the embedded engine runs PostgreSQL as when we are root (PostgreSQL refuses to run as root). */
export function runAsUser() {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

/**
 * A PostgreSQL cluster run from the npm-shipped binaries, configured as Retort's embedded engine runs it
 * (Unix socket only, max_connections=20, huge_pages=off), so that the floor differs from Retort only by Retort.
 */
export class HandStartedCluster {
  constructor(binDirectory, directory) {
    this.bin = binDirectory;
    this.data = path.join(directory, "pgdata");
    this.socket = path.join(directory, "sock");
    this.runAs = runAsUser();
  }

  /** initdb, as the embedded engine runs it (not timed). */
  async init() {
    mkdirSync(path.dirname(this.data), { recursive: true });
    chmodSync(path.dirname(this.data), 0o755);
    mkdirSync(this.data, { mode: 0o700 });
    mkdirSync(this.socket);
    if (this.runAs) {
      chownSync(this.data, this.runAs.uid, this.runAs.gid);
      chownSync(this.socket, this.runAs.uid, this.runAs.gid);
    }
    chmodSync(this.data, 0o700);
    await mustRun(
      path.join(this.bin, "initdb"),
      [
        "-D",
        this.data,
        "--auth=trust",
        "--username=postgres",
        "--encoding=UTF8",
        "--locale=C",
        "--locale-provider=builtin",
        "--builtin-locale=C.UTF-8",
      ],
      { ...this.runAs, cwd: this.data },
    );
  }

  /** Starts the server and waits until postmaster.pid says "ready" (polled every 5 ms, as Retort does). */
  async start() {
    const child = spawn(
      path.join(this.bin, "postgres"),
      [
        "-D",
        this.data,
        "-p",
        "5432",
        "-k",
        this.socket,
        "-c",
        "listen_addresses=",
        "-c",
        "unix_socket_permissions=0700",
        "-c",
        "max_connections=20",
        "-c",
        "huge_pages=off",
      ],
      { cwd: this.data, stdio: "ignore", ...(this.runAs ?? {}) },
    );
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const deadline = Date.now() + 30_000;
    for (;;) {
      let lines = [];
      try {
        lines = readFileSync(path.join(this.data, "postmaster.pid"), "utf8").split("\n");
      } catch {}
      if (Number(lines[0]) === child.pid && lines[7]?.trim() === "ready") break;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the hand-started PostgreSQL in ${this.data} did not start`);
      await sleep(5);
    }
    this.child = child;
    this.exited = exited;
  }

  /** Fast shutdown (SIGINT), waiting for the postmaster to exit. */
  async stop() {
    if (!this.child) return;
    this.child.kill("SIGINT");
    await this.exited;
    this.child = undefined;
  }

  /** psql arguments that reach this cluster's `postgres` database. */
  psqlArgs() {
    return ["-h", this.socket, "-p", "5432", "-U", "postgres", "-d", "postgres"];
  }
}
