/** A models module's Drizzle exports (`pgTable`, `pgEnum`, `pgSchema`) read as Retort tables and enum types. */
import { frozen } from "../../schema/freeze.js";
import type { EnumType, Table } from "../../schema/model.js";
import { drizzleExportKind } from "./detect.js";
import type { DrizzleCasing, DrizzleEnum, DrizzleSql, PgCore } from "./drizzle-types.js";
import type { ColumnNamer } from "./names.js";
import type { SqlRenderer } from "./defaults.js";
import { drizzleTable } from "./table.js";
import { unsupported } from "./unsupported.js";

/** The Retort models a module's Drizzle exports declare, by export name. */
export interface DrizzleModels {
  readonly tables: Readonly<Record<string, Table>>;
  readonly enums: Readonly<Record<string, EnumType>>;
  /** The names of the exports read (tables, enums, schemas), which the caller no longer needs to look at. */
  readonly read: readonly string[];
}

const UNSUPPORTED_EXPORTS: Readonly<Record<string, string>> = {
  view: "a view (pgView)",
  materializedView: "a materialized view (pgMaterializedView)",
  sequence: "a sequence (pgSequence)",
  role: "a role (pgRole)",
};

/** Renders Drizzle SQL to text as drizzle-kit does for indexes (columns unqualified); bound parameters are refused. */
function sqlRenderer(pgCore: PgCore, casing: DrizzleCasing | undefined): SqlRenderer {
  const dialect = casing === undefined ? new pgCore.PgDialect() : new pgCore.PgDialect({ casing: casing.name });
  return (sql: DrizzleSql, where, what) => {
    const query = dialect.sqlToQuery(sql, "indexes");
    if (query.params.length > 0) {
      throw unsupported(where, `a bound value in ${what} (${query.sql})`, "Write the value into the SQL text, with sql.raw() if needed.");
    }
    return query.sql;
  };
}

/**
 * Reads the Drizzle tables and enum types among `exports` through the project's `drizzle-orm/pg-core`, naming
 * columns declared by their property key alone as `casing` says (Drizzle's `casing` option). Views,
 * sequences and roles throw {@link UnsupportedModelError}; other exports (relations, plain values) are left alone.
 */
export function drizzleModels(exports: Readonly<Record<string, unknown>>, pgCore: PgCore, casing?: DrizzleCasing): DrizzleModels {
  const tables: Record<string, Table> = {};
  const enums: Record<string, EnumType> = {};
  const read: string[] = [];
  const render = sqlRenderer(pgCore, casing);
  const nameOf: ColumnNamer = (column) => (casing !== undefined && column.keyAsName === true ? casing.convert(column.name) : column.name);
  for (const [name, value] of Object.entries(exports)) {
    const kind = drizzleExportKind(value);
    if (kind === undefined || kind === "other") continue;
    if (kind === "table") {
      tables[name] = drizzleTable(pgCore.getTableConfig(value as object), render, nameOf);
    } else if (kind === "enum") {
      const type = value as unknown as DrizzleEnum;
      enums[name] = frozen({ kind: "enumType", name: type.enumName, schema: type.schema, values: [...type.enumValues] });
    } else if (kind !== "schema") {
      throw unsupported(
        { export: name },
        UNSUPPORTED_EXPORTS[kind] ?? kind,
        "Remove the export from the models module, or manage the object with op.execute in a revision.",
      );
    }
    read.push(name);
  }
  return { tables, enums, read };
}
