/**
 * Bad input, fuzzed (see fuzz-harness.ts): targets, and the built CLI as a real process.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildRevisionGraph } from "../../src/revisions/graph.js";
import { parseRevisionHeader } from "../../src/revisions/header-parser.js";
import { planDowngrade, planUpgrade } from "../../src/revisions/plan.js";
import { parseTarget } from "../../src/revisions/target-syntax.js";
import { CLI, runRetort } from "../helpers/spawn-cli.js";
import { badInputFuzz, fuzzCount, SECRET, SEED, TIMEOUT } from "./fuzz-harness.js";
import { checkFailure, IDS, Rng } from "./fuzz-kit.js";
import { bodyCases, configCases, headerCases, TARGET_GRAMMAR, targetCandidates, targetCases, urlCases } from "./mutations.js";

describe("bad input, fuzzed: targets and the built CLI", () => {
  const fuzz = badInputFuzz("targets", 2);

  it(
    "targets: malformed, unknown, out of range; whatever a planner accepts fits the grammar",
    async () => {
      const graph = buildRevisionGraph(
        fuzz.revisions.map((def) => parseRevisionHeader(def.text, path.join(fuzz.versionsDirectory(), def.fileName))),
      );
      const refuses = (direction: "upgrade" | "downgrade", target: string): boolean => {
        try {
          const steps = (direction === "upgrade" ? planUpgrade : planDowngrade)(graph, [IDS[2]], parseTarget(target));
          // Accepted: it must be a target as DESIGN §1.1 writes them.
          if (!TARGET_GRAMMAR.test(target))
            fuzz.failures.push(`[target: grammar] ${direction} accepts ${JSON.stringify(target)} (${steps.length} steps)`);
          return false;
        } catch {
          return true;
        }
      };
      const before = fuzz.failures.length;
      const { cases, accepted } = targetCases(targetCandidates(fuzz.context().rng, fuzzCount(110)), refuses);
      fuzz.notes.push(`targets the planners accept (skipped as valid, checked against the grammar): ${accepted.length}`);
      expect(fuzz.failures.slice(before), "targets accepted outside the grammar").toEqual([]);
      await fuzz.runAll(cases);
    },
    TIMEOUT,
  );

  it(
    "the built CLI: the same one-line errors from a real process",
    async () => {
      expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`).toBe(true);
      const rng = new Rng(SEED + 1);
      const ctx = fuzz.context();
      const pools = [headerCases({ ...ctx, rng }), bodyCases({ ...ctx, rng }), configCases({ ...ctx, rng }), urlCases({ ...ctx, rng })];
      const before = fuzz.failures.length;
      for (const pool of pools) {
        for (let n = 0; n < 3; n++) {
          const c = rng.pick(pool);
          const command = c.commands.find((cmd) => cmd.mustFail);
          if (command === undefined) continue;
          fuzz.writeProject(c);
          const args = [...(c.globalArgs ?? []), ...command.args];
          const result = await runRetort(["-c", fuzz.active(fuzz.configPath()), ...args], { cwd: fuzz.projectRoot() });
          const t = fuzz.tally("built CLI (spawned)");
          t.cases++;
          t.runs++;
          t.mustFail++;
          const problems = checkFailure(
            { code: result.code ?? -1, stdout: result.stdout, stderr: result.stderr },
            c.names.map(fuzz.active),
          ).problems;
          if (result.code !== 1 && result.code !== 2) problems.push(`exit code ${result.code} (signal ${result.signal})`);
          if (`${result.stdout}${result.stderr}`.includes(SECRET)) problems.push("printed the password");
          if (problems.length > 0)
            fuzz.fail({ ...c, category: "built CLI (spawned)" }, command.args, problems, {
              code: result.code ?? -1,
              stdout: result.stdout,
              stderr: result.stderr,
            });
        }
      }
      expect(await fuzz.fingerprint()).toBe(fuzz.baseline());
      expect(fuzz.failures.slice(before)).toEqual([]);
    },
    TIMEOUT,
  );
  it("known bugs listed in fuzz-harness.ts are still there (remove an entry once it is fixed)", () => {
    expect(fuzz.staleKnownBugs()).toEqual([]);
  });
});
