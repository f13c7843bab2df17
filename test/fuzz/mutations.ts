/**
 * The broken inputs of the fuzz test, generated from the valid project (fuzz-kit.ts) with a seeded PRNG.
 * Each case says which files it changes, which commands must fail on it (and which may succeed), and which
 * names (a file, a value) the one-line error may use to point at the problem.
 */
import path from "node:path";
import { judgeRevisionFile } from "./ts-oracle.js";
import {
  codeGarbage,
  codeOffsets,
  functionRange,
  IDS,
  insertBytes,
  LABEL,
  plainConfig,
  prependToBody,
  replaceFunction,
  replaceLine,
  type RevisionDef,
  type Rng,
} from "./fuzz-kit.js";

export interface FuzzCommand {
  readonly args: readonly string[];
  /** The input is broken for this command: it must fail. Otherwise it may succeed or fail cleanly. */
  readonly mustFail: boolean;
  /** The input is valid for this command (a control): it must succeed. */
  readonly mustSucceed?: boolean;
}

export interface FuzzCase {
  readonly category: string;
  readonly description: string;
  /** Replacement texts of revision files by file name; `null` deletes the file. */
  readonly revisions?: ReadonlyMap<string, string | Buffer | null>;
  /** Extra files written into versions/. */
  readonly extraFiles?: Readonly<Record<string, string | Buffer>>;
  /** Replacement text of the config file. */
  readonly config?: string | Buffer;
  /** Arguments before the command (e.g. `--url X`). */
  readonly globalArgs?: readonly string[];
  readonly commands: readonly FuzzCommand[];
  /** The FAILED line must contain one of these. */
  readonly names: readonly string[];
  /** Or quote a part of this value (`'nope'` of `nope@head`): the part that is wrong. */
  readonly valueParts?: string;
}

export interface FuzzContext {
  readonly rng: Rng;
  readonly revisions: readonly RevisionDef[];
  readonly versionsDirectory: string;
  readonly configPath: string;
  /** The URL of the fuzz database (the valid config's). */
  readonly url: string;
  /** A token put into every password; it must never be printed. */
  readonly secret: string;
}

const [R1, R2, R3, R4, R5] = IDS;
const must = (...args: string[]): FuzzCommand => ({ args, mustFail: true });
const may = (...args: string[]): FuzzCommand => ({ args, mustFail: false });

/** Commands that read the graph (or the config) first: a broken header or config fails every one of them. */
const EVERY_COMMAND: readonly FuzzCommand[] = [
  must("history"),
  must("heads"),
  must("branches"),
  must("current"),
  must("show", "head"),
  must("upgrade", "head"),
  must("downgrade", "-1"),
  must("upgrade", "head", "--sql"),
  must("downgrade", `${R3}:base`, "--sql"),
];

/**
 * Commands that must load (import) revision `index` before running anything, with the database at r3:
 * online ones only where revision `index` is the first step, so a broken input cannot leave earlier steps applied.
 */
function loadingCommands(index: number, offlineOnly = false): FuzzCommand[] {
  const offline = [must("upgrade", "head", "--sql"), must("downgrade", `${IDS[Math.max(index, 2)]}:base`, "--sql")];
  const online: FuzzCommand[] = [];
  if (index === 2) online.push(must("downgrade", "-1"));
  if (index === 3) online.push(must("upgrade", "head"), must("upgrade", "+1"), must("upgrade", `${LABEL}@+1`));
  if (index === 4) online.push(must("upgrade", "head"));
  return [...(offlineOnly ? [] : online), ...offline, may("history"), may("heads")];
}

/** Commands that run revision `index`'s `fn` first (a failure at run time, not at load time). */
function runningCommands(index: number, fn: "upgrade" | "downgrade", online: boolean, offline: boolean): FuzzCommand[] {
  const out: FuzzCommand[] = [];
  if (online && fn === "upgrade" && index === 3) out.push(must("upgrade", "head"), must("upgrade", "+1"));
  if (online && fn === "downgrade" && index === 2) out.push(must("downgrade", "-1"), must("downgrade", R2 as string));
  if (offline && fn === "upgrade") out.push(must("upgrade", "head", "--sql"));
  if (offline && fn === "downgrade") out.push(must("downgrade", `${R5}:base`, "--sql"));
  return out;
}

function targetsOf(commands: readonly FuzzCommand[]): string[] {
  return commands.map((c) => c.args[1]).filter((t): t is string => t !== undefined && !t.startsWith("-") && t !== "--sql");
}

// ---------------------------------------------------------------------------------------------------------
// Revision headers: every one of these makes the graph unreadable, so every command fails.

const REVISION_VALUES = [
  "123",
  "null",
  "true",
  "undefined",
  "void 0",
  "-1",
  "0x1f",
  "NaN",
  "{}",
  "[]",
  '["ID"]',
  "ID",
  '"ID" + ""',
  "`${ID}`",
  '""',
  '"has space"',
  '"a@b"',
  '"a:b"',
  '"a-b"',
  '"a+b"',
  `"${"x".repeat(33)}"`,
  '"\\u00e9t\\u00e9"',
  '"r\\nx"',
  "`r\nx`",
  '"ID" as string',
  '"ID", extra = 1',
  '("ID")',
  "'ID",
  '"ID',
  "String(1)",
  'new String("ID")',
  '"ID"!',
  "await x",
] as const;

