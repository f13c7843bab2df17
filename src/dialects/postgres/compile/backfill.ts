/**
 * SQL of `op.backfill`: online, one statement per batch (keyset pagination over the key, so each batch finds its
 * rows through the key's index however far the backfill has got); in a `--sql` script, one plain UPDATE.
 */
import type { BackfillSql } from "../../dialect.js";
import type { BackfillOp } from "../../../ops/operation.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";
import { bulkValue } from "./objects.js";

function assignments(op: BackfillOp): string {
  return op.set.map(({ column, value }) => `${quoteIdentifier(column)} = ${bulkValue(value)}`).join(", ");
}

/**
 * The `--sql` form: the whole backfill as one UPDATE, after a comment saying so. A script cannot commit between
 * batches the way the online run does, so on a big table it locks every row it updates until it commits.
 */
export function compileBackfill(op: BackfillOp): string[] {
  const where = op.where === undefined ? "" : ` WHERE ${op.where}`;
  const comment = `-- op.backfill: online in batches of ${op.batchSize} rows by ${op.key ? `(${op.key.join(", ")})` : "primary key"}, each committed on its own; here one UPDATE`;
  return [`${comment}\nUPDATE ${qualifiedName(op.table, op.schema)} SET ${assignments(op)}${where}`];
}

const keyAlias = (i: number): string => quoteIdentifier(`retort_key_${i}`);

export const backfillSql: BackfillSql = Object.freeze({
  primaryKey(table: string, schema: string | undefined): string {
    return `SELECT a.attname AS "column"
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
WHERE i.indrelid = to_regclass(${quoteLiteral(qualifiedName(table, schema))}) AND i.indisprimary
ORDER BY array_position(i.indkey::int2[], a.attnum)`;
  },
  batch(op: BackfillOp, key: readonly string[], after: readonly string[] | undefined): string {
    const table = qualifiedName(op.table, op.schema);
    const columns = key.map(quoteIdentifier);
    const conditions = [
      ...(op.where === undefined ? [] : [`(${op.where})`]),
      ...(after === undefined ? [] : [`(${columns.join(", ")}) > (${after.map((value) => quoteLiteral(value)).join(", ")})`]),
    ];
    const selected = columns.map((column, i) => `${column} AS ${keyAlias(i)}`).join(", ");
    const matches = columns.map((column, i) => `${table}.${column} = batch.${keyAlias(i)}`).join(" AND ");
    const last = columns.map((_, i) => `batch.${keyAlias(i)}::text AS ${quoteIdentifier(`key_${i}`)}`).join(", ");
    const descending = columns.map((_, i) => `batch.${keyAlias(i)} DESC`).join(", ");
    // FOR UPDATE: a row the application changes meanwhile waits for the batch (or the batch for it), and the
    // lock timeout bounds that wait.
    return `WITH batch AS (
  SELECT ${selected} FROM ${table}${conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : ""}
  ORDER BY ${columns.join(", ")} LIMIT ${op.batchSize} FOR UPDATE
), updated AS (
  UPDATE ${table} SET ${assignments(op)} FROM batch WHERE ${matches} RETURNING 1
)
SELECT (SELECT count(*) FROM updated)::integer AS "rows", ${last} FROM batch ORDER BY ${descending} LIMIT 1`;
  },
});
