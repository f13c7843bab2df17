import type { ComparisonRules } from "../dialect.js";
import type { ColumnType } from "../../schema/model.js";
import type { SchemaSnapshot } from "../../schema/snapshot.js";
import { compileType } from "./compile/types.js";

/** MySQL's rules for autogenerate: its normal forms and type names. */
export const mysqlComparison: ComparisonRules = Object.freeze({
  normalize: (snapshot: SchemaSnapshot) => snapshot,
  classifyTypeChange: () => "conversion",
  suggestUsing: () => undefined,
  typeName: (type: ColumnType) => compileType(type, { table: "?", column: "?" }),
});
