/**
 * `op` methods for views and materialized views. They take the arguments of the `view()` and
 * `materializedView()` builders of the models, so a revision creates a view as the models declare it.
 */
import { type MaterializedViewOptions, materializedView, type ViewOptions, view } from "../schema/view.js";
import type { SqlExpression } from "../schema/sql.js";
import { checkMethodOptions, type Emit, optionKeys, requireName, type SchemaOption } from "./emit.js";

/** Options of `op.dropView` and `op.dropMaterializedView`. */
export interface DropViewOptions extends SchemaOption {
  readonly ifExists?: boolean;
}

const DROP_VIEW = optionKeys<DropViewOptions>({ schema: true, ifExists: true });
const VIEW = optionKeys<ViewOptions>({ schema: true, columns: true, securityBarrier: true, checkOption: true });
const MATERIALIZED_VIEW = optionKeys<MaterializedViewOptions>({ schema: true, columns: true, withData: true, indexes: true });

/** The view methods of `op`, around one `emit`. */
export function viewOperations(emit: Emit) {
  return {
    /** `CREATE VIEW name [(columns)] [WITH (security_barrier)] AS query [WITH … CHECK OPTION]`. */
    async createView(name: string, query: SqlExpression, options: ViewOptions = {}): Promise<void> {
      checkMethodOptions("createView", name, options, VIEW);
      await emit({ kind: "createView", view: view(name, query, options) });
    },

    /**
     * `CREATE MATERIALIZED VIEW … AS query [WITH NO DATA]`, then its indexes. Creating it runs the query unless
     * `withData: false`.
     */
    async createMaterializedView(name: string, query: SqlExpression, options: MaterializedViewOptions = {}): Promise<void> {
      checkMethodOptions("createMaterializedView", name, options, MATERIALIZED_VIEW);
      await emit({ kind: "createView", view: materializedView(name, query, options) });
    },

    /**
     * `CREATE OR REPLACE VIEW`: a new query for a plain view. PostgreSQL requires the new query to yield the view's
     * columns (same names and types, in order; new ones only at the end); otherwise drop and create the view.
     */
    async replaceView(name: string, query: SqlExpression, options: ViewOptions = {}): Promise<void> {
      checkMethodOptions("replaceView", name, options, VIEW);
      await emit({ kind: "replaceView", view: view(name, query, options) });
    },

    /** `DROP VIEW [IF EXISTS]`. */
    async dropView(name: string, options: DropViewOptions = {}): Promise<void> {
      requireName(name, "dropView: the view name");
      checkMethodOptions("dropView", name, options, DROP_VIEW);
      await emit({ kind: "dropView", name, schema: options.schema, ifExists: options.ifExists || undefined });
    },

    /** `DROP MATERIALIZED VIEW [IF EXISTS]` (its indexes go with it). */
    async dropMaterializedView(name: string, options: DropViewOptions = {}): Promise<void> {
      requireName(name, "dropMaterializedView: the view name");
      checkMethodOptions("dropMaterializedView", name, options, DROP_VIEW);
      await emit({ kind: "dropView", name, schema: options.schema, materialized: true, ifExists: options.ifExists || undefined });
    },
  };
}

/** The view methods of `op`. */
export type ViewOperations = ReturnType<typeof viewOperations>;
