import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { ConnectionError } from "../../errors.js";
import { firstUnenterable, type RunAs } from "./os-user.js";

/** The file in an embedded directory that records where its cluster lives when it cannot live there. */
export const DATA_LOCATION_FILE = "retort.data-location";

/** Where clusters go that the `postgres` user cannot reach in the project; overridable for tests. */
export function stateDirectory(env: Readonly<Record<string, string | undefined>>): string {
  return env["RETORT_EMBEDDED_STATE_DIR"] || "/var/lib/retort/embedded";
}

/**
 * The data directory (PGDATA) of `embedded:<directory>`. Normally `<directory>/pgdata`. When Retort runs as root,
 * PostgreSQL runs as another user, which may not be able to enter the project (a project under /root, mode 0700,
 * or one made with `mktemp -d`): then the cluster lives under a system state folder instead, and
 * `<directory>/retort.data-location` records where, so every later command finds it. The user's folders keep
 * their permissions.
 */
export async function locateDataDirectory(
  directory: string,
  runAs: RunAs | undefined,
  options: {
    readonly create: boolean;
    readonly log?: ((line: string) => void) | undefined;
    readonly env?: Readonly<Record<string, string | undefined>>;
  },
): Promise<string> {
  const recorded = await readRecordedLocation(directory);
  if (recorded !== undefined) return recorded;
  const inside = path.join(directory, "pgdata");
  if (runAs === undefined || !options.create) return inside;
  const blocked = await firstUnenterable(directory, runAs);
  if (blocked === undefined) return inside;
  const base = stateDirectory(options.env ?? process.env);
  await mkdir(base, { recursive: true, mode: 0o755 });
  const blockedBase = await firstUnenterable(base, runAs);
  if (blockedBase !== undefined) {
    throw new ConnectionError(
      "embedded_engine_failed",
      `The embedded PostgreSQL runs as '${runAs.name}' (PostgreSQL refuses root), which can enter neither ${blocked.directory} nor ${blockedBase.directory}.`,
      {
        hint: `Let it through with chmod o+x ${blocked.directory}, set RETORT_EMBEDDED_STATE_DIR to a folder it can reach, or run Retort as a non-root user.`,
      },
    );
  }
  // A folder of its own per cluster: a project folder deleted and made again never finds an old cluster.
  const home = path.join(base, `${path.basename(directory).replace(/[^\w.-]/g, "_")}-${randomBytes(6).toString("hex")}`);
  await mkdir(home, { mode: 0o755 });
  await chmod(home, 0o755);
  const dataDirectory = path.join(home, "pgdata");
  const record = path.join(directory, DATA_LOCATION_FILE);
  await writeFile(`${record}.tmp`, `${dataDirectory}\n`);
  await rename(`${record}.tmp`, record);
  options.log?.(
    `The embedded PostgreSQL runs as '${runAs.name}', which cannot enter ${blocked.directory}: its data lives in ${dataDirectory} (recorded in ${record})`,
  );
  return dataDirectory;
}

async function readRecordedLocation(directory: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(directory, DATA_LOCATION_FILE), "utf8");
  } catch {
    return undefined;
  }
  const location = text.trim();
  if (!path.isAbsolute(location)) {
    throw new ConnectionError(
      "embedded_engine_failed",
      `${path.join(directory, DATA_LOCATION_FILE)} should hold the absolute path of the embedded database's data, not '${location}'.`,
      { hint: `Restore the file, or delete it together with ${directory} to start a new embedded database.` },
    );
  }
  return location;
}
