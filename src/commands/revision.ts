import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import nodePath from "node:path";
import type { ResolvedConfig } from "../config/load-config.js";
import { dialectFor } from "../engines/connect.js";
import { RetortError, RevisionFileError, RevisionGraphError } from "../errors.js";
import { parseRevisionHeader } from "../revisions/header-parser.js";
import { parseTarget } from "../revisions/target-syntax.js";
import { resolveRevisions } from "../revisions/targets.js";
import { newRevisionId, revisionFileName, writeRevisionFile } from "../revisions/script-directory.js";
import { type RevisionFileContent, renderRevisionTemplate } from "../revisions/template.js";
import { runPostWriteHooks } from "./post-write-hooks.js";
import { type CommandHooks, loadProjectRevisions, type ProjectRevisions } from "./script.js";

export interface RevisionOptions extends CommandHooks {
  readonly message: string;
  /** The parent: `head` (default), a revision, `label@head`, or `base` for a new root. */
  readonly head?: string;
  /** Allow a parent that is not a head (starts a new branch). */
  readonly splice?: boolean;
  readonly branchLabel?: string | readonly string[];
  readonly dependsOn?: readonly string[];
  readonly revId?: string;
  /** For tests and reproducible output. */
  readonly now?: Date;
}

export interface RevisionResult {
  readonly revision: string;
  readonly path: string;
}

/** `retort revision -m MSG`: writes an empty revision file on top of the head (or `--head`). */
export async function revision(config: ResolvedConfig, options: RevisionOptions): Promise<RevisionResult> {
  const script = await loadProjectRevisions(config);
  const parents = resolveParents(script, options.head, options.splice ?? false);
  return writeNew(config, script, { ...options, parents });
}

export interface MergeOptions extends CommandHooks {
  readonly message?: string;
  readonly branchLabel?: string | readonly string[];
  readonly revId?: string;
  readonly now?: Date;
}

/** `retort merge REV REV... -m MSG`: a revision whose parents are the given heads. */
export async function merge(config: ResolvedConfig, revisions: readonly string[], options: MergeOptions = {}): Promise<RevisionResult> {
  const script = await loadProjectRevisions(config);
  const parents = [...new Set(revisions.flatMap((rev) => resolveRevisions(script.graph, parseTarget(rev), [])))].sort();
  if (parents.length < 2 && revisions.includes("heads")) {
    const why = parents.length === 0 ? "there are no revisions yet" : `there is only one head (${parents[0]})`;
    throw new RevisionGraphError("invalid_target", `Nothing to merge: ${why}.`, {
      hint: "A merge joins two or more heads; with a single head, new revisions simply build on it.",
    });
  }
  if (parents.length < 2) {
    throw new RevisionGraphError(
      "invalid_target",
      `A merge needs at least two revisions; '${revisions.join(" ")}' names ${parents.length}.`,
      {
        hint: "Name two or more heads to merge (`retort heads` lists them).",
      },
    );
  }
  return writeNew(config, script, { ...options, message: options.message ?? "merge", parents });
}

/** The parents of a new revision: `--head` resolved (default: the one head), checked to be heads unless `splice`. */
export function resolveParents(script: ProjectRevisions, head: string | undefined, splice: boolean): string[] {
  if (head === "base") return [];
  if (head === undefined && script.graph.heads.length > 1) {
    throw new RevisionGraphError(
      "multiple_heads",
      "Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.",
      {
        hint: `Heads: ${script.graph.heads.join(", ")}. Use --head REV (or label@head), or \`retort merge heads -m "merge"\`.`,
      },
    );
  }
  const parents = resolveRevisions(script.graph, parseTarget(head ?? "head"), []);
  if (!splice) {
    for (const parent of parents) {
      if (!script.graph.heads.includes(parent)) {
        throw new RevisionGraphError(
          "invalid_target",
          `Revision ${parent} is not a head revision; please specify --splice to create a new branch from this revision.`,
          {
            hint: "Add --splice to branch off a revision that already has children.",
          },
        );
      }
    }
  }
  return parents;
}

