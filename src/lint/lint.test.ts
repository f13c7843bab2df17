import { beforeAll, describe, expect, it } from "vitest";
import type { LintAction, LintSupport } from "../dialects/lint-support.js";
import { postgresDialect } from "../dialects/postgres/index.js";
import { Operations } from "../ops/operations.js";
import { bigint, integer, serial, sql, text, timestamp, uuid, varchar } from "../schema/index.js";
import { parseAllowances } from "./allow.js";
import { parseDisableComments } from "./directives.js";
import { lintRevisions } from "./lint.js";

let support: LintSupport;
beforeAll(async () => {
  support = await (postgresDialect.lint as () => Promise<LintSupport>)();
});

type Body = (op: Operations) => Promise<void>;

/** The actions of `upgrade(op)` as `retort lint` gets them: each operation compiled and described by PostgreSQL. */
async function actionsOf(body: Body): Promise<LintAction[]> {
  const actions: LintAction[] = [];
  await body(new Operations(async (operation) => void actions.push(...support.describe(operation, postgresDialect.compile(operation)))));
  return actions;
}

/** The rule ids that fire on a revision (its `upgrade()` body), the lock-timeout rule left out unless asked. */
async function fired(body: Body, options: { transactional?: boolean; before?: Body; withLockTimeout?: boolean } = {}): Promise<string[]> {
  const revisions = [];
  if (options.before)
    revisions.push({ revision: "a", actions: await actionsOf(options.before), transactional: true, allow: new Map(), report: false });
  const actions = await actionsOf(body);
  revisions.push({ revision: "b", actions, transactional: options.transactional ?? true, allow: new Map(), report: true });
  const rules = lintRevisions(revisions)[0]?.findings.map((f) => f.rule) ?? [];
  return options.withLockTimeout ? rules : rules.filter((rule) => rule !== "missing-lock-timeout");
}

const createMovies: Body = (op) =>
  op.createTable("movies", { id: integer().primaryKey(), title: varchar(200), rating: integer(), director_id: integer() });

/** Each rule: the unsafe form fires it; the safe form and the same change on a table created in the revision do not. */
const cases: { rule: string; unsafe: Body; safe: Body; transactional?: boolean }[] = [
  {
    rule: "index-not-concurrent",
    unsafe: (op) => op.createIndex("ix", "movies", ["title"]),
    safe: (op) => op.createIndex("ix", "movies", ["title"], { concurrently: true }),
    transactional: false,
  },
  {
    rule: "foreign-key-without-not-valid",
    unsafe: (op) => op.createForeignKey("fk", "movies", "directors", ["director_id"], ["id"]),
    safe: (op) => op.execute("ALTER TABLE movies ADD CONSTRAINT fk FOREIGN KEY (director_id) REFERENCES directors (id) NOT VALID"),
  },
  {
    rule: "check-without-not-valid",
    unsafe: (op) => op.createCheckConstraint("ck", "movies", "rating > 0"),
    safe: (op) => op.execute("ALTER TABLE movies ADD CONSTRAINT ck CHECK (rating > 0) NOT VALID"),
  },
  {
    rule: "set-not-null-without-check",
    unsafe: (op) => op.alterColumn("movies", "title", { nullable: false }),
    safe: async (op) => {
      await op.execute("ALTER TABLE movies VALIDATE CONSTRAINT title_not_null");
      await op.alterColumn("movies", "title", { nullable: false });
    },
  },
  {
    rule: "type-change-rewrite",
    unsafe: (op) => op.alterColumn("movies", "rating", { type: bigint(), existingType: integer() }),
    safe: (op) => op.alterColumn("movies", "title", { type: varchar(300), existingType: varchar(200) }),
  },
  {
    rule: "type-change-unverified",
    unsafe: (op) => op.execute("ALTER TABLE movies ALTER COLUMN title TYPE text"),
    safe: (op) => op.alterColumn("movies", "title", { type: text(), existingType: varchar(200) }),
  },
  {
    rule: "add-column-volatile-default",
    unsafe: (op) => op.addColumn("movies", "public_id", uuid().default(sql`gen_random_uuid()`)),
    safe: (op) => op.addColumn("movies", "created_at", timestamp({ withTimeZone: true }).default(sql`now()`)),
  },
  {
    rule: "key-without-using-index",
    unsafe: (op) => op.createUniqueConstraint("uq_title", "movies", ["title"]),
    safe: (op) => op.execute("ALTER TABLE movies ADD CONSTRAINT uq_title UNIQUE USING INDEX uq_title"),
  },
  {
    rule: "rename-column",
    unsafe: (op) => op.alterColumn("movies", "title", { newName: "name" }),
    safe: (op) => op.addColumn("movies", "name", text()),
  },
  {
    rule: "rename-table",
    unsafe: (op) => op.renameTable("movies", "films"),
    safe: (op) => op.execute("CREATE VIEW films AS SELECT * FROM movies"),
  },
  {
    rule: "drop-column",
    unsafe: (op) => op.dropColumn("movies", "rating"),
    safe: (op) => op.alterColumn("movies", "rating", { nullable: true }),
  },
  {
    rule: "drop-table",
    unsafe: (op) => op.dropTable("movies"),
    safe: (op) => op.execute("ALTER TABLE movies SET SCHEMA archive"),
  },
  {
    rule: "data-loss",
    unsafe: (op) => op.execute("TRUNCATE movies"),
    safe: (op) => op.execute("DELETE FROM movies WHERE rating < 0"),
  },
];