const LIST_VALUES = [
  "42",
  "true",
  "{}",
  '{ 0: "PARENT" }',
  "PARENT",
  '["PARENT", 3]',
  "[null]",
  "[[]]",
  "[PARENT]",
  '["PARENT" "x"]',
  '["PARENT",, "x"]',
  '"PARENT" + ""',
  '["PARENT"] as string[]',
  "`${PARENT}`",
  '"nope_missing"',
  '["nope_missing"]',
  '""',
  '[""]',
  '["PARENT", ""]',
  '"PARENT',
  '["PARENT"',
  "[",
  "new Array()",
  '"PARENT" ?? null',
] as const;

const MESSAGE_VALUES = ["5", "true", "{}", '["a"]', '"a" + "b"', "msg", "`a${b}`", '"unterminated', "[1]", "-1", "null ?? 'x'"] as const;

function substitute(value: string, def: RevisionDef, parent: string): string {
  return value.replaceAll("ID", def.id).replaceAll("PARENT", parent);
}

/** Two or three header breakages at once, in different files: still every command fails, naming one of them. */
export function combinedHeaderCases(ctx: FuzzContext, count: number): FuzzCase[] {
  const pool = headerCases(ctx).filter((c) => c.revisions !== undefined && c.extraFiles === undefined);
  const out: FuzzCase[] = [];
  while (out.length < count) {
    const picked: FuzzCase[] = [];
    for (let tries = 0; picked.length < ctx.rng.int(2, 3) && tries < 20; tries++) {
      const c = ctx.rng.pick(pool);
      const files = [...(c.revisions?.keys() ?? [])];
      if (!picked.some((p) => [...(p.revisions?.keys() ?? [])].some((f) => files.includes(f)))) picked.push(c);
    }
    out.push({
      category: "header: several at once",
      description: picked.map((c) => c.description).join(" + "),
      revisions: new Map(picked.flatMap((c) => [...(c.revisions ?? [])])),
      commands: EVERY_COMMAND,
      names: picked.flatMap((c) => c.names),
    });
  }
  return out;
}

