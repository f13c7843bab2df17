/**
 * PostgreSQL's entry in the shared suite (the server, the embedded engine and PGlite speak it): its features,
 * and how each case gets a schema of its own.
 */
import type { ConnectedDatabase } from "../../src/runtime/database.js";
import { postgresCatalogCases } from "./postgres-catalog.js";
import type { SuiteDialect } from "./targets.js";

const CASE_SCHEMA = "suite";

/** Schemas a case may have created: everything but PostgreSQL's own and `public`. */
const CREATED_SCHEMAS = `SELECT nspname FROM pg_namespace
  WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%' ORDER BY nspname`;

export const postgresSuite: SuiteDialect = Object.freeze({
  features: Object.freeze({
    schemas: true,
    enums: true,
    sequences: true,
    domains: true,
    comments: true,
    alterTable: true,
    richIndexes: true,
    routines: true,
    views: true,
    partitions: true,
    security: true,
    exclusionConstraints: true,
  }),
  operationExpectations: postgresCatalogCases,
  isolation: Object.freeze({
    schema: CASE_SCHEMA,
    async begin(db: ConnectedDatabase) {
      await db.session.execute(`CREATE SCHEMA ${CASE_SCHEMA}; SET search_path TO ${CASE_SCHEMA}`);
    },
    async end(db: ConnectedDatabase) {
      // A failed case may leave a transaction open; then one message drops every schema the case made.
      await db.session.execute("ROLLBACK").catch(() => undefined);
      await db.session.execute(`RESET search_path;
        DO $$ DECLARE s text; BEGIN
          FOR s IN ${CREATED_SCHEMAS} LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP;
        END $$`);
    },
  }),
});
