import type { ComparisonRules } from "../dialect.js";
import { normalizeSnapshot } from "./normalize/index.js";
import { classifyTypeChange, suggestUsing } from "./type-change.js";
import { compileType } from "./compile/types.js";

/** PostgreSQL's rules for autogenerate: its normal forms, its casts, its type names. */
export const postgresComparison: ComparisonRules = Object.freeze({
  normalize: normalizeSnapshot,
  classifyTypeChange,
  suggestUsing,
  typeName: compileType,
});
