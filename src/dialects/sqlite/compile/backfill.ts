/**
 * `op.backfill` online on SQLite: each batch is three statements in one query (the session runs them in order and
 * answers the last): the batch's keys into a temporary table, the UPDATE of those rows, and the answer the runtime
 * reads (`rows`, and the batch's last key as `key_0`, `key_1`, …; no row when nothing was left).
 */
import type { BackfillSql } from "../../dialect.js";
import type { BackfillOp } from "../../../ops/operation.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";
import { bulkValue } from "./table.js";

const BATCH = "temp.retort_backfill_batch";

export const backfillSql: BackfillSql = Object.freeze({
  primaryKey(table: string, schema: string | undefined): string {
    const s = schema === undefined ? "" : `, ${quoteLiteral(schema)}`;
    return `SELECT name AS "column" FROM pragma_table_info(${quoteLiteral(table)}${s}) WHERE pk > 0 ORDER BY pk`;
  },
  batch(op: BackfillOp, key: readonly string[], after: readonly string[] | undefined): string {
    const table = qualifiedName(op.table, op.schema);
    const columns = key.map(quoteIdentifier);
    const aliases = key.map((_, i) => quoteIdentifier(`key_${i}`));
    const row = (items: readonly string[]) => (items.length === 1 ? items[0]! : `(${items.join(", ")})`);
    const conditions = [
      ...(op.where === undefined ? [] : [`(${op.where})`]),
      ...(after === undefined ? [] : [`${row(columns)} > ${row(after.map((value) => quoteLiteral(value)))}`]),
    ];
    const sets = op.set.map(({ column, value }) => `${quoteIdentifier(column)} = ${bulkValue(value)}`).join(", ");
    return [
      `DROP TABLE IF EXISTS ${BATCH}`,
      `CREATE TEMP TABLE retort_backfill_batch AS SELECT ${columns.map((c, i) => `${c} AS ${aliases[i]}`).join(", ")} FROM ${table}${conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : ""} ORDER BY ${columns.join(", ")} LIMIT ${op.batchSize}`,
      `UPDATE ${table} SET ${sets} WHERE ${row(columns)} IN (SELECT ${aliases.join(", ")} FROM ${BATCH})`,
      `SELECT (SELECT count(*) FROM ${BATCH}) AS "rows", ${aliases.map((a) => `CAST(${a} AS TEXT) AS ${a}`).join(", ")} FROM ${BATCH} ORDER BY ${aliases.map((a) => `${a} DESC`).join(", ")} LIMIT 1`,
    ].join(";\n");
  },
});
