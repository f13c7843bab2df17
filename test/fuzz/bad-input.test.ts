/**
 * Issue 7 item 5, "Bad input, fuzzed": at least 1,000 broken inputs generated from a valid project (revision
 * files with missing or mistyped exports, syntax errors, cycles, duplicate ids, unknown parents, binary
 * garbage; configs with wrong types; malformed targets and URLs). Each must end in a one-line `FAILED:` error
 * naming the file or value, a non-zero exit, no stack trace (unless --debug), no password in any output, and
 * no change to the database, which starts at a mid revision so that a broken run would have work to do.
 *
 * Deterministic: the seed is printed; rerun one with RETORT_FUZZ_SEED=<seed>.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { buildRevisionGraph } from "../../src/revisions/graph.js";
import { parseRevisionHeader } from "../../src/revisions/header-parser.js";
import { planDowngrade, planUpgrade } from "../../src/revisions/plan.js";
import { parseTarget } from "../../src/revisions/target-syntax.js";
import { dropServerDatabase, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { CLI, runRetort } from "../helpers/spawn-cli.js";
import {
  checkCleanIfFailed,
  checkFailure,
  excerpt,
  fingerprint,
  IDS,
  plainConfig,
  Rng,
  type RunResult,
  validRevisions,
} from "./fuzz-kit.js";
import {
  bodyCases,
  combinedHeaderCases,
  configCases,
  randomHeaderEdits,
  type RandomEditTally,
  type FuzzCase,
  type FuzzContext,
  headerCases,
  TARGET_GRAMMAR,
  targetCandidates,
  targetCases,
  urlCases,
} from "./mutations.js";

const SEED = Number(process.env.RETORT_FUZZ_SEED ?? 20261128);
const SECRET = `SEKRET${(SEED % 100000).toString(36)}pw`;

/**
 * Failures found by this fuzz test in code outside its remit (reported, not fixed here): counted and printed
 * as known, without failing the test. An entry nothing matches any more is stale and fails the test, so the
 * fix that makes it pass also removes it.
 */
const KNOWN_BUGS: readonly { readonly match: RegExp; readonly where: string }[] = [];

interface Tally {
  cases: number;
  runs: number;
  mustFail: number;
  usageShaped: number;
  failures: number;
}

