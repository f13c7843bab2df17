/**
 * A database's snapshot as a models module a person maintains: the header, the `retort/schema` import, one
 * `enumType()` per enum type and one `table()` per table (referenced tables first), each an exported const.
 * The builder calls are autogenerate's (render/table.ts): a pulled table reads as a created one. Pure.
 */
import { byCodeUnit, objectKey } from "../autogenerate/names.js";
import type { ModelReferences } from "../autogenerate/render/builders.js";
import { type Imports, key, object, optionsArgument, str, stringArray } from "../autogenerate/render/code.js";
import { tableCall } from "../autogenerate/render/table.js";
import type { EnumType, ForeignKey, Policy, Table } from "../schema/model.js";
import { policyOptions } from "../autogenerate/render/security.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { headerLines, type PullSource } from "./header.js";
import { exportKey, exportNames } from "./names.js";
import { dependencyOrder } from "./order.js";

const WIDTH = 120;

function enumDeclaration(type: EnumType, name: string, imports: Imports): string[] {
  imports.add("enumType");
  const options = optionsArgument([["schema", type.schema === undefined ? undefined : str(type.schema)]]);
  const line = `export const ${name} = enumType(${str(type.name)}, ${stringArray(type.values)}${options});`;
  if (line.length <= WIDTH) return [line];
  return [
    `export const ${name} = enumType(`,
    `  ${str(type.name)},`,
    "  [",
    ...type.values.map((v) => `    ${str(v)},`),
    `  ]${options},`,
    ");",
  ];
}

/** A policy's const is named after its table and itself (`documentsOwnerOnly`): policy names are per table. */
function policyConstName(policy: Policy): string {
  return `${policy.table}_${policy.name}`;
}

function policyDeclaration(policy: Policy, name: string, table: string | undefined, imports: Imports): string[] {
  imports.add("policy");
  const entries: (readonly [string, string | undefined])[] = [
    ["table", table ?? str(policy.table)],
    ["schema", table !== undefined || policy.schema === undefined ? undefined : str(policy.schema)],
    ...policyOptions(policy, imports),
  ];
  const line = `export const ${name} = policy(${str(policy.name)}, ${object(entries)});`;
  if (line.length <= WIDTH) return [line];
  const present = entries.filter((entry): entry is readonly [string, string] => entry[1] !== undefined);
  return [`export const ${name} = policy(${str(policy.name)}, {`, ...present.map(([k, v]) => `  ${key(k)}: ${v},`), "});"];
}

/** `movies.id`, or `movies["release date"]` for a column name that is not an identifier. */
function member(object: string, column: string): string {
  const property = key(column);
  return property === column ? `${object}.${column}` : `${object}[${property}]`;
}

/** References between the module's consts; a reference to a table declared later (or itself) has its type written. */
function moduleReferences(names: ReadonlyMap<string, string>, position: ReadonlyMap<string, number>, imports: Imports): ModelReferences {
  return {
    foreignKeyTarget(fk: ForeignKey, from) {
      const target = objectKey(fk.referredSchema, fk.referredTable);
      const name = names.get(`table:${target}`);
      if (name === undefined) return undefined;
      // TypeScript cannot infer the type of a const from a function that reads a const declared after it.
      const forward = (position.get(target) ?? 0) >= (position.get(objectKey(from.schema, from.table)) ?? 0);
      if (forward) imports.add("type ColumnRef");
      const columns = fk.referredColumns.map((column) => member(name, column));
      if (fk.columns.length === 1 && columns.length === 1) return `${forward ? "(): ColumnRef " : "() "}=> ${columns[0]}`;
      return `${forward ? "(): ColumnRef[] " : "() "}=> [${columns.join(", ")}]`;
    },
    enumType(type, from) {
      return (
        names.get(`enum:${objectKey(type.schema ?? from.schema, type.name)}`) ?? names.get(`enum:${objectKey(type.schema, type.name)}`)
      );
    },
  };
}

/** The models module's text for `snapshot` (normalised by the dialect), with a header naming its `source`. */
export function renderModels(snapshot: SchemaSnapshot, source: PullSource): string {
  const tables: Table[] = dependencyOrder(snapshot.tables);
  const names = exportNames([
    ...snapshot.enums.map((e) => ({ kind: "enum" as const, schema: e.schema, name: e.name })),
    ...tables.map((t) => ({ kind: "table" as const, schema: t.schema, name: t.name })),
    ...(snapshot.policies ?? []).map((p) => ({ kind: "policy" as const, schema: p.schema, name: policyConstName(p) })),
  ]);
  const position = new Map(tables.map((table, i) => [objectKey(table.schema, table.name), i]));
  const imports: Imports = new Set();
  const refs = moduleReferences(names, position, imports);
  const blocks: string[][] = [];
  const enums = snapshot.enums.flatMap((type) =>
    enumDeclaration(type, names.get(exportKey({ kind: "enum", schema: type.schema, name: type.name })) ?? type.name, imports),
  );
  if (enums.length > 0) blocks.push(enums);
  for (const table of tables) {
    const name = names.get(exportKey({ kind: "table", schema: table.schema, name: table.name })) ?? table.name;
    imports.add("table");
    blocks.push(tableCall(`export const ${name} = table(${str(table.name)}, {`, table, imports, refs));
  }
  for (const policy of snapshot.policies ?? []) {
    const name = names.get(exportKey({ kind: "policy", schema: policy.schema, name: policyConstName(policy) })) ?? policy.name;
    const table = names.get(exportKey({ kind: "table", schema: policy.schema, name: policy.table }));
    blocks.push(policyDeclaration(policy, name, table, imports));
  }
  const values = [...imports].filter((name) => !name.startsWith("type ")).sort(byCodeUnit);
  const types = [...imports].filter((name) => name.startsWith("type ")).sort(byCodeUnit);
  const imported = [...values, ...types];
  const oneLine = `import { ${imported.join(", ")} } from "retort/schema";`;
  const importLines =
    imported.length === 0
      ? []
      : oneLine.length <= WIDTH
        ? [oneLine]
        : ["import {", ...imported.map((n) => `  ${n},`), '} from "retort/schema";'];
  const body = blocks.length === 0 ? ["export {};"] : blocks.flatMap((block, i) => (i === 0 ? block : ["", ...block]));
  return [...headerLines(source), ...importLines, "", ...body, ""].join("\n");
}
