// Cost of a short command on the zero-setup engines: a fresh `node` process that opens the database,
// runs one query and closes it (what `retort current` does), against `node -e ""` as the floor.
//
//   node bench/embedded-open.mjs [--runs 9] [--engine embedded|pglite|all]
//
// Compiles src/engines/{embedded,pglite} (with tsc, into node_modules/.cache/retort-bench, so the rest of
// the project need not build), creates each database once (not measured), then per run reports:
//   wall      the whole process, spawn to exit (what a user waits for)
//   inside    open + query + close, measured in the process (no Node start-up, no module loading)
//   node RSS  peak resident set of the Node process (getrusage maxrss)
//   pg PSS    embedded only: proportional set size of all postgres processes, summed, sampled after the
//             query (PSS splits shared memory between processes, so the sum does not count it twice; Linux only)
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argument = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : process.argv[index + 1];
};
const runs = Number(argument("--runs", "9"));
const engine = argument("--engine", "all");

const out = path.join(project, "node_modules", ".cache", "retort-bench");
rmSync(out, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    path.join(project, "node_modules", "typescript", "bin", "tsc"),
    "--outDir",
    out,
    "--rootDir",
    path.join(project, "src"),
    "--module",
    "nodenext",
    "--moduleResolution",
    "nodenext",
    "--target",
    "es2022",
    "--skipLibCheck",
    "--types",
    "node",
    "--strict",
    path.join(project, "src/engines/embedded/index.ts"),
    path.join(project, "src/engines/pglite/index.ts"),
  ],
  { stdio: "inherit" },
);

const child = path.join(out, "child.mjs");
writeFileSync(
  child,
  `
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
const [engine, directory] = process.argv.slice(2);
const started = performance.now();
const opened = engine === "embedded"
  ? await (await import("./engines/embedded/index.js")).openEmbedded(directory, { createIfMissing: true })
  : await (await import("./engines/pglite/index.js")).openPglite(directory, { createIfMissing: true });
await opened.session.query("SELECT count(*) AS n FROM pg_class WHERE relname = $1", ["retort_version"]);
let pgPss = null;
if (engine === "embedded" && process.platform === "linux") {
  const postmaster = Number(readFileSync(path.join(directory, "pgdata", "postmaster.pid"), "utf8").split("\\n")[0]);
  pgPss = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync("/proc/" + entry + "/stat", "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (Number(entry) !== postmaster && ppid !== postmaster) continue;
      const pss = /^Pss:\\s+(\\d+) kB/m.exec(readFileSync("/proc/" + entry + "/smaps_rollup", "utf8"));
      pgPss += Number(pss?.[1] ?? 0) * 1024;
    } catch {}
  }
}
await opened.session.close();
const inside = performance.now() - started;
process.stdout.write(JSON.stringify({ inside, nodeRss: process.resourceUsage().maxRSS * 1024, pgPss }));
`,
);

function run(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    proc.stdout.on("data", (chunk) => (stdout += chunk));
    proc.once("exit", (code) => {
      const wall = performance.now() - started;
      if (code !== 0) reject(new Error(`${args.join(" ")} exited with ${code}`));
      else resolve({ wall, ...(stdout ? JSON.parse(stdout) : {}) });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const ms = (value) => `${value.toFixed(0)} ms`;

async function measure(label, args) {
  const results = [];
  for (let index = 0; index < runs; index += 1) results.push(await run(args));
  const line = [`${label.padEnd(28)} wall ${ms(median(results.map((r) => r.wall))).padStart(7)}`];
  if (results[0].inside !== undefined) line.push(`inside ${ms(median(results.map((r) => r.inside))).padStart(7)}`);
  line.push(`peak node RSS ${mb(Math.max(...results.map((r) => r.nodeRss))).padStart(6)}`);
  if (typeof results[0].pgPss === "number") {
    const pss = Math.max(...results.map((r) => r.pgPss));
    const total = Math.max(...results.map((r) => r.nodeRss + r.pgPss));
    line.push(`pg PSS ${mb(pss)}`, `node+pg ${mb(total)}`);
  }
  process.stdout.write(`${line.join("   ")}\n`);
}

const root = mkdtempSync(path.join(tmpdir(), "retort-bench-"));
try {
  execFileSync("chmod", ["755", root]); // when run as root, the postgres user must be able to enter it
  process.stdout.write(`${runs} runs each, medians; node ${process.version}, ${process.platform}-${process.arch}\n`);
  await measure('floor: node -e ""', ["-e", "process.stdout.write(JSON.stringify({ nodeRss: process.resourceUsage().maxRSS * 1024 }))"]);
  for (const name of engine === "all" ? ["embedded", "pglite"] : [engine]) {
    const directory = path.join(root, name);
    mkdirSync(directory);
    const first = await run([child, name, directory]);
    process.stdout.write(
      `${`${name}: create (once)`.padEnd(28)} wall ${ms(first.wall).padStart(7)}   peak node RSS ${mb(first.nodeRss)}\n`,
    );
    await measure(`${name}: open+query+close`, [child, name, directory]);
    if (readdirSync(directory).includes("retort.lock")) throw new Error(`lock left behind in ${directory}`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
