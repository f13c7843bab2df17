/**
 * Squashed revisions (`export const replaces = [...]`, written by `retort squash`): which files a database
 * migrates through. A squashed revision S stands for a linear chain START..END of revisions and builds what they
 * build, from START's parent(s) to END. While the replaced files exist, each database uses either S or them:
 *
 * - a database whose version table names a replaced revision (it stopped inside the chain, or at END) goes on
 *   through the replaced files, and S is left out of its graph;
 * - any other database (below START, at base, or past END) uses S: the replaced files are left out, and a
 *   revision that names one of them as a parent (END's children) names S instead.
 *
 * Once the replaced files are deleted, S is always used, and a version-table row naming END is read as S (the
 * schema is the same); a row naming a revision inside the chain can then no longer be migrated, and is an error.
 * Pure: the same headers and rows always give the same view.
 */
import { RevisionGraphError } from "../errors.js";
import type { RevisionHeader } from "./revision.js";

/** How one squashed revision is used in a view. */
export interface SquashUse {
  /** The squashed revision. */
  readonly revision: string;
  /** The revisions it replaces, oldest first. */
  readonly replaces: readonly string[];
  /** `squashed`: the squashed revision is in the graph; `originals`: the replaced revisions are. */
  readonly uses: "squashed" | "originals";
  /** Whether the files of the replaced revisions are still in the versions directory. */
  readonly originalsPresent: boolean;
}

/** The revisions a database migrates through, and its version-table rows as that graph names them. */
export interface RevisionView {
  /** The headers to build the graph from. */
  readonly headers: readonly RevisionHeader[];
  /** The version-table rows, with each row naming a deleted END replaced by its squashed revision. */
  readonly rows: readonly string[];
  /** Rows read as another revision: the version table should be rewritten from `from` to `to`. */
  readonly renamedRows: readonly { readonly from: string; readonly to: string }[];
  readonly squashes: readonly SquashUse[];
}

/**
 * The view of the revision files for a database whose version table holds `rows` (empty: a new database, and
 * the graph commands, which read no database). `named`: revision ids a command's target names; naming a
 * replaced revision (`upgrade <rev>` to stop inside a range) chooses the replaced revisions, as a row would. Throws `squash_invalid` for a squashed revision whose replaced
 * revisions are not a chain from its parent(s), `squash_incomplete` when only some replaced files exist, and
 * `squashed_revision_deleted` for a row inside a chain whose files are gone.
 */