/** Writes a new revision file on `parents`; `body` fills upgrade/downgrade (autogenerate), otherwise they are empty. */
export async function writeNew(
  config: ResolvedConfig,
  script: ProjectRevisions,
  options: {
    message: string;
    parents: readonly string[];
    branchLabel?: string | readonly string[] | undefined;
    dependsOn?: readonly string[] | undefined;
    revId?: string | undefined;
    now?: Date | undefined;
  },
  body: Pick<RevisionFileContent, "imports" | "upgrade" | "downgrade" | "exports"> = {},
): Promise<RevisionResult> {
  const id = options.revId ?? newRevisionId();
  if (!/^[A-Za-z0-9_]{1,32}$/.test(id)) {
    throw new RevisionGraphError("invalid_target", `Revision id '${id}' must be 1–32 letters, digits or '_'.`, {
      hint: "Pick another --rev-id.",
    });
  }
  if (script.headers.has(id)) {
    const existing = script.headers.get(id);
    throw new RevisionGraphError("duplicate_revision", `Revision ${id} already exists (${existing?.path}).`, {
      hint: "Pick another --rev-id.",
    });
  }
  const labels =
    options.branchLabel === undefined ? [] : typeof options.branchLabel === "string" ? [options.branchLabel] : [...options.branchLabel];
  for (const label of labels) {
    if (script.graph.labels.has(label)) {
      throw new RevisionGraphError(
        "duplicate_branch_label",
        `Branch label '${label}' is already used by revision ${script.graph.labels.get(label)}.`,
        { hint: "Choose another --branch-label." },
      );
    }
  }
  // A revision on a squashed one names the last revision it replaces, as that one's other children do: databases
  // still inside the replaced range see only that one, and the graph reads it as the squashed revision elsewhere.
  const lastReplaced = new Map(
    script.files.flatMap((file) => (file.replaces === undefined ? [] : [[file.revision, file.replaces.at(-1) as string]])),
  );
  const asWritten = (ids: readonly string[]) => [...new Set(ids.map((rev) => lastReplaced.get(rev) ?? rev))];
  const dependsOn = asWritten((options.dependsOn ?? []).flatMap((dep) => resolveRevisions(script.graph, parseTarget(dep), [])));
  const content: RevisionFileContent = {
    revision: id,
    downRevisions: asWritten(options.parents),
    branchLabels: labels,
    dependsOn,
    message: options.message,
    createDate: options.now ?? new Date(),
    ...notAtomicNote(config),
    ...body,
  };
  const path =
    config.revisionTemplate === undefined
      ? await writeRevisionFile(config.versionsDirectory, content)
      : await writeFromTemplate(config.revisionTemplate, config.versionsDirectory, content);
  await runPostWriteHooks(config.postWriteHooks, path, config.rootDirectory);
  return { revision: id, path };
}

/**
 * Fills the project's revision template and writes the file, after checking that its header exports read
 * back as this revision (a template that breaks them fails here, not at the next `history` or `upgrade`).
 */
async function writeFromTemplate(templatePath: string, versionsDirectory: string, content: RevisionFileContent): Promise<string> {
  let template: string;
  try {
    template = await readFile(templatePath, "utf8");
  } catch (cause) {
    throw new RetortError("config_invalid", `Cannot read the revision template ${templatePath}.`, {
      hint: "Fix the revisionTemplate path in the config (relative to the config file), or remove the key to use the built-in template.",
      cause,
    });
  }
  const file = nodePath.join(versionsDirectory, revisionFileName(content.revision, content.message));
  const text = renderRevisionTemplate(template, content);
  const invalid = (problem: string, cause?: unknown) =>
    new RevisionFileError("revision_file_invalid", `The revision template ${templatePath} ${problem}`, {
      hint: 'A template keeps the header exports with their placeholders, e.g. `export const revision = ${revision};`, and exports upgrade() and downgrade() (README "Revision template").',
      details: { template: templatePath },
      cause,
    });
  let header: ReturnType<typeof parseRevisionHeader>;
  try {
    header = parseRevisionHeader(text, file);
  } catch (cause) {
    throw invalid(`does not give a valid revision file: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
  }
  const expected = {
    revision: content.revision,
    downRevisions: [...content.downRevisions],
    branchLabels: [...content.branchLabels],
    dependsOn: [...content.dependsOn],
    message: content.message,
  };
  for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
    if (JSON.stringify(header[key]) !== JSON.stringify(expected[key]))
      throw invalid(
        `gives a file whose '${key === "downRevisions" ? "downRevision" : key}' reads ${JSON.stringify(header[key])}, not ${JSON.stringify(expected[key])}.`,
      );
  }
  for (const name of ["upgrade", "downgrade"])
    if (!new RegExp(`\\bexport\\s+(async\\s+)?function\\s+${name}\\b|\\bexport\\s+const\\s+${name}\\b`).test(text))
      throw invalid(`gives a file that does not export ${name}().`);
  await mkdir(versionsDirectory, { recursive: true });
  if (existsSync(file))
    throw new RevisionFileError("revision_file_invalid", `${file} already exists.`, {
      hint: "Choose another --rev-id.",
      details: { file },
    });
  await writeFile(file, text, { flag: "wx" });
  return file;
}

/**
 * Where the configured database commits DDL as it runs (MySQL), a new revision says in its header that it is not
 * atomic. A URL that does not parse here gets no note (the command that uses the database reports it).
 */
function notAtomicNote(config: ResolvedConfig): Pick<RevisionFileContent, "note"> {
  let dialect: ReturnType<typeof dialectFor>;
  try {
    dialect = dialectFor(config.url, config.rootDirectory);
  } catch {
    return {};
  }
  if (dialect.capabilities.transactionalDdl) return {};
  return {
    note: [
      `Not atomic: ${dialect.name} commits each DDL statement as it runs, so this revision cannot be rolled back. If a`,
      "statement fails, the ones before it stay applied and the version table is not moved; repair the database, then",
      '`retort accept <revision>` lets the next upgrade resume at the failed statement (README, "MySQL and MariaDB").',
    ],
  };
}
