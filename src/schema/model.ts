/**
 * The neutral schema model: plain, frozen data. The DSL produces it from models and revision files,
 * introspection will produce it from a database, and autogenerate compares the two. Nothing here is
 * PostgreSQL text; the dialect compilers turn it into SQL.
 */

/** A column's data type. `kind` names the type; parameters are explicit fields, absent when not given. */
export type ColumnType =
  | { readonly kind: "smallint" }
  | { readonly kind: "integer" }
  | { readonly kind: "bigint" }
  | { readonly kind: "smallserial" }
  | { readonly kind: "serial" }
  | { readonly kind: "bigserial" }
  | { readonly kind: "boolean" }
  | { readonly kind: "text" }
  | { readonly kind: "varchar"; readonly length?: number }
  | { readonly kind: "char"; readonly length?: number }
  | { readonly kind: "numeric"; readonly precision?: number; readonly scale?: number }
  | { readonly kind: "real" }
  | { readonly kind: "doublePrecision" }
  | { readonly kind: "date" }
  | { readonly kind: "time"; readonly withTimeZone: boolean; readonly precision?: number }
  | { readonly kind: "timestamp"; readonly withTimeZone: boolean; readonly precision?: number }
  | { readonly kind: "interval" }
  | { readonly kind: "uuid" }
  | { readonly kind: "json" }
  | { readonly kind: "jsonb" }
  | { readonly kind: "bytea" }
  | { readonly kind: "array"; readonly element: ColumnType; readonly dimensions: number }
  | { readonly kind: "enum"; readonly name: string; readonly schema?: string }
  /** A type the DSL has no builder for (`tsvector`, `citext`, `geometry(Point, 4326)`), as SQL text. */
  | { readonly kind: "custom"; readonly sql: string };

/** The `kind` of a column type. */
export type ColumnTypeKind = ColumnType["kind"];

/** A value a default or a bulk insert can carry as a literal. */
export type LiteralDefault = string | number | bigint | boolean | null;

/** A column's server default: a literal value, or an SQL expression (`sql\`now()\``). */
export type ColumnDefault =
  | { readonly kind: "literal"; readonly value: LiteralDefault }
  | { readonly kind: "expression"; readonly sql: string };

/**
 * `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY`, with optional sequence options (absent: PostgreSQL's defaults,
 * which depend on the column's type and the direction of `increment`).
 */
export interface Identity {
  readonly always: boolean;
  readonly start?: number;
  readonly increment?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly cache?: number;
  readonly cycle?: boolean;
}

/** A column. Primary keys, unique constraints and foreign keys live on the table, even when declared on a column. */
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly default?: ColumnDefault;
  readonly identity?: Identity;
  /** A stored generated column's expression (`GENERATED ALWAYS AS (…) STORED`), SQL text. */
  readonly generatedAs?: string;
  /** The column's collation when it is not its type's default (`COLLATE "C"`). */
  readonly collation?: string;
  readonly comment?: string;
}

/** What a foreign key does when the referenced row is deleted or updated. Absent means `no action`. */
export type ReferentialAction = "cascade" | "restrict" | "set null" | "set default";

/** When a deferrable constraint is checked by default. Absent on a constraint means `NOT DEFERRABLE`. */
export type Deferrable = "immediate" | "deferred";

/** A primary key. */
export interface PrimaryKey {
  readonly kind: "primaryKey";
  readonly name: string;
  readonly columns: readonly string[];
}

/** A unique constraint. */
export interface UniqueConstraint {
  readonly kind: "unique";
  readonly name: string;
  readonly columns: readonly string[];
  readonly deferrable?: Deferrable;
  /** `NULLS NOT DISTINCT` (PostgreSQL 15+): rows whose keys are null count as equal. Absent means distinct. */
  readonly nullsNotDistinct?: boolean;
}

