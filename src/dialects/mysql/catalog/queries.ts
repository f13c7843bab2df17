/**
 * The catalog queries of introspection: four for the whole set of databases read (columns with their tables,
 * indexes, key and foreign-key constraints, checks), sent in one message. MariaDB and MySQL 8 differ in the
 * check constraints' view (MariaDB names the table there), so the dialect's flavour is read first.
 */
import { quoteLiteral } from "../quote.js";

export interface ColumnRow {
  readonly table_schema: string;
  readonly table_name: string;
  readonly name: string;
  readonly column_type: string;
  readonly data_type: string;
  readonly nullable: string;
  readonly column_default: string | null;
  readonly extra: string;
  readonly collation: string | null;
  readonly comment: string;
  readonly generation: string | null;
  readonly table_comment: string;
  readonly table_collation: string | null;
}

export interface IndexRow {
  readonly table_schema: string;
  readonly table_name: string;
  readonly name: string;
  readonly non_unique: number | string;
  readonly column_name: string | null;
  readonly sub_part: number | string | null;
  readonly collation: string | null;
  readonly index_type: string;
}

export interface KeyRow {
  readonly table_schema: string;
  readonly table_name: string;
  readonly name: string;
  readonly column_name: string;
  readonly referenced_schema: string | null;
  readonly referenced_table: string | null;
  readonly referenced_column: string | null;
  readonly update_rule: string | null;
  readonly delete_rule: string | null;
}

export interface CheckRow {
  readonly table_schema: string;
  readonly table_name: string;
  readonly name: string;
  readonly clause: string;
}

function inList(schemas: readonly string[], column: string): string {
  return `${column} IN (${schemas.map((schema) => (schema === "public" ? "DATABASE()" : quoteLiteral(schema))).join(", ")})`;
}

/** The four queries, in the order of the result sets. */
export function introspectionSql(schemas: readonly string[], mariadb: boolean): string {
  const columns = `SELECT c.TABLE_SCHEMA AS table_schema, c.TABLE_NAME AS table_name, c.COLUMN_NAME AS name, c.COLUMN_TYPE AS column_type,
    c.DATA_TYPE AS data_type, c.IS_NULLABLE AS nullable, c.COLUMN_DEFAULT AS column_default, c.EXTRA AS extra,
    c.COLLATION_NAME AS collation, c.COLUMN_COMMENT AS comment, c.GENERATION_EXPRESSION AS generation,
    t.TABLE_COMMENT AS table_comment, t.TABLE_COLLATION AS table_collation
  FROM information_schema.COLUMNS AS c
  JOIN information_schema.TABLES AS t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
  WHERE ${inList(schemas, "c.TABLE_SCHEMA")} AND t.TABLE_TYPE = 'BASE TABLE'
  ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION`;
  const indexes = `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, INDEX_NAME AS name, NON_UNIQUE AS non_unique,
    COLUMN_NAME AS column_name, SUB_PART AS sub_part, COLLATION AS collation, INDEX_TYPE AS index_type
  FROM information_schema.STATISTICS WHERE ${inList(schemas, "TABLE_SCHEMA")}
  ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;
  const keys = `SELECT k.TABLE_SCHEMA AS table_schema, k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS column_name,
    k.REFERENCED_TABLE_SCHEMA AS referenced_schema, k.REFERENCED_TABLE_NAME AS referenced_table, k.REFERENCED_COLUMN_NAME AS referenced_column,
    r.UPDATE_RULE AS update_rule, r.DELETE_RULE AS delete_rule
  FROM information_schema.KEY_COLUMN_USAGE AS k
  JOIN information_schema.REFERENTIAL_CONSTRAINTS AS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
  WHERE ${inList(schemas, "k.TABLE_SCHEMA")} AND k.REFERENCED_TABLE_NAME IS NOT NULL
  ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`;
  const sameTable = mariadb ? " AND cc.TABLE_NAME = tc.TABLE_NAME" : "";
  const checks = `SELECT tc.TABLE_SCHEMA AS table_schema, tc.TABLE_NAME AS table_name, tc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause
  FROM information_schema.TABLE_CONSTRAINTS AS tc
  JOIN information_schema.CHECK_CONSTRAINTS AS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME${sameTable}
  WHERE ${inList(schemas, "tc.TABLE_SCHEMA")} AND tc.CONSTRAINT_TYPE = 'CHECK'
  ORDER BY tc.TABLE_SCHEMA, tc.TABLE_NAME, tc.CONSTRAINT_NAME`;
  return [columns, indexes, keys, checks, "SELECT DATABASE() AS current"].join(";\n");
}