export function headerCases(ctx: FuzzContext): FuzzCase[] {
  const { rng, revisions } = ctx;
  const cases: FuzzCase[] = [];
  const file = (def: RevisionDef) => path.join(ctx.versionsDirectory, def.fileName);
  const add = (category: string, description: string, def: RevisionDef, text: string | Buffer | null, more: Partial<FuzzCase> = {}) =>
    cases.push({
      category,
      description: `${def.fileName}: ${description}`,
      revisions: new Map([[def.fileName, text]]),
      commands: EVERY_COMMAND,
      names: [file(def)],
      ...more,
    });
  const parentOf = (def: RevisionDef) => (def.index === 0 ? "nothing" : (IDS[def.index - 1] as string));

  for (const def of revisions) {
    // Missing or renamed `revision`.
    add("header: missing export", "no `revision` export", def, replaceLine(def.text, "export const revision", ""));
    for (const typo of ["revison", "Revision", "revision_", "revisions", "rev", "revisionId"]) {
      add(
        "header: misspelt export",
        `\`revision\` exported as \`${typo}\``,
        def,
        replaceLine(def.text, "export const revision", `export const ${typo} = ${JSON.stringify(def.id)};`),
      );
    }
    add(
      "header: missing export",
      "`revision` not exported",
      def,
      replaceLine(def.text, "export const revision", `const revision = ${JSON.stringify(def.id)};`),
    );
    add(
      "header: missing export",
      "`revision` declared without a value",
      def,
      replaceLine(def.text, "export const revision", "export const revision: string;"),
    );
    add(
      "header: missing export",
      "`revision` without `=`",
      def,
      replaceLine(def.text, "export const revision", `export const revision ${JSON.stringify(def.id)};`),
    );
    add(
      "header: duplicate export",
      "`revision` exported twice",
      def,
      replaceLine(
        def.text,
        "export const revision",
        `export const revision = ${JSON.stringify(def.id)};\nexport const revision = "other_id";`,
      ),
    );
    add(
      "header: duplicate export",
      "`downRevision` exported twice",
      def,
      replaceLine(def.text, "export const downRevision", `export const downRevision = null;\nexport const downRevision = null;`),
    );
    for (const value of REVISION_VALUES) {
      add(
        "header: mistyped revision",
        `revision = ${value}`,
        def,
        replaceLine(def.text, "export const revision", `export const revision = ${substitute(value, def, parentOf(def))};`),
      );
    }
    // downRevision, dependsOn: wrong types, unknown ids, empty ids, cycles.
    for (const value of LIST_VALUES) {
      add(
        "header: mistyped downRevision",
        `downRevision = ${value}`,
        def,
        replaceLine(def.text, "export const downRevision", `export const downRevision = ${substitute(value, def, parentOf(def))};`),
      );
    }
    for (const value of LIST_VALUES.filter((v) => !v.includes("PARENT") || rng.next() < 0.4)) {
      add(
        "header: mistyped dependsOn",
        `dependsOn = ${value}`,
        def,
        replaceLine(
          def.text,
          "export const dependsOn",
          `export const dependsOn = ${substitute(value, def, parentOf(def)).replaceAll("nothing", "nope_missing")};`,
        ),
      );
    }
    add(
      "header: unknown parent",
      "downRevision names a missing revision",
      def,
      replaceLine(def.text, "export const downRevision", `export const downRevision = "${def.id.slice(0, 11)}f";`),
    );
    add(
      "header: unknown parent",
      "downRevision names a prefix of a revision",
      def,
      replaceLine(def.text, "export const downRevision", `export const downRevision = "${def.id.slice(0, 6)}";`),
    );
    add(
      "header: unknown parent",
      "downRevision names a branch label",
      def,
      replaceLine(def.text, "export const downRevision", `export const downRevision = "${LABEL}";`),
    );
    add(
      "header: unknown parent",
      "dependsOn names a missing revision",
      def,
      replaceLine(def.text, "export const dependsOn", `export const dependsOn = ["deadbeef0000"];`),
    );
    add(
      "header: cycle",
      "downRevision is itself",
      def,
      replaceLine(def.text, "export const downRevision", `export const downRevision = ${JSON.stringify(def.id)};`),
    );
    add(
      "header: cycle",
      "dependsOn is itself",
      def,
      replaceLine(def.text, "export const dependsOn", `export const dependsOn = [${JSON.stringify(def.id)}];`),
    );
    for (const later of revisions.filter((other) => other.index > def.index)) {
      add(
        "header: cycle",
        `downRevision is its descendant ${later.id}`,
        def,
        replaceLine(def.text, "export const downRevision", `export const downRevision = ${JSON.stringify(later.id)};`),
      );
      add(
        "header: cycle",
        `dependsOn its descendant ${later.id}`,
        def,
        replaceLine(def.text, "export const dependsOn", `export const dependsOn = [${JSON.stringify(later.id)}];`),
      );
    }
    // branchLabels.
    for (const value of [
      "1",
      '"bad label"',
      '["head"]',
      '["base"]',
      '["heads"]',
      '["a@b"]',
      '["x:y"]',
      "[1]",
      "[null]",
      '""',
      '[""]',
      `["${IDS[(def.index + 2) % 5]}"]`,
      '["sp ace"]',
    ]) {
      add(
        "header: mistyped branchLabels",
        `branchLabels = ${value}`,
        def,
        replaceLine(def.text, "export const branchLabels", `export const branchLabels = ${value};`),
      );
    }
    if (def.index > 0) {
      add(
        "header: duplicate label",
        `branchLabels repeats ${LABEL}`,
        def,
        replaceLine(def.text, "export const branchLabels", `export const branchLabels = ["${LABEL}"];`),
        {
          names: [file(def), path.join(ctx.versionsDirectory, revisions[0]?.fileName ?? "")],
        },
      );
    }
    // message.
    for (const value of MESSAGE_VALUES) {
      add(
        "header: mistyped message",
        `message = ${value}`,
        def,
        replaceLine(def.text, "export const message", `export const message = ${value};`),
      );
    }
    // Duplicate ids: this file takes another revision's id, or a copy of it appears under another name.
    for (const other of revisions.filter((o) => o !== def)) {
      add(
        "header: duplicate id",
        `revision = ${other.id} (the id of ${other.fileName})`,
        def,
        replaceLine(def.text, "export const revision", `export const revision = ${JSON.stringify(other.id)};`),
        {
          names: [file(def), file(other)],
        },
      );
    }
    cases.push({
      category: "header: duplicate id",
      description: `a copy of ${def.fileName} under another name`,
      extraFiles: { [`copy_of_${def.fileName}`]: def.text },
      commands: EVERY_COMMAND,
      names: [file(def), path.join(ctx.versionsDirectory, `copy_of_${def.fileName}`)],
    });
    // Whole-file damage.
    add("file: empty", "empty file", def, "");
    add("file: binary garbage", "random bytes instead of the file", def, ctx.rng.bytes(rng.int(1, 400)));
    add("file: binary garbage", "NUL bytes instead of the file", def, Buffer.alloc(rng.int(1, 64)));
    add(
      "file: header truncated",
      "cut inside the header",
      def,
      def.text.slice(0, rng.int(0, def.text.indexOf("export const revision") + 30)),
    );
    add("file: unterminated doc comment", "the doc comment never closes", def, def.text.replace(" */\n", " *\n"));
  }
  // A copy under a file name holding a line break and a terminal escape: the error names it, escaped, on one line.
  const odd = `copy\nof\u001b[2J_${revisions[2]?.fileName}`;
  cases.push({
    category: "header: duplicate id",
    description: "a copy under a file name with a line break and an escape sequence",
    extraFiles: { [odd]: revisions[2]?.text ?? "" },
    commands: EVERY_COMMAND,
    names: [path.join(ctx.versionsDirectory, odd)],
  });
  // Files that are not revisions at all.
  for (const [name, content] of Object.entries({
    "helpers.ts": "export function helper() { return 1; }\n",
    "notes.ts": "TODO: write the next migration\n",
    "zz_garbage.ts": ctx.rng.bytes(200),
    "index.mjs": "export * from './x.js';\n",
    "types.mts": "export type X = 1;\n",
  })) {
    cases.push({
      category: "file: not a revision",
      description: `versions/${name}`,
      extraFiles: { [name]: content },
      commands: EVERY_COMMAND,
      names: [path.join(ctx.versionsDirectory, name)],
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Revision bodies: the graph is fine, but the module cannot be loaded or its functions fail.

const SYNTAX_ERRORS = [
  ["missing closing brace", (t: string) => t.replace(/\n}\n\nexport async function downgrade/, "\n\nexport async function downgrade")],
  ["unclosed call", (t: string) => t.replace('PRIMARY KEY)");', 'PRIMARY KEY)";')],
  ["stray tokens", (t: string) => t.replace("export async function downgrade", "@@ ## export async function downgrade")],
  ["unbalanced paren in signature", (t: string) => t.replace("upgrade(op: Operations)", "upgrade(op: Operations")],
  ["reserved word as a name", (t: string) => t.replace("export async function downgrade", "let let = 1;\nexport async function downgrade")],
  ["broken import", (t: string) => t.replace('import type { Operations } from "retort";', 'import type { Operations from "retort";')],
  ["extra closing brace", (t: string) => `${t}}\n`],
  ["export without a name", (t: string) => `${t}export const = 1;\n`],
  ["unterminated template", (t: string) => `${t}const s = \`never closed;\n`],
  ["unterminated block comment", (t: string) => `${t}/* never closed\n`],
  ["regex garbage", (t: string) => `${t}const r = /(/;\n`],
  ["duplicate declaration", (t: string) => `${t}export async function upgrade() {}\n`],
] as const;

type Body = (text: string, def: RevisionDef) => string;

const LOAD_FAILURES: readonly (readonly [string, Body])[] = [
  ["upgrade is a string", (t) => replaceFunction(t, "upgrade", 'export const upgrade = "CREATE TABLE x (id int)";')],
  ["upgrade is a number", (t) => replaceFunction(t, "upgrade", "export const upgrade = 42;")],
  ["upgrade is null", (t) => replaceFunction(t, "upgrade", "export const upgrade = null;")],
  ["upgrade is an object", (t) => replaceFunction(t, "upgrade", "export const upgrade = { run() {} };")],
  ["upgrade is a list", (t) => replaceFunction(t, "upgrade", "export const upgrade = [];")],
  ["downgrade is a string", (t) => replaceFunction(t, "downgrade", 'export const downgrade = "DROP TABLE x";')],
  ["downgrade is true", (t) => replaceFunction(t, "downgrade", "export const downgrade = true;")],
  ["no upgrade", (t) => replaceFunction(t, "upgrade", "")],
  ["no downgrade", (t) => replaceFunction(t, "downgrade", "")],
  ["neither function", (t) => replaceFunction(replaceFunction(t, "upgrade", ""), "downgrade", "")],
  ["upgrade misspelt", (t) => t.replace("function upgrade(", "function upgarde(")],
  ["downgrade misspelt", (t) => t.replace("function downgrade(", "function Downgrade(")],
  ["upgrade not exported", (t) => t.replace("export async function upgrade(", "async function upgrade(")],
  ["upgrade as the default export", (t) => t.replace("export async function upgrade(", "export default async function upgrade(")],
  ["transactional is a string", (t) => `${t}export const transactional = "no";\n`],
  ["transactional is a number", (t) => `${t}export const transactional = 0;\n`],
  ["throws at import", (t) => `${t}throw new Error("boom at import");\n`],
  ["throws a string at import", (t) => `${t}throw "boom";\n`],
  ["throws null at import", (t) => `${t}throw null;\n`],
  [
    "imports a missing module",
    (t) =>
      t.replace('import type { Operations } from "retort";', 'import type { Operations } from "retort";\nimport "./does-not-exist.js";'),
  ],
  [
    "imports a missing package",
    (t) =>
      t.replace(
        'import type { Operations } from "retort";',
        'import type { Operations } from "retort";\nimport { x } from "no-such-package-fz";\nvoid x;',
      ),
  ],
  ["reads an undefined variable at import", (t) => `${t}console.log(notDefinedAnywhere.x);\n`],
  ["top-level await of a rejected promise", (t) => `${t}await Promise.reject(new Error("rejected at import"));\n`],
  ...SYNTAX_ERRORS.map(([name, fn]) => [`syntax error: ${name}`, (t: string) => fn(t)] as const),
];

/** Failures when the function runs: only where the revision is the first step (or offline, where it is allowed). */
const RUN_FAILURES: readonly (readonly [string, "upgrade" | "downgrade", string, { offline: boolean }])[] = [
  ["upgrade throws", "upgrade", 'throw new Error("boom in upgrade");', { offline: true }],
  ["upgrade throws a non-error", "upgrade", 'throw { reason: "boom" };', { offline: true }],
  ["upgrade throws undefined", "upgrade", "throw undefined;", { offline: true }],
  ["upgrade throws null", "upgrade", "throw null;", { offline: true }],
  ["upgrade calls an unknown operation", "upgrade", 'await (op as any).createTabel("x", {});', { offline: true }],
  ["upgrade passes a number as a table name", "upgrade", "await op.dropTable(42 as any);", { offline: true }],
  ["upgrade passes no columns", "upgrade", 'await op.createTable("fz_bad", undefined as any);', { offline: true }],
  ["upgrade executes a non-string", "upgrade", "await op.execute(123 as any);", { offline: true }],
  ["upgrade executes bad SQL", "upgrade", 'await op.execute("CREATE TABL fz_bad (id int)");', { offline: false }],
  ["upgrade executes SQL on a missing table", "upgrade", 'await op.execute("INSERT INTO fz_missing VALUES (1)");', { offline: false }],
  ["downgrade throws", "downgrade", 'throw new Error("boom in downgrade");', { offline: true }],
  ["downgrade executes bad SQL", "downgrade", 'await op.execute("DROP TABLEZ fz_t3");', { offline: false }],
  ["downgrade drops a missing table", "downgrade", 'await op.execute("DROP TABLE fz_missing");', { offline: false }],
];

export function bodyCases(ctx: FuzzContext): FuzzCase[] {
  const { rng, revisions } = ctx;
  const cases: FuzzCase[] = [];
  const file = (def: RevisionDef) => path.join(ctx.versionsDirectory, def.fileName);
  for (const def of revisions) {
    for (const [description, mutate] of LOAD_FAILURES) {
      const commands = loadingCommands(def.index);
      cases.push({
        category: description.startsWith("syntax error") ? "body: syntax error" : "body: bad exports or import",
        description: `${def.fileName}: ${description}`,
        revisions: new Map([[def.fileName, mutate(def.text, def)]]),
        commands,
        names: [file(def)],
      });
    }
    for (const [description, fn, statement, { offline }] of RUN_FAILURES) {
      const commands = runningCommands(def.index, fn, true, offline);
      if (commands.length === 0) continue;
      cases.push({
        category: "body: fails at run time",
        description: `${def.fileName}: ${description}`,
        revisions: new Map([[def.fileName, prependToBody(def.text, fn, statement)]]),
        commands,
        names: [file(def)],
      });
    }
    // Truncations at random offsets past the doc comment (earlier cuts are header cases): whatever is left, the
    // module no longer loads. Cutting off a header export can reshape the graph, so the target may be named instead.
    const lastBrace = def.text.lastIndexOf("}");
    for (let n = 0; n < 16; n++) {
      const offset = rng.int(def.text.indexOf("*/") + 2, lastBrace);
      const commands = loadingCommands(def.index);
      cases.push({
        category: "file: truncated",
        description: `${def.fileName}: cut at byte ${offset} of ${def.text.length}`,
        revisions: new Map([[def.fileName, def.text.slice(0, offset)]]),
        commands,
        names: [file(def), ...targetsOf(commands)],
      });
    }
    // Binary garbage injected into code.
    const offsets = codeOffsets(def.text);
    for (let n = 0; n < 16; n++) {
      const offset = rng.pick(offsets);
      const garbage = codeGarbage(rng);
      const commands = loadingCommands(def.index);
      cases.push({
        category: "file: garbage in code",
        description: `${def.fileName}: ${garbage.length} bytes ${garbage.toString("hex")} at offset ${offset}`,
        revisions: new Map([[def.fileName, insertBytes(def.text, offset, garbage)]]),
        commands,
        names: [file(def), ...targetsOf(commands)],
      });
    }
    void functionRange;
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Config files.

export function configCases(ctx: FuzzContext): FuzzCase[] {
  const { rng, url } = ctx;
  const cases: FuzzCase[] = [];
  const add = (
    category: string,
    description: string,
    config: string | Buffer,
    names: string[] = [ctx.configPath],
    commands = EVERY_COMMAND,
  ) => cases.push({ category, description, config, commands, names });
  // A bad URL breaks only the commands that open the database; the graph commands never read it.
  const DATABASE_COMMANDS = [
    must("current"),
    must("upgrade", "head"),
    must("downgrade", "-1"),
    must("history", "-i"),
    may("history"),
    may("heads"),
    may("upgrade", "head", "--sql"),
  ];
  const withKey = (key: string, value: string) =>
    `export default { url: ${JSON.stringify(url)}, migrations: "migrations", ${key}: ${value} };\n`;
  const wrongValues: Record<string, readonly string[]> = {
    url: ["5", "null", "true", "[]", "{}", '""', '"   "', `[${JSON.stringify(url)}]`, "() => 'x'", "Symbol('u')", "1n"],
    migrations: ["5", '""', "null", "[]", "{}", "false", '["migrations"]'],
    models: ["5", "[1]", "{}", "true", "null", '["a", 2]', "[[]]"],
    environment: ['"prod"', "1", '""', '"Production"', '"development "', "null", '["test"]'],
    versionTable: ["1", '""', "[]", "null", "{}", "true"],
    versionTableSchema: ["1", '""', "[]", "{}", "false"],
    auditLogTable: ["1", '""', "[]", "{}"],
    transactionPerMigration: ['"yes"', "1", "null", '"false"', "[]", "0"],
    ddlLockTimeout: ['"5"', "-1", "null", "[]", "true", "Infinity", "NaN"],
    ddlLockRetries: ['"3"', "-1", "1.5", "null", "true", "Infinity"],
    includeSchemas: ['"public"', "[1]", "{}", "[null]", "true", "null"],
    excludeTables: ['"x"', "[null]", "{}", "[1, 2]", "false"],
  };
  for (const [key, values] of Object.entries(wrongValues)) {
    for (const value of values) {
      if (key === "url") add("config: wrong type", `url: ${value}`, `export default { url: ${value}, migrations: "migrations" };\n`);
      else if (key === "migrations")
        add("config: wrong type", `migrations: ${value}`, `export default { url: ${JSON.stringify(url)}, migrations: ${value} };\n`);
      else add("config: wrong type", `${key}: ${value}`, withKey(key, value));
    }
  }
  for (const key of [
    "urls",
    "migration",
    "Models",
    "versiontable",
    "databaseUrl",
    "constructor",
    "toString",
    "url ",
    "",
    "0",
    "environment_",
  ]) {
    add("config: unknown key", `unknown key ${JSON.stringify(key)}`, withKey(JSON.stringify(key), '"x"'));
  }
  add("config: missing key", "no url", 'export default { migrations: "migrations" };\n');
  add("config: missing key", "empty object", "export default {};\n");
  for (const value of [
    '"postgres://x"',
    "42",
    "null",
    "undefined",
    "[]",
    `[{ url: ${JSON.stringify(url)} }]`,
    "() => ({})",
    "true",
    "new Map()",
    "Promise.resolve({})",
  ]) {
    add("config: default export", `export default ${value}`, `export default ${value};\n`);
  }
  add("config: default export", "named export only", `export const config = { url: ${JSON.stringify(url)} };\n`);
  add("config: default export", "no exports", "const x = 1;\n");
  add("config: throws", "throws while loading", 'throw new Error("config boom");\n');
  add("config: throws", "throws a string while loading", 'throw "config boom";\n');
  add(
    "config: throws",
    "a url getter that throws",
    'export default { get url() { throw new Error("getter boom"); }, migrations: "migrations" };\n',
  );
  add("config: throws", "a proxy that throws", 'export default new Proxy({}, { ownKeys() { throw new Error("proxy boom"); } });\n');
  add("config: throws", "imports a missing module", 'import "./nowhere.js";\nexport default {};\n');
  add("config: throws", "imports a missing package", 'import { defineConfig } from "retort-nope";\nexport default defineConfig({});\n');
  add("config: throws", "reads an undefined variable", `export default { url: notDefined, migrations: "migrations" };\n`);
  add("config: syntax error", "missing brace", `export default { url: ${JSON.stringify(url)}, migrations: "migrations";\n`);
  add("config: syntax error", "unterminated string", `export default { url: "${url}, migrations: "migrations" };\n`);
  add("config: syntax error", "stray tokens", `export default { url: ${JSON.stringify(url)} } }} @@;\n`);
  add("config: syntax error", "a colon for a comma", `export default { url: ${JSON.stringify(url)}: migrations: "migrations" };\n`);
  add("config: syntax error", "empty file", "");
  add("config: binary garbage", "random bytes", rng.bytes(300));
  add("config: binary garbage", "NUL bytes", Buffer.alloc(32));
  const valid = plainConfig(url);
  for (let n = 0; n < 12; n++) {
    const offset = rng.int(0, valid.length - 4);
    add("config: truncated", `cut at byte ${offset} of ${valid.length}`, valid.slice(0, offset));
  }
  const offsets = codeOffsets(`/**/${valid}`).map((o) => o - 4);
  for (let n = 0; n < 12; n++) {
    const garbage = codeGarbage(rng);
    const offset = rng.pick(offsets);
    add("config: garbage in code", `${garbage.toString("hex")} at ${offset}`, insertBytes(valid, offset, garbage));
  }
  // Paths that are not a migrations folder: named by their path.
  add(
    "config: bad path",
    "migrations folder missing",
    withKey("environment", '"development"').replace('"migrations"', '"no/such/folder"'),
    [path.join(path.dirname(ctx.configPath), "no/such/folder")],
  );
  add("config: bad path", "migrations is a file", `export default { url: ${JSON.stringify(url)}, migrations: "retort.config.ts" };\n`, [
    ctx.configPath,
  ]);
  // Passwords in a config URL must not leak from the errors they cause.
  for (const bad of ["notaport", "99999", "-1", "1.5", "0x10"]) {
    add(
      "config: bad url",
      `url with port ${bad} and a password`,
      plainConfig(`postgres://fuzz:${ctx.secret}@127.0.0.1:${bad}/fuzzdb`),
      ["postgres://fuzz:***@127.0.0.1", ctx.configPath],
      DATABASE_COMMANDS,
    );
  }
  for (const bad of [
    "mysql://fuzz:SECRET@127.0.0.1:1/db",
    "embedded:",
    "pglite:",
    "postgres://",
    "https://fuzz:SECRET@127.0.0.1:1/",
    "postgres//127.0.0.1:1/db",
  ]) {
    const value = bad.replace("SECRET", ctx.secret);
    add(
      "config: bad url",
      `url ${bad}`,
      plainConfig(value),
      [value.replace(ctx.secret, "***"), "127.0.0.1", ctx.configPath],
      DATABASE_COMMANDS,
    );
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Database URLs (--url).

export function urlCases(ctx: FuzzContext): FuzzCase[] {
  const { secret } = ctx;
  const cases: FuzzCase[] = [];
  const commands = [
    must("current"),
    must("upgrade", "head"),
    must("downgrade", "-1"),
    must("history", "-i"),
    may("upgrade", "head", "--sql"),
  ];
  const add = (category: string, value: string, names: string[]) =>
    cases.push({ category, description: `--url ${JSON.stringify(value)}`, globalArgs: ["--url", value], commands, names });
  const masked = (value: string) => value.replaceAll(secret, "***");
  const base = (over: { scheme?: string; user?: string; password?: string; host?: string; port?: string; db?: string; query?: string }) =>
    `${over.scheme ?? "postgres"}://${over.user ?? "fuzz"}:${over.password ?? secret}@${over.host ?? "127.0.0.1"}${over.port === undefined ? ":1" : over.port}/${over.db ?? "fuzzdb"}${over.query ?? ""}`;
  for (const port of [":notaport", ":99999", ":65536", ":-1", ":1.5", ":0x10", ": 1", ":5432abc", ":１", "::1", ":1:2"]) {
    const value = base({ port });
    add("url: bad port", value, [masked(value), "127.0.0.1"]);
  }
  for (const scheme of [
    "mysql",
    "mariadb",
    "sqlite",
    "http",
    "pg",
    "postgress",
    "postgres+ssl",
    "jdbc:postgresql",
    "POSTGRES",
    "postgresql",
  ]) {
    const value = base({ scheme });
    add("url: bad scheme", value, [masked(value), "127.0.0.1"]);
  }
  for (const password of [
    `${secret}@x`,
    `p/${secret}`,
    `${secret}/x`,
    `${secret}:x`,
    `${secret}#x`,
    `${secret}?x`,
    `${secret}%zz`,
    `${secret} x`,
    `${secret}é`,
    `@${secret}`,
  ]) {
    const value = base({ password });
    add("url: odd password", value, ["postgres://fuzz:***@", "127.0.0.1"]);
  }
  for (const host of ["", "[127.0.0.1", "127.0.0.1]", "[::1", "127.0.0.1/x"]) {
    const value = base({ host });
    add("url: bad host", value, [masked(value), "127.0.0.1"]);
  }
  for (const value of [
    "postgres://",
    "postgresql://",
    "postgres://:1/fuzzdb",
    "postgres:",
    "postgres:/",
    "postgres",
    `postgres://fuzz:${secret}@`,
    "embedded:",
    "pglite:",
    "embedded",
    "pglite",
    "sqlite:",
    "embedded:./retort.config.ts",
    "embedded:/dev/null/x",
    `mysql://fuzz:${secret}@127.0.0.1:1/db`,
    "mysql://…",
    "://",
    ":",
    "@",
    "127.0.0.1:1",
    "http://127.0.0.1:1/",
    "file:///tmp/x",
    "embedded: ",
    "pglite:\u0000",
    "\u0000",
    "é://x",
    "postgres://fuzz@127.0.0.1:1/%zz",
    `postgres://fuzz:${secret}@127.0.0.1:1/fuzzdb?sslmode=bogus`,
  ]) {
    const directory = /^(embedded|pglite):(.+)$/.exec(value.trim())?.[2];
    add("url: malformed", value, [
      masked(value),
      "127.0.0.1",
      "'url'",
      ...(directory ? [directory, path.resolve(path.dirname(ctx.configPath), directory)] : []),
    ]);
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Targets: malformed expressions, and mutations of valid ones that a planner must refuse.

const VALID_TARGETS = [
  "head",
  "heads",
  "base",
  "+1",
  "-1",
  "+2",
  "-2",
  "head-1",
  "head-2",
  "base+1",
  R3,
  (R3 as string).slice(0, 4),
  `${R2}+1`,
  `${R4}-1`,
  `${LABEL}@head`,
  `${LABEL}@+1`,
  `${LABEL}@-1`,
  `${LABEL}@base`,
  `${LABEL}@${R2}`,
  "current",
  R5,
  LABEL,
] as const;

const NASTY_TARGETS = [
  "+",
  "-",
  "-0",
  "+0",
  "head--1",
  "head+-1",
  "head-+1",
  "abc@",
  "@head",
  "@",
  "@@",
  ":",
  "::",
  "a:b:c",
  `${R1}:${R3}`,
  "head:",
  ":head",
  "head-99999999999999999999",
  "+99999999999999999999",
  `+${"9".repeat(400)}`,
  `head-${"9".repeat(400)}`,
  "-1e3",
  "+1e3",
  "+1.5",
  "-1.5",
  "+0x1",
  "+Infinity",
  "head-NaN",
  "",
  " ",
  "head ",
  " head",
  "\thead",
  "head\n",
  "head\nx",
  "he ad",
  "\u0000",
  "head\u0000",
  "héad",
  "头",
  "🙂",
  "head\u200b",
  "HEAD",
  "Head",
  "bas",
  "base-1",
  "heads+1",
  "heads-1",
  "base@base",
  "head@head",
  `${LABEL}@@head`,
  `${LABEL}@head@head`,
  `head@${LABEL}`,
  `${LABEL}@`,
  `@${LABEL}`,
  `${LABEL}@nope`,
  `nope@head`,
  `${LABEL}@+`,
  `${LABEL}@-x`,
  "x".repeat(5000),
  "-".repeat(50),
  "+".repeat(50),
  "ffff",
  "0000",
  "1",
  "12",
  "r",
  "z",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "current+1",
  "current-1",
  "current@head",
  "%s%s%s",
  "${head}",
  "'head'",
  '"head"',
  "head;",
  "head,base",
  "-\n1",
  "head\u001b[31m",
  `${R1},${R2}`,
  `${R3}${R3}`,
  `${R3}x`,
  `x${R3}`,
  (R3 as string).toUpperCase(),
  `${R3}+`,
  `${R3}-`,
  `${R3}+-1`,
  `${R3}--1`,
];

const TARGET_NOISE = [
  "+",
  "-",
  "@",
  ":",
  " ",
  "0",
  "9",
  "x",
  "é",
  "头",
  "\u0000",
  "\n",
  "\t",
  ".",
  "/",
  "*",
  "$",
  "%",
  "'",
  '"',
  "\\",
  "🙂",
  "\u200b",
  "_",
  "e",
];

/** Malformed targets: a fixed list, and random edits of valid targets (some of which stay valid). */
export function targetCandidates(rng: Rng, count: number): string[] {
  const out = new Set<string>(NASTY_TARGETS);
  while (out.size < count) {
    let target: string = rng.pick(VALID_TARGETS) as string;
    for (let edits = rng.int(1, 3); edits > 0; edits--) {
      const at = rng.int(0, target.length);
      switch (rng.int(0, 4)) {
        case 0:
          target = target.slice(0, at) + rng.pick(TARGET_NOISE) + target.slice(at);
          break;
        case 1:
          target = target.slice(0, at) + target.slice(at + 1);
          break;
        case 2:
          target = target.slice(0, at) + target.slice(at, at + 1).repeat(2) + target.slice(at + 1);
          break;
        case 3:
          target = target.replace(/\d+$/, () => rng.pick(["0", "00", "99999999999999999999", "-1", "1e9", "4294967296"]));
          break;
        default:
          target = `${target}${rng.pick(["@head", ":head", "@", "+1", "-1", "@-1", ":"])}`;
      }
    }
    out.add(target);
  }
  return [...out];
}

/** The grammar of DESIGN §1.1 targets, independent of the resolver: what a resolver may ever accept. */
export const TARGET_GRAMMAR = /^(?:[A-Za-z0-9_]+@)?(?:[A-Za-z0-9_]+)?(?:[+-]\d+)?$/;

/**
 * Cases for the targets a planner refuses, with the database at r3. `refuses(direction, target)` tells
 * whether the planner rejects it (then the online command must fail); online commands whose target the
 * planner accepts are not run, because they would change the database.
 */
export function targetCases(
  targets: readonly string[],
  refuses: (direction: "upgrade" | "downgrade", target: string) => boolean,
): { cases: FuzzCase[]; accepted: string[] } {
  const cases: FuzzCase[] = [];
  const accepted: string[] = [];
  for (const target of targets) {
    const upgradeRefused = refuses("upgrade", target);
    const downgradeRefused = refuses("downgrade", target);
    if (!upgradeRefused || !downgradeRefused) accepted.push(target);
    if (!upgradeRefused && !downgradeRefused) continue;
    const commands: FuzzCommand[] = [];
    if (upgradeRefused) commands.push(must("upgrade", target));
    if (downgradeRefused) commands.push(must("downgrade", target));
    commands.push(may("upgrade", target, "--sql"), may("history", "-r", target), may("show", target), may("stamp", target, "--sql"));
    cases.push({
      category: "target: malformed or unknown",
      description: `target ${JSON.stringify(target)}`,
      commands,
      names: [target],
      valueParts: target,
    });
  }
  return { cases, accepted };
}

// ---------------------------------------------------------------------------------------------------------
// Random character edits of header lines, judged by the TypeScript parser (ts-oracle.ts), not by Retort's.

const EDIT_TOKENS = [
  '"',
  "'",
  "`",
  "[",
  "]",
  "(",
  ")",
  "{",
  "}",
  ",",
  ";",
  ":",
  "=",
  "@",
  " ",
  "\t",
  "\n",
  "/",
  "*",
  "!",
  "?",
  ".",
  "+",
  "-",
  "0",
  "a",
  "_",
  "é",
  "\\",
  "null",
  "export",
  "const",
  "as const",
  "//",
  "/*",
  "*/",
  "${",
  "\u0000",
  ", ",
  '"x"',
  "[]",
  "undefined",
];

export interface RandomEditTally {
  syntaxError: number;
  brokenHeader: number;
  unchanged: number;
  changedSkipped: number;
}

/**
 * Random edits of the header export lines, each judged by the TypeScript parser, until `quota` of each kind
 * (syntax error, bad export, still valid) are found or `attempts` edits were made. Most edits are syntax
 * errors; the quota keeps the rarer kinds from being crowded out.
 */
export function randomHeaderEdits(ctx: FuzzContext, quota: number, attempts: number, tally: RandomEditTally): FuzzCase[] {
  const { rng, revisions } = ctx;
  const cases: FuzzCase[] = [];
  for (let n = 0; n < attempts && Math.min(tally.syntaxError, tally.brokenHeader, tally.unchanged) < quota; n++) {
    const def = rng.pick(revisions);
    const start = def.text.indexOf("export const revision");
    const end = def.text.indexOf("\n\n", start);
    let text = def.text;
    for (let edits = rng.int(1, 3); edits > 0; edits--) {
      const at = rng.int(start, Math.min(end, text.length - 1));
      switch (rng.int(0, 3)) {
        case 0:
          text = text.slice(0, at) + rng.pick(EDIT_TOKENS) + text.slice(at);
          break;
        case 1:
          text = text.slice(0, at) + text.slice(at + rng.int(1, 3));
          break;
        case 2:
          text = text.slice(0, at) + text.slice(at, at + rng.int(1, 4)).repeat(2) + text.slice(at + 1);
          break;
        default:
          text = text.slice(0, at) + rng.pick(EDIT_TOKENS) + text.slice(at + 1);
      }
    }
    const file = path.join(ctx.versionsDirectory, def.fileName);
    const verdict = judgeRevisionFile(text, def.text);
    const base = { category: "", description: "", revisions: new Map([[def.fileName, text]]) };
    const edited = `${def.fileName}: ${JSON.stringify(text.slice(start, end + 1))}`;
    switch (verdict.kind) {
      case "syntax-error": {
        if (tally.syntaxError >= quota) break;
        tally.syntaxError++;
        const commands = loadingCommands(def.index);
        // The edit may also have changed this revision's id or parent: the error may then name the revision that
        // lost its parent (its file), or the id a target no longer finds.
        const files = revisions.map((r) => path.join(ctx.versionsDirectory, r.fileName));
        cases.push({
          ...base,
          category: "header: random edit, syntax error",
          description: edited,
          commands,
          names: [file, ...files, ...IDS, ...targetsOf(commands)],
        });
        break;
      }
      case "broken-header":
        if (tally.brokenHeader >= quota) break;
        tally.brokenHeader++;
        cases.push({
          ...base,
          category: "header: random edit, bad export",
          description: `${edited} (${verdict.why})`,
          commands: EVERY_COMMAND,
          names: [file],
        });
        break;
      case "unchanged":
        if (tally.unchanged >= quota) break;
        tally.unchanged++;
        cases.push({
          ...base,
          category: "header: random edit, still valid",
          description: edited,
          commands: [{ args: ["history"], mustFail: false, mustSucceed: true }, may("heads")],
          names: [file],
        });
        break;
      case "changed":
        tally.changedSkipped++;
    }
  }
  return cases;
}
