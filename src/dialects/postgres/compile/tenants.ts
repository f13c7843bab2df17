import type { TenantSql } from "../../dialect.js";
import { quoteIdentifier } from "../quote.js";

/** The statements of schema-per-tenant runs and of the connection budget, for PostgreSQL. */
export const tenantSql: TenantSql = Object.freeze({
  // Only the tenant's schema: an unqualified name never reaches a shared table by accident.
  useSchema: (schema: string) => `SET search_path TO ${quoteIdentifier(schema)}`,
  createSchema: (schema: string) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`,
  schemaExists: `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS "exists"`,
  schemasLike: `SELECT nspname::text AS "name" FROM pg_namespace WHERE nspname LIKE ANY($1::text[]) ORDER BY nspname`,
  connectionBudget: `SELECT current_setting('max_connections')::int AS "max",
  current_setting('superuser_reserved_connections')::int
    + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0) AS "reserved",
  (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS "used"`,
});
