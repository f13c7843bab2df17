import { UnsupportedOperationError } from "../../../errors.js";
import type { Operation } from "../../../ops/operation.js";
import { qualifiedName, quoteLiteral } from "../quote.js";

/**
 * The catalog questions of resuming an interrupted non-transactional revision: where an index built or dropped
 * CONCURRENTLY stands. A build cut off (the client killed, its session ended) leaves the index behind marked
 * invalid; one that finished before the kill leaves it valid.
 */
export const resumeSql = {
  indexState(operation: Operation): string | undefined {
    const index = concurrentIndex(operation);
    if (!index) return undefined;
    return `SELECT CASE WHEN i.indexrelid IS NULL THEN 'missing' WHEN i.indisvalid AND i.indisready THEN 'valid' ELSE 'invalid' END AS state
FROM (SELECT to_regclass(${quoteLiteral(qualifiedName(index.name, index.schema))}) AS oid) AS r
LEFT JOIN pg_catalog.pg_index AS i ON i.indexrelid = r.oid`;
  },
  dropInvalidIndex(operation: Operation): string {
    const index = concurrentIndex(operation);
    if (!index)
      throw new UnsupportedOperationError(`Cannot drop an invalid index for a ${operation.kind} operation.`, {
        hint: "Only an index built concurrently can be left invalid; this is a bug in Retort.",
      });
    return `DROP INDEX CONCURRENTLY IF EXISTS ${qualifiedName(index.name, index.schema)}`;
  },
  /** active_sql_transaction: "… cannot run inside a transaction block". */
  noTransactionBlockCode: "25001",
} as const;

/** The index a CREATE/DROP INDEX CONCURRENTLY names; the index lives in its table's schema. */
function concurrentIndex(operation: Operation): { readonly name: string; readonly schema: string | undefined } | undefined {
  if (operation.kind === "createIndex" && operation.concurrently) return { name: operation.index.name, schema: operation.schema };
  if (operation.kind === "dropIndex" && operation.concurrently) return { name: operation.name, schema: operation.schema };
  return undefined;
}