describe("bad input, fuzzed", () => {
  const revisions = validRevisions();
  const tallies = new Map<string, Tally>();
  const failures: string[] = [];
  const known = new Map<(typeof KNOWN_BUGS)[number], string[]>();
  let debugRuns = 0;
  let acceptedTargets: string[] = [];
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let database: { url: string; name: string };
  let client: pg.Client;
  let baseline: string;
  let ctx: FuzzContext;
  /** Where cases are generated (names in them point here); each case runs in a fresh copy (see below). */
  let templateRoot: string;
  let configPath: string;
  let versionsDirectory: string;
  /**
   * Each case gets a project folder of its own, so that no module loader cache keyed by path can hand a case
   * the module an earlier case wrote at the same path: every input is read as written.
   */
  let activeRoot = "";
  let slot = 0;
  const active = (file: string) => file.replaceAll(templateRoot, activeRoot);
  const started = Date.now();

  async function run(args: readonly string[]): Promise<RunResult> {
    let stdout = "";
    let stderr = "";
    const code = await runCli(["-c", active(configPath), ...args], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout, stderr };
  }

  /** The valid project, then the case's changes. */
  function writeProject(c?: FuzzCase): void {
    if (activeRoot !== "") rmSync(activeRoot, { recursive: true, force: true });
    activeRoot = path.join(dir.path, `case${slot++}`);
    const versions = active(versionsDirectory);
    mkdirSync(versions, { recursive: true });
    for (const def of revisions) {
      const text = c?.revisions?.has(def.fileName) ? c.revisions.get(def.fileName) : def.text;
      if (text !== null && text !== undefined) writeFileSync(path.join(versions, def.fileName), text);
    }
    for (const [name, content] of Object.entries(c?.extraFiles ?? {})) writeFileSync(path.join(versions, name), content);
    writeFileSync(active(configPath), c?.config ?? plainConfig(database.url));
  }

  async function restoreDatabase(): Promise<void> {
    await client.end();
    await dropServerDatabase(database.name);
    writeProject();
    const result = await run(["upgrade", IDS[2]]);
    if (result.code !== 0) throw new Error(`cannot set the fuzz database up: ${result.stderr}`);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    baseline = await fingerprint(client);
  }

  function tally(category: string): Tally {
    let t = tallies.get(category);
    if (t === undefined) tallies.set(category, (t = { cases: 0, runs: 0, mustFail: 0, usageShaped: 0, failures: 0 }));
    return t;
  }

  function fail(c: FuzzCase, args: readonly string[], problems: readonly string[], result: RunResult | undefined): void {
    const command = [...(c.globalArgs ?? []), ...args].map((a) => JSON.stringify(a)).join(" ");
    const text = `[${c.category}] ${c.description}\n    retort ${command}: ${problems.join("; ")}${result ? `\n    ${excerpt(result)}` : ""}`;
    const bug = KNOWN_BUGS.find((known) => known.match.test(text));
    if (bug === undefined) {
      tally(c.category).failures++;
      failures.push(text);
    } else {
      known.set(bug, [...(known.get(bug) ?? []), text]);
    }
  }

  async function runCase(c: FuzzCase, index: number): Promise<void> {
    writeProject(c);
    const t = tally(c.category);
    t.cases++;
    for (const command of c.commands) {
      const args = [...(c.globalArgs ?? []), ...command.args];
      const result = await run(args);
      t.runs++;
      const problems: string[] = [];
      if (`${result.stdout}${result.stderr}`.includes(SECRET)) problems.push("printed the password");
      if (command.mustFail) {
        t.mustFail++;
        const checked = checkFailure(result, c.names.map(active), false, c.valueParts);
        problems.push(...checked.problems);
        if (checked.shape === "usage") t.usageShaped++;
        // A sample of the failures again with --debug: now with the stack trace, still without the password.
        if (index % 25 === 0 && checked.shape === "failed" && checked.problems.length === 0 && command === c.commands[0]) {
          const debug = await run(["--debug", ...args]);
          debugRuns++;
          const debugProblems = checkFailure(debug, c.names.map(active), true, c.valueParts).problems;
          if (`${debug.stdout}${debug.stderr}`.includes(SECRET)) debugProblems.push("printed the password with --debug");
          if (debugProblems.length > 0) fail(c, ["--debug", ...args], debugProblems, debug);
        }
      } else if (command.mustSucceed) {
        if (result.code !== 0) problems.push(`rejected a valid input (exit ${result.code})`);
      } else {
        problems.push(...checkCleanIfFailed(result));
      }
      if (problems.length > 0) fail(c, command.args, problems, result);
    }
    const after = await fingerprint(client);
    if (after !== baseline) {
      fail(c, ["(all commands)"], [`changed the database: ${baseline} -> ${after}`], undefined);
      await restoreDatabase();
    }
  }

  async function runAll(cases: readonly FuzzCase[]): Promise<void> {
    const before = failures.length;
    for (const [index, c] of cases.entries()) await runCase(c, index);
    expect(failures.slice(before), `${failures.length - before} fuzz failures`).toEqual([]);
  }

  beforeAll(async () => {
    dir = await tempDirectory("retort-fuzz-");
    database = serverDatabaseUrl("retort_fuzz");
    templateRoot = path.join(dir.path, "project");
    configPath = path.join(templateRoot, "retort.config.ts");
    versionsDirectory = path.join(templateRoot, "migrations", "versions");
    client = new pg.Client({ connectionString: database.url });
    ctx = { rng: new Rng(SEED), revisions, versionsDirectory, configPath, url: database.url, secret: SECRET };
    // The client is connected by restoreDatabase(); give it one to end first.
    client = { end: async () => undefined } as unknown as pg.Client;
    await restoreDatabase();
    console.log(`bad-input fuzz: seed ${SEED} (RETORT_FUZZ_SEED), database ${database.name} at ${IDS[2]}: ${baseline}`);
  });

  afterAll(async () => {
    const total: Tally = { cases: 0, runs: 0, mustFail: 0, usageShaped: 0, failures: 0 };
    const rows = [...tallies].map(([category, t]) => {
      for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += t[key];
      return `  ${category.padEnd(34)} ${String(t.cases).padStart(5)} ${String(t.runs).padStart(6)} ${String(t.mustFail).padStart(6)} ${String(t.failures).padStart(6)}`;
    });
    console.log(
      [
        `bad-input fuzz: seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)}s`,
        `  ${"category".padEnd(34)} ${"inputs".padStart(5)} ${"runs".padStart(6)} ${"broken".padStart(6)} ${"FAILS".padStart(6)}`,
        ...rows,
        `  ${"TOTAL".padEnd(34)} ${String(total.cases).padStart(5)} ${String(total.runs).padStart(6)} ${String(total.mustFail).padStart(6)} ${String(total.failures).padStart(6)}`,
        `  fuzzed inputs: ${total.cases}; runs: ${total.runs}; runs that had to fail: ${total.mustFail} (${total.usageShaped} as commander usage errors); --debug reruns: ${debugRuns}; failures: ${failures.length}`,
        `  targets the planners accept (skipped as valid, checked against the grammar): ${acceptedTargets.length}`,
        `  random header edits: ${editTally.syntaxError} syntax errors, ${editTally.brokenHeader} bad exports, ${editTally.unchanged} still valid (must be accepted), ${editTally.changedSkipped} other values (not judged)`,
        ...KNOWN_BUGS.map((bug) => `  known bug, ${known.get(bug)?.length ?? 0} runs (not fixed here): ${bug.where}`),
        ...failures.slice(0, 40),
        ...(failures.length > 40 ? [`  … and ${failures.length - 40} more`] : []),
      ].join("\n"),
    );
    if (process.env.RETORT_FUZZ_REPORT) writeFileSync(process.env.RETORT_FUZZ_REPORT, failures.join("\n"));
    await client?.end();
    if (database) await dropServerDatabase(database.name);
    await dir?.remove();
  }, 120_000);

  it("revision headers: missing, misspelt, mistyped, duplicated exports; cycles; unknown parents; garbage files", async () => {
    await runAll([...headerCases(ctx), ...combinedHeaderCases(ctx, 120)]);
  }, 120_000);

  const editTally: RandomEditTally = { syntaxError: 0, brokenHeader: 0, unchanged: 0, changedSkipped: 0 };

  it("revision headers, random character edits judged by the TypeScript parser", async () => {
    await runAll(randomHeaderEdits(ctx, 200, 6000, editTally));
  }, 120_000);

  it("revision bodies: bad exports, syntax errors, failing imports and functions, truncation, binary garbage", async () => {
    await runAll(bodyCases(ctx));
  }, 120_000);

  it("configs: wrong types, unknown keys, syntax errors, bad default exports", async () => {
    await runAll(configCases(ctx));
  }, 120_000);

  it("database URLs: malformed, wrong schemes and ports, passwords that must not leak", async () => {
    await runAll(urlCases(ctx));
  }, 120_000);

  it("targets: malformed, unknown, out of range; whatever a planner accepts fits the grammar", async () => {
    const graph = buildRevisionGraph(revisions.map((def) => parseRevisionHeader(def.text, path.join(versionsDirectory, def.fileName))));
    const refuses = (direction: "upgrade" | "downgrade", target: string): boolean => {
      try {
        const steps = (direction === "upgrade" ? planUpgrade : planDowngrade)(graph, [IDS[2]], parseTarget(target));
        // Accepted: it must be a target as DESIGN §1.1 writes them.
        if (!TARGET_GRAMMAR.test(target))
          failures.push(`[target: grammar] ${direction} accepts ${JSON.stringify(target)} (${steps.length} steps)`);
        return false;
      } catch {
        return true;
      }
    };
    const before = failures.length;
    const { cases, accepted } = targetCases(targetCandidates(ctx.rng, 320), refuses);
    acceptedTargets = accepted;
    expect(failures.slice(before), "targets accepted outside the grammar").toEqual([]);
    await runAll(cases);
  }, 120_000);

  it("known bugs listed above are still there (remove an entry once it is fixed)", () => {
    expect(KNOWN_BUGS.filter((bug) => !known.has(bug)).map((bug) => bug.where)).toEqual([]);
  });

  it("the built CLI: the same one-line errors from a real process", async () => {
    expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`).toBe(true);
    const rng = new Rng(SEED + 1);
    const pools = [headerCases({ ...ctx, rng }), bodyCases({ ...ctx, rng }), configCases({ ...ctx, rng }), urlCases({ ...ctx, rng })];
    const before = failures.length;
    for (const pool of pools) {
      for (let n = 0; n < 3; n++) {
        const c = rng.pick(pool);
        const command = c.commands.find((cmd) => cmd.mustFail);
        if (command === undefined) continue;
        writeProject(c);
        const args = [...(c.globalArgs ?? []), ...command.args];
        const result = await runRetort(["-c", active(configPath), ...args], { cwd: activeRoot });
        const t = tally("built CLI (spawned)");
        t.cases++;
        t.runs++;
        t.mustFail++;
        const problems = checkFailure(
          { code: result.code ?? -1, stdout: result.stdout, stderr: result.stderr },
          c.names.map(active),
        ).problems;
        if (result.code !== 1 && result.code !== 2) problems.push(`exit code ${result.code} (signal ${result.signal})`);
        if (`${result.stdout}${result.stderr}`.includes(SECRET)) problems.push("printed the password");
        if (problems.length > 0)
          fail({ ...c, category: "built CLI (spawned)" }, command.args, problems, {
            code: result.code ?? -1,
            stdout: result.stdout,
            stderr: result.stderr,
          });
      }
    }
    expect(await fingerprint(client)).toBe(baseline);
    expect(failures.slice(before)).toEqual([]);
  }, 120_000);
});
