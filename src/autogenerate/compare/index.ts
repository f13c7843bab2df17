/**
 * Comparison of two schema snapshots, `from` (the database) and `to` (the models), into unordered
 * operations and the changes left to a person. Pure: the inputs are never changed. Renames are decided
 * beforehand (see `renames.ts`) and applied to `from` first, so everything else is matched by name.
 */
import type { ComparisonRules } from "../../dialects/dialect.js";
import type { Operation } from "../../ops/operation.js";
import type { Column, ColumnType, ForeignKey, Table } from "../../schema/model.js";
import type { SchemaSnapshot } from "../../schema/snapshot.js";
import { explicitSchema } from "../names.js";
import { applyRenames, type RenameDecision } from "../renames.js";
import { compareDomains, compareExtensions } from "./domains.js";
import { compareEnums } from "./enums.js";
import { comparePolicies, plainPolicy } from "./policies.js";
import { compareTableSecurity } from "./security.js";
import { type CompareSettings, DEFAULT_EQUALITY, type EqualityOptions } from "./equality.js";
import { type Comparison, mergeComparisons } from "./result.js";
import { compareSequences } from "./sequences.js";
import { compareRoutines, routinesWithoutDefaultSchema } from "./routines.js";
import { compareTables } from "./tables.js";
import { compareViews } from "./views.js";

export type { Comparison, ManualChange } from "./result.js";
export { type CompareSettings, DEFAULT_EQUALITY, type EqualityOptions } from "./equality.js";

/** Options of {@link compareSnapshots}. */
export interface CompareOptions extends Partial<EqualityOptions> {
  /** The dialect's rules for type changes (the USING casts it suggests). */
  readonly rules: ComparisonRules;
  /** The answers to the rename questions (`findRenameQuestions`); none: no renames. */
  readonly renames?: readonly RenameDecision[];
}

function plainType(type: ColumnType): ColumnType {
  if (type.kind === "enum") {
    const schema = explicitSchema(type.schema);
    return schema === undefined ? { kind: "enum", name: type.name } : { kind: "enum", name: type.name, schema };
  }
  if (type.kind === "array") return { ...type, element: plainType(type.element) };
  return type;
}

function plainForeignKey(fk: ForeignKey): ForeignKey {
  const { referredSchema, ...rest } = fk;
  const schema = explicitSchema(referredSchema);
  return schema === undefined ? rest : { ...rest, referredSchema: schema };
}

function plainTable(table: Table): Table {
  const { schema: tableSchema, ...rest } = table;
  const schema = explicitSchema(tableSchema);
  return {
    ...rest,
    ...(schema === undefined ? {} : { schema }),
    columns: table.columns.map((c): Column => ({ ...c, type: plainType(c.type) })),
    foreignKeys: table.foreignKeys.map(plainForeignKey),
  };
}

/** The snapshot with the default schema left out everywhere, as models write it. */
export function withoutDefaultSchema(snapshot: SchemaSnapshot): SchemaSnapshot {
  return {
    tables: snapshot.tables.map(plainTable),
    enums: snapshot.enums.map((e) => {
      const { schema, ...rest } = e;
      const explicit = explicitSchema(schema);
      return explicit === undefined ? rest : { ...rest, schema: explicit };
    }),
    sequences: snapshot.sequences.map((s) => {
      const { schema, ...rest } = s;
      const explicit = explicitSchema(schema);
      return explicit === undefined ? rest : { ...rest, schema: explicit };
    }),
    ...(snapshot.domains === undefined ? {} : { domains: snapshot.domains }),
    ...(snapshot.extensions === undefined ? {} : { extensions: snapshot.extensions }),
    ...(snapshot.views === undefined
      ? {}
      : {
          views: snapshot.views.map((v) => {
            const { schema, ...rest } = v;
            const explicit = explicitSchema(schema);
            return explicit === undefined ? rest : { ...rest, schema: explicit };
          }),
        }),
    schemas: snapshot.schemas.filter((s) => explicitSchema(s) !== undefined),
    ...routinesWithoutDefaultSchema(snapshot),
    ...(snapshot.policies === undefined ? {} : { policies: snapshot.policies.map(plainPolicy) }),
  };
}

function compareSchemas(from: readonly string[], to: readonly string[]): Comparison {
  const operations: Operation[] = [
    ...[...to]
      .sort()
      .filter((s) => !from.includes(s))
      .map((name): Operation => ({ kind: "createSchema", name })),
    ...[...from]
      .sort()
      .filter((s) => !to.includes(s))
      .map((name): Operation => ({ kind: "dropSchema", name })),
  ];
  return { operations, manual: [] };
}

/**
 * Compares `from` (database) with `to` (models). Both should be normalised by the dialect first
 * (`normalizeSnapshot`), so that `now()` and `CURRENT_TIMESTAMP` are one default. Sequences are the standalone
 * ones (serial and identity columns own theirs, which are part of the column).
 */
export function compareSnapshots(from: SchemaSnapshot, to: SchemaSnapshot, options: CompareOptions): Comparison {
  const settings: CompareSettings = {
    rules: options.rules,
    compareTypes: options.compareTypes ?? DEFAULT_EQUALITY.compareTypes,
    compareDefaults: options.compareDefaults ?? DEFAULT_EQUALITY.compareDefaults,
    compareExpressions: options.compareExpressions ?? DEFAULT_EQUALITY.compareExpressions,
  };
  const renamed = applyRenames(withoutDefaultSchema(from), options.renames ?? []);
  const target = withoutDefaultSchema(to);
  const tables = compareTables(renamed.snapshot.tables, target.tables, settings, renamed.originals);
  return mergeComparisons([
    compareSchemas(renamed.snapshot.schemas, target.schemas),
    compareExtensions(renamed.snapshot.extensions ?? [], target.extensions ?? []),
    compareEnums(renamed.snapshot.enums, target.enums),
    compareSequences(renamed.snapshot.sequences, target.sequences),
    compareDomains(renamed.snapshot.domains ?? [], target.domains ?? [], settings),
    { operations: renamed.operations, manual: [] },
    tables,
    compareRoutines(renamed.snapshot, target),
    compareViews(renamed.snapshot.views ?? [], target.views ?? [], settings, tables.operations),
    compareTableSecurity(renamed.snapshot.tables, target.tables),
    comparePolicies(renamed.snapshot.policies ?? [], target.policies ?? []),
  ]);
}
