import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { chmod, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { openEmbedded } from "../../src/engines/embedded/index.js";
import { openPglite } from "../../src/engines/pglite/index.js";

const run = promisify(execFile);

type Kind = "embedded" | "pglite";

const templates = new Map<Kind, Promise<string>>();

/**
 * An empty database made once per test process by the engine itself (embedded: initdb, start, stop; PGlite:
 * its WebAssembly initdb), removed when the process exits.
 */
function template(kind: Kind): Promise<string> {
  let made = templates.get(kind);
  if (made === undefined) {
    made = (async () => {
      const root = await mkdtemp(path.join(tmpdir(), `retort-template-${kind}-`));
      // Traversable for the postgres user the embedded server runs as when tests run as root.
      await chmod(root, 0o755);
      process.once("exit", () => rmSync(root, { recursive: true, force: true }));
      const directory = path.join(root, "db");
      const open = kind === "embedded" ? openEmbedded : openPglite;
      await (await open(directory, { createIfMissing: true })).session.close();
      return directory;
    })();
    templates.set(kind, made);
  }
  return made;
}

/**
 * Puts an existing, empty, cleanly closed database where `embedded:<directory>` or `pglite:<directory>` looks
 * for it, for tests about an existing database rather than about creating one (creating takes seconds: initdb).
 * It is a copy of a database the engine made once per test process, owners and modes kept (`cp -a`).
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
