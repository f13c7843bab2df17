/**
 * `normalizeSnapshot`: both sides of a comparison (the models and the introspected database) in one
 * canonical form, so that equal schemas are deep-equal. Pure; never mutates its input.
 *
 * What is canonicalised:
 * - types ({@link normalizeType}): spellings (`character varying` / `varchar`, `int4`, `timestamptz`, `float8`),
 *   default parameters (`char` = `char(1)`, `numeric(p, 0)` = `numeric(p)`, time precision 6), custom text
 *   naming an enum of the snapshot becomes that enum;
 * - defaults ({@link normalizeDefault}): constants as typed literals, `NULL` dropped, expressions canonical;
 * - serial columns: an integer column whose default is `nextval('<table>_<column>_seq')` of a sequence the
 *   snapshot does not list is the serial type, without default;
 * - identity options and sequence options equal to PostgreSQL's defaults are left out;
 * - generated column expressions in canonical text, as check constraints; the `default` collation as none;
 * - check constraints, partial-index predicates and index expressions in canonical text (see
 *   normalize-expression.ts), index details as in normalize-index.ts;
 * - names cut to PostgreSQL's 63 bytes; the `public` schema as absent; empty comments as none;
 * - every list sorted (tables, enums, sequences by schema then name; constraints and indexes by name).
 *
 * The canonical model side is what autogenerate writes into revisions, so every rewrite keeps the meaning.
 * Known limits (such differences still show up as changes; write the model the way PostgreSQL prints it):
 * - literal values are compared as PostgreSQL prints them: `'{"b":1,"a":2}'::jsonb` is stored as
 *   `{"a": 2, "b": 1}`, `'24 hours'::interval` as `24:00:00`, `'2020-1-1'` as `2020-01-01`; an array literal
 *   `'{a,b}'` and a constructor `ARRAY['a', 'b']` differ;
 * - casts PostgreSQL adds to operands other than literals, text columns and integer columns compared with a
 *   decimal stay (`int_col::numeric / 2 > 0.5`, `x::double precision`); `NOT BETWEEN`, `BETWEEN SYMMETRIC` and BETWEEN over compound operands, `SIMILAR TO`
 *   (stored as a regular expression), `OPERATOR(…)`, `COLLATE`, and functions PostgreSQL schema-qualifies are
 *   not rewritten;
 * - custom types are compared as text: a type outside the search path is schema-qualified by the catalog.
 */
import { normalizePartitioning } from "./partitions.js";
import { frozen } from "../../../schema/freeze.js";
import { normalizePolicies } from "./policies.js";
import type {
  CheckConstraint,
  Column,
  ColumnType,
  Domain,
  EnumType,
  Extension,
  ForeignKey,
  Identity,
  PrimaryKey,
  Sequence,
  Table,
  UniqueConstraint,
} from "../../../schema/model.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import { normalizeDefault } from "./default.js";
import { normalizeExpression } from "./expression.js";
import { normalizeExclusion, normalizeIndex } from "./indexes.js";
import { isName, isToken, textOf, tokenize } from "./tokens.js";
import { normalizeType } from "./type.js";
import { normalizeView } from "./views.js";

export { normalizeDefault } from "./default.js";
export { normalizeExpression, type ExpressionContext } from "./expression.js";
export { normalizeType, parseTypeName } from "./type.js";

const DEFAULT_SCHEMA = "public";
const MAX_NAME_BYTES = 63;

/** The schema as canonical: absent for `public`. */
export function canonicalSchema(schema: string | undefined): string | undefined {
  return schema === undefined || schema === DEFAULT_SCHEMA ? undefined : schema;
}

