/**
 * `op.alterSequence`, `op.createDomain` / `dropDomain` / `alterDomain` and `op.createExtension` / `dropExtension`
 * as the statements that make them, and `domain()` / `extension()` / `sequence()` declarations for pulled models.
 */
import type {
  AlterDomainOp,
  AlterSequenceOp,
  Change,
  CreateDomainOp,
  CreateExtensionOp,
  DropDomainOp,
  DropExtensionOp,
} from "../../ops/operation.js";
import type { CheckConstraint, Domain, Extension, Sequence } from "../../schema/model.js";
import { defaultValue, type ModelReferences, typeBuilder } from "./builders.js";
import { type Imports, object, optionsArgument, sqlTemplate, str } from "./code.js";

type Entry = readonly [string, string | undefined];

const schemaOption = (schema: string | undefined): Entry => ["schema", schema === undefined ? undefined : str(schema)];

function ownerValue(owner: { readonly table: string; readonly column: string } | null): string {
  return owner === null
    ? "null"
    : object([
        ["table", str(owner.table)],
        ["column", str(owner.column)],
      ]);
}

/** The options of a sequence as `sequence()` and `op.createSequence` take them. */
export function sequenceOptions(s: Sequence): Entry[] {
  const number = (n: number | undefined) => n?.toString();
  return [
    schemaOption(s.schema),
    ["dataType", s.dataType === undefined ? undefined : str(s.dataType)],
    ["start", number(s.start)],
    ["increment", number(s.increment)],
    ["minValue", number(s.minValue)],
    ["maxValue", number(s.maxValue)],
    ["cache", number(s.cache)],
    ["cycle", s.cycle ? "true" : undefined],
    ["ownedBy", s.ownedBy === undefined ? undefined : ownerValue(s.ownedBy)],
  ];
}

const KEYS = ["dataType", "start", "increment", "minValue", "maxValue", "cache", "cycle", "ownedBy"] as const;

function value(key: (typeof KEYS)[number], v: unknown): string {
  if (v === null) return "null";
  if (key === "ownedBy") return ownerValue(v as { table: string; column: string });
  if (key === "dataType") return str(v as string);
  return String(v);
}

/** `await op.alterSequence("s", { increment: 5, existing: { increment: 1 } });` */
export function renderAlterSequence(op: AlterSequenceOp): string[] {
  const changes = KEYS.flatMap((key) => {
    const change = op[key] as Change<unknown> | undefined;
    return change === undefined ? [] : [[key, change] as const];
  });
  const to: Entry[] = changes.map(([key, change]) => [key, value(key, change.to)]);
  const from: Entry[] = changes.map(([key, change]) => [key, change.from === undefined ? undefined : value(key, change.from)]);
  const existing = object(from);
  return [
    `await op.alterSequence(${str(op.name)}${optionsArgument([schemaOption(op.schema), ...to, ["existing", existing === "{}" ? undefined : existing]])});`,
  ];
}

function checkOptions(checks: readonly CheckConstraint[], name: string, imports: Imports): Entry[] {
  const [only, ...more] = checks;
  if (only !== undefined && more.length === 0 && only.name === `${name}_check`) return [["check", sqlTemplate(only.expression, imports)]];
  if (checks.length === 0) return [];
  return [["checks", object(checks.map((c) => [c.name, sqlTemplate(c.expression, imports)]))]];
}

/** The third argument of `domain()` and `op.createDomain`. */
function domainOptions(d: Domain, imports: Imports): Entry[] {
  return [
    schemaOption(d.schema),
    ...checkOptions(d.checks, d.name, imports),
    ["notNull", d.notNull ? "true" : undefined],
    ["default", d.default === undefined ? undefined : defaultValue(d.default, imports)],
    ["collate", d.collation === undefined ? undefined : str(d.collation)],
  ];
}

/** `await op.createDomain("email", text(), { check: sql\`…\` });` */
export function renderCreateDomain(op: CreateDomainOp, imports: Imports): string[] {
  const d = op.domain;
  return [`await op.createDomain(${str(d.name)}, ${typeBuilder(d.type, imports)}${optionsArgument(domainOptions(d, imports))});`];
}

/** `await op.dropDomain("email");` */
export function renderDropDomain(op: DropDomainOp): string[] {
  return [
    `await op.dropDomain(${str(op.name)}${optionsArgument([schemaOption(op.schema), ["ifExists", op.ifExists ? "true" : undefined]])});`,
  ];
}

/** `await op.alterDomain("email", { notNull: true, existingNotNull: false });` */
export function renderAlterDomain(op: AlterDomainOp, imports: Imports): string[] {
  const checks = (list: readonly CheckConstraint[] | undefined) =>
    list === undefined || list.length === 0 ? undefined : object(list.map((c) => [c.name, sqlTemplate(c.expression, imports)]));
  return [
    `await op.alterDomain(${str(op.name)}${optionsArgument([
      schemaOption(op.schema),
      ["default", op.default === undefined ? undefined : defaultValue(op.default.to, imports)],
      ["existingDefault", op.default?.from === undefined ? undefined : defaultValue(op.default.from, imports)],
      ["notNull", op.notNull === undefined ? undefined : String(op.notNull.to)],
      ["existingNotNull", op.notNull?.from === undefined ? undefined : String(op.notNull.from)],
      ["dropChecks", checks(op.dropChecks)],
      ["addChecks", checks(op.addChecks)],
    ])});`,
  ];
}

function extensionOptions(e: Extension): Entry[] {
  return [schemaOption(e.schema), ["version", e.version === undefined ? undefined : str(e.version)]];
}

/** `await op.createExtension("pg_trgm");` */
export function renderCreateExtension(op: CreateExtensionOp): string[] {
  return [
    `await op.createExtension(${str(op.extension.name)}${optionsArgument([...extensionOptions(op.extension), ["ifNotExists", op.ifNotExists ? "true" : undefined]])});`,
  ];
}

/** `await op.dropExtension("pg_trgm");` */
export function renderDropExtension(op: DropExtensionOp): string[] {
  const e = op.existing;
  return [
    `await op.dropExtension(${str(op.name)}${optionsArgument([
      ["ifExists", op.ifExists ? "true" : undefined],
      ["existingSchema", e?.schema === undefined ? undefined : str(e.schema)],
      ["existingVersion", e?.version === undefined ? undefined : str(e.version)],
    ])});`,
  ];
}

/** `export const email = domain("email", text(), { … });` for a models module. */
export function domainDeclaration(d: Domain, name: string, imports: Imports, refs?: ModelReferences): string {
  imports.add("domain");
  return `export const ${name} = domain(${str(d.name)}, ${typeBuilder(d.type, imports, refs, d)}${optionsArgument(domainOptions(d, imports))});`;
}

/** `export const trgm = extension("pg_trgm");` for a models module. */
export function extensionDeclaration(e: Extension, name: string, imports: Imports): string {
  imports.add("extension");
  return `export const ${name} = extension(${str(e.name)}${optionsArgument(extensionOptions(e))});`;
}

/** `export const orderNo = sequence("order_no_seq", { start: 1000 });` for a models module. */
export function sequenceDeclaration(s: Sequence, name: string, imports: Imports): string {
  imports.add("sequence");
  return `export const ${name} = sequence(${str(s.name)}${optionsArgument(sequenceOptions(s))});`;
}