describe("each rule", () => {
  for (const { rule, unsafe, safe, transactional } of cases) {
    it(`${rule}: fires on the unsafe form, not on the safe form nor on a table created in the revision`, async () => {
      const before: Body = async (op) => {
        await op.execute("ALTER TABLE movies ADD CONSTRAINT title_not_null CHECK (title IS NOT NULL) NOT VALID");
      };
      expect(await fired(unsafe, { transactional, before })).toContain(rule);
      expect(await fired(safe, { transactional, before })).not.toContain(rule);
      const onNewTable: Body = async (op) => {
        await createMovies(op);
        await unsafe(op);
      };
      expect(await fired(onNewTable, { transactional })).toEqual([]);
    });
  }
});

describe("the structured safe forms", () => {
  it("foreign-key-without-not-valid: createForeignKey with notValid does not fire; validateConstraint in a later revision does not either", async () => {
    const add: Body = (op) => op.createForeignKey("fk", "movies", "directors", ["director_id"], ["id"], { notValid: true });
    expect(await fired(add)).toEqual([]);
    expect(await fired((op) => op.validateConstraint("fk", "movies"), { before: add })).toEqual([]);
  });

  it("check-without-not-valid: createCheckConstraint with notValid does not fire", async () => {
    expect(await fired((op) => op.createCheckConstraint("ck", "movies", "rating > 0", { notValid: true }))).toEqual([]);
    expect(await fired((op) => op.createCheckConstraint("ck", "movies", "rating > 0", { notValid: false }))).toEqual([
      "check-without-not-valid",
    ]);
  });

  it("both rules: validateConstraint in the transaction that added the constraint with notValid fires, outside one it does not", async () => {
    const body: Body = async (op) => {
      await op.createForeignKey("fk", "movies", "directors", ["director_id"], ["id"], { notValid: true });
      await op.validateConstraint("fk", "movies");
      await op.createCheckConstraint("ck", "movies", "rating > 0", { notValid: true });
      await op.validateConstraint("ck", "movies");
    };
    expect(await fired(body)).toEqual(["foreign-key-without-not-valid", "check-without-not-valid"]);
    expect(await fired(body, { transactional: false })).toEqual([]);
  });

  it("key-without-using-index: createUniqueConstraint and createPrimaryKey with usingIndex do not fire", async () => {
    expect(await fired((op) => op.createUniqueConstraint("uq", "movies", ["title"], { usingIndex: "ix_title" }))).toEqual([]);
    expect(await fired((op) => op.createPrimaryKey("pk", "movies", ["id"], { usingIndex: "ix_id" }))).toEqual([]);
    expect(await fired((op) => op.createPrimaryKey("pk", "movies", ["id"]))).toEqual(["key-without-using-index"]);
  });

  it("set-not-null-without-check: a notValid IS NOT NULL check validated by validateConstraint in an earlier revision makes SET NOT NULL safe", async () => {
    const before: Body = async (op) => {
      await op.createCheckConstraint("nn", "movies", "title IS NOT NULL", { notValid: true });
      await op.validateConstraint("nn", "movies");
    };
    const setNotNull: Body = (op) => op.alterColumn("movies", "title", { nullable: false });
    expect(await fired(setNotNull, { before })).toEqual([]);
    // Not validated: the check proves nothing yet.
    const notValidated: Body = (op) => op.createCheckConstraint("nn", "movies", "title IS NOT NULL", { notValid: true });
    expect(await fired(setNotNull, { before: notValidated })).toEqual(["set-not-null-without-check"]);
    expect(await fired((op) => op.alterColumn("movies", "rating", { nullable: false }), { before })).toEqual([
      "set-not-null-without-check",
    ]);
  });

  it("the advice names the structured forms, not op.execute", async () => {
    const revisions = [
      {
        revision: "b",
        actions: await actionsOf(async (op) => {
          await op.createForeignKey("fk", "movies", "directors", ["director_id"], ["id"]);
          await op.createCheckConstraint("ck", "movies", "rating > 0");
          await op.createUniqueConstraint("uq", "movies", ["title"]);
          await op.alterColumn("movies", "title", { nullable: false });
        }),
        transactional: true,
        allow: new Map(),
        report: true,
      },
    ];
    const advice = new Map(lintRevisions(revisions)[0]?.findings.map((f) => [f.rule, f.advice]));
    expect(advice.get("foreign-key-without-not-valid")).toContain("{ notValid: true }");
    expect(advice.get("check-without-not-valid")).toContain("op.validateConstraint(name, table)");
    expect(advice.get("key-without-using-index")).toContain("{ usingIndex: index }");
    expect(advice.get("set-not-null-without-check")).toContain("op.validateConstraint(name, table)");
    for (const rule of [
      "foreign-key-without-not-valid",
      "check-without-not-valid",
      "key-without-using-index",
      "set-not-null-without-check",
    ]) {
      expect(advice.get(rule)).not.toMatch(/op\.execute|cannot say/);
    }
  });
});

