/**
 * Table expressions compared the way PostgreSQL sees them. The text normaliser (normalize/) is the fast path; what
 * it leaves different between the models and the database (a check, a default, an index expression or predicate,
 * a generated column, present on both sides under one name) is handed to the database: it parses the model's
 * text on temporary stand-in tables with the model's column types, in one message inside a transaction that is
 * rolled back, and its deparsed form is compared with what it stores. A thousand tables cost one round trip; a
 * schema whose expressions the fast path matches costs none.
 */
import type { Canonicalized } from "../../dialect.js";
import type { DatabaseSession } from "../../session.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import { applyCanonicalForms } from "./apply.js";
import { canonicalMessage, canonicalRows, type FailureRow } from "./batch.js";
import { findCandidates, type TableCandidates } from "./candidates.js";

/** `schema.table` as messages name it. */
function tableName(candidates: TableCandidates): string {
  const { schema, name } = candidates.model;
  return schema === undefined ? name : `${schema}.${name}`;
}

/** One note per refused statement: what it was, on which table, and PostgreSQL's message. */
function failureNotes(failures: readonly FailureRow[], candidates: readonly TableCandidates[]): string[] {
  return failures.map((failure) => {
    const [kind, ...rest] = failure.item.split(":");
    const name = rest.join(":");
    const table = candidates[failure.stand_in];
    const subject =
      table === undefined
        ? `enum ${name}`
        : kind === "table"
          ? `table ${tableName(table)}`
          : `${kind === "index" ? "index" : kind === "check" ? "check" : `${kind} of column`} ${name} of ${tableName(table)}`;
    return `PostgreSQL could not parse the ${subject} on a stand-in table (${failure.message}); it is compared as text.`;
  });
}

/**
 * `models` with each table expression that the normal form does not match with `database`'s, but that PostgreSQL
 * parses to the form the database stores, in the database's text. The session must not be inside a transaction;
 * without one, nothing is parsed and a note counts the expressions compared as text.
 * When the database refuses to run the message (a read-only transaction, a standby), nothing is replaced and a
 * note says so.
 */
export async function canonicalizeModels(
  session: DatabaseSession | undefined,
  database: SchemaSnapshot,
  models: SchemaSnapshot,
): Promise<Canonicalized> {
  const candidates = findCandidates(database, models);
  const message = canonicalMessage(candidates, database, models);
  if (message === undefined) return { snapshot: models, candidates: 0, matched: 0, notes: [] };
  const count = candidates.reduce((n, t) => n + t.checks.length + t.defaults.length + t.generated.length + t.indexes.length, 0);
  if (session === undefined) {
    return {
      snapshot: models,
      candidates: count,
      matched: 0,
      notes: [
        `${count} expression(s) are written differently from the database's stored form and were compared as text (the database is not asked to parse them here); they may show up as changes.`,
      ],
    };
  }
  let results: Record<string, unknown>[][];
  try {
    results = await session.queryMany(message);
  } catch (error) {
    await session.execute("ROLLBACK").catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    return {
      snapshot: models,
      candidates: count,
      matched: 0,
      notes: [
        `${count} expression(s) whose text differs from the database's could not be parsed by the database (${reason}); they are compared as text, and may show up as changes.`,
      ],
    };
  }
  const rows = canonicalRows(results);
  const applied = applyCanonicalForms(models, candidates, rows);
  return { snapshot: applied.snapshot, candidates: count, matched: applied.matched, notes: failureNotes(rows.failures, candidates) };
}

export { findCandidates } from "./candidates.js";
