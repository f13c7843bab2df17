/**
 * One seed of the randomized round trip, on one database: A is built through autogenerate, then B; the catalog
 * must equal B's built from scratch, downgrading the one or two revisions of B must give A's catalog exactly and `downgrade base` an
 * empty schema. The database's `public` schema is reset before each seed, so one database serves many seeds.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EngineFixture } from "../../helpers/engines.js";
import { createProject, type CliResult } from "../../helpers/project.js";
import { modelSource, Random, randomChanges, randomModel } from "./generator.js";

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** The catalog of `public` as rows, in the database's own text; Retort's own tables left out. */
export async function catalog(query: Query): Promise<Record<string, unknown[]>> {
  const own = "c.relname NOT LIKE 'retort\\_%'";
  return {
    columns: await query(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
              pg_get_expr(d.adbin, d.adrelid) AS default, col_description(c.oid, a.attnum) AS comment,
              (SELECT co.collname FROM pg_collation co WHERE co.oid = a.attcollation) AS collation
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND ${own}
        ORDER BY 1, 2`,
    ),
    constraints: await query(
      `SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        WHERE k.connamespace = 'public'::regnamespace AND ${own} ORDER BY 1, 2`,
    ),
    indexes: await query(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
        WHERE schemaname = 'public' AND tablename NOT LIKE 'retort\\_%' ORDER BY 1`,
    ),
    tables: await query(
      `SELECT c.relname AS name, c.relkind AS kind, obj_description(c.oid, 'pg_class') AS comment FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'S', 'v', 'm') AND ${own} ORDER BY 1`,
    ),
    types: await query(
      `SELECT t.typname AS name, array_to_string(ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), ',') AS labels
         FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'c')
          AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relname LIKE 'retort\\_%') ORDER BY 1`,
    ),
  };
}

/** A failed step of a seed: what was being done, with the models and the CLI's output. */
export class RoundTripFailure extends Error {}

/** How to reach the database of one engine. */
export interface RoundTripTarget {
  readonly engine: EngineFixture;
  /** A folder of this target's own; each seed writes its project below it. */
  readonly directory: string;
}

/** Empties `public` (including Retort's version table), so the next seed starts from a fresh database. */
export async function resetSchema(engine: EngineFixture): Promise<void> {
  await engine.inspect(async (query) => {
    await query("DROP SCHEMA public CASCADE");
    await query("CREATE SCHEMA public");
  });
}