export function selectRevisions(headers: readonly RevisionHeader[], rows: readonly string[], named: readonly string[] = []): RevisionView {
  const byId = new Map(headers.map((header) => [header.revision, header]));
  const squashes = headers.filter((header) => (header.replaces?.length ?? 0) > 0);
  if (squashes.length === 0) return { headers, rows, renamedRows: [], squashes: [] };
  const replacedBy = new Map<string, RevisionHeader>();
  for (const squash of squashes) {
    for (const id of squash.replaces as readonly string[]) {
      const other = replacedBy.get(id);
      if (other !== undefined || id === squash.revision || byId.get(id)?.replaces !== undefined) {
        throw invalid(
          squash,
          other !== undefined
            ? `replaces ${id}, which ${other.revision} (${other.path}) replaces too`
            : id === squash.revision
              ? "replaces itself"
              : `replaces ${id}, which is a squashed revision itself`,
        );
      }
      replacedBy.set(id, squash);
    }
  }

  const hidden = new Set<string>();
  const aliases = new Map<string, string>();
  const renamedRows: { from: string; to: string }[] = [];
  const uses: SquashUse[] = [];
  let viewRows = [...rows];
  for (const squash of squashes) {
    const replaces = squash.replaces as readonly string[];
    const present = replaces.filter((id) => byId.has(id));
    const end = replaces[replaces.length - 1] as string;
    if (present.length === replaces.length) {
      checkChain(squash, replaces, byId, headers);
      const inside = rows.filter((row) => replaces.includes(row));
      if (inside.length > 0 && rows.includes(squash.revision)) {
        throw new RevisionGraphError(
          "version_table_invalid",
          `The version table has rows ${squash.revision} and ${inside[0]}, but ${squash.revision} replaces ${inside[0]}, so the database cannot be at both.`,
          {
            hint: `Find the revision the database's schema really matches, and set the version table to it with \`retort stamp --purge <rev>\`.`,
            details: { rows: [squash.revision, inside[0]] },
          },
        );
      }
      if (inside.length > 0 || named.some((id) => replaces.includes(id))) {
        hidden.add(squash.revision);
        // A database at the squashed revision, told to go to a replaced one, is at END as far as they know.
        if (rows.includes(squash.revision)) {
          renamedRows.push({ from: squash.revision, to: end });
          viewRows = viewRows.map((row) => (row === squash.revision ? end : row));
        }
        uses.push({ revision: squash.revision, replaces, uses: "originals", originalsPresent: true });
        continue;
      }
    } else if (present.length > 0) {
      const missing = replaces.filter((id) => !byId.has(id));
      throw new RevisionGraphError(
        "squash_incomplete",
        `Squashed revision ${squash.revision} (${squash.path}) replaces ${replaces.join(", ")}, but only some of their files exist: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing.`,
        {
          hint: "Delete the files of all the replaced revisions together, or restore the missing ones from version control.",
          details: { revision: squash.revision, missing, present },
        },
      );
    } else {
      const inner = rows.find((row) => replaces.includes(row) && row !== end);
      if (inner !== undefined) {
        throw new RevisionGraphError(
          "squashed_revision_deleted",
          `The database is at revision ${inner}, which squashed revision ${squash.revision} (${squash.path}) replaces, and the replaced files are deleted: from there the database can only go on through them.`,
          {
            hint: `Restore the replaced files from version control and run \`retort upgrade head\`; delete them again once \`retort squash --status\` says every database is past ${end}.`,
            details: { revision: squash.revision, row: inner },
          },
        );
      }
      if (rows.includes(end)) {
        renamedRows.push({ from: end, to: squash.revision });
        viewRows = viewRows.map((row) => (row === end ? squash.revision : row));
      }
    }
    for (const id of replaces) {
      hidden.add(id);
      aliases.set(id, squash.revision);
    }
    uses.push({ revision: squash.revision, replaces, uses: "squashed", originalsPresent: present.length > 0 });
  }

  const rename = (ids: readonly string[]) => [...new Set(ids.map((id) => aliases.get(id) ?? id))];
  const viewHeaders = headers
    .filter((header) => !hidden.has(header.revision))
    .map((header) =>
      header.downRevisions.some((id) => aliases.has(id)) || header.dependsOn.some((id) => aliases.has(id))
        ? { ...header, downRevisions: rename(header.downRevisions), dependsOn: rename(header.dependsOn) }
        : header,
    );
  return { headers: viewHeaders, rows: [...new Set(viewRows)], renamedRows, squashes: uses };
}

/**
 * The replaced revisions must be a chain from the squashed revision's parents: the first has exactly those
 * parents, each next one only the one before, none has a dependency, and nothing but the next one (and, for the
 * last, any revision) builds on one of them.
 */
function checkChain(
  squash: RevisionHeader,
  replaces: readonly string[],
  byId: ReadonlyMap<string, RevisionHeader>,
  headers: readonly RevisionHeader[],
): void {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));
  replaces.forEach((id, i) => {
    const header = byId.get(id) as RevisionHeader;
    const expected = i === 0 ? squash.downRevisions : [replaces[i - 1] as string];
    if (!same([...new Set(header.downRevisions)], [...new Set(expected)])) {
      const wanted = expected.length === 0 ? "no parent (a base)" : expected.join(", ");
      throw invalid(squash, `replaces ${id}, whose parent is ${header.downRevisions.join(", ") || "none (a base)"}, not ${wanted}`);
    }
    if (header.dependsOn.length > 0 || header.branchLabels.length > 0) {
      throw invalid(squash, `replaces ${id}, which has ${header.dependsOn.length > 0 ? "dependencies (dependsOn)" : "branch labels"}`);
    }
  });
  const inner = new Set(replaces.slice(0, -1));
  for (const header of headers) {
    if (header.revision === squash.revision) continue;
    const own = replaces.indexOf(header.revision);
    for (const parent of [...header.downRevisions, ...header.dependsOn]) {
      if (inner.has(parent) && replaces.indexOf(parent) + 1 !== own) {
        throw invalid(squash, `replaces ${parent}, on which ${header.revision} (${header.path}) also builds`);
      }
    }
  }
}

function invalid(squash: RevisionHeader, problem: string): RevisionGraphError {
  return new RevisionGraphError("squash_invalid", `Squashed revision ${squash.revision} (${squash.path}) ${problem}.`, {
    hint: "A squashed revision replaces a chain of revisions without branches, oldest first, and names the first one's parent(s) as its downRevision; fix its `replaces` or `downRevision`, or squash again.",
    details: { revision: squash.revision, path: squash.path },
  });
}