/** A name as PostgreSQL keeps it: cut to 63 bytes (on a character boundary). */
export function canonicalName(name: string): string {
  if (Buffer.byteLength(name, "utf8") <= MAX_NAME_BYTES) return name;
  let result = "";
  for (const ch of name) {
    if (Buffer.byteLength(result + ch, "utf8") > MAX_NAME_BYTES) break;
    result += ch;
  }
  return result;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const keyOf = (schema: string | undefined, name: string): string => `${schema ?? DEFAULT_SCHEMA}\u0000${name}`;
const byName = <T extends { readonly name: string }>(a: T, b: T): number => byCodeUnit(a.name, b.name);
const bySchemaAndName = <T extends { readonly name: string; readonly schema?: string | undefined }>(a: T, b: T): number =>
  byCodeUnit(keyOf(a.schema, a.name), keyOf(b.schema, b.name));

const SERIAL_OF: Readonly<Record<string, ColumnType>> = {
  smallint: { kind: "smallserial" },
  integer: { kind: "serial" },
  bigint: { kind: "bigserial" },
};

const TYPE_LIMITS: Readonly<Record<string, readonly [number, number]>> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  bigint: [-(2 ** 63), 2 ** 63 - 1],
};

/**
 * Identity options without PostgreSQL's defaults, which are a sequence's for the column's type (`typeKind`;
 * bigint's limits when it is not an integer type): increment 1, min/max of the type (1 or -1 at the near end),
 * start at the bound it counts from, cache 1, no cycle.
 */
export function identityWithoutDefaults(identity: Identity, typeKind = "bigint"): Identity {
  const { start, increment, minValue, maxValue, cache, cycle } = sequenceWithoutDefaults({
    kind: "sequence",
    name: "",
    dataType: TYPE_LIMITS[typeKind] === undefined ? "bigint" : (typeKind as "smallint" | "integer" | "bigint"),
    ...identity,
  });
  return frozen({ always: identity.always, start, increment, minValue, maxValue, cache, cycle });
}

/** Sequence options without PostgreSQL's defaults (bigint, increment 1, min/max of the type, start at the bound, cache 1). */
export function sequenceWithoutDefaults(sequence: Sequence): Sequence {
  const dataType = sequence.dataType ?? "bigint";
  const [typeMin, typeMax] = TYPE_LIMITS[dataType]!;
  const increment = sequence.increment ?? 1;
  const ascending = increment > 0;
  const min = sequence.minValue ?? (ascending ? 1 : typeMin);
  const max = sequence.maxValue ?? (ascending ? typeMax : -1);
  const start = sequence.start ?? (ascending ? min : max);
  return frozen({
    kind: "sequence",
    name: canonicalName(sequence.name),
    schema: canonicalSchema(sequence.schema),
    dataType: dataType === "bigint" ? undefined : dataType,
    start: start === (ascending ? min : max) ? undefined : start,
    increment: increment === 1 ? undefined : increment,
    minValue: min === (ascending ? 1 : typeMin) ? undefined : min,
    maxValue: max === (ascending ? typeMax : -1) ? undefined : max,
    cache: sequence.cache === undefined || sequence.cache === 1 ? undefined : sequence.cache,
    cycle: sequence.cycle === true ? true : undefined,
    ownedBy: sequence.ownedBy === undefined ? undefined : { ...sequence.ownedBy },
  });
}

/** What the table normaliser needs to know about the whole snapshot. */
interface SnapshotIndex {
  readonly enums: ReadonlySet<string>;
  readonly sequences: ReadonlySet<string>;
}

/** A type with custom text naming one of the snapshot's enums turned into that enum. */
function resolveEnums(type: ColumnType, index: SnapshotIndex): ColumnType {
  if (type.kind === "array") {
    const element = resolveEnums(type.element, index);
    return element === type.element ? type : frozen({ kind: "array", element, dimensions: type.dimensions });
  }
  if (type.kind !== "custom") return type;
  const parts = tokenize(type.sql);
  const qualified = parts.length === 3 && isToken(parts[1], ".");
  const schemaToken = qualified ? parts[0] : undefined;
  const nameToken = qualified ? parts[2] : parts.length === 1 ? parts[0] : undefined;
  if (!isName(nameToken) || (qualified && !isName(schemaToken))) return type;
  const name = nameToken.text;
  const schema = canonicalSchema(textOf(schemaToken));
  return index.enums.has(keyOf(schema, name))
    ? frozen(schema === undefined ? { kind: "enum", name } : { kind: "enum", name, schema })
    : type;
}

