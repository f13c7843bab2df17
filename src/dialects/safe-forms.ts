/**
 * What autogenerate asks of a database family to write the zero-downtime forms of a change to an existing table
 * (`safety: "strict" | "standard"`): what a type change or a new column's default does to the stored rows, and the
 * check that lets the database set NOT NULL without a scan. The same knowledge `retort lint` judges revisions with.
 */
import type { TypeChange } from "../ops/operation.js";
import type { Column } from "../schema/model.js";
import type { TypeChangeEffect } from "./lint-support.js";

/** A database family's part in writing safe forms, loaded on first use through `Dialect.safeForms`. */
export interface SafeFormSupport {
  /** What `ALTER COLUMN … TYPE` with this change does to an existing table. */
  typeChangeEffect(change: TypeChange): TypeChangeEffect;
  /**
   * What the database computes for each existing row when `column` is added (a volatile default, a sequence, an
   * identity), for messages; `undefined` when adding it only changes the catalog (no default, or a constant one).
   */
  perRowValue(column: Column): string | undefined;
  /** The check expression proving `column` holds no NULL, which lets SET NOT NULL skip its scan once validated. */
  notNullCheck(column: string): string;
  /** The name of that check on `table` (within the database's identifier limit). */
  notNullCheckName(table: string, column: string): string;
  /** The lock `ALTER COLUMN … TYPE` takes, in the database's words, for messages. */
  readonly rewriteLock: string;
}
