/**
 * The operations on objects beside tables, columns, indexes and constraints: sequences, domains, extensions,
 * views, schemas, functions and triggers, row-level security, grants, policies and partitions. Part of the
 * operation IR (operation.ts, which exports them with the rest).
 */
import type {
  CheckConstraint,
  ColumnDefault,
  Domain,
  Extension,
  Policy,
  Routine,
  Sequence,
  Trigger,
  RowLevelSecurity,
  TablePrivilege,
  View,
} from "../schema/model.js";
import type { Change } from "./change.js";

/** `CREATE SEQUENCE`. */
export interface CreateSequenceOp {
  readonly kind: "createSequence";
  readonly sequence: Sequence;
  readonly ifNotExists?: boolean;
  /**
   * With `ifNotExists`: the revision owns the object, so the downgrade drops it even if it was there before the
   * upgrade. Without it such a create cannot be reversed.
   */
  readonly dropOnDowngrade?: boolean;
}

/** `DROP SEQUENCE`; `existing` is the sequence, needed to reverse. */
export interface DropSequenceOp {
  readonly kind: "dropSequence";
  readonly name: string;
  readonly schema?: string;
  readonly ifExists?: boolean;
  readonly existing?: Sequence;
}

/** Where a sequence's `OWNED BY` points: a column of a table in the sequence's schema. */
export interface SequenceOwner {
  readonly table: string;
  readonly column: string;
}

/**
 * `ALTER SEQUENCE`: options changed in place (the sequence keeps its current value). A `to` of `null` is
 * PostgreSQL's default: `NO MINVALUE`, `NO MAXVALUE`, `OWNED BY NONE`. Each `from` is needed to reverse.
 */
export interface AlterSequenceOp {
  readonly kind: "alterSequence";
  readonly name: string;
  readonly schema?: string;
  readonly dataType?: Change<"smallint" | "integer" | "bigint">;
  readonly start?: Change<number>;
  readonly increment?: Change<number>;
  readonly minValue?: Change<number | null>;
  readonly maxValue?: Change<number | null>;
  readonly cache?: Change<number>;
  readonly cycle?: Change<boolean>;
  readonly ownedBy?: Change<SequenceOwner | null>;
}

/** `CREATE DOMAIN` with its default, NOT NULL, collation and checks. */
export interface CreateDomainOp {
  readonly kind: "createDomain";
  readonly domain: Domain;
}

/** `DROP DOMAIN`; `existing` is the domain, needed to reverse. */
export interface DropDomainOp {
  readonly kind: "dropDomain";
  readonly name: string;
  readonly schema?: string;
  readonly ifExists?: boolean;
  readonly existing?: Domain;
}

/**
 * `ALTER DOMAIN`: its default (`to: null` drops it), NOT NULL, and checks dropped then added (a changed check is
 * one of each). Reversible when the previous default and NOT NULL are known.
 */
export interface AlterDomainOp {
  readonly kind: "alterDomain";
  readonly name: string;
  readonly schema?: string;
  readonly default?: Change<ColumnDefault | null>;
  readonly notNull?: Change<boolean>;
  readonly dropChecks?: readonly CheckConstraint[];
  readonly addChecks?: readonly CheckConstraint[];
}

/** `CREATE EXTENSION [IF NOT EXISTS] … [WITH SCHEMA …] [VERSION …]`. */
export interface CreateExtensionOp {
  readonly kind: "createExtension";
  readonly extension: Extension;
  readonly ifNotExists?: boolean;
  /**
   * With `ifNotExists`: the revision owns the object, so the downgrade drops it even if it was there before the
   * upgrade. Without it such a create cannot be reversed.
   */
  readonly dropOnDowngrade?: boolean;
}

/** `DROP EXTENSION [IF EXISTS]`; `existing` is the extension, needed to reverse. */
export interface DropExtensionOp {
  readonly kind: "dropExtension";
  readonly name: string;
  readonly ifExists?: boolean;
  readonly existing?: Extension;
}

/** `CREATE [MATERIALIZED] VIEW`; a materialized view with its indexes. */
export interface CreateViewOp {
  readonly kind: "createView";
  readonly view: View;
}

/**
 * `CREATE OR REPLACE VIEW` (plain views): a new query that yields the same columns. `existing` is the view
 * replaced, needed to reverse.
 */
export interface ReplaceViewOp {
  readonly kind: "replaceView";
  readonly view: View;
  readonly existing?: View;
}

/** `DROP [MATERIALIZED] VIEW`; `existing` is the view (with its query), needed to reverse. */
export interface DropViewOp {
  readonly kind: "dropView";
  readonly name: string;
  readonly schema?: string;
  readonly materialized?: boolean;
  readonly ifExists?: boolean;
  readonly existing?: View;
}

