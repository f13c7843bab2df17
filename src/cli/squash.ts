/** The command-line side of `retort squash --status`: what it prints. */
import type { SquashStatus } from "../commands/squash.js";

/** What `retort squash --status` prints for each squashed revision. */
export function squashStatusLines(statuses: readonly SquashStatus[]): string[] {
  if (statuses.length === 0) return ["No squashed revisions."];
  const lines: string[] = [];
  for (const status of statuses) {
    lines.push(`${status.revision} (${status.message}) replaces ${status.replaces.join(", ")}`);
    lines.push(`  ${status.database.url}: ${squashStateText(status.database.state, status.replaces, status.database.rows)}`);
    if (status.files.length === 0) lines.push("  the replaced files are deleted");
    else {
      lines.push(
        status.canDelete
          ? "  the replaced files can be deleted, once every other database (production too) is not inside the range either:"
          : "  keep the replaced files: this database needs them to reach the end of the range (`retort upgrade head` first):",
      );
      for (const file of status.files) lines.push(`    ${file}`);
    }
  }
  return lines;
}

function squashStateText(state: string, replaces: readonly string[], rows: readonly string[]): string {
  const at = rows.length === 0 ? "base" : rows.join(", ");
  const end = replaces[replaces.length - 1];
  switch (state) {
    case "inside":
      return `at ${at}, inside the range: it goes on through the replaced files`;
    case "end":
      return `at ${at}, the end of the range (${end})`;
    case "past":
      return `at ${at}, past the range`;
    default:
      return `at ${at}, before the range: it will upgrade through the squashed revision`;
  }
}
