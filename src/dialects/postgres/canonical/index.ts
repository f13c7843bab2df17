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
import { type CanonicalBatch, canonicalBatch, type Failure } from "./batch.js";
import { findCandidates, type TableCandidates } from "./candidates.js";

/** `schema.table` as messages name it. */
function tableName(candidates: TableCandidates | undefined): string {
  if (candidates === undefined) return "?";
  const { schema, name } = candidates.model;
  return schema === undefined ? name : `${schema}.${name}`;
}

/** One note per refused expression: what it was, on which table, and PostgreSQL's message. */
function failureNotes(failures: readonly Failure[], candidates: readonly TableCandidates[]): string[] {
  return failures.map((failure) => {
    const subjects = failure.uses.map((use) => {
      const what = use.kind === "default" ? "default of column" : use.kind === "generated" ? "generated column" : use.kind;
      return `${what} ${use.name} of ${tableName(candidates[use.table])}`;
    });
    const subject = subjects.length === 0 ? "a stand-in table" : subjects.join(", ");
    return `PostgreSQL could not parse the ${subject} on a stand-in table (${failure.message}); it is compared as text.`;
  });
}

/** Runs the batch: the plain message, and when the database refuses it, the guarded one that records refusals. */
async function run(session: DatabaseSession, batch: CanonicalBatch): Promise<Record<string, unknown>[][]> {
  try {
    return await session.queryMany(batch.message(false));
  } catch {
    await session.execute("ROLLBACK").catch(() => undefined);
  }
  try {
    return await session.queryMany(batch.message(true));
  } catch (error) {
    await session.execute("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/**
 * `models` with each table expression that the normal form does not match with `database`'s, but that PostgreSQL
 * parses to the form the database stores, in the database's text. The session must not be inside a transaction;
 * without one, nothing is parsed and a note counts the expressions compared as text. When the database refuses to
 * run the message (a read-only transaction, a standby), nothing is replaced and a note says so.
 */
export async function canonicalizeModels(
  session: DatabaseSession | undefined,
  database: SchemaSnapshot,
  models: SchemaSnapshot,
): Promise<Canonicalized> {
  const candidates = findCandidates(database, models);
  const batch = canonicalBatch(candidates, database, models);
  if (batch === undefined) return { snapshot: models, candidates: 0, matched: 0, notes: [] };
  const count = candidates.reduce(
    (n, t) => n + t.checks.length + t.defaults.length + t.generated.length + t.indexes.length + t.exclusions.length,
    0,
  );
  const unchanged = (note: string): Canonicalized => ({ snapshot: models, candidates: count, matched: 0, notes: [note] });
  if (session === undefined) {
    return unchanged(
      `${count} expression(s) are written differently from the database's stored form and were compared as text (the database is not asked to parse them here); they may show up as changes.`,
    );
  }
  let results: Record<string, unknown>[][];
  try {
    results = await run(session, batch);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return unchanged(
      `${count} expression(s) whose text differs from the database's could not be parsed by the database (${reason}); they are compared as text, and may show up as changes.`,
    );
  }
  const { parsed, failures } = batch.read(results);
  const applied = applyCanonicalForms(models, candidates, parsed);
  return { snapshot: applied.snapshot, candidates: count, matched: applied.matched, notes: failureNotes(failures, candidates) };
}

export { findCandidates } from "./candidates.js";
