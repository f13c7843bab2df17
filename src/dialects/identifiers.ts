/**
 * The identifiers a table, an enum or a sequence declares, each with what it names, so a name over a dialect's
 * limit is refused with the object it belongs to rather than cut by the database (which would make the models
 * and the database disagree on it for ever).
 */
import type { Column, EnumType, Index, Sequence, Table } from "../schema/model.js";

/** One name, and what it names (for messages): `column "title" of table "movies"`. */
export interface NamedIdentifier {
  readonly name: string;
  readonly what: string;
}

/** An identifier over the limit, with its length in UTF-8 bytes. */
export interface LongIdentifier extends NamedIdentifier {
  readonly bytes: number;
}

const quoted = (name: string): string => JSON.stringify(name);

function tableLabel(name: string, schema: string | undefined): string {
  return schema === undefined ? `table ${quoted(name)}` : `table ${quoted(`${schema}.${name}`)}`;
}

/** The identifiers of `table`: its name and schema, columns, constraints, indexes and the names they refer to. */
export function tableIdentifiers(table: Table): NamedIdentifier[] {
  const of = tableLabel(table.name, table.schema);
  const uses: NamedIdentifier[] = [{ name: table.name, what: of }];
  if (table.schema !== undefined) uses.push({ name: table.schema, what: `the schema of ${of}` });
  uses.push(...table.columns.map((column: Column) => ({ name: column.name, what: `column ${quoted(column.name)} of ${of}` })));
  if (table.primaryKey !== undefined)
    uses.push({ name: table.primaryKey.name, what: `primary key ${quoted(table.primaryKey.name)} of ${of}` });
  for (const unique of table.uniqueConstraints) uses.push({ name: unique.name, what: `unique constraint ${quoted(unique.name)} of ${of}` });
  for (const check of table.checkConstraints) uses.push({ name: check.name, what: `check constraint ${quoted(check.name)} of ${of}` });
  for (const exclusion of table.exclusionConstraints ?? [])
    uses.push({ name: exclusion.name, what: `exclusion constraint ${quoted(exclusion.name)} of ${of}` });
  for (const key of table.foreignKeys) {
    const what = `foreign key ${quoted(key.name)} of ${of}`;
    uses.push({ name: key.name, what });
    uses.push({ name: key.referredTable, what: `the table referred to by ${what}` });
    if (key.referredSchema !== undefined) uses.push({ name: key.referredSchema, what: `the schema referred to by ${what}` });
    uses.push(...key.referredColumns.map((name) => ({ name, what: `column ${quoted(name)} referred to by ${what}` })));
  }
  for (const index of table.indexes) uses.push(...indexIdentifiers(index, of));
  return uses;
}

/** The identifiers of `index` on the table `of` describes (`table "movies"`). */
export function indexIdentifiers(index: Index, of: string): NamedIdentifier[] {
  const what = `index ${quoted(index.name)} of ${of}`;
  const uses: NamedIdentifier[] = [{ name: index.name, what }];
  for (const element of index.elements) {
    if (element.kind === "column") uses.push({ name: element.name, what: `column ${quoted(element.name)} of ${what}` });
  }
  for (const name of index.include ?? []) uses.push({ name, what: `included column ${quoted(name)} of ${what}` });
  return uses;
}

/** The identifiers of an enum type: its name, schema and values (PostgreSQL limits labels as it limits names). */
export function enumIdentifiers(type: EnumType): NamedIdentifier[] {
  const what = `enum type ${quoted(type.schema === undefined ? type.name : `${type.schema}.${type.name}`)}`;
  const uses: NamedIdentifier[] = [{ name: type.name, what }];
  if (type.schema !== undefined) uses.push({ name: type.schema, what: `the schema of ${what}` });
  uses.push(...type.values.map((value) => ({ name: value, what: `value ${quoted(value)} of ${what}` })));
  return uses;
}

/** The identifiers of a sequence. */
export function sequenceIdentifiers(sequence: Sequence): NamedIdentifier[] {
  const what = `sequence ${quoted(sequence.schema === undefined ? sequence.name : `${sequence.schema}.${sequence.name}`)}`;
  const uses: NamedIdentifier[] = [{ name: sequence.name, what }];
  if (sequence.schema !== undefined) uses.push({ name: sequence.schema, what: `the schema of ${what}` });
  if (sequence.ownedBy !== undefined) {
    uses.push({ name: sequence.ownedBy.table, what: `the owning table of ${what}` });
    uses.push({ name: sequence.ownedBy.column, what: `the owning column of ${what}` });
  }
  return uses;
}

/** The first of `uses` longer than `maxBytes` UTF-8 bytes, if any. */
export function firstTooLong(uses: readonly NamedIdentifier[], maxBytes: number): LongIdentifier | undefined {
  for (const use of uses) {
    const bytes = Buffer.byteLength(use.name, "utf8");
    if (bytes > maxBytes) return { ...use, bytes };
  }
  return undefined;
}

/** The message and hint for an identifier over `maxBytes` in the dialect `dialect` (its name). */
export function tooLongMessage(found: LongIdentifier, maxBytes: number, dialect: string): { message: string; hint: string } {
  const what = found.what.charAt(0).toUpperCase() + found.what.slice(1);
  const named = found.what.includes(quoted(found.name)) ? "" : ` (${quoted(found.name)})`;
  return {
    message: `${what}${named} is ${found.bytes} bytes long in UTF-8; the ${dialect} dialect allows identifiers of at most ${maxBytes} bytes.`,
    hint: `Choose a name of at most ${maxBytes} bytes (for a constraint named by a naming convention, give it a name or shorten the template): the database would cut a longer one, and the models would no longer match it.`,
  };
}
