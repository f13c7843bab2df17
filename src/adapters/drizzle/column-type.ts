/** A Drizzle column's PostgreSQL type as a Retort {@link ColumnType}. */
import type { ColumnType } from "../../schema/model.js";
import type { DrizzleColumn } from "./drizzle-types.js";
import { type DrizzleWhere, unsupported } from "./unsupported.js";

const SIMPLE: Readonly<Record<string, ColumnType>> = {
  PgSmallInt: { kind: "smallint" },
  PgInteger: { kind: "integer" },
  PgBigInt53: { kind: "bigint" },
  PgBigInt64: { kind: "bigint" },
  PgSmallSerial: { kind: "smallserial" },
  PgSerial: { kind: "serial" },
  PgBigSerial53: { kind: "bigserial" },
  PgBigSerial64: { kind: "bigserial" },
  PgBoolean: { kind: "boolean" },
  PgText: { kind: "text" },
  PgReal: { kind: "real" },
  PgDoublePrecision: { kind: "doublePrecision" },
  PgDate: { kind: "date" },
  PgDateString: { kind: "date" },
  PgUUID: { kind: "uuid" },
  PgJson: { kind: "json" },
  PgJsonb: { kind: "jsonb" },
};

/**
 * The column's type. Types Retort has no kind for (`inet`, `point`, `vector(3)`, a `customType`) become a
 * `custom` type with the SQL text Drizzle gives them, which is what drizzle-kit writes into its migrations.
 */
export function drizzleColumnType(column: DrizzleColumn, where: DrizzleWhere): ColumnType {
  const simple = SIMPLE[column.columnType];
  if (simple !== undefined) return simple;
  switch (column.columnType) {
    case "PgVarchar":
    case "PgChar": {
      const kind = column.columnType === "PgVarchar" ? "varchar" : "char";
      return column.length === undefined ? { kind } : { kind, length: column.length };
    }
    case "PgNumeric":
    case "PgNumericNumber":
    case "PgNumericBigInt":
      return {
        kind: "numeric",
        ...(column.precision === undefined ? {} : { precision: column.precision }),
        ...(column.precision === undefined || column.scale === undefined ? {} : { scale: column.scale }),
      };
    case "PgTime":
    case "PgTimestamp":
    case "PgTimestampString": {
      const kind = column.columnType === "PgTime" ? "time" : "timestamp";
      const withTimeZone = column.withTimezone === true;
      return column.precision === undefined ? { kind, withTimeZone } : { kind, withTimeZone, precision: column.precision };
    }
    case "PgInterval":
      if (column.fields !== undefined || column.precision !== undefined) {
        throw unsupported(
          where,
          `the interval type "${column.getSQLType()}" (fields or precision)`,
          "Use interval() without fields or precision.",
        );
      }
      return { kind: "interval" };
    case "PgEnumColumn":
    case "PgEnumObjectColumn": {
      const type = column.enum;
      if (type === undefined) throw unsupported(where, "an enum column without its pgEnum");
      return type.schema === undefined ? { kind: "enum", name: type.enumName } : { kind: "enum", name: type.enumName, schema: type.schema };
    }
    case "PgArray": {
      let element = column;
      let dimensions = 0;
      while (element.columnType === "PgArray" && element.baseColumn !== undefined) {
        element = element.baseColumn;
        dimensions++;
      }
      return { kind: "array", element: drizzleColumnType(element, where), dimensions };
    }
    default:
      return { kind: "custom", sql: column.getSQLType() };
  }
}
