import { execFile } from "node:child_process";
import { chown, lchown, readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { ConnectionError } from "../../errors.js";

/** The operating-system account the embedded PostgreSQL runs as, when it cannot run as us. */
export interface RunAs {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

const SERVICE_USER = "postgres";

/**
 * PostgreSQL refuses to run as root. When Retort runs as root (containers, CI), the server runs as another
 * account: the owner of an existing data directory if that is not root (so a directory made by a normal
 * user stays theirs), otherwise the `postgres` user, created with `useradd` when missing.
 * Returns undefined when no switch is needed (not root, or Windows).
 */
export async function resolveRunAs(dataDirectory: string, log?: (line: string) => void): Promise<RunAs | undefined> {
  if (process.getuid === undefined || process.getuid() !== 0) return undefined;
  const owner = await stat(dataDirectory).catch(() => undefined);
  if (owner !== undefined && owner.uid !== 0) {
    const name = (await findUser((user) => user.uid === owner.uid))?.name ?? `uid ${owner.uid}`;
    return { name, uid: owner.uid, gid: owner.gid };
  }
  const existing = await findUser((user) => user.name === SERVICE_USER);
  if (existing !== undefined) return existing;
  try {
    await promisify(execFile)("useradd", [
      "--system",
      "--user-group",
      "--no-create-home",
      "--home-dir",
      "/nonexistent",
      "--shell",
      "/usr/sbin/nologin",
      SERVICE_USER,
    ]);
  } catch (cause) {
    // Another Retort process may have created it at the same moment.
    const raced = await findUser((user) => user.name === SERVICE_USER);
    if (raced !== undefined) return raced;
    throw new ConnectionError(
      "embedded_engine_failed",
      `PostgreSQL cannot run as root, and the '${SERVICE_USER}' user to run it as could not be created.`,
      {
        hint: `Create a '${SERVICE_USER}' system user (useradd --system ${SERVICE_USER}, or adduser -S ${SERVICE_USER} on Alpine), or run Retort as a non-root user.`,
        cause,
      },
    );
  }
  const created = await findUser((user) => user.name === SERVICE_USER);
  if (created === undefined) {
    throw new ConnectionError("embedded_engine_failed", `useradd reported success but '${SERVICE_USER}' is not in /etc/passwd.`, {
      hint: `Create the '${SERVICE_USER}' user by hand, or run Retort as a non-root user.`,
    });
  }
  log?.(`Created the operating-system user '${SERVICE_USER}' to run the embedded PostgreSQL (PostgreSQL refuses to run as root)`);
  return created;
}

async function findUser(matches: (user: RunAs) => boolean): Promise<RunAs | undefined> {
  const passwd = await readFile("/etc/passwd", "utf8").catch(() => "");
  for (const line of passwd.split("\n")) {
    const [name, , uid, gid] = line.split(":");
    if (name === undefined || uid === undefined || gid === undefined) continue;
    const user = { name, uid: Number(uid), gid: Number(gid) };
    if (matches(user)) return user;
  }
  return undefined;
}

/**
 * The first existing directory from the root down to `target` that `user` cannot enter (e.g. a project under
 * /root, mode 0700), or undefined when it can reach `target` (or the part of the path that exists).
 */
export async function firstUnenterable(target: string, user: RunAs): Promise<{ directory: string; mode: number } | undefined> {
  const chain: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    const info = await stat(dir).catch(() => undefined);
    if (info === undefined) return undefined; // the rest will be created by us
    const bit = info.uid === user.uid ? 0o100 : info.gid === user.gid ? 0o010 : 0o001;
    if ((info.mode & bit) === 0) return { directory: dir, mode: info.mode & 0o777 };
  }
  return undefined;
}

/** Gives the directory `target` and everything below it to `user` (a data directory copied by root, say). */
export async function chownTree(target: string, user: RunAs): Promise<void> {
  await chown(target, user.uid, user.gid);
  for (const entry of await readdir(target, { withFileTypes: true })) {
    const child = path.join(target, entry.name);
    if (entry.isDirectory()) await chownTree(child, user);
    else await lchown(child, user.uid, user.gid);
  }
}
