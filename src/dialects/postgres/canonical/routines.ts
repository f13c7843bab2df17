/**
 * The models' functions, procedures and trigger conditions in the form PostgreSQL stores them, so that comparing
 * them with the catalog compares meaning, not spelling (`int` and `integer`, `DEFAULT 1` and `DEFAULT 1`, `NEW.x`
 * and `new.x`). Each is created in a scratch schema inside a transaction that is rolled back, and read back with
 * the queries introspection uses. A definition the database refuses there (it uses a type or table that does not
 * exist yet) is kept as written: it differs from the catalog either way.
 */
import { randomBytes } from "node:crypto";
import type { Routine, Trigger } from "../../../schema/model.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import type { DatabaseSession } from "../../session.js";
import { ROUTINE_COLUMNS, type RoutineRow, routineOf, triggerCondition } from "../catalog/routines.js";
import { compileCreateRoutine, compileCreateTrigger } from "../compile/routines.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";

const SAVEPOINT = "retort_canonical";

/** Runs `body` inside a savepoint that is always rolled back; undefined when the database refused it. */
async function tried<T>(session: DatabaseSession, body: () => Promise<T>): Promise<T | undefined> {
  await session.execute(`SAVEPOINT ${SAVEPOINT}`);
  try {
    return await body();
  } catch {
    return undefined;
  } finally {
    await session.execute(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
  }
}

async function canonicalRoutine(session: DatabaseSession, scratch: string, routine: Routine): Promise<Routine> {
  const read = await tried(session, async () => {
    await session.execute(compileCreateRoutine({ ...routine, schema: scratch }, false)[0]!);
    const rows = await session.query<RoutineRow>(
      `SELECT ${ROUTINE_COLUMNS} FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
      WHERE p.pronamespace = ${quoteLiteral(scratch)}::regnamespace AND p.proname = ${quoteLiteral(routine.name)}`,
    );
    return rows[0];
  });
  return read === undefined ? routine : routineOf(read, routine.schema);
}

async function canonicalCondition(session: DatabaseSession, scratch: string, trigger: Trigger): Promise<Trigger> {
  if (trigger.when === undefined) return trigger;
  const when = await tried(session, async () => {
    const table = qualifiedName(trigger.table, scratch);
    const noop = qualifiedName("retort_noop", scratch);
    await session.execute(
      `CREATE TABLE ${table} (LIKE ${qualifiedName(trigger.table, trigger.schema ?? "public")});
      CREATE FUNCTION ${noop}() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
      ${compileCreateTrigger({ ...trigger, schema: scratch, function: { name: "retort_noop", schema: scratch } })[0]!}`,
    );
    const rows = await session.query<{ definition: string }>(
      `SELECT pg_get_triggerdef(t.oid) AS definition FROM pg_trigger t WHERE t.tgrelid = ${quoteLiteral(`${quoteIdentifier(scratch)}.${quoteIdentifier(trigger.table)}`)}::regclass`,
    );
    return rows[0] === undefined ? undefined : triggerCondition(rows[0].definition);
  });
  return when === undefined ? trigger : { ...trigger, when };
}

/** `snapshot` (the models) with its routines and trigger conditions as the database behind `session` stores them. */
export async function canonicalRoutines(session: DatabaseSession, snapshot: SchemaSnapshot): Promise<SchemaSnapshot> {
  const routines = snapshot.routines ?? [];
  const triggers = snapshot.triggers ?? [];
  if (routines.length === 0 && !triggers.some((t) => t.when !== undefined)) return snapshot;
  const scratch = `retort_canonical_${randomBytes(6).toString("hex")}`;
  await session.execute("BEGIN");
  try {
    const [row] = await session.query<{ path: string }>("SELECT current_setting('search_path') AS path");
    await session.execute(
      `SET LOCAL check_function_bodies = off; CREATE SCHEMA ${quoteIdentifier(scratch)}; SET LOCAL search_path = ${quoteIdentifier(scratch)}${row?.path ? `, ${row.path}` : ""}`,
    );
    const canonical: Routine[] = [];
    for (const routine of routines) canonical.push(await canonicalRoutine(session, scratch, routine));
    const conditions: Trigger[] = [];
    for (const trigger of triggers) conditions.push(await canonicalCondition(session, scratch, trigger));
    return {
      ...snapshot,
      ...(snapshot.routines === undefined ? {} : { routines: canonical }),
      ...(snapshot.triggers === undefined ? {} : { triggers: conditions }),
    };
  } finally {
    await session.execute("ROLLBACK");
  }
}
