// Tenants: `retort upgrade head --tenants` over many tenant schemas and many tenant databases, against running
// the same tenants one by one. Two baselines, both measured in the same run:
//   - one by one: a `retort upgrade head` process per tenant, in sequence (a shell loop over the tenants);
//   - concurrency 1: one `--tenants` process that runs the tenants one at a time (`--concurrency 1`).
// Per-tenant runs share nothing, so by default the baselines run on a sample of the tenants and are scaled to
// the whole count (`--full` runs them on every tenant). While the parallel run works, the server's client
// connections are sampled every 50 ms: the peak must stay under max_connections.
//
//   node bench/tenants.mjs [--schemas 1000] [--databases 200] [--revisions 10] [--sample 40] [--full] [--keep]
//
// Needs the built CLI, psql, and the PostgreSQL server of bench/run.mjs; creates and drops retort_bench_<pid>_*.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { databaseUrl, PSQL, serverAvailable, serverUrl } from "./lib/engines.mjs";
import { mustRun, run } from "./lib/measure.mjs";
import { writeChain } from "./lib/workloads.mjs";

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(project, "dist", "cli", "main.js");
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(name);
  return index === -1 ? fallback : Number(argv[index + 1]);
};
const schemaCount = option("--schemas", 1000);
const databaseCount = option("--databases", 200);
const revisions = option("--revisions", 10);
const full = argv.includes("--full");
const sampleOf = (count) => (full ? count : Math.min(count, option("--sample", 40)));
const TARGET = 5;

if (!(await serverAvailable())) throw new Error(`the PostgreSQL server ${serverUrl()} does not answer`);
const root = mkdtempSync(path.join(tmpdir(), "retort-bench-tenants-"));
chmodSync(root, 0o755);
const prefix = `retort_bench_${process.pid}_`;
const created = [];
const pad = (n) => String(n).padStart(4, "0");
const psql = (url, ...statements) =>
  mustRun(PSQL, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, ...statements.flatMap((s) => ["-c", s])]);

/** Samples the server's client connections while `work` runs; resolves its result and the peak. */
async function withPeakConnections(work) {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  const [{ max }] = (await client.query("SELECT current_setting('max_connections')::int AS max")).rows;
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const [{ n }] = (await client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'")).rows;
      peak = Math.max(peak, n);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    return { result: await work(), peak, max };
  } finally {
    sampling = false;
    await sampler;
    await client.end();
  }
}

const retort = (args, env = {}) => mustRun(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, ...env } });

/** Runs the parallel run and both baselines over tenants made by `make(label, count)`. */
async function measure({ name, count, make, selector, loopArgs, env }) {
  const sample = sampleOf(count);
  const parallelTenants = await make("p", count);
  const oneTenants = await make("c", sample);
  const loopTenants = await make("l", sample);
  const {
    result: parallel,
    peak,
    max,
  } = await withPeakConnections(() =>
    run(process.execPath, [cli, "upgrade", "head", "--tenants", selector("p", parallelTenants), "--json"], {
      cwd: root,
      env: { ...process.env, ...env },
    }),
  );
  const document = JSON.parse(parallel.stdout);
  if (document.summary.applied !== count) {
    const failures = document.tenants.filter((t) => t.error !== null).slice(0, 5);
    throw new Error(
      `${name}: ${document.summary.applied} of ${count} tenants applied; first failures: ${JSON.stringify(failures.map((t) => [t.tenant, t.error.message]))}`,
    );
  }
  console.error(`${name}: parallel ${Math.round(parallel.ms)} ms (${document.concurrency} at once), peak ${peak} of ${max} connections`);
  const one = await retort(["upgrade", "head", "--tenants", selector("c", oneTenants), "--concurrency", "1"], env);
  let loopMs = 0;
  for (const tenant of loopTenants.names ?? loopTenants) loopMs += (await retort(["upgrade", "head", ...loopArgs(tenant)], env)).ms;
  const scale = count / sample;
  console.error(`${name}: concurrency 1 ${Math.round(one.ms)} ms and one by one ${Math.round(loopMs)} ms for ${sample} tenants`);
  return {
    name,
    count,
    sample,
    parallelMs: parallel.ms,
    concurrency: document.concurrency,
    oneMs: one.ms * scale,
    loopMs: loopMs * scale,
    peak,
    max,
  };
}

const rows = [];
try {
  writeChain(root, revisions); // each creates a table of 5 columns with an index and a foreign key to the one before
  if (schemaCount > 0) {
    const database = `${prefix}schemas`;
    await psql(serverUrl(), `CREATE DATABASE "${database}"`);
    created.push(database);
    const url = databaseUrl(database);
    const make = async (label, n) => {
      const names = Array.from({ length: n }, (_, i) => `bt_${label}_${pad(i + 1)}`);
      await psql(url, names.map((s) => `CREATE SCHEMA ${s};`).join(" "));
      return names;
    };
    rows.push(
      await measure({
        name: "tenant schemas",
        count: schemaCount,
        make,
        selector: (label) => `schema:bt_${label}_*`,
        loopArgs: (schema) => ["--tenants", `schema:${schema}`],
        env: { DATABASE_URL: url },
      }),
    );
  }
  if (databaseCount > 0) {
    const make = async (label, n) => {
      const names = Array.from({ length: n }, (_, i) => `${prefix}db_${label}_${pad(i + 1)}`);
      for (let i = 0; i < names.length; i += 50) {
        await psql(serverUrl(), ...names.slice(i, i + 50).map((name) => `CREATE DATABASE "${name}"`));
        created.push(...names.slice(i, i + 50));
      }
      const file = path.join(root, `tenants-${label}.txt`);
      writeFileSync(file, `${names.map(databaseUrl).join("\n")}\n`);
      return { names, file };
    };
    rows.push(
      await measure({
        name: "tenant databases",
        count: databaseCount,
        make,
        selector: (_, made) => made.file,
        loopArgs: (name) => ["--url", databaseUrl(name)],
        env: { DATABASE_URL: databaseUrl(`${prefix}unused`) },
      }),
    );
  }
} finally {
  for (let i = 0; i < created.length; i += 50)
    await run(PSQL, [
      "-X",
      "-q",
      "-d",
      serverUrl(),
      ...created.slice(i, i + 50).flatMap((name) => ["-c", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]),
    ]);
  if (!argv.includes("--keep")) rmSync(root, { recursive: true, force: true });
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
/** A Markdown table, as bench/RESULTS.md keeps them. */
function formatTable(header, body) {
  const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}
console.log(
  formatTable(
    [
      "workload",
      "tenants × revisions",
      "parallel",
      "one by one (processes)",
      "ratio",
      "concurrency 1 (one process)",
      "ratio",
      "peak connections",
      "target",
      "result",
    ],
    rows.map((r) => [
      r.name,
      `${r.count} × ${revisions}`,
      `${seconds(r.parallelMs)} (${r.concurrency} at once)`,
      `${seconds(r.loopMs)}${r.sample < r.count ? ` (${r.sample} run, scaled)` : ""}`,
      `${(r.loopMs / r.parallelMs).toFixed(1)}×`,
      `${seconds(r.oneMs)}${r.sample < r.count ? ` (${r.sample} run, scaled)` : ""}`,
      `${(r.oneMs / r.parallelMs).toFixed(1)}×`,
      `${r.peak} of ${r.max}`,
      `≥ ${TARGET}× one by one, < max_connections`,
      r.loopMs / r.parallelMs >= TARGET && r.peak < r.max ? "pass" : "FAIL",
    ]),
  ),
);
