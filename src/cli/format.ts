import type { RevisionView } from "../commands/inspect.js";

/**
 * One revision on one line, as Alembic prints it (which parts depend on the command: `history` shows all,
 * `heads` labels but no tree markers, `current` tree markers but no labels):
 * `29f859a13ea (55af2cb1c267) -> 2a95102259be (networking) (head) (branchpoint), add ip table`.
 */
export function formatRevisionLine(
  view: RevisionView,
  parts: { parents?: boolean; branches?: boolean; doc?: boolean; current?: boolean; tree?: boolean } = {},
): string {
  const { header } = view;
  let text = header.revision;
  if (parts.parents) {
    const deps = header.dependsOn.length > 0 ? ` (${header.dependsOn.join(", ")})` : "";
    text = `${formatDownRevisions(view)}${deps} -> ${text}`;
  }
  if (parts.branches && header.branchLabels.length > 0) text += ` (${header.branchLabels.join(", ")})`;
  if (view.isRealHead) text += " (head)";
  if (view.isHead && !view.isRealHead) text += " (effective head)";
  if (parts.current && view.isCurrent) text += " (current)";
  if (parts.tree !== false && view.isBranchPoint) text += " (branchpoint)";
  if (parts.tree !== false && view.isMergePoint) text += " (mergepoint)";
  if (parts.doc) text += `, ${header.message}`;
  return text;
}

/** The verbose form (`history -v`, `show`, `heads -v`): a block per revision. */
export function formatRevisionBlock(view: RevisionView, parts: { current?: boolean } = {}): string {
  const { header } = view;
  const lines = [
    `Rev: ${header.revision}${view.isHead ? " (head)" : ""}${view.isBranchPoint ? " (branchpoint)" : ""}${view.isMergePoint ? " (mergepoint)" : ""}${parts.current && view.isCurrent ? " (current)" : ""}`,
    `${view.isMergePoint ? "Merges" : "Parent"}: ${formatDownRevisions(view)}`,
  ];
  if (header.dependsOn.length > 0) lines.push(`Also depends on: ${header.dependsOn.join(", ")}`);
  if (view.isBranchPoint) lines.push(`Branches into: ${view.children.join(", ")}`);
  if (header.branchLabels.length > 0) lines.push(`Branch names: ${header.branchLabels.join(", ")}`);
  lines.push(`Path: ${header.path}`, "");
  const doc = [header.message, "", `Revision ID: ${header.revision}`, `Revises: ${header.downRevisions.join(", ")}`];
  if (header.createDate) doc.push(`Create Date: ${header.createDate}`);
  lines.push(...doc.map((line) => `    ${line}`), "");
  return lines.join("\n");
}

function formatDownRevisions(view: RevisionView): string {
  return view.header.downRevisions.length === 0 ? "<base>" : view.header.downRevisions.join(", ");
}
