/**
 * A scratch schema inside a transaction that is always rolled back: the database canonicalises what the models
 * declare (it creates the objects and is asked how it stores them), and nothing it made survives. The session
 * must not be inside a transaction already.
 */
import type { DatabaseSession } from "../../session.js";
import { quoteIdentifier } from "../quote.js";

/** Runs statements in the scratch schema; a failed attempt is undone alone (a savepoint), and answers undefined. */
export interface Scratch {
  /** The scratch schema's quoted name, to qualify what is created in it. */
  readonly schema: string;
  /** Runs `statements`, then `query`; its rows, or undefined when a statement fails. */
  attempt<Row extends Record<string, unknown>>(statements: readonly string[], query: string): Promise<Row[] | undefined>;
}

let counter = 0;

/** Runs `work` with a scratch schema, in a transaction rolled back at the end, whatever happens. */
export async function withScratchSchema<T>(session: DatabaseSession, work: (scratch: Scratch) => Promise<T>): Promise<T> {
  const schema = quoteIdentifier(`retort_scratch_${process.pid}_${counter++}`);
  await session.execute("BEGIN");
  try {
    await session.execute(`CREATE SCHEMA ${schema}`);
    let savepoints = 0;
    return await work({
      schema,
      async attempt<Row extends Record<string, unknown>>(statements: readonly string[], query: string) {
        const savepoint = `retort_attempt_${savepoints++}`;
        await session.execute(`SAVEPOINT ${savepoint}`);
        try {
          for (const statement of statements) await session.execute(statement);
          const rows = await session.query<Row>(query);
          await session.execute(`RELEASE SAVEPOINT ${savepoint}`);
          return rows;
        } catch {
          await session.execute(`ROLLBACK TO SAVEPOINT ${savepoint}`);
          return undefined;
        }
      },
    });
  } finally {
    await session.execute("ROLLBACK");
  }
}
