import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** The models module `retort init` writes and points the config at (the workflow guide's place for models). */
export const DEFAULT_MODELS_FILE = "app/db/postgres/models.ts";

/** What `init` did with each file: wrote it, found it already there, or (`.gitignore`) added a line to it. */
export type InitAction = "created" | "exists" | "updated";

export interface InitFile {
  readonly kind: "config" | "versions" | "models" | "gitignore";
  readonly path: string;
  readonly action: InitAction;
}

export interface InitResult {
  readonly configPath: string;
  readonly configCreated: boolean;
  readonly versionsDirectory: string;
  /** Every file and folder `init` looked after, in the order it did: config, versions/, models, .gitignore. */
  readonly files: readonly InitFile[];
}

/**
 * `retort init [dir]`: writes `retort.config.ts`, `<dir>/versions/` and a models module, each unless present,
 * and adds `.retort/` (the embedded database's data) to `.gitignore`.
 */
export async function init(directory = "migrations", options: { cwd?: string } = {}): Promise<InitResult> {
  const cwd = options.cwd ?? process.cwd();
  const configPath = path.join(cwd, "retort.config.ts");
  const versionsDirectory = path.resolve(cwd, directory, "versions");
  const files: InitFile[] = [];

  const configCreated = await writeUnlessPresent(configPath, () =>
    configTemplate(path.relative(cwd, path.resolve(cwd, directory)) || ".", DEFAULT_MODELS_FILE),
  );
  files.push({ kind: "config", path: configPath, action: configCreated ? "created" : "exists" });

  const versionsExisted = existsSync(versionsDirectory);
  await mkdir(versionsDirectory, { recursive: true });
  files.push({ kind: "versions", path: versionsDirectory, action: versionsExisted ? "exists" : "created" });

  // A config that was already there names its own models (or none): only a new config gets a models module.
  if (configCreated) {
    const modelsPath = path.join(cwd, ...DEFAULT_MODELS_FILE.split("/"));
    await mkdir(path.dirname(modelsPath), { recursive: true });
    files.push({
      kind: "models",
      path: modelsPath,
      action: (await writeUnlessPresent(modelsPath, () => MODELS_TEMPLATE)) ? "created" : "exists",
    });
  }

  const gitignore = path.join(cwd, ".gitignore");
  files.push({ kind: "gitignore", path: gitignore, action: await ignoreRetortFolder(gitignore) });
  return { configPath, configCreated, versionsDirectory, files };
}

async function writeUnlessPresent(file: string, text: () => string): Promise<boolean> {
  try {
    await writeFile(file, text(), { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** The `.retort/` line, unless `.gitignore` ignores that folder already (in any of the usual spellings). */
export function gitignoreWithRetort(current: string | undefined): string | undefined {
  if (current === undefined) return ".retort/\n";
  const ignored = current.split(/\r?\n/).some((line) => /^\/?\.retort\/?(\*\*?)?\s*$/.test(line.trim()));
  if (ignored) return undefined;
  return `${current}${current === "" || current.endsWith("\n") ? "" : "\n"}.retort/\n`;
}

async function ignoreRetortFolder(file: string): Promise<InitAction> {
  let current: string | undefined;
  try {
    current = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const next = gitignoreWithRetort(current);
  if (next === undefined) return "exists";
  await writeFile(file, next);
  return current === undefined ? "created" : "updated";
}

function configTemplate(migrations: string, models: string): string {
  return `import { defineConfig } from "retort";

export default defineConfig({
  // A PostgreSQL server (postgres://user:password@host:5432/dbname) or, by default, an embedded
  // PostgreSQL that Retort runs itself with its data in .retort/dev (nothing to install).
  // DATABASE_URL may come from the environment or from .env (see README "Configuration").
  url: process.env.DATABASE_URL ?? "embedded:./.retort/dev",
  // The folder that holds versions/, one file per revision. Commit it.
  migrations: ${JSON.stringify(migrations.split(path.sep).join("/"))},
  // Module(s) whose exported tables are the target schema for \`retort revision --autogenerate\`.
  models: ${JSON.stringify(`./${models}`)},
});
`;
}

/** The models module `retort init` writes: an example to uncomment (`retort pull` may replace it). */
export const MODELS_TEMPLATE = `// The target schema: every table exported here is what \`retort revision --autogenerate\` compares the
// database with. Uncomment the example, then run \`npx retort revision --autogenerate -m "create movies table"\`.
//
// import { integer, table, text, varchar } from "retort/schema";
//
// export const movies = table("movies", {
//   id: integer().primaryKey(),
//   title: varchar(200).notNull(),
//   summary: text(),
// });

export {};
`;
