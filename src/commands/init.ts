import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export interface InitResult {
  readonly configPath: string;
  readonly configCreated: boolean;
  readonly versionsDirectory: string;
}

/** `retort init [dir]`: writes `retort.config.ts` (unless present) and `<dir>/versions/`. */
export async function init(directory = "migrations", options: { cwd?: string } = {}): Promise<InitResult> {
  const cwd = options.cwd ?? process.cwd();
  const configPath = path.join(cwd, "retort.config.ts");
  const versionsDirectory = path.resolve(cwd, directory, "versions");
  await mkdir(versionsDirectory, { recursive: true });
  const configCreated = !existsSync(configPath);
  if (configCreated) await writeFile(configPath, configTemplate(path.relative(cwd, path.resolve(cwd, directory)) || "."), { flag: "wx" });
  return { configPath, configCreated, versionsDirectory };
}

function configTemplate(migrations: string): string {
  return `import { defineConfig } from "retort";

export default defineConfig({
  // A PostgreSQL server (postgres://user:password@host:5432/dbname) or, by default, an embedded
  // PostgreSQL that Retort runs itself with its data in .retort/dev (nothing to install).
  url: process.env.DATABASE_URL ?? "embedded:./.retort/dev",
  // The folder that holds versions/, one file per revision. Commit it.
  migrations: ${JSON.stringify(migrations.split(path.sep).join("/"))},
  // Module(s) whose exported tables are the target schema for \`retort revision --autogenerate\`.
  // models: "./app/db/postgres/models.ts",
});
`;
}
