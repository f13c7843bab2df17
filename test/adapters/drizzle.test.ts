import { copyFile, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServerDatabase, dropServerDatabase, queryServer, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { drizzleKitGenerate, drizzleKitStatements } from "../helpers/drizzle-kit.js";
import { runRetort } from "../helpers/spawn-cli.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./drizzle-schema.fixture.ts", import.meta.url));

/** A Drizzle schema as the config's models: Retort's workflow on a real server, and a database drizzle-kit built. */
describe("Drizzle models", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let db: { url: string; name: string };
  const retort = (...args: string[]) => runRetort(args, { cwd: dir.path });

  beforeEach(async () => {
    dir = await tempDirectory("retort-drizzle-");
    db = serverDatabaseUrl("retort_drizzle");
    // The project has drizzle-orm installed; Retort finds it from the models module.
    await symlink(path.join(REPO, "node_modules"), path.join(dir.path, "node_modules"));
    await copyFile(FIXTURE, path.join(dir.path, "models.ts"));
    await mkdir(path.join(dir.path, "migrations", "versions"), { recursive: true });
    await writeFile(
      path.join(dir.path, "retort.config.ts"),
      `import { defineConfig } from "retort";\nexport default defineConfig({ url: ${JSON.stringify(db.url)}, migrations: "migrations", models: "./models.ts", includeSchemas: ["public", "inventory"] });\n`,
    );
  });

  afterEach(async () => {
    await dropServerDatabase(db.name);
    await dir.remove();
  });

  it("revision --autogenerate, upgrade head, then check is clean and the catalog has the Drizzle schema", async () => {
    const revision = await retort("revision", "--autogenerate", "-m", "from drizzle");
    expect(revision.stderr).not.toContain("FAILED");
    expect(revision.code).toBe(0);
    const upgrade = await retort("upgrade", "head");
    expect(upgrade.stderr).not.toContain("FAILED");
    expect(upgrade.code).toBe(0);
    const check = await retort("check");
    expect(check.stdout + check.stderr).not.toContain("FAILED");
    expect(check.code).toBe(0);

    const columns = await queryServer<{
      table_schema: string;
      table_name: string;
      column_name: string;
      type: string;
      nullable: boolean;
      def: string | null;
      identity: string;
    }>(
      db.url,
      `SELECT n.nspname AS table_schema, c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
              NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity AS identity
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname IN ('public', 'inventory') AND c.relkind = 'r' AND c.relname <> 'retort_version' AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY 1, 2, a.attnum`,
    );
    const column = (table: string, name: string) => columns.find((c) => c.table_name === table && c.column_name === name);
    expect(column("authors", "id")).toMatchObject({ type: "integer", nullable: false, def: "nextval('authors_id_seq'::regclass)" });
    expect(column("authors", "name")).toMatchObject({ type: "character varying(200)", nullable: false });
    expect(column("authors", "country")).toMatchObject({ type: "character(2)", def: "'NL'::bpchar" });
    expect(column("authors", "mood")).toMatchObject({ type: "mood", nullable: false, def: "'ok'::mood" });
    expect(column("authors", "created_at")).toMatchObject({ type: "timestamp(3) with time zone", def: "now()" });
    expect(column("books", "id")).toMatchObject({ type: "integer", identity: "a", nullable: false });
    expect(column("books", "rank")).toMatchObject({ type: "bigint", identity: "d" });
    expect(column("books", "public_id")).toMatchObject({ type: "uuid", def: "gen_random_uuid()" });
    expect(column("books", "price")).toMatchObject({ type: "numeric(10,2)" });
    expect(column("books", "tags")).toMatchObject({ type: "text[]", def: "'{}'::text[]" });
    expect(column("books", "meta")).toMatchObject({ type: "jsonb", def: `'{"draft": true}'::jsonb` });
    expect(column("books", "raw")).toMatchObject({ type: "json" });
    expect(column("items", "status")).toMatchObject({
      table_schema: "inventory",
      type: "inventory.item_status",
      def: "'new'::inventory.item_status",
    });

    const constraints = await queryServer<{ name: string; def: string }>(
      db.url,
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE connamespace IN ('public'::regnamespace, 'inventory'::regnamespace) AND contype IN ('p', 'u', 'f', 'c') ORDER BY 1`,
    );
    expect(constraints.filter((c) => c.name !== "retort_version_pkc")).toEqual(
      expect.arrayContaining([
        { name: "authors_pkey", def: "PRIMARY KEY (id)" },
        { name: "authors_name_unique", def: "UNIQUE (name)" },
        { name: "authors_email_unique", def: "UNIQUE NULLS NOT DISTINCT (email)" },
        { name: "books_id_pk", def: "PRIMARY KEY (id)" },
        { name: "books_author_id_title_unique", def: "UNIQUE (author_id, title)" },
        { name: "books_author_id_authors_id_fk", def: "FOREIGN KEY (author_id) REFERENCES authors(id) ON DELETE CASCADE" },
        { name: "books_price_positive", def: "CHECK ((price > (0)::numeric))" },
        { name: "items_book_id_copy_pk", def: "PRIMARY KEY (book_id, copy)" },
        { name: "items_book_id_books_id_fk", def: "FOREIGN KEY (book_id) REFERENCES books(id) ON UPDATE CASCADE ON DELETE RESTRICT" },
        // drizzle-kit's names, cut to 63 bytes as PostgreSQL cuts them; the inline primary key named by the server.
        { name: "kitchen_sinks_with_a_name_long_enough_to_be_cut_by_postgre_pkey", def: "PRIMARY KEY (id)" },
        { name: "kitchen_sinks_with_a_name_long_enough_to_be_cut_by_postgres_cod", def: "UNIQUE (code)" },
        {
          name: "kitchen_sinks_with_a_name_long_enough_to_be_cut_by_postgres_par",
          def: "FOREIGN KEY (parent_identifier_of_this_sink) REFERENCES kitchen_sinks_with_a_name_long_enough_to_be_cut_by_postgres(id) ON DELETE SET NULL",
        },
      ]),
    );
    const indexes = await queryServer<{ name: string; def: string }>(
      db.url,
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'books' AND indexname LIKE 'books\\_%' ORDER BY 1`,
    );
    expect(indexes.map((ix) => ix.name)).toEqual(
      expect.arrayContaining(["books_isbn_key", "books_lower_title_idx", "books_tags_gin", "books_title_index"]),
    );
    expect(indexes.find((ix) => ix.name === "books_isbn_key")?.def).toContain("WHERE (isbn IS NOT NULL)");
    expect(indexes.find((ix) => ix.name === "books_tags_gin")?.def).toContain("USING gin (tags)");
    const labels = await queryServer<{ name: string; labels: string[] }>(
      db.url,
      `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY 1`,
    );
    expect(labels).toEqual([
      { name: "item_status", labels: ["new", "sold"] },
      { name: "mood", labels: ["sad", "ok", "happy"] },
    ]);
  });

  it("a database drizzle-kit migrated compares clean, and is adopted with a baseline revision and stamp", async () => {
    const generated = await drizzleKitGenerate(dir.path);
    expect(generated.code, generated.output).toBe(0);
    const statements = await drizzleKitStatements(dir.path);
    expect(statements.length).toBeGreaterThan(5);
    await createServerDatabase(db.name);
    for (const statement of statements) await queryServer(db.url, statement);

    const check = await retort("check");
    expect(check.stdout + check.stderr).not.toContain("FAILED");
    expect(check.stdout).not.toMatch(/add|drop|alter/i);
    expect(check.code).toBe(0);

    expect((await retort("revision", "-m", "baseline")).code).toBe(0);
    expect((await retort("stamp", "head")).code).toBe(0);
    const after = await retort("check");
    expect(after.code).toBe(0);
    const autogenerate = await retort("revision", "--autogenerate", "-m", "nothing");
    expect(autogenerate.code).toBe(0);
    expect(await readdir(path.join(dir.path, "migrations", "versions"))).toHaveLength(1);
  });

  it("drizzle.casing: a database drizzle-kit migrated with casing snake_case compares clean, and not without the setting", async () => {
    await writeFile(
      path.join(dir.path, "models.ts"),
      `import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
export const userAccounts = pgTable("user_accounts", { accountId: integer().primaryKey(), displayName: text("DisplayName").unique() });
export const blogPosts = pgTable("blog_posts", {
  postId: integer().generatedAlwaysAsIdentity(),
  authorId: integer().notNull().references(() => userAccounts.accountId, { onDelete: "cascade" }),
  firstLine: text().unique(),
  createdAt: timestamp({ withTimezone: true }).defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.postId, t.authorId] }),
  unique().on(t.firstLine, t.createdAt),
  index().on(t.createdAt.desc()),
  index("blog_posts_first_line_lower").on(sql\`lower(\${t.firstLine})\`),
  check("blog_posts_first_line", sql\`\${t.firstLine} <> ''\`),
]);
`,
    );
    const generated = await drizzleKitGenerate(dir.path, "./models.ts", "--casing", "snake_case");
    expect(generated.code, generated.output).toBe(0);
    await createServerDatabase(db.name);
    for (const statement of await drizzleKitStatements(dir.path)) await queryServer(db.url, statement);
    const columns = await queryServer<{ name: string }>(
      db.url,
      "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'blog_posts' ORDER BY ordinal_position",
    );
    expect(columns.map((c) => c.name)).toEqual(["post_id", "author_id", "first_line", "created_at"]);

    const without = await retort("check");
    expect(without.code).toBe(3);
    expect(without.stdout).toContain("add column blog_posts.postId");

    const config = path.join(dir.path, "retort.config.ts");
    const text = (await readFile(config, "utf8")).replace(' includeSchemas: ["public", "inventory"]', ' drizzle: { casing: "snake_case" }');
    await writeFile(config, text);
    const check = await retort("check");
    expect(check.stdout + check.stderr).not.toContain("FAILED");
    expect(check.stdout).toBe("");
    expect(check.code).toBe(0);
  });

  it("a construct Retort cannot express fails, naming the module, the table, the column and the construct", async () => {
    await writeFile(
      path.join(dir.path, "models.ts"),
      `import { sql } from "drizzle-orm";\nimport { integer, pgTable } from "drizzle-orm/pg-core";\n` +
        `export const totals = pgTable("totals", { a: integer().generatedAlwaysAsIdentity({ cache: 10 }) });\n`,
    );
    const check = await retort("check");
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`${path.join(dir.path, "models.ts")}: Drizzle column "totals.a": the identity sequence option cache`);
  });

  it("says so when drizzle-orm cannot be found from the models module", async () => {
    // The module reaches Drizzle by an absolute path; the project itself has no drizzle-orm to resolve.
    await rm(path.join(dir.path, "node_modules"));
    const pgCore = path.join(REPO, "node_modules/drizzle-orm/pg-core/index.js");
    await writeFile(
      path.join(dir.path, "models.ts"),
      `import { integer, pgTable } from ${JSON.stringify(pgCore)};\nexport const things = pgTable("things", { id: integer().primaryKey() });\n`,
    );
    const check = await retort("check");
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      `${path.join(dir.path, "models.ts")} exports Drizzle tables, but drizzle-orm/pg-core cannot be found from it.`,
    );
    expect(check.stderr).toContain("npm install drizzle-orm");
  });

  it("asks for the pgEnum a column uses when the module does not export it", async () => {
    await writeFile(
      path.join(dir.path, "models.ts"),
      `import { pgEnum, pgTable } from "drizzle-orm/pg-core";\nconst mood = pgEnum("mood", ["sad", "ok"]);\nexport const people = pgTable("people", { mood: mood() });\n`,
    );
    const check = await retort("check");
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("Column people.mood");
    expect(check.stderr).toContain("Export its pgEnum from the models module");
  });
});
