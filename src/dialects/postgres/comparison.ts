import type { ComparisonRules } from "../dialect.js";
import { normalizeSnapshot } from "./normalize.js";
import { classifyTypeChange, suggestUsing } from "./type-change.js";
import { compileType } from "./types.js";

/** PostgreSQL's rules for autogenerate: its normal forms, its casts, its type names. */
export const postgresComparison: ComparisonRules = Object.freeze({
  normalize: normalizeSnapshot,
  classifyTypeChange,
  suggestUsing,
  typeName: compileType,
});