describe("rules about a whole revision", () => {
  it("set-not-null-without-check: a NOT VALID check that is not validated yet does not count", async () => {
    const body: Body = async (op) => {
      await op.execute("ALTER TABLE movies ADD CONSTRAINT nn CHECK (title IS NOT NULL) NOT VALID");
      await op.alterColumn("movies", "title", { nullable: false });
    };
    expect(await fired(body)).toEqual(["set-not-null-without-check"]);
  });

  it("set-not-null-without-check: a check added validated (without NOT VALID) in an earlier revision counts", async () => {
    const before: Body = (op) => op.createCheckConstraint("nn", "movies", "title IS NOT NULL");
    expect(await fired((op) => op.alterColumn("movies", "title", { nullable: false }), { before })).toEqual([]);
    const otherColumn: Body = (op) => op.alterColumn("movies", "rating", { nullable: false });
    expect(await fired(otherColumn, { before })).toEqual(["set-not-null-without-check"]);
  });

  it("VALIDATE in the transaction that added the constraint NOT VALID still holds the ADD's lock", async () => {
    const body: Body = async (op) => {
      await op.execute("ALTER TABLE movies ADD CONSTRAINT fk FOREIGN KEY (director_id) REFERENCES directors (id) NOT VALID");
      await op.execute("ALTER TABLE movies VALIDATE CONSTRAINT fk");
      await op.execute("ALTER TABLE movies ADD CONSTRAINT ck CHECK (rating > 0) NOT VALID");
      await op.execute("ALTER TABLE movies VALIDATE CONSTRAINT ck");
    };
    expect(await fired(body)).toEqual(["foreign-key-without-not-valid", "check-without-not-valid"]);
    expect(await fired(body, { transactional: false })).toEqual([]);
  });

  it("add-column-volatile-default: serial and identity columns fill every row too; literals do not", async () => {
    expect(await fired((op) => op.addColumn("movies", "n", serial()))).toEqual(["add-column-volatile-default"]);
    expect(await fired((op) => op.execute("ALTER TABLE movies ADD COLUMN n int GENERATED ALWAYS AS IDENTITY"))).toEqual([
      "add-column-volatile-default",
    ]);
    expect(await fired((op) => op.addColumn("movies", "n", integer().default(0)))).toEqual([]);
  });

  it("concurrently-in-transaction and concurrently-mixed", async () => {
    const concurrent: Body = (op) => op.createIndex("ix", "movies", ["title"], { concurrently: true });
    expect(await fired(concurrent)).toEqual(["concurrently-in-transaction"]);
    const mixed: Body = async (op) => {
      await op.execute("SET lock_timeout = '5s'");
      await concurrent(op);
      await op.addColumn("movies", "n", integer());
      await op.addColumn("movies", "m", integer());
    };
    const findings = lintRevisions([
      { revision: "b", actions: await actionsOf(mixed), transactional: false, allow: new Map(), report: true },
    ])[0]?.findings;
    expect(findings?.map((f) => f.rule)).toEqual(["concurrently-mixed"]);
    expect(findings?.[0]?.message).toMatch(/^2 other statements/);
  });

  it("missing-lock-timeout: once, at the first statement that takes a blocking lock on an existing table", async () => {
    const body: Body = async (op) => {
      await createMovies(op);
      await op.createIndex("ix", "movies", ["title"]);
      await op.addColumn("directors", "born", integer());
      await op.addColumn("directors", "died", integer());
    };
    const findings = lintRevisions([
      { revision: "b", actions: await actionsOf(body), transactional: true, allow: new Map(), report: true },
    ])[0]?.findings;
    expect(findings?.map((f) => [f.rule, f.statement])).toEqual([
      ["missing-lock-timeout", 'ALTER TABLE "directors" ADD COLUMN "born" integer'],
    ]);
    const withTimeout: Body = async (op) => {
      await op.execute("SET LOCAL lock_timeout = '2s'");
      await body(op);
    };
    expect(await fired(withTimeout, { withLockTimeout: true })).toEqual([]);
    // Outside a transaction SET LOCAL does nothing; a plain SET does.
    expect(await fired(withTimeout, { withLockTimeout: true, transactional: false })).toEqual(["missing-lock-timeout"]);
  });

  it("execute-not-analysed: text PostgreSQL's grammar rejects is reported, not guessed at", async () => {
    expect(await fired((op) => op.execute("CREATE INDEX ON"))).toEqual(["execute-not-analysed"]);
  });

  it("a revision that allows a rule keeps the finding, marked with its reason", async () => {
    const actions = await actionsOf((op) => op.dropColumn("movies", "rating"));
    const allow = parseAllowances({ allow: { "drop-column": "unused since 2.1" } }, "f.ts", "b");
    const [result] = lintRevisions([{ revision: "b", actions, transactional: true, allow, report: true }]);
    expect(result?.findings.map((f) => [f.rule, f.allowed])).toEqual([
      ["drop-column", "unused since 2.1"],
      ["missing-lock-timeout", undefined],
    ]);
  });
});

