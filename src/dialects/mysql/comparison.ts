import type { ComparisonRules, TypeChangeKind } from "../dialect.js";
import type { ColumnType } from "../../schema/model.js";
import { compileType } from "./compile/types.js";
import { normalizeSnapshot } from "./normalize/index.js";

const WIDTH: Partial<Record<ColumnType["kind"], number>> = { smallint: 1, integer: 2, bigint: 3 };

/** A wider integer, or a longer varchar/char, keeps every value; anything else may cut or convert. */
function classifyTypeChange(from: ColumnType, to: ColumnType): TypeChangeKind {
  // An alterColumn restating an unchanged type (restatesColumns) changes no value.
  if (JSON.stringify(from) === JSON.stringify(to)) return "widening";
  const a = WIDTH[from.kind];
  const b = WIDTH[to.kind];
  if (a !== undefined && b !== undefined) return b >= a ? "widening" : "narrowing";
  if ((from.kind === "varchar" || from.kind === "char") && (to.kind === "varchar" || to.kind === "text")) {
    const before = from.length ?? 1;
    const after = to.kind === "text" ? 65535 : (to.length ?? 1);
    return after >= before ? "widening" : "narrowing";
  }
  return "conversion";
}

/** MySQL's rules for autogenerate: its normal forms and type names. MySQL converts values itself (no USING). */
export const mysqlComparison: ComparisonRules = Object.freeze({
  normalize: normalizeSnapshot,
  classifyTypeChange,
  suggestUsing: () => undefined,
  restatesColumns: true,
  typeName: (type: ColumnType) => {
    try {
      return compileType(type, { table: "", column: "" });
    } catch {
      return type.kind;
    }
  },
});
