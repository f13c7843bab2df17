/** The notes autogenerate's safe forms leave on operations a person must review (see `safe-forms.ts`). */
import type { AddColumnOp, AlterColumnOp } from "../ops/operation.js";

/** Why an operation kept in its plain form needs a person's review, written above it in the file. */
export type SafeFormNote =
  | {
      readonly kind: "rewritingTypeChange";
      readonly operation: AlterColumnOp;
      /** The lock the rewrite holds, in the database's words. */
      readonly lock: string;
    }
  | {
      readonly kind: "perRowDefault";
      readonly operation: AddColumnOp;
      /** What the database computes for each existing row. */
      readonly value: string;
      readonly lock: string;
    };