/** The sequence a `nextval('…')` default names, as `[schema, name]`; undefined for any other default. */
function nextvalTarget(sql: string): readonly [string | undefined, string] | undefined {
  const match = /^nextval\('((?:[^']|'')+)'\)$/.exec(sql);
  if (match === null) return undefined;
  const parts = tokenize(match[1]!.replaceAll("''", "'"));
  if (parts.length === 1 && isName(parts[0])) return [undefined, parts[0].text];
  if (parts.length === 3 && isToken(parts[1], ".") && isName(parts[0]) && isName(parts[2])) return [parts[0].text, parts[2].text];
  return undefined;
}

function normalizeColumn(table: Table, column: Column, index: SnapshotIndex): Column {
  let type = resolveEnums(normalizeType(column.type), index);
  let value =
    column.identity === undefined && !["smallserial", "serial", "bigserial"].includes(type.kind)
      ? normalizeDefault(column.default, type)
      : undefined;
  if (value?.kind === "expression" && SERIAL_OF[type.kind] !== undefined) {
    const target = nextvalTarget(value.sql);
    const schema = canonicalSchema(table.schema);
    if (
      target !== undefined &&
      target[1] === canonicalName(`${table.name}_${column.name}_seq`) &&
      canonicalSchema(target[0] ?? schema) === schema &&
      !index.sequences.has(keyOf(schema, target[1]))
    ) {
      type = SERIAL_OF[type.kind]!;
      value = undefined;
    }
  }
  return frozen({
    name: column.name,
    type,
    nullable: column.nullable,
    default: value,
    identity: column.identity === undefined ? undefined : identityWithoutDefaults(column.identity, type.kind),
    generatedAs: column.generatedAs,
    collation: column.collation === "default" ? undefined : column.collation,
    comment: column.comment === "" ? undefined : column.comment,
  });
}

function normalizeForeignKey(fk: ForeignKey): ForeignKey {
  return frozen({
    ...fk,
    name: canonicalName(fk.name),
    referredSchema: canonicalSchema(fk.referredSchema),
    columns: [...fk.columns],
    referredColumns: [...fk.referredColumns],
  });
}

/** The canonical form of one table; `index` knows the snapshot's enums and sequences. */
function normalizeTable(table: Table, index: SnapshotIndex): Table {
  const typed = table.columns.map((column) => normalizeColumn(table, column, index));
  const types = new Map(typed.map((column) => [column.name, column.type]));
  const columns = typed.map((column) =>
    column.generatedAs === undefined
      ? column
      : frozen({ ...column, generatedAs: normalizeExpression(column.generatedAs, { columns: types }) }),
  );
  const primaryKey: PrimaryKey | undefined =
    table.primaryKey === undefined
      ? undefined
      : { kind: "primaryKey", name: canonicalName(table.primaryKey.name), columns: [...table.primaryKey.columns] };
  const uniqueConstraints: UniqueConstraint[] = table.uniqueConstraints
    .map((c) => ({ ...c, name: canonicalName(c.name), columns: [...c.columns], nullsNotDistinct: c.nullsNotDistinct ? true : undefined }))
    .sort(byName);
  const checkConstraints: CheckConstraint[] = table.checkConstraints
    .map(
      (c): CheckConstraint => ({
        kind: "check",
        name: canonicalName(c.name),
        expression: normalizeExpression(c.expression, { columns: types }),
      }),
    )
    .sort(byName);
  return frozen({
    name: canonicalName(table.name),
    schema: canonicalSchema(table.schema),
    columns,
    primaryKey,
    uniqueConstraints,
    foreignKeys: table.foreignKeys.map(normalizeForeignKey).sort(byName),
    checkConstraints,
    ...(table.exclusionConstraints === undefined || table.exclusionConstraints.length === 0
      ? {}
      : {
          exclusionConstraints: table.exclusionConstraints.map((c) => normalizeExclusion(c, types, canonicalName(c.name))).sort(byName),
        }),
    indexes: table.indexes.map((ix) => normalizeIndex(ix, types, canonicalName(ix.name))).sort(byName),
    comment: table.comment === "" ? undefined : table.comment,
    rowLevelSecurity: table.rowLevelSecurity,
    grants: table.grants === undefined || table.grants.length === 0 ? undefined : table.grants,
    ...normalizePartitioning(table, canonicalName, canonicalSchema),
  });
}