/** A foreign key (one or more columns referring to columns of another, or the same, table). */
export interface ForeignKey {
  readonly kind: "foreignKey";
  readonly name: string;
  readonly columns: readonly string[];
  readonly referredTable: string;
  readonly referredSchema?: string;
  readonly referredColumns: readonly string[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly deferrable?: Deferrable;
}

/** A check constraint; `expression` is SQL text. */
export interface CheckConstraint {
  readonly kind: "check";
  readonly name: string;
  readonly expression: string;
}

/** One element of an exclusion constraint: an index element and the operator rows are compared with on it. */
export type ExclusionElement = IndexElement & {
  /** The operator (`=`, `&&`); two rows conflict when it holds for every element. */
  readonly operator: string;
};

/**
 * An exclusion constraint (PostgreSQL's `EXCLUDE USING gist (room WITH =, during WITH &&)`): no two rows may
 * satisfy every element's operator at once. `method` is the index access method (`gist`, `btree`, …).
 */
export interface ExclusionConstraint {
  readonly kind: "exclude";
  readonly name: string;
  readonly method: string;
  readonly elements: readonly ExclusionElement[];
  /** Only rows that satisfy this predicate (SQL text) take part. */
  readonly where?: string;
  readonly deferrable?: Deferrable;
}

/** Any table constraint. */
export type Constraint = PrimaryKey | UniqueConstraint | ForeignKey | CheckConstraint | ExclusionConstraint;

/** One key part of an index: a column or an SQL expression, with optional operator class and ordering. */
export type IndexElement =
  | {
      readonly kind: "column";
      readonly name: string;
      readonly opclass?: string;
      readonly order?: "asc" | "desc";
      readonly nulls?: "first" | "last";
    }
  | {
      readonly kind: "expression";
      readonly sql: string;
      readonly opclass?: string;
      readonly order?: "asc" | "desc";
      readonly nulls?: "first" | "last";
    };

/** An index. `method` is the access method (`btree` when absent). */
export interface Index {
  readonly name: string;
  readonly elements: readonly IndexElement[];
  readonly unique: boolean;
  readonly method?: string;
  /** Partial index predicate, SQL text. */
  readonly where?: string;
  /** Non-key columns (`INCLUDE (...)`). */
  readonly include?: readonly string[];
  /** A unique index's `NULLS NOT DISTINCT` (PostgreSQL 15+). Absent means distinct. */
  readonly nullsNotDistinct?: boolean;
}

/** How a partitioned table divides its rows among its partitions (`PARTITION BY RANGE (created_at)`). */
export interface PartitionKey {
  readonly strategy: "range" | "list" | "hash";
  /** The key's parts: columns, or SQL expressions. */
  readonly elements: readonly PartitionKeyElement[];
}

/** One part of a partition key. */
export type PartitionKeyElement =
  | { readonly kind: "column"; readonly name: string }
  | { readonly kind: "expression"; readonly sql: string };

/**
 * What makes a table a partition: its parent (a partitioned table) and its bound, as PostgreSQL writes it
 * (`FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`, `FOR VALUES IN ('eu')`,
 * `FOR VALUES WITH (modulus 4, remainder 0)` or `DEFAULT`).
 */
export interface PartitionOf {
  readonly table: string;
  readonly schema?: string;
  readonly bound: string;
}

/** A table with its columns, constraints and indexes. */
export interface Table {
  readonly name: string;
  readonly schema?: string;
  readonly columns: readonly Column[];
  readonly primaryKey?: PrimaryKey;
  readonly uniqueConstraints: readonly UniqueConstraint[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly checkConstraints: readonly CheckConstraint[];
  /** Exclusion constraints (PostgreSQL only), sorted by name; absent means none. */
  readonly exclusionConstraints?: readonly ExclusionConstraint[];
  readonly indexes: readonly Index[];
  readonly comment?: string;
  /** Row-level security: `enabled`, or `forced` (also for the table's owner). Absent means disabled. */
  readonly rowLevelSecurity?: RowLevelSecurity;
  /** Privileges granted on the table, one entry per role, sorted by role. Absent means none. */
  readonly grants?: readonly TableGrant[];
  /** A partitioned table's key (`PARTITION BY …`); absent for a table that is not partitioned. */
  readonly partitionBy?: PartitionKey;
  /**
   * A partition's parent and bound. A partition's columns, and the keys, constraints and indexes it inherits,
   * are its parent's: its own `columns` list is empty, and the lists hold only what it declares itself.
   */
  readonly partitionOf?: PartitionOf;
}

/** An enum type (`CREATE TYPE … AS ENUM`). */
export interface EnumType<L extends string = string> {
  readonly kind: "enumType";
  readonly name: string;
  readonly schema?: string;
  readonly values: readonly L[];
}

/** A sequence (`CREATE SEQUENCE`). Absent options mean PostgreSQL's defaults. */
export interface Sequence {
  readonly kind: "sequence";
  readonly name: string;
  readonly schema?: string;
  readonly dataType?: "smallint" | "integer" | "bigint";
  readonly start?: number;
  readonly increment?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly cache?: number;
  readonly cycle?: boolean;
  /** `OWNED BY table.column`. */
  readonly ownedBy?: { readonly table: string; readonly column: string };
}

/** A domain (`CREATE DOMAIN`): a base type with an optional default, NOT NULL, collation and named checks on `VALUE`. */
export interface Domain {
  readonly kind: "domain";
  readonly name: string;
  readonly schema?: string;
  readonly type: ColumnType;
  readonly notNull?: boolean;
  readonly default?: ColumnDefault;
  /** The domain's collation when it is not its base type's default. */
  readonly collation?: string;
  /** Check constraints; each `expression` is SQL text on `VALUE`. */
  readonly checks: readonly CheckConstraint[];
}

/** An extension (`CREATE EXTENSION`). Absent `version`: whichever the server installs by default. */
export interface Extension {
  readonly kind: "extension";
  readonly name: string;
  /** The schema its objects are created in (`WITH SCHEMA`); absent: the default one. */
  readonly schema?: string;
  readonly version?: string;
}

/** A function's volatility (`VOLATILE` when absent). */
export type Volatility = "immutable" | "stable";

/**
 * A function (`CREATE FUNCTION`) or procedure (`CREATE PROCEDURE`). `args` is the argument list as SQL text
 * (`"a integer, b text DEFAULT 'x'"`, empty for none) and `body` the code between the dollar quotes, kept as
 * written: PostgreSQL stores it so. Identified by schema, name and argument types.
 */
export interface Routine {
  readonly kind: "function" | "procedure";
  readonly name: string;
  readonly schema?: string;
  readonly args: string;
  /** The argument types only (`integer, text`), as the database lists them; absent in a model until canonicalised. */
  readonly identityArgs?: string;
  /** The return type (functions only): `trigger`, `integer`, `SETOF movies`, `TABLE(id integer)`. */
  readonly returns?: string;
  readonly language: string;
  readonly body: string;
  readonly volatility?: Volatility;
  /** `STRICT` (`RETURNS NULL ON NULL INPUT`). */
  readonly strict?: boolean;
  /** `SECURITY DEFINER`; absent means `SECURITY INVOKER`. */
  readonly securityDefiner?: boolean;
}

/** An event a trigger fires on. */
export type TriggerEvent = "insert" | "update" | "delete" | "truncate";

/** A trigger (`CREATE TRIGGER`) on a table, in the table's schema. */
export interface Trigger {
  readonly kind: "trigger";
  readonly name: string;
  readonly table: string;
  readonly schema?: string;
  readonly timing: "before" | "after" | "instead of";
  /** In the order insert, update, delete, truncate. */
  readonly events: readonly TriggerEvent[];
  /** `UPDATE OF` these columns. */
  readonly updateOf?: readonly string[];
  readonly forEach: "row" | "statement";
  /** The `WHEN (…)` condition, SQL text. */
  readonly when?: string;
  /** The trigger function (no arguments, returning `trigger`). */
  readonly function: { readonly name: string; readonly schema?: string };
  /** Literal arguments passed to the function (`TG_ARGV`). */
  readonly arguments?: readonly string[];
}

/** `WITH CHECK OPTION` of an updatable view: `local` checks this view's condition, `cascaded` those beneath too. */
export type ViewCheckOption = "local" | "cascaded";

/**
 * A view (`CREATE VIEW`) or a materialized view (`CREATE MATERIALIZED VIEW`). `definition` is the query as SQL
 * text: the models' as written, the database's as PostgreSQL prints it (`pg_get_viewdef`).
 */
export interface View {
  readonly kind: "view";
  readonly name: string;
  readonly schema?: string;
  readonly definition: string;
  /** A materialized view; absent: a plain view. */
  readonly materialized?: boolean;
  /** Names given to the query's columns (`CREATE VIEW v (a, b) AS …`); absent: the query's own. */
  readonly columns?: readonly string[];
  /** `security_barrier` (plain views). */
  readonly securityBarrier?: boolean;
  /** `WITH … CHECK OPTION` (plain views). */
  readonly checkOption?: ViewCheckOption;
  /** A materialized view created `WITH NO DATA` (filled by a later `REFRESH`); absent: `WITH DATA`. */
  readonly withNoData?: boolean;
  /** A materialized view's indexes. */
  readonly indexes?: readonly Index[];
  /**
   * The view as the database stores it: the query as `pg_get_viewdef` prints it and the columns it yields
   * (`name type`). Introspection fills it; for a models' view the database is asked (the query created in a
   * scratch schema and rolled back). Compared in place of `definition`; absent where unknown.
   */
  readonly stored?: ViewStoredForm;
}

/** See {@link View.stored}. */
export interface ViewStoredForm {
  readonly definition: string;
  readonly columns: readonly string[];
  /** The tables and views the query reads (`schema.name`), from the database's dependencies. */
  readonly reads?: readonly string[];
}

/** A table's row-level security when enabled: `forced` applies the policies to the table's owner too. */
export type RowLevelSecurity = "enabled" | "forced";

/** A privilege on a table, as `GRANT` names it (lower case). */
export type TablePrivilege = "select" | "insert" | "update" | "delete" | "truncate" | "references" | "trigger";

/** Privileges granted on a table to one role (`public`: every role). `privileges` in the order `TABLE_PRIVILEGES` lists them. */
export interface TableGrant {
  readonly to: string;
  readonly privileges: readonly TablePrivilege[];
}

/** The command a policy applies to. */
export type PolicyCommand = "all" | "select" | "insert" | "update" | "delete";

/**
 * A row-level security policy (`CREATE POLICY`) on a table. `roles` are sorted, empty meaning `public`;
 * `using` and `withCheck` are SQL text.
 */
export interface Policy {
  readonly kind: "policy";
  readonly name: string;
  readonly table: string;
  readonly schema?: string;
  readonly as: "permissive" | "restrictive";
  readonly for: PolicyCommand;
  readonly roles: readonly string[];
  readonly using?: string;
  readonly withCheck?: string;
}
