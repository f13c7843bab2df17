import { describe, expect, it } from "vitest";
import { databaseSql } from "./databases.js";
import { transactionSql } from "./version-table.js";

describe("database and savepoint statements", () => {
  it.each([
    [databaseSql.create("retort_offline_1"), 'CREATE DATABASE "retort_offline_1" TEMPLATE template0'],
    [databaseSql.create("retort_test_a", "retort_tpl_b"), 'CREATE DATABASE "retort_test_a" TEMPLATE "retort_tpl_b"'],
    [databaseSql.drop('odd"name'), 'DROP DATABASE IF EXISTS "odd""name" WITH (FORCE)'],
    [databaseSql.setNote("db", `{"entries":["a:'x'"]}`), `COMMENT ON DATABASE "db" IS '{"entries":["a:''x''"]}'`],
    [transactionSql.savepoint("retort_data_statement"), 'SAVEPOINT "retort_data_statement"'],
    [transactionSql.rollbackToSavepoint("s"), 'ROLLBACK TO SAVEPOINT "s"'],
    [transactionSql.releaseSavepoint("s"), 'RELEASE SAVEPOINT "s"'],
  ])("%s", (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
