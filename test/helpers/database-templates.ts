import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { access, chmod, mkdir, mkdtemp, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { inject } from "vitest";
import { openEmbedded } from "../../src/engines/embedded/index.js";
import { openPglite } from "../../src/engines/pglite/index.js";

const run = promisify(execFile);

type Kind = "embedded" | "pglite";

const templates = new Map<Kind, Promise<string>>();

/**
 * An empty database made once per test run by the engine itself (embedded: initdb, start, stop; PGlite: its
 * WebAssembly initdb) in the folder the global setup made (test/setup/template-root.ts): the first test process
 * that needs one makes it while the others wait for it. Without that folder (a test run without the global setup),
 * once per process.
 */
function template(kind: Kind): Promise<string> {
  let made = templates.get(kind);
  if (made === undefined) {
    made = sharedTemplate(kind);
    templates.set(kind, made);
  }
  return made;
}

async function sharedTemplate(kind: Kind): Promise<string> {
  const root = inject("templateRoot");
  if (root === undefined) return makeTemplate(kind, await privateRoot(kind));
  const directory = path.join(root, kind);
  const failed = path.join(root, `${kind}.failed`);
  try {
    await mkdir(path.join(root, `${kind}.claimed`));
  } catch {
    // Another process makes it: wait for it to appear (or for its failure).
    for (;;) {
      if (await exists(directory)) return path.join(directory, "db");
      if (await exists(failed))
        throw new Error(`another test process failed to make the ${kind} template: ${await readFile(failed, "utf8")}`);
      await sleep(100);
    }
  }
  const staging = path.join(root, `${kind}.staging`);
  try {
    await mkdir(staging);
    await chmod(staging, 0o755);
    await makeTemplate(kind, staging);
    await rename(staging, directory);
    return path.join(directory, "db");
  } catch (error) {
    await writeFile(failed, String(error instanceof Error ? error.stack : error));
    throw error;
  }
}

async function privateRoot(kind: Kind): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), `retort-template-${kind}-`));
  // Traversable for the postgres user the embedded server runs as when tests run as root.
  await chmod(root, 0o755);
  process.once("exit", () => rmSync(root, { recursive: true, force: true }));
  return root;
}

async function makeTemplate(kind: Kind, root: string): Promise<string> {
  const directory = path.join(root, "db");
  const open = kind === "embedded" ? openEmbedded : openPglite;
  await (await open(directory, { createIfMissing: true })).session.close();
  return directory;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Puts an existing, empty, cleanly closed database where `embedded:<directory>` or `pglite:<directory>` looks
 * for it, for tests about an existing database rather than about creating one (creating takes seconds: initdb).
 * It is a copy of a database the engine made once per test run, owners and modes kept (`cp -a`).
 */
export async function copyTemplateDatabase(kind: Kind, directory: string): Promise<void> {
  const source = await template(kind);
  if (kind === "embedded") {
    await mkdir(directory, { recursive: true });
    await run("cp", ["-a", path.join(source, "pgdata"), path.join(directory, "pgdata")]);
  } else {
    await mkdir(path.dirname(directory), { recursive: true });
    await run("cp", ["-a", source, directory]);
  }
}