/** A domain in canonical form: its base type, default and checks (on `VALUE`, typed as the base type) as a column's. */
function normalizeDomain(domain: Domain, index: SnapshotIndex): Domain {
  const type = resolveEnums(normalizeType(domain.type), index);
  const context = { columns: new Map([["value", type]]) };
  return frozen({
    kind: "domain",
    name: canonicalName(domain.name),
    schema: canonicalSchema(domain.schema),
    type,
    notNull: domain.notNull ? true : undefined,
    default: normalizeDefault(domain.default, type),
    collation: domain.collation === "default" ? undefined : domain.collation,
    checks: domain.checks
      .map((c): CheckConstraint => ({ kind: "check", name: canonicalName(c.name), expression: normalizeExpression(c.expression, context) }))
      .sort(byName),
  });
}

function normalizeExtension(extension: Extension): Extension {
  return frozen({ kind: "extension", name: extension.name, schema: canonicalSchema(extension.schema), version: extension.version });
}

function normalizeEnum(type: EnumType): EnumType {
  return frozen({ kind: "enumType", name: canonicalName(type.name), schema: canonicalSchema(type.schema), values: [...type.values] });
}

/** Normal forms of tables already normalised, by table (frozen data: the same object is the same table). */
const normalTables = new WeakMap<Table, { readonly context: string; readonly table: Table }>();

/**
 * `normalizeTable`, remembered for the same table object with the same enums and sequences around it: autogenerate
 * normalises a side more than once (to find the expressions the database must parse, then to compare).
 */
function rememberedTable(table: Table, index: SnapshotIndex, context: string): Table {
  const known = normalTables.get(table);
  if (known !== undefined && known.context === context && Object.isFrozen(table)) return known.table;
  const normal = normalizeTable(table, index);
  normalTables.set(table, { context, table: normal });
  return normal;
}

/**
 * The canonical form of a snapshot, for comparison: equal schemas give deep-equal results, whichever side
 * (models or catalog) they come from. See the module comment for what is canonicalised.
 */
export function normalizeSnapshot(snapshot: SchemaSnapshot): SchemaSnapshot {
  const enums = snapshot.enums.map(normalizeEnum).sort(bySchemaAndName);
  const sequences = snapshot.sequences.map(sequenceWithoutDefaults).sort(bySchemaAndName);
  const index: SnapshotIndex = {
    enums: new Set(enums.map((e) => keyOf(e.schema, e.name))),
    sequences: new Set(sequences.map((s) => keyOf(s.schema, s.name))),
  };
  const schemas = [...new Set(snapshot.schemas.filter((s) => canonicalSchema(s) !== undefined))].sort(byCodeUnit);
  const context = JSON.stringify([[...index.enums], [...index.sequences]]);
  const tables = snapshot.tables.map((table) => rememberedTable(table, index, context)).sort(bySchemaAndName);
  return frozen({
    tables,
    enums,
    sequences,
    ...(snapshot.domains === undefined ? {} : { domains: snapshot.domains.map((d) => normalizeDomain(d, index)).sort(bySchemaAndName) }),
    ...(snapshot.extensions === undefined
      ? {}
      : { extensions: snapshot.extensions.map(normalizeExtension).sort((a, b) => byCodeUnit(a.name, b.name)) }),
    ...(snapshot.views === undefined ? {} : { views: snapshot.views.map((v) => normalizeView(v, canonicalName)).sort(bySchemaAndName) }),
    schemas,
    ...(snapshot.routines === undefined ? {} : { routines: snapshot.routines }),
    ...(snapshot.triggers === undefined ? {} : { triggers: snapshot.triggers }),
    policies: normalizePolicies(snapshot.policies, tables, canonicalName, canonicalSchema),
  });
}
