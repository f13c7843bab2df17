/**
 * Which model expressions the text normaliser (the fast path) cannot match with the database's: for every table
 * of the models that the database also holds, the checks, defaults, generated columns and indexes that exist on
 * both sides under one name and still differ once both sides are in normal form. Only these go to the database to
 * be parsed; everything else is settled without a round trip. Pure.
 */
import { isDeepStrictEqual } from "node:util";
import type { ColumnType, Index, Table } from "../../../schema/model.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import { canonicalName, canonicalSchema, normalizeSnapshot } from "../normalize/index.js";
import { exclusionIndex } from "../normalize/indexes.js";

/** One table's expressions that need the database's own parse. */
export interface TableCandidates {
  /** The table as the models write it. */
  readonly model: Table;
  /** The table as the database holds it (introspected, before normalising). */
  readonly database: Table;
  /** The model's column types in normal form, by column name. */
  readonly types: ReadonlyMap<string, ColumnType>;
  /** Names (as the models write them) of the checks to parse. */
  readonly checks: readonly string[];
  /** Columns whose default is to be parsed. */
  readonly defaults: readonly string[];
  /** Generated columns whose expression is to be parsed. */
  readonly generated: readonly string[];
  /** Names (as the models write them) of the indexes to parse. */
  readonly indexes: readonly string[];
  /** Names (as the models write them) of the exclusion constraints whose expressions and predicate to parse. */
  readonly exclusions: readonly string[];
}

/**
 * The indexes whose expressions and predicates go to the database: the candidate indexes, and the indexes the
 * candidate exclusion constraints build (under the constraints' names, which no index of the table shares).
 */
export function indexesToParse(candidates: TableCandidates): Index[] {
  const { model } = candidates;
  return [
    ...model.indexes.filter((ix) => candidates.indexes.includes(ix.name)),
    ...(model.exclusionConstraints ?? []).filter((c) => candidates.exclusions.includes(c.name)).map(exclusionIndex),
  ];
}

/** The key of a table or enum on either side: schema (absent for `public`) and name as PostgreSQL keeps them. */
export const objectKey = (schema: string | undefined, name: string): string =>
  `${canonicalSchema(schema) ?? ""}\u0000${canonicalName(name)}`;

function byKey(tables: readonly Table[]): Map<string, Table> {
  return new Map(tables.map((table) => [objectKey(table.schema, table.name), table]));
}

function byName<T extends { readonly name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [canonicalName(item.name), item]));
}

/** The candidates of one table pair, or undefined when the normal forms already agree on all of it. */
function tableCandidates(model: Table, database: Table, normalModel: Table, normalDatabase: Table): TableCandidates | undefined {
  const modelChecks = byName(normalModel.checkConstraints);
  const databaseChecks = byName(normalDatabase.checkConstraints);
  const checks = model.checkConstraints
    .filter((check) => {
      const key = canonicalName(check.name);
      const ours = modelChecks.get(key);
      const theirs = databaseChecks.get(key);
      return ours !== undefined && theirs !== undefined && ours.expression !== theirs.expression;
    })
    .map((check) => check.name);
  const modelColumns = new Map(normalModel.columns.map((column) => [column.name, column]));
  const databaseColumns = new Map(normalDatabase.columns.map((column) => [column.name, column]));
  const defaults: string[] = [];
  const generated: string[] = [];
  for (const column of model.columns) {
    const ours = modelColumns.get(column.name);
    const theirs = databaseColumns.get(column.name);
    if (ours === undefined || theirs === undefined) continue;
    if (ours.default !== undefined && theirs.default !== undefined && !isDeepStrictEqual(ours.default, theirs.default)) {
      defaults.push(column.name);
    }
    if (ours.generatedAs !== undefined && theirs.generatedAs !== undefined && ours.generatedAs !== theirs.generatedAs) {
      generated.push(column.name);
    }
  }
  const modelIndexes = byName(normalModel.indexes);
  const databaseIndexes = byName(normalDatabase.indexes);
  const indexes = model.indexes
    .filter((index) => {
      if (index.where === undefined && index.elements.every((element) => element.kind === "column")) return false;
      const key = canonicalName(index.name);
      const ours = modelIndexes.get(key);
      const theirs = databaseIndexes.get(key);
      return ours !== undefined && theirs !== undefined && !isDeepStrictEqual(ours, theirs);
    })
    .map((index) => index.name);
  const modelExclusions = byName(normalModel.exclusionConstraints ?? []);
  const databaseExclusions = byName(normalDatabase.exclusionConstraints ?? []);
  const exclusions = (model.exclusionConstraints ?? [])
    .filter((constraint) => {
      if (constraint.where === undefined && constraint.elements.every((element) => element.kind === "column")) return false;
      const key = canonicalName(constraint.name);
      const ours = modelExclusions.get(key);
      const theirs = databaseExclusions.get(key);
      return ours !== undefined && theirs !== undefined && !isDeepStrictEqual(ours, theirs);
    })
    .map((constraint) => constraint.name);
  if (checks.length + defaults.length + generated.length + indexes.length + exclusions.length === 0) return undefined;
  const types = new Map(normalModel.columns.map((column) => [column.name, column.type]));
  return { model, database, types, checks, defaults, generated, indexes, exclusions };
}

/**
 * The tables of `models` whose expressions the normal form does not match with `database`'s, with those
 * expressions named; in the models' table order.
 */
export function findCandidates(database: SchemaSnapshot, models: SchemaSnapshot): TableCandidates[] {
  const databaseTables = byKey(database.tables);
  const normalDatabase = byKey(normalizeSnapshot(database).tables);
  const normalModels = byKey(normalizeSnapshot(models).tables);
  const found: TableCandidates[] = [];
  for (const model of models.tables) {
    const key = objectKey(model.schema, model.name);
    const theirs = databaseTables.get(key);
    const normalModel = normalModels.get(key);
    const normalTheirs = normalDatabase.get(key);
    if (theirs === undefined || normalModel === undefined || normalTheirs === undefined) continue;
    const candidates = tableCandidates(model, theirs, normalModel, normalTheirs);
    if (candidates !== undefined) found.push(candidates);
  }
  return found;
}