/** `CREATE SCHEMA`. */
export interface CreateSchemaOp {
  readonly kind: "createSchema";
  readonly name: string;
  readonly ifNotExists?: boolean;
  /**
   * With `ifNotExists`: the revision owns the object, so the downgrade drops it even if it was there before the
   * upgrade. Without it such a create cannot be reversed.
   */
  readonly dropOnDowngrade?: boolean;
  readonly authorization?: string;
}

/** `DROP SCHEMA`; reversible (to an empty schema) unless `cascade` dropped its contents. */
export interface DropSchemaOp {
  readonly kind: "dropSchema";
  readonly name: string;
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
  readonly authorization?: string;
}

/** `CREATE FUNCTION` / `CREATE PROCEDURE`. */
export interface CreateFunctionOp {
  readonly kind: "createFunction";
  readonly function: Routine;
}

/**
 * `CREATE OR REPLACE FUNCTION` (or `PROCEDURE`) of a routine with the same argument types and return type:
 * `existing` is the definition it replaces, needed to reverse.
 */
export interface ReplaceFunctionOp {
  readonly kind: "replaceFunction";
  readonly function: Routine;
  readonly existing?: Routine;
}

/** `DROP FUNCTION` / `DROP PROCEDURE` of one signature; `existing` is the definition, needed to reverse. */
export interface DropFunctionOp {
  readonly kind: "dropFunction";
  readonly name: string;
  readonly schema?: string;
  /** The argument types (`integer, text`), which tell overloads apart. */
  readonly args: string;
  readonly procedure?: boolean;
  readonly existing?: Routine;
}

/** `CREATE TRIGGER`. */
export interface CreateTriggerOp {
  readonly kind: "createTrigger";
  readonly trigger: Trigger;
}

/** `DROP TRIGGER … ON table`; `existing` is the trigger, needed to reverse. */
export interface DropTriggerOp {
  readonly kind: "dropTrigger";
  readonly name: string;
  readonly table: string;
  readonly schema?: string;
  readonly existing?: Trigger;
}

/** A table's row-level security: `disabled`, `enabled`, or `forced` (applied to the table's owner too). */
export type RowLevelSecurityMode = RowLevelSecurity | "disabled";

/** `ALTER TABLE … {ENABLE | DISABLE} ROW LEVEL SECURITY, [NO] FORCE ROW LEVEL SECURITY`; `existing` is needed to reverse. */
export interface SetRowLevelSecurityOp {
  readonly kind: "setRowLevelSecurity";
  readonly table: string;
  readonly schema?: string;
  readonly mode: RowLevelSecurityMode;
  readonly existing?: RowLevelSecurityMode;
}

/** `GRANT … ON TABLE … TO role`; `to` is `public` for every role. Reversed by `revoke`. */
export interface GrantOp {
  readonly kind: "grant";
  readonly table: string;
  readonly schema?: string;
  readonly to: string;
  readonly privileges: readonly TablePrivilege[];
}

/** `REVOKE … ON TABLE … FROM role`. Reversed by `grant`. */
export interface RevokeOp {
  readonly kind: "revoke";
  readonly table: string;
  readonly schema?: string;
  readonly from: string;
  readonly privileges: readonly TablePrivilege[];
}

/** `CREATE POLICY … ON table`. */
export interface CreatePolicyOp {
  readonly kind: "createPolicy";
  readonly policy: Policy;
}

/** `DROP POLICY … ON table`; `existing` is the policy, needed to reverse. */
export interface DropPolicyOp {
  readonly kind: "dropPolicy";
  readonly name: string;
  readonly table: string;
  readonly schema?: string;
  readonly existing?: Policy;
}

/**
 * `ALTER TABLE parent ATTACH PARTITION partition FOR VALUES …`: an existing table becomes a partition. `bound` is
 * as PostgreSQL writes it (`FOR VALUES …` or `DEFAULT`). The partition's schema is the parent's unless given.
 */
export interface AttachPartitionOp {
  readonly kind: "attachPartition";
  readonly table: string;
  readonly schema?: string;
  readonly partition: string;
  readonly partitionSchema?: string;
  readonly bound: string;
}

/** `ALTER TABLE parent DETACH PARTITION partition`; `existingBound` is needed to reverse (attach it again). */
export interface DetachPartitionOp {
  readonly kind: "detachPartition";
  readonly table: string;
  readonly schema?: string;
  readonly partition: string;
  readonly partitionSchema?: string;
  readonly existingBound?: string;
}
