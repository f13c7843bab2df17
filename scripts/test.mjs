#!/usr/bin/env node
/**
 * `npm test`: build (the integration tests run dist/), then the type check, the formatting check and the layering
 * rule beside the test run rather than before it, since each of them is one process on one core. Arguments go to
 * vitest (`npm test -- test/suite`). Exits non-zero when any of them fails.
 */
import { spawn } from "node:child_process";

function run(name, command, args, { quiet }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit" });
    let output = "";
    if (quiet) {
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
    }
    child.on("error", (error) => resolve({ name, code: 1, output: String(error), seconds: 0 }));
    child.on("close", (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 }));
  });
}

const build = await run("build", "npm", ["run", "-s", "build"], { quiet: false });
if (build.code !== 0) process.exit(build.code);

const checks = ["typecheck", "format:check", "lint:layers"].map((script) => run(script, "npm", ["run", "-s", script], { quiet: true }));
const tests = await run("vitest", "npx", ["vitest", "run", ...process.argv.slice(2)], { quiet: false });

let failed = tests.code !== 0;
for (const check of await Promise.all(checks)) {
  if (check.code === 0) {
    console.log(`${check.name}: passed (${check.seconds.toFixed(0)} s)`);
  } else {
    failed = true;
    console.error(`${check.name}: FAILED (exit ${check.code})\n${check.output}`);
  }
}
process.exit(failed ? 1 : 0);
