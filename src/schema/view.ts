import { SchemaError } from "../errors.js";
import { frozen } from "./freeze.js";
import type { Index, View, ViewCheckOption } from "./model.js";
import { checkOptions } from "./options.js";
import { isSqlExpression, type SqlExpression } from "./sql.js";

/** Options of {@link view}. */
export interface ViewOptions {
  readonly schema?: string;
  /** Names for the query's columns, in order (`CREATE VIEW v (a, b) AS …`). */
  readonly columns?: readonly string[];
  /** `WITH (security_barrier)`: the view's conditions run before functions of the caller's query. */
  readonly securityBarrier?: boolean;
  /** `WITH LOCAL | CASCADED CHECK OPTION`: rows written through the view must satisfy its condition. */
  readonly checkOption?: ViewCheckOption;
}

/** Options of {@link materializedView}. */
export interface MaterializedViewOptions {
  readonly schema?: string;
  /** Names for the query's columns, in order. */
  readonly columns?: readonly string[];
  /** `false`: created `WITH NO DATA`, to be filled by `REFRESH MATERIALIZED VIEW`. Default `true`. */
  readonly withData?: boolean;
  /** Indexes on the materialized view, built with `index(…)`. */
  readonly indexes?: readonly Index[];
}

function query(builder: string, name: string, definition: SqlExpression): string {
  if (typeof name !== "string" || name.length === 0) {
    throw new SchemaError(`${builder} needs a name, got ${JSON.stringify(name)}`, {
      hint: `${builder}("active_users", sql\`SELECT … FROM users WHERE …\`)`,
    });
  }
  if (!isSqlExpression(definition) || definition.sql.trim().length === 0) {
    throw new SchemaError(`${builder}("${name}"): the query must be a non-empty sql\`…\` fragment`, {
      hint: `${builder}("${name}", sql\`SELECT … FROM …\`)`,
      details: { view: name },
    });
  }
  return definition.sql.trim().replace(/;\s*$/, "");
}

function columnNames(builder: string, name: string, columns: readonly string[] | undefined): readonly string[] | undefined {
  if (columns === undefined) return undefined;
  if (!Array.isArray(columns) || columns.length === 0 || columns.some((c) => typeof c !== "string" || c.length === 0)) {
    throw new SchemaError(`${builder}("${name}"): columns must be a non-empty list of names`, { details: { view: name } });
  }
  if (new Set(columns).size !== columns.length) {
    throw new SchemaError(`${builder}("${name}"): columns lists a name twice`, { details: { view: name, columns } });
  }
  return [...columns];
}

/**
 * A view: `export const activeUsers = view("active_users", sql\`SELECT id, email FROM users WHERE active\`)`.
 * Exported views of the models module belong to the target schema. Autogenerate compares the query as
 * PostgreSQL stores it, so any spelling of the same query is the same view.
 */
export function view(name: string, definition: SqlExpression, options: ViewOptions = {}): View {
  const text = query("view", name, definition);
  checkOptions(`view("${name}")`, options, ["schema", "columns", "securityBarrier", "checkOption"]);
  if (options.checkOption !== undefined && options.checkOption !== "local" && options.checkOption !== "cascaded") {
    throw new SchemaError(`view("${name}"): checkOption is "local" or "cascaded", got ${JSON.stringify(options.checkOption)}`, {
      details: { view: name },
    });
  }
  return frozen({
    kind: "view",
    name,
    schema: options.schema,
    definition: text,
    columns: columnNames("view", name, options.columns),
    securityBarrier: options.securityBarrier || undefined,
    checkOption: options.checkOption,
  });
}

/**
 * A materialized view: `materializedView("movie_counts", sql\`SELECT director_id, count(*) FROM movies GROUP BY 1\`,
 * { indexes: [index("ix_movie_counts_director", ["director_id"])] })`. A change of its query re-creates it (and
 * runs the query again).
 */
export function materializedView(name: string, definition: SqlExpression, options: MaterializedViewOptions = {}): View {
  const text = query("materializedView", name, definition);
  checkOptions(`materializedView("${name}")`, options, ["schema", "columns", "withData", "indexes"]);
  const indexes = options.indexes ?? [];
  const names = new Set<string>();
  for (const index of indexes) {
    if (names.has(index.name)) {
      throw new SchemaError(`materializedView("${name}"): two indexes are named "${index.name}"`, { details: { view: name } });
    }
    names.add(index.name);
  }
  return frozen({
    kind: "view",
    name,
    schema: options.schema,
    definition: text,
    materialized: true,
    columns: columnNames("materializedView", name, options.columns),
    withNoData: options.withData === false || undefined,
    indexes: indexes.length === 0 ? undefined : [...indexes],
  });
}

/** True for a value returned by `view()` or `materializedView()`. */
export function isView(value: unknown): value is View {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "view";
}
