import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mysqlDialect } from "../../src/dialects/mysql/index.js";
import { openDatabase } from "../../src/engines/connect.js";
import type { ConnectedDatabase } from "../../src/engines/connect.js";
import { dropMysqlDatabase, mysqlDatabaseUrl } from "../helpers/mysql.js";

/** The version table's checked changes on MariaDB: a change that finds no row fails with the dialect's code. */
describe("the version table's checked changes on mysql", () => {
  const table = { table: "retort_version" };
  const sql = mysqlDialect.versionTable;
  let database: { url: string; name: string };
  let db: ConnectedDatabase;

  beforeEach(async () => {
    database = mysqlDatabaseUrl();
    db = await openDatabase(database.url, process.cwd(), { createIfMissing: true });
    await db.session.execute(sql.create(table));
    await db.session.execute(sql.insert(table, "a1"));
  });

  afterEach(async () => {
    await db.session.close();
    await dropMysqlDatabase(database.name);
  });

  it("moves the row when it is there", async () => {
    await db.session.execute(sql.checkedUpdate(table, "a1", "b2"));
    expect(await db.session.query(sql.select(table))).toEqual([{ version_num: "b2" }]);
    await db.session.execute(sql.checkedDelete(table, "b2"));
    expect(await db.session.query(sql.select(table))).toEqual([]);
  });

  it("fails with changedCode when the row is not there", async () => {
    await expect(db.session.execute(sql.checkedUpdate(table, "zz", "b2"))).rejects.toMatchObject({ code: sql.changedCode });
    await expect(db.session.execute(sql.checkedDelete(table, "zz"))).rejects.toMatchObject({ code: sql.changedCode });
    expect(await db.session.query(sql.select(table))).toEqual([{ version_num: "a1" }]);
  });

  it("answers exists, hasVersionColumn and schemaOf", async () => {
    expect(await db.session.query(sql.exists(table))).toEqual([{ exists: 1 }]);
    expect(await db.session.query(sql.exists({ table: "nope" }))).toEqual([{ exists: 0 }]);
    expect(await db.session.query(sql.hasVersionColumn(table))).toEqual([{ ok: 1 }]);
    expect(await db.session.query(sql.schemaOf(table))).toEqual([{ schema: database.name }]);
  });
});
