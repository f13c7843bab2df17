// The writer-stall benchmark's schema changes: one models module per step, each step adding one change to the
// previous one, so that `revision --autogenerate` between two steps writes exactly that change. Pure file
// generation; the SQL that fills the table and the writer's statements live here too, beside the schema they fit.

/**
 * The cases, in the order they run. `reader: true` holds a conflicting lock (a transaction that has read the
 * table) while the migration runs.
 */
export const CASES = [
  { name: "column-default", title: "new column with a default" },
  { name: "not-null-column", title: "new NOT NULL column (with a default)" },
  { name: "index", title: "index" },
  { name: "unique", title: "unique constraint" },
  { name: "foreign-key", title: "foreign key" },
  { name: "check", title: "check constraint" },
  { name: "set-not-null", title: "SET NOT NULL" },
  { name: "varchar-widening", title: "varchar(50) → varchar(200)" },
  { name: "long-reader", title: "new column, a reader holding the table", reader: true },
];

/** Rows of `accounts`, the table the foreign key points at. */
export const ACCOUNTS = 1000;

/** The models module after the first `applied` cases (0: the starting schema). */
export function modelsSource(applied) {
  const has = (name) => CASES.findIndex((c) => c.name === name) < applied;
  const columns = [
    "id: bigserial().primaryKey(),",
    `account_id: integer().notNull()${has("foreign-key") ? '.references(() => accounts.id, { name: "fk_items_account_id" })' : ""},`,
    "amount: integer().notNull(),",
    "code: varchar(40).notNull(),",
    `qty: integer()${has("set-not-null") ? ".notNull()" : ""},`,
    `note: varchar(${has("varchar-widening") ? 200 : 50}),`,
    ...(has("column-default") ? ['status: text().default("new"),'] : []),
    ...(has("not-null-column") ? ["priority: integer().notNull().default(0),"] : []),
    ...(has("long-reader") ? ["extra: text(),"] : []),
  ];
  const options = [
    ...(has("index") ? ['indexes: [index("ix_items_amount", ["amount"])],'] : []),
    ...(has("unique") ? ['uniques: [unique(["code"], { name: "uq_items_code" })],'] : []),
    ...(has("check") ? ['checks: [check("ck_items_amount", sql`amount >= 0`)],'] : []),
  ];
  return [
    'import { bigserial, check, index, integer, sql, table, text, unique, varchar } from "retort/schema";',
    "",
    'export const accounts = table("accounts", { id: integer().primaryKey(), name: text().notNull() });',
    "",
    'export const items = table("items", {',
    ...columns.map((line) => `  ${line}`),
    ...(options.length ? ["}, {", ...options.map((line) => `  ${line}`), "});"] : ["});"]),
    "",
  ].join("\n");
}

/** Fills both tables in two statements (the values satisfy every constraint the cases add). */
export function fillSql(rows) {
  return [
    `INSERT INTO accounts (id, name) SELECT g, 'account ' || g FROM generate_series(1, ${ACCOUNTS}) AS g;`,
    "INSERT INTO items (account_id, amount, code, qty, note) " +
      `SELECT 1 + g % ${ACCOUNTS}, g % 500, 'c' || g, g % 10, 'note ' || (g % 100) FROM generate_series(1, ${rows}) AS g;`,
  ].join("\n");
}

/** The writer's two statements: an insert with a fresh code, an update of an existing row. */
export const WRITER_INSERT = "INSERT INTO items (account_id, amount, code, qty, note) VALUES ($1, $2, $3, 1, 'written')";
export const WRITER_UPDATE = "UPDATE items SET amount = amount + 1 WHERE id = $1";
