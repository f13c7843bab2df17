import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { runCli } from "../../src/cli/program.js";
import { renderRevisionFile } from "../../src/revisions/template.js";

/** A throwaway project: a config file, a versions/ folder, and a way to run `retort` in it. */
export interface TestProject {
  readonly root: string;
  readonly configPath: string;
  readonly versionsDirectory: string;
  /** Writes a revision file whose upgrade/downgrade run the given statements. */
  addRevision(spec: RevisionSpec): Promise<string>;
  /** Runs the CLI in this process; returns exit code and what it printed. */
  run(...args: string[]): Promise<CliResult>;
}

export interface RevisionSpec {
  readonly id: string;
  readonly parents?: readonly string[];
  readonly message?: string;
  readonly labels?: readonly string[];
  readonly dependsOn?: readonly string[];
  /** Lines of TypeScript for the body of upgrade()/downgrade(), e.g. `await op.execute("…")`. */
  readonly upgrade?: readonly string[];
  readonly downgrade?: readonly string[];
  readonly imports?: readonly string[];
  readonly extra?: string;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function createProject(root: string, url: string, extraConfig = ""): Promise<TestProject> {
  const configPath = path.join(root, "retort.config.ts");
  const versionsDirectory = path.join(root, "migrations", "versions");
  await mkdir(versionsDirectory, { recursive: true });
  await writeFile(
    configPath,
    `import { defineConfig } from "retort";\nexport default defineConfig({ url: ${JSON.stringify(url)}, migrations: "migrations"${extraConfig} });\n`,
  );
  return {
    root,
    configPath,
    versionsDirectory,
    async addRevision(spec) {
      const file = path.join(versionsDirectory, `${spec.id}_${(spec.message ?? spec.id).replace(/\W+/g, "_")}.ts`);
      const text = renderRevisionFile({
        revision: spec.id,
        downRevisions: spec.parents ?? [],
        branchLabels: spec.labels ?? [],
        dependsOn: spec.dependsOn ?? [],
        message: spec.message ?? `revision ${spec.id}`,
        createDate: new Date(2026, 10, 28, 10, 0, 0),
        imports: spec.imports,
        upgrade: spec.upgrade,
        downgrade: spec.downgrade,
      });
      await writeFile(file, spec.extra ? `${text}\n${spec.extra}\n` : text);
      return file;
    },
    async run(...args) {
      let stdout = "";
      let stderr = "";
      const code = await runCli(["-c", configPath, ...args], {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
      });
      return { code, stdout, stderr };
    },
  };
}

/** `upgrade`/`downgrade` bodies that create and drop one table, the usual test revision. */
export function tableRevision(id: string, table: string, parents: readonly string[] = [], message = `create ${table}`): RevisionSpec {
  return {
    id,
    parents,
    message,
    upgrade: [`await op.execute(${JSON.stringify(`CREATE TABLE ${table} (id integer PRIMARY KEY)`)});`],
    downgrade: [`await op.execute(${JSON.stringify(`DROP TABLE ${table}`)});`],
  };
}