describe("the lint export", () => {
  it("names known rules with a reason each", () => {
    expect(() => parseAllowances({ allow: { "index-not-concurent": "x" } }, "f.ts", "b")).toThrow(
      expect.objectContaining({ code: "revision_file_invalid", hint: expect.stringContaining("Did you mean 'index-not-concurrent'?") }),
    );
    expect(() => parseAllowances({ allow: { "drop-column": "" } }, "f.ts", "b")).toThrow(/without a reason/);
    expect(() => parseAllowances({ allow: ["drop-column"] }, "f.ts", "b")).toThrow(/map rule ids to reasons/);
    expect(() => parseAllowances({ alow: {} }, "f.ts", "b")).toThrow(/unknown key 'alow'/);
    expect(parseAllowances(undefined, "f.ts", "b").size).toBe(0);
  });
});

describe("disable comments", () => {
  it("read rules and a reason from the line above an op call", () => {
    const source = [
      "export async function upgrade(op) {",
      "  // retort-lint-disable-next-line index-not-concurrent, missing-lock-timeout: 40 rows",
      '  await op.createIndex("ix", "movies", ["title"]);',
      "}",
    ].join("\n");
    expect(parseDisableComments(source, "f.ts", "b")).toEqual([
      {
        line: 2,
        rules: ["index-not-concurrent", "missing-lock-timeout"],
        reason: "40 rows",
        text: "// retort-lint-disable-next-line index-not-concurrent, missing-lock-timeout: 40 rows",
      },
    ]);
  });

  it("refuse a comment without a reason, without rules, or with an unknown rule", () => {
    expect(() => parseDisableComments("// retort-lint-disable-next-line drop-table", "f.ts", "b")).toThrow(/f.ts:1: .*gives no reason/);
    expect(() => parseDisableComments("  // retort-lint-disable-next-line : why", "f.ts", "b")).toThrow(/names no rule/);
    expect(() => parseDisableComments("// retort-lint-disable-next-line drop-tabel: x", "f.ts", "b")).toThrow(
      expect.objectContaining({ hint: expect.stringContaining("Did you mean 'drop-table'?") }),
    );
  });

  it("silence a finding whose statement was made on the next line; one that silences nothing is reported", async () => {
    const actions = await actionsOf(async (op) => {
      await op.execute("SET LOCAL lock_timeout = '1s'");
      await op.dropColumn("movies", "rating");
      await op.dropColumn("movies", "title");
    });
    const disables = parseDisableComments(
      ["// retort-lint-disable-next-line drop-column: unused", "", "// retort-lint-disable-next-line drop-table: stale"].join("\n"),
      "f.ts",
      "b",
    );
    const lines = [[1], [2, 9], [4]];
    const [result] = lintRevisions([{ revision: "b", actions, lines, disables, transactional: true, allow: new Map(), report: true }]);
    expect(result?.findings.map((f) => [f.rule, f.line, f.allowed])).toEqual([
      ["drop-column", 2, "unused"],
      ["drop-column", 4, undefined],
      ["unused-lint-disable", 3, undefined],
    ]);
  });
});
