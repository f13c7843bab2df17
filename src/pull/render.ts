/**
 * A database's snapshot as a models module a person maintains: the header, the `retort/schema` import, one
 * `enumType()` per enum type, one `table()` per table (referenced tables first) and one `view()` or
 * `materializedView()` per view (after the views it reads), each an exported const.
 * The builder calls are autogenerate's (render/table.ts): a pulled table reads as a created one. Pure.
 */
import { byCodeUnit, objectKey } from "../autogenerate/names.js";
import type { ModelReferences } from "../autogenerate/render/builders.js";
import { type Imports, key, optionsArgument, str, stringArray } from "../autogenerate/render/code.js";
import { tableCall } from "../autogenerate/render/table.js";
import { viewBuilder } from "../autogenerate/render/views.js";
import { withViewsInDependencyOrder } from "../autogenerate/order-views.js";
import type { EnumType, ForeignKey, Table } from "../schema/model.js";
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
    ...(snapshot.views ?? []).map((v) => ({ kind: "view" as const, schema: v.schema, name: v.name })),
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
  // Views after the tables, each after the views it reads.
  const views = withViewsInDependencyOrder((snapshot.views ?? []).map((view) => ({ kind: "createView" as const, view })));
  for (const op of views) {
    if (op.kind !== "createView") continue;
    const name = names.get(exportKey({ kind: "view", schema: op.view.schema, name: op.view.name })) ?? op.view.name;
    blocks.push([`export const ${name} = ${viewBuilder(op.view, imports)};`]);
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
