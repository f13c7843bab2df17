/** Everything a new revision file holds (DESIGN §1.4). */
export interface RevisionFileContent {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly message: string;
  readonly createDate: Date;
  /** For a squashed revision: the revisions it stands for, oldest first (`export const replaces`). */
  readonly replaces?: readonly string[];
  /** Import lines besides `import type { Operations } from "retort"` (autogenerate adds builders). */
  readonly imports?: readonly string[];
  /** Statements of `upgrade()` / `downgrade()`, one per line, without indentation. */
  readonly upgrade?: readonly string[];
  readonly downgrade?: readonly string[];
  /** Further export lines after the header exports (`export const transactional = false;`). */
  readonly exports?: readonly string[];
  /** Lines of a note at the end of the header comment (a database whose revisions are not atomic says so). */
  readonly note?: readonly string[];
}

/** Renders a revision file; byte-stable for the same content. */
export function renderRevisionFile(content: RevisionFileContent): string {
  const lines = [
    "/**",
    ` * ${content.message.replace(/\*\//g, "* /")}`,
    " *",
    ` * Revision ID: ${content.revision}`,
    ` * Revises: ${content.downRevisions.join(", ")}`,
    ` * Create Date: ${formatCreateDate(content.createDate)}`,
    ...(content.replaces && content.replaces.length > 0 ? [` * Replaces: ${content.replaces.join(", ")}`] : []),
    ...(content.note && content.note.length > 0 ? [" *", ...content.note.map((line) => ` * ${line.replace(/\*\//g, "* /")}`)] : []),
    " */",
    'import type { Operations } from "retort";',
    ...(content.imports ?? []),
    "",
    `export const revision = ${JSON.stringify(content.revision)};`,
    `export const downRevision: string | readonly string[] | null = ${renderIds(content.downRevisions, true)};`,
    `export const branchLabels: readonly string[] | null = ${renderIds(content.branchLabels, false)};`,
    `export const dependsOn: readonly string[] | null = ${renderIds(content.dependsOn, false)};`,
    `export const message = ${JSON.stringify(content.message)};`,
    ...(content.replaces && content.replaces.length > 0
      ? [`export const replaces: readonly string[] = ${renderIds(content.replaces, false)};`]
      : []),
    ...(content.exports ?? []),
    "",
    ...renderFunction("upgrade", content.upgrade),
    "",
    ...renderFunction("downgrade", content.downgrade),
    "",
  ];
  return lines.join("\n");
}

/** The placeholders a revision template may hold, each written `${name}`. */
export const TEMPLATE_PLACEHOLDERS = [
  "message",
  "revision",
  "downRevision",
  "branchLabels",
  "dependsOn",
  "revises",
  "createDate",
  "imports",
  "upgrades",
  "downgrades",
  "exports",
] as const;

/**
 * Fills a revision template (`revisionTemplate` in the config). In code, header values are TypeScript
 * literals (`${revision}` is `"1975ea83b712"`, `${downRevision}` `null`, a string or a list); on a comment
 * line (starting with `*` or `//`) they are plain text (`1975ea83b712`, ids joined with `, `). A placeholder
 * alone on its line (`${upgrades}`, `${imports}`) becomes one line per statement with that line's
 * indentation. Other `${…}` (template literals in the template's own code) stay as they are. A template
 * without `${exports}` gets the further exports (a non-transactional revision's) at its end.
 */
export function renderRevisionTemplate(template: string, content: RevisionFileContent): string {
  const code: Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string | readonly string[]> = {
    message: JSON.stringify(content.message),
    revision: JSON.stringify(content.revision),
    downRevision: renderIds(content.downRevisions, true),
    branchLabels: renderIds(content.branchLabels, false),
    dependsOn: renderIds(content.dependsOn, false),
    revises: content.downRevisions.join(", "),
    createDate: formatCreateDate(content.createDate),
    imports: ['import type { Operations } from "retort";', ...(content.imports ?? [])],
    upgrades: bodyOrDefault(content.upgrade),
    downgrades: bodyOrDefault(content.downgrade),
    exports: content.exports ?? [],
  };
  const commentSafe = (value: string) => value.replace(/\*\//g, "* /");
  const text: typeof code = {
    ...code,
    message: commentSafe(content.message),
    revision: content.revision,
    downRevision: code.revises,
    branchLabels: commentSafe(content.branchLabels.join(", ")),
    dependsOn: content.dependsOn.join(", "),
  };
  const known = new Set<string>(TEMPLATE_PLACEHOLDERS);
  const exports = content.exports ?? [];
  const trailer = exports.length === 0 || /^\s*\$\{exports\}\s*$/m.test(template) ? "" : `\n${exports.join("\n")}\n`;
  const filled = template
    .split("\n")
    .flatMap((line) => {
      const alone = /^(\s*)\$\{(\w+)\}\s*$/.exec(line);
      if (alone !== null && known.has(alone[2]!)) {
        const value = code[alone[2] as keyof typeof code];
        const lines = typeof value === "string" ? [value] : value;
        return lines.map((l) => (l === "" ? "" : `${alone[1]}${l}`));
      }
      const inComment = /^\s*(\*|\/\/)/.test(line);
      return [
        line.replace(/\$\{(\w+)\}/g, (whole, name: string) => {
          if (!known.has(name)) return whole;
          const value = (inComment ? text : code)[name as keyof typeof code];
          return typeof value === "string" ? value : value.join(" ");
        }),
      ];
    })
    .join("\n");
  return trailer === "" ? filled : `${filled.replace(/\n*$/, "")}\n${trailer}`;
}

function bodyOrDefault(body: readonly string[] | undefined): readonly string[] {
  return body && body.length > 0 ? body : [DEFAULT_BODY];
}

const DEFAULT_BODY = '// Write the migration here, e.g. await op.execute("...");';

function renderIds(ids: readonly string[], singleAsString: boolean): string {
  if (ids.length === 0) return "null";
  if (ids.length === 1 && singleAsString) return JSON.stringify(ids[0]);
  return `[${ids.map((id) => JSON.stringify(id)).join(", ")}]`;
}

function renderFunction(name: string, body: readonly string[] | undefined): string[] {
  const statements = bodyOrDefault(body);
  return [`export async function ${name}(op: Operations): Promise<void> {`, ...statements.map((line) => (line ? `  ${line}` : "")), "}"];
}

/** `2026-11-28 10:00:00.000000`, local time, as Alembic writes it. */
export function formatCreateDate(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds() * 1000, 6)}`;
}
