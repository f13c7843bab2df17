/**
 * What the database's own parse of the model's expressions says: an expression whose stored form equals the
 * database's is the same expression, and takes the database's text in the models, so the comparison that follows
 * sees no change; any other keeps the models' text (and its change is written as the models spell it). Pure.
 */
import { isDeepStrictEqual } from "node:util";
import { frozen } from "../../../schema/freeze.js";
import type { CheckConstraint, Column, ExclusionConstraint, Index, IndexElement, Table } from "../../../schema/model.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import { canonicalName, normalizeDefault, normalizeExpression } from "../normalize/index.js";
import { exclusionIndex, normalizeExclusion, normalizeIndex } from "../normalize/indexes.js";
import type { ParsedIndex, ParsedTable } from "./batch.js";
import { objectKey, type TableCandidates } from "./candidates.js";

/** The models with the matched expressions in the database's text, and how many matched. */
export interface AppliedCanonicalForms {
  readonly snapshot: SchemaSnapshot;
  /** Expressions the database parsed to its stored form. */
  readonly matched: number;
  /** Expressions whose parse differs from the database's: real changes. */
  readonly differing: number;
}

/** The stand-in's index with the model's options and the database's parse of its expressions and predicate. */
function parsedIndex(model: Index, row: ParsedIndex): Index {
  const elements = model.elements.map((element, k): IndexElement => {
    const column = row.columns[k];
    const { kind: _kind, ...options } = element;
    const extra = { ...options, name: undefined, sql: undefined };
    if (column !== null && column !== undefined) return frozen({ ...extra, kind: "column", name: column });
    return frozen({ ...extra, kind: "expression", sql: row.definitions[k] ?? "" });
  });
  return frozen({ ...model, elements, where: row.predicate ?? undefined });
}

interface TableOutcome {
  readonly table: Table;
  readonly matched: number;
  readonly differing: number;
}

/** One candidate table with what matched replaced by the database's text. */
function applyTable(candidates: TableCandidates, parsed: ParsedTable): TableOutcome {
  const { model, database, types } = candidates;
  const context = { columns: types };
  let matched = 0;
  let differing = 0;
  const count = (same: boolean): boolean => {
    if (same) matched++;
    else differing++;
    return same;
  };
  const databaseChecks = new Map(database.checkConstraints.map((c) => [canonicalName(c.name), c]));
  const checkConstraints = model.checkConstraints.map((check): CheckConstraint => {
    const text = parsed.checks.get(check.name);
    const theirs = databaseChecks.get(canonicalName(check.name));
    if (text === undefined || theirs === undefined) return check;
    const same = text === theirs.expression || normalizeExpression(text, context) === normalizeExpression(theirs.expression, context);
    return count(same) ? frozen({ ...check, expression: theirs.expression }) : check;
  });
  const databaseColumns = new Map(database.columns.map((c) => [c.name, c]));
  const columns = model.columns.map((column): Column => {
    const theirs = databaseColumns.get(column.name);
    const type = types.get(column.name);
    if (theirs === undefined || type === undefined) return column;
    const parsedDefault = parsed.defaults.get(column.name);
    const parsedGenerated = parsed.generated.get(column.name);
    if (parsedDefault !== undefined && theirs.default !== undefined) {
      const same =
        (theirs.default.kind === "expression" && theirs.default.sql === parsedDefault) ||
        isDeepStrictEqual(normalizeDefault({ kind: "expression", sql: parsedDefault }, type), normalizeDefault(theirs.default, type));
      return count(same) ? frozen({ ...column, default: theirs.default }) : column;
    }
    if (parsedGenerated !== undefined && theirs.generatedAs !== undefined) {
      const same =
        parsedGenerated === theirs.generatedAs ||
        normalizeExpression(parsedGenerated, context) === normalizeExpression(theirs.generatedAs, context);
      return count(same) ? frozen({ ...column, generatedAs: theirs.generatedAs }) : column;
    }
    return column;
  });
  const databaseIndexes = new Map(database.indexes.map((ix) => [canonicalName(ix.name), ix]));
  const indexes = model.indexes.map((index): Index => {
    const row = parsed.indexes.get(index.name);
    const theirs = databaseIndexes.get(canonicalName(index.name));
    if (row === undefined || theirs === undefined) return index;
    const name = canonicalName(index.name);
    const same = isDeepStrictEqual(normalizeIndex(parsedIndex(index, row), types, name), normalizeIndex(theirs, types, name));
    return count(same) ? frozen({ ...theirs, name: index.name }) : index;
  });
  const databaseExclusions = new Map((database.exclusionConstraints ?? []).map((c) => [canonicalName(c.name), c]));
  const exclusionConstraints = model.exclusionConstraints?.map((constraint): ExclusionConstraint => {
    const row = parsed.indexes.get(constraint.name);
    const theirs = databaseExclusions.get(canonicalName(constraint.name));
    if (row === undefined || theirs === undefined) return constraint;
    const name = canonicalName(constraint.name);
    const index = parsedIndex(exclusionIndex(constraint), row);
    const parsedConstraint: ExclusionConstraint = frozen({
      ...constraint,
      elements: index.elements.map((element, k) => frozen({ ...element, operator: constraint.elements[k]!.operator })),
      where: index.where,
    });
    const same = isDeepStrictEqual(normalizeExclusion(parsedConstraint, types, name), normalizeExclusion(theirs, types, name));
    return count(same) ? frozen({ ...theirs, name: constraint.name }) : constraint;
  });
  return {
    table: frozen({
      ...model,
      columns,
      checkConstraints,
      indexes,
      ...(exclusionConstraints === undefined ? {} : { exclusionConstraints }),
    }),
    matched,
    differing,
  };
}

/** `models` with every candidate expression that the database parsed to its stored form in the database's text. */
export function applyCanonicalForms(
  models: SchemaSnapshot,
  candidates: readonly TableCandidates[],
  parsed: readonly ParsedTable[],
): AppliedCanonicalForms {
  const replaced = new Map<string, Table>();
  let matched = 0;
  let differing = 0;
  for (const [i, table] of candidates.entries()) {
    const outcome = applyTable(table, parsed[i]!);
    matched += outcome.matched;
    differing += outcome.differing;
    replaced.set(objectKey(table.model.schema, table.model.name), outcome.table);
  }
  const tables = models.tables.map((table) => replaced.get(objectKey(table.schema, table.name)) ?? table);
  return { snapshot: frozen({ ...models, tables }), matched, differing };
}
