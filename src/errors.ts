/**
 * One error hierarchy for the whole library. Every error carries a stable `code` (for programs and tests),
 * a `hint` (what the user should do next) and optional `details`. The library throws; only the CLI formats.
 */
export type ErrorCode =
  | "config_not_found"
  | "config_invalid"
  | "revision_file_invalid"
  | "duplicate_revision"
  | "missing_revision"
  | "unknown_revision"
  | "ambiguous_revision"
  | "revision_cycle"
  | "multiple_heads"
  | "invalid_target"
  | "duplicate_branch_label"
  | "database_unreachable"
  | "database_auth_failed"
  | "database_missing"
  | "invalid_url"
  | "embedded_engine_failed"
  | "storage_fault"
  | "migration_failed"
  | "version_table_invalid"
  | "lock_timeout"
  | "ddl_lock_timeout"
  | "revision_changed"
  | "resume_refused"
  | "partial_revision_in_the_way"
  | "unsafe_migration"
  | "unsupported_operation"
  | "irreversible_operation"
  | "invalid_schema"
  | "not_up_to_date"
  | "autogenerate_refused"
  | "test_refused"
  | "confirmation_required"
  | "models_invalid"
  | "unsupported_model"
  | "renames_undecided"
  | "post_write_hook_failed"
  | "output_exists"
  | "report_invalid"
  | "squash_invalid"
  | "squash_incomplete"
  | "squashed_revision_deleted"
  | "squash_refused"
  | "squash_not_equal"
  | "baseline_refused"
  | "usage";

export interface RetortErrorOptions {
  readonly hint?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export class RetortError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: RetortErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? {};
  }
}

/** The configuration file is missing, cannot be loaded, or holds wrong values. */
export class ConfigError extends RetortError {}

/** A revision file cannot be read or does not export what a revision must. */
export class RevisionFileError extends RetortError {}

/** The revision graph is inconsistent, or a target does not name revisions in it. */
export class RevisionGraphError extends RetortError {}

/** The database cannot be reached, authenticated against, or found. */
export class ConnectionError extends RetortError {}

/** The database's storage refused a write (a full disk, a read-only file system, no permission). */
export class StorageError extends RetortError {
  constructor(message: string, options: RetortErrorOptions = {}) {
    super("storage_fault", message, options);
  }
}

/** A command would overwrite a file it does not own (`retort pull` without `--force`). */
export class OutputExistsError extends RetortError {
  constructor(message: string, options: RetortErrorOptions = {}) {
    super("output_exists", message, options);
  }
}

/** A revision failed while running; the database was rolled back to before that revision. */
export class MigrationError extends RetortError {}

/**
 * A revision's statement waited longer than `ddlLockTimeout` for a lock on a table that another session holds;
 * the revision was rolled back (or, outside a transaction, stopped at that statement).
 */
export class DdlLockTimeoutError extends MigrationError {}

/** `upgrade` with `safety: "strict"` found lint errors in the revisions it would apply, and ran none of them. */
export class UnsafeMigrationError extends RetortError {
  constructor(message: string, options: RetortErrorOptions = {}) {
    super("unsafe_migration", message, options);
  }
}

/** Another process holds the migration lock for longer than allowed. */
export class LockTimeoutError extends RetortError {}

/** The database's dialect cannot do what was asked: an operation, or something the runtime needs of it. */
export class UnsupportedOperationError extends RetortError {
  constructor(message: string, options: RetortErrorOptions = {}) {
    super("unsupported_operation", message, options);
  }
}

/** A downgrade was derived from an operation that does not carry the state needed to undo it. */
export class IrreversibleOperationError extends RetortError {
  constructor(message: string, options: RetortErrorOptions = {}) {
    super("irreversible_operation", message, options);
  }
}

/** A model or an operation argument is impossible (a typo, two primary keys, a name that is too long). */
export class SchemaError extends RetortError {
  constructor(message: string, options: RetortErrorOptions = {}) {
    super("invalid_schema", message, options);
  }
}

/** A model source (a Drizzle schema) holds a construct Retort cannot express yet; nothing is dropped silently. */
export class UnsupportedModelError extends RetortError {
  constructor(message: string, options: RetortErrorOptions = {}) {
    super("unsupported_model", message, options);
  }
}

/** Exhaustive dispatch: the compiler proves this is unreachable. */
export function assertNever(value: never, what = "value"): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
