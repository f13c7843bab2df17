/** Everything a new revision file holds (DESIGN §1.4). */
export interface RevisionFileContent {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly message: string;
  readonly createDate: Date;
  /** Import lines besides `import type { Operations } from "retort"` (autogenerate adds builders). */
  readonly imports?: readonly string[];
  /** Statements of `upgrade()` / `downgrade()`, one per line, without indentation. */
  readonly upgrade?: readonly string[];
  readonly downgrade?: readonly string[];
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
    " */",
    'import type { Operations } from "retort";',
    ...(content.imports ?? []),
    "",
    `export const revision = ${JSON.stringify(content.revision)};`,
    `export const downRevision: string | readonly string[] | null = ${renderIds(content.downRevisions, true)};`,
    `export const branchLabels: readonly string[] | null = ${renderIds(content.branchLabels, false)};`,
    `export const dependsOn: readonly string[] | null = ${renderIds(content.dependsOn, false)};`,
    `export const message = ${JSON.stringify(content.message)};`,
    "",
    ...renderFunction("upgrade", content.upgrade),
    "",
    ...renderFunction("downgrade", content.downgrade),
    "",
  ];
  return lines.join("\n");
}

function renderIds(ids: readonly string[], singleAsString: boolean): string {
  if (ids.length === 0) return "null";
  if (ids.length === 1 && singleAsString) return JSON.stringify(ids[0]);
  return `[${ids.map((id) => JSON.stringify(id)).join(", ")}]`;
}

function renderFunction(name: string, body: readonly string[] | undefined): string[] {
  const statements = body && body.length > 0 ? body : ['// Write the migration here, e.g. await op.execute("...");'];
  return [`export async function ${name}(op: Operations): Promise<void> {`, ...statements.map((line) => (line ? `  ${line}` : "")), "}"];
}

/** `2026-11-28 10:00:00.000000`, local time, as Alembic writes it. */
export function formatCreateDate(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds() * 1000, 6)}`;
}