/** Runs one seed; throws a `RoundTripFailure` naming the seed and the step that went wrong. */
export async function runSeed(seed: number, target: RoundTripTarget): Promise<void> {
  const random = new Random(seed);
  const a = randomModel(random);
  const { model: b, changes } = randomChanges(random, a);
  const sourceA = modelSource(a);
  const sourceB = modelSource(b);
  const root = path.join(target.directory, `seed-${seed}`);
  const inspect = () => target.engine.inspect(catalog);

  let step = 0;
  // Each models file gets its own config and project: a process may cache a module it loaded once.
  async function project(models: string) {
    step++;
    const dir = path.join(root, `p${step}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `models-${seed}-${step}.ts`), models);
    return { dir, models: `./models-${seed}-${step}.ts` };
  }
  const fail = (what: string, detail = ""): never => {
    if (process.env.RETORT_ROUNDTRIP_KEEP) console.error(`seed ${seed}: files kept in ${root}`);
    throw new RoundTripFailure(
      `seed ${seed}: ${what}\nchanges A → B: ${changes.join("; ")}\n${detail}\n--- models A\n${sourceA}\n--- models B\n${sourceB}\n` +
        `Replay: RETORT_ROUNDTRIP_SEED=${seed} npm run test:roundtrip`,
    );
  };
  const ok = (result: CliResult, what: string, code = 0) => {
    if (result.code !== code) fail(`${what} exited ${result.code}`, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  };
  const differs = (what: string, actual: unknown, expected: unknown) => {
    const left = JSON.stringify(actual, null, 1);
    const right = JSON.stringify(expected, null, 1);
    if (left !== right) fail(what, firstDifference(left, right));
  };

  // One migrations folder shared by the steps of the A → B history.
  const migrations = path.join(root, "migrations");
  await mkdir(path.join(migrations, "versions"), { recursive: true });
  const runner = async (models: string, migrationsDir: string) => {
    const { dir, models: file } = await project(models);
    const cli = await createProject(dir, target.engine.url, `, models: ${JSON.stringify(file)}`);
    // The config's `migrations` is relative to its folder; point it at the shared one.
    const config = path.join(dir, "retort.config.ts");
    await writeFile(
      config,
      `import { defineConfig } from "retort";\nexport default defineConfig({ url: ${JSON.stringify(target.engine.url)}, migrations: ${JSON.stringify(migrationsDir)}, models: ${JSON.stringify(file)} });\n`,
    );
    return cli;
  };
  const autogenerate = async (cli: Awaited<ReturnType<typeof runner>>, message: string) => {
    let result = await cli.run("revision", "--autogenerate", "-m", message);
    if (result.code === 4) {
      // The generator never renames: every rename candidate was dropped and another created.
      const labels = [...result.stderr.matchAll(/^ {2}(?:table|column) (\S+) was dropped/gm)].map((m) => m[1] ?? "");
      result = await cli.run("revision", "--autogenerate", "-m", message, ...labels.flatMap((l) => ["--not-renamed", l]));
    }
    ok(result, `revision --autogenerate (${message})`);
    // With the default safety, a change that needs a statement outside a transaction writes a second revision.
    return result.stdout
      .trim()
      .split("\n")
      .filter((line) => line !== "").length;
  };

  const withA = await runner(sourceA, migrations);
  await autogenerate(withA, "a");
  ok(await withA.run("upgrade", "head"), "upgrade to A");
  ok(await withA.run("check"), "check after A");
  const catalogA = await inspect();

  const withB = await runner(sourceB, migrations);
  const filesB = await autogenerate(withB, "b");
  ok(await withB.run("upgrade", "head"), "upgrade to B");
  ok(await withB.run("check"), "check after B");
  const catalogB = await inspect();

  ok(await withB.run("downgrade", `-${filesB}`), `downgrade -${filesB}`);
  differs(`downgrade -${filesB} does not give A's catalog back`, await inspect(), catalogA);
  ok(await withB.run("downgrade", "base"), "downgrade base");
  const empty = await inspect();
  differs("downgrade base leaves objects in public", empty, {
    columns: [],
    constraints: [],
    indexes: [],
    tables: [],
    types: [],
  });

  // B from scratch, on the emptied database with a history of its own.
  await resetSchema(target.engine);
  const fresh = path.join(root, "fresh");
  await mkdir(path.join(fresh, "versions"), { recursive: true });
  const direct = await runner(sourceB, fresh);
  await autogenerate(direct, "b from empty");
  ok(await direct.run("upgrade", "head"), "upgrade to B from empty");
  differs("B built through A differs from B built from empty", literalDefaults(catalogB), literalDefaults(await inspect()));
  await resetSchema(target.engine);
}

/**
 * The catalog with a literal default's cast left out (`''::character varying` → `''`): `ALTER COLUMN … TYPE`
 * keeps the default as stored, cast to the old type, where a table created with the new type casts to that.
 */
function literalDefaults(rows: Record<string, unknown[]>): Record<string, unknown[]> {
  const literal = /^('(?:[^']|'')*')::[a-z ]+(\(\d+(,\d+)?\))?$/;
  const columns = rows.columns?.map((row) => {
    const column = row as { default?: unknown };
    const text = typeof column.default === "string" ? column.default : undefined;
    const match = text === undefined ? null : literal.exec(text);
    return match === null ? row : { ...column, default: match[1] };
  });
  return { ...rows, columns: columns ?? [] };
}

/** Where two JSON texts first differ, with a few lines of context. */
function firstDifference(actual: string, expected: string): string {
  const left = actual.split("\n");
  const right = expected.split("\n");
  const at = left.findIndex((line, i) => line !== right[i]);
  const from = Math.max(0, (at === -1 ? right.length : at) - 6);
  return `actual:\n${left.slice(from, from + 14).join("\n")}\nexpected:\n${right.slice(from, from + 14).join("\n")}`;
}
