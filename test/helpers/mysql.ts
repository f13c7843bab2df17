/**
 * The MySQL/MariaDB server the tests use (RETORT_TEST_MYSQL_URL, default the local MariaDB as root): fresh
 * databases with unique names, dropped afterwards, and plain queries through the driver.
 */
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";

export const MYSQL_URL = process.env.RETORT_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

/** A URL for a database that does not exist yet on the test server, and its name. */
export function mysqlDatabaseUrl(prefix = "retort_test"): { url: string; name: string } {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return { url: url.href, name };
}

async function admin(): Promise<mysql.Connection> {
  const url = new URL(MYSQL_URL);
  return mysql.createConnection({
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username) || "root",
    password: url.password ? decodeURIComponent(url.password) : undefined,
    multipleStatements: true,
    dateStrings: true,
  });
}

export async function createMysqlDatabase(name: string): Promise<void> {
  const connection = await admin();
  try {
    await connection.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await connection.end();
  }
}

export async function dropMysqlDatabase(name: string): Promise<void> {
  const connection = await admin();
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}

/** Runs one statement in database `name`; returns its rows. */
export async function queryMysql<Row = Record<string, unknown>>(name: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const connection = await admin();
  try {
    await connection.query(`USE \`${name}\``);
    const [rows] = await connection.query(sql, params);
    return (Array.isArray(rows) ? rows : []) as Row[];
  } finally {
    await connection.end();
  }
}

/** The tables of database `name`, sorted; none when the database does not exist. */
export async function mysqlTables(name: string): Promise<string[]> {
  const connection = await admin();
  try {
    const [rows] = await connection.query(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name",
      [name],
    );
    return (rows as { name: string }[]).map((row) => row.name);
  } finally {
    await connection.end();
  }
}

/** Whether database `name` exists. */
export async function mysqlDatabaseExists(name: string): Promise<boolean> {
  const connection = await admin();
  try {
    const [rows] = await connection.query("SELECT schema_name FROM information_schema.schemata WHERE schema_name = ?", [name]);
    return (rows as unknown[]).length > 0;
  } finally {
    await connection.end();
  }
}
