/**
 * A database's snapshot as a Drizzle schema module: the header of `retort pull`, the imports, a `pgSchema` per
 * schema other than `public`, a `pgEnum` per enum type, a `customType` per type Drizzle has no builder for, and
 * a `pgTable` per table (referenced tables first), each exported. Constraint and index names are written where
 * they differ from the ones Drizzle and drizzle-kit give, and a column's name where its key (converted by the
 * config's Drizzle `casing`, when given) is not that name, so the module reads back (through the Drizzle adapter,
 * with that casing) to the same snapshot. Pure.
 */
import { byCodeUnit, objectKey, schemaKey } from "../../autogenerate/names.js";
import { type Imports, key, sqlTemplate, str, stringArray } from "../../autogenerate/render/code.js";
import { drizzleIndexName, serverIdentifier } from "../../adapters/drizzle/names.js";
import type { ColumnType, ForeignKey, Index, IndexElement, Table, UniqueConstraint } from "../../schema/model.js";
import { conventionName } from "../../schema/naming.js";
import type { SchemaSnapshot } from "../../schema/snapshot.js";
import { headerLines, type PullSource } from "../header.js";
import { camelCase, exportKey, exportNames } from "../names.js";
import { dependencyOrder } from "../order.js";
import { drizzleColumn, isBuiltinCustom } from "./columns.js";
import { drizzleGaps } from "./gaps.js";

const WIDTH = 120;

/** The modules the written file imports (Retort itself never does: the project's own copy serves the file). */
const DRIZZLE_ORM = "drizzle-orm";
const PG_CORE = `${DRIZZLE_ORM}/pg-core`;

/** What `drizzle-orm/pg-core` exports that the module may import: consts must not take these names. */
const PG_CORE_NAMES: ReadonlySet<string> = new Set([
  ...["sql", "pgTable", "pgSchema", "pgEnum", "customType", "primaryKey", "foreignKey", "unique", "uniqueIndex", "index"],
  ...["check", "smallint", "integer", "bigint", "smallserial", "serial", "bigserial", "boolean", "text", "varchar", "char"],
  ...["numeric", "real", "doublePrecision", "date", "time", "timestamp", "interval", "uuid", "json", "jsonb", "inet", "cidr"],
  ...["macaddr", "macaddr8", "AnyPgColumn", "PgTableExtraConfigValue"],
  // The parameter of every table callback: a const of that name would be shadowed inside them.
  "t",
]);

/** The custom SQL types of the snapshot's columns that need a `customType` const, sorted. */
function customTypes(tables: readonly Table[]): string[] {
  const found = new Set<string>();
  const visit = (type: ColumnType): void => {
    if (type.kind === "array") visit(type.element);
    else if (type.kind === "bytea") found.add("bytea");
    else if (type.kind === "custom" && !isBuiltinCustom(type.sql)) found.add(type.sql);
  };
  for (const table of tables) for (const column of table.columns) visit(column.type);
  return [...found].sort(byCodeUnit);
}

/** The schemas (other than `public`) the module's tables and enums live in, sorted. */
function schemasOf(snapshot: SchemaSnapshot): string[] {
  const all = [...snapshot.tables.map((t) => t.schema), ...snapshot.enums.map((e) => e.schema)];
  return [...new Set(all.filter((s): s is string => s !== undefined && schemaKey(s) !== "public"))].sort(byCodeUnit);
}

/** Property keys for a table's columns: camelCase, distinct; the database name is written where it differs. */
function columnKeys(table: Table): Map<string, string> {
  const keys = new Map<string, string>();
  const used = new Set<string>();
  for (const column of table.columns) {
    let chosen = camelCase(column.name, "column");
    for (let n = 2; used.has(chosen); n++) chosen = `${camelCase(column.name, "column")}${n}`;
    used.add(chosen);
    keys.set(column.name, chosen);
  }
  return keys;
}

function member(object: string, property: string): string {
  return key(property) === property ? `${object}.${property}` : `${object}[${str(property)}]`;
}

/** Everything about the module the tables need: names of consts, column keys, declaration order. */
interface Module {
  readonly imports: Imports;
  readonly names: ReadonlyMap<string, string>;
  readonly keys: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly position: ReadonlyMap<string, number>;
  /** The `casing` the models are read with: a column whose key converts to its name is written without it. */
  readonly casing: ((key: string) => string) | undefined;
}

/** Whether a column's name is left to its key (itself, or as the casing converts it). */
function keyIsName(module: Module, key: string, name: string): boolean {
  return key === name || module.casing?.(key) === name;
}

/** The name Drizzle holds for a column (its key when it has no explicit name), from which it names uniques. */
function declaredName(module: Module, keys: ReadonlyMap<string, string>, column: string): string {
  const key = keys.get(column) ?? column;
  return keyIsName(module, key, column) ? key : column;
}

function tableConst(module: Module, schema: string | undefined, name: string): string | undefined {
  return module.names.get(exportKey({ kind: "table", schema, name }));
}

/** `other.id` (or `t.id` on the same table inside its own callback); undefined for a table the module lacks. */
function columnRef(module: Module, schema: string | undefined, table: string, column: string, self?: string): string | undefined {
  const target = objectKey(schema, table);
  const property = module.keys.get(target)?.get(column);
  if (property === undefined) return undefined;
  if (self !== undefined && target === self) return member("t", property);
  const name = tableConst(module, schema, table);
  return name === undefined ? undefined : member(name, property);
}

/** The name drizzle-kit gives a foreign key declared without one. */
function drizzleForeignKeyName(table: string, fk: ForeignKey): string {
  return serverIdentifier(`${[table, ...fk.columns, fk.referredTable, ...fk.referredColumns].join("_")}_fk`);
}

function actions(fk: ForeignKey): (readonly [string, string | undefined])[] {
  return [
    ["onDelete", fk.onDelete === undefined ? undefined : str(fk.onDelete)],
    ["onUpdate", fk.onUpdate === undefined ? undefined : str(fk.onUpdate)],
  ];
}

function indexElement(element: IndexElement, keys: ReadonlyMap<string, string>, imports: Imports): string {
  if (element.kind === "expression") return sqlTemplate(element.sql, imports);
  let code = member("t", keys.get(element.name) ?? element.name);
  if (element.opclass !== undefined) code += `.op(${str(element.opclass)})`;
  // Drizzle's `.desc()` alone means DESC NULLS LAST; PostgreSQL's plain DESC puts nulls first.
  if (element.order === "desc") code += element.nulls === "last" ? ".desc()" : ".desc().nullsFirst()";
  else if (element.nulls === "first") code += ".nullsFirst()";
  return code;
}

function indexCall(table: Table, index: Index, keys: ReadonlyMap<string, string>, imports: Imports): string {
  const builder = index.unique ? "uniqueIndex" : "index";
  imports.add(builder);
  const columns = index.elements.flatMap((e) => (e.kind === "column" ? [e.name] : []));
  const unnamed = columns.length === index.elements.length && index.name === serverIdentifier(drizzleIndexName(table.name, columns));
  const elements = index.elements.map((e) => indexElement(e, keys, imports)).join(", ");
  const on = index.method === undefined || index.method === "btree" ? `.on(${elements})` : `.using(${str(index.method)}, ${elements})`;
  const where = index.where === undefined ? "" : `.where(${sqlTemplate(index.where, imports)})`;
  return `${builder}(${unnamed ? "" : str(index.name)})${on}${where}`;
}

/** The items of a table's extra-config callback, and the constraints declared on columns instead. */
function tableParts(
  table: Table,
  module: Module,
): { items: string[]; forward: boolean; inline: Map<string, { primaryKey: boolean; unique?: string; references?: string }> } {
  const { imports } = module;
  const self = objectKey(table.schema, table.name);
  const keys = module.keys.get(self) ?? new Map<string, string>();
  const t = (column: string) => member("t", keys.get(column) ?? column);
  const inline = new Map<string, { primaryKey: boolean; unique?: string; references?: string }>();
  const on = (column: string) => {
    const current = inline.get(column) ?? { primaryKey: false };
    inline.set(column, current);
    return current;
  };
  const items: string[] = [];
  let forward = false;

  const pk = table.primaryKey;
  if (pk !== undefined) {
    const [only] = pk.columns;
    if (
      pk.columns.length === 1 &&
      only !== undefined &&
      pk.name === conventionName(undefined, "pk", { table: table.name, columns: pk.columns })
    ) {
      on(only).primaryKey = true;
    } else {
      imports.add("primaryKey");
      const unnamed = serverIdentifier(`${table.name}_${pk.columns.join("_")}_pk`);
      items.push(`primaryKey({ ${pk.name === unnamed ? "" : `name: ${str(pk.name)}, `}columns: [${pk.columns.map(t).join(", ")}] })`);
    }
  }

  const uniques: UniqueConstraint[] = [];
  for (const constraint of table.uniqueConstraints) {
    const [only] = constraint.columns;
    if (constraint.columns.length === 1 && only !== undefined && on(only).unique === undefined) {
      const unnamed = constraint.name === serverIdentifier(`${table.name}_${declaredName(module, keys, only)}_unique`);
      on(only).unique = constraint.nullsNotDistinct
        ? `${str(constraint.name)}, { nulls: "not distinct" }`
        : unnamed
          ? ""
          : str(constraint.name);
    } else uniques.push(constraint);
  }
  for (const constraint of uniques) {
    imports.add("unique");
    const declared = constraint.columns.map((column) => declaredName(module, keys, column));
    const unnamed = constraint.name === serverIdentifier(`${table.name}_${declared.join("_")}_unique`);
    items.push(
      `unique(${unnamed ? "" : str(constraint.name)}).on(${constraint.columns.map(t).join(", ")})${constraint.nullsNotDistinct ? ".nullsNotDistinct()" : ""}`,
    );
  }

  for (const fk of table.foreignKeys) {
    const [only] = fk.columns;
    const targets = fk.referredColumns.map((column) => columnRef(module, fk.referredSchema, fk.referredTable, column, self));
    const known = targets.every((target): target is string => target !== undefined);
    if (!known) continue;
    const targetKey = objectKey(fk.referredSchema, fk.referredTable);
    if (
      fk.columns.length === 1 &&
      only !== undefined &&
      fk.name === drizzleForeignKeyName(table.name, fk) &&
      on(only).references === undefined
    ) {
      // A reference to a table declared later (or to itself) needs its type written, or TypeScript cannot infer the consts.
      const forward = (module.position.get(targetKey) ?? 0) >= (module.position.get(self) ?? 0);
      if (forward) imports.add("type AnyPgColumn");
      const name = tableConst(module, fk.referredSchema, fk.referredTable) ?? "";
      const target = member(name, module.keys.get(targetKey)?.get(fk.referredColumns[0] ?? "") ?? "");
      const options = actions(fk).filter(([, v]) => v !== undefined);
      on(only).references = `${forward ? "(): AnyPgColumn" : "()"} => ${target}${
        options.length === 0 ? "" : `, { ${options.map(([k, v]) => `${k}: ${v}`).join(", ")} }`
      }`;
      continue;
    }
    imports.add("foreignKey");
    if (targetKey !== self && (module.position.get(targetKey) ?? 0) > (module.position.get(self) ?? 0)) forward = true;
    const unnamed = fk.name === drizzleForeignKeyName(table.name, fk);
    let code = `foreignKey({ ${unnamed ? "" : `name: ${str(fk.name)}, `}columns: [${fk.columns.map(t).join(", ")}], foreignColumns: [${targets.join(", ")}] })`;
    for (const [method, value] of actions(fk)) if (value !== undefined) code += `.${method}(${value})`;
    items.push(code);
  }

  for (const constraint of table.checkConstraints) {
    imports.add("check");
    items.push(`check(${str(constraint.name)}, ${sqlTemplate(constraint.expression, imports)})`);
  }
  for (const index of table.indexes) items.push(indexCall(table, index, keys, imports));
  return { items, forward, inline };
}

function tableDeclaration(table: Table, module: Module): string[] {
  const { imports } = module;
  const self = objectKey(table.schema, table.name);
  const keys = module.keys.get(self) ?? new Map<string, string>();
  const name = tableConst(module, table.schema, table.name) ?? camelCase(table.name, "table");
  const schemaConst = table.schema === undefined ? undefined : module.names.get(exportKey({ kind: "schema", name: table.schema }));
  if (schemaConst === undefined) imports.add("pgTable");
  const head = `export const ${name} = ${schemaConst === undefined ? "pgTable" : `${schemaConst}.table`}(${str(table.name)}, {`;
  const { items, forward, inline } = tableParts(table, module);
  // A callback reading a table declared later needs its return type written, or TypeScript cannot infer the consts.
  if (forward) imports.add("type PgTableExtraConfigValue");
  const callback = forward ? "(t): PgTableExtraConfigValue[] =>" : "(t) =>";
  const names = {
    enumConst: (type: { readonly name: string; readonly schema?: string | undefined }, from: { readonly schema?: string | undefined }) =>
      module.names.get(exportKey({ kind: "enum", schema: type.schema ?? from.schema, name: type.name })) ??
      module.names.get(exportKey({ kind: "enum", schema: type.schema, name: type.name })) ??
      camelCase(type.name, "enum"),
    customConst: (sql: string) => module.names.get(exportKey({ kind: "type", name: sql })) ?? camelCase(sql, "type"),
  };
  const columns = table.columns.map((column) => {
    const property = keys.get(column.name) ?? column.name;
    const parts = inline.get(column.name) ?? { primaryKey: false };
    const dbName = keyIsName(module, property, column.name) ? undefined : column.name;
    const code = drizzleColumn(column, dbName, parts, imports, names, { schema: table.schema });
    return `  ${key(property)}: ${code},`;
  });
  if (items.length === 0) return [head, ...columns, "});"];
  const oneLine = `}, ${callback} [${items.join(", ")}]);`;
  if (oneLine.length <= WIDTH) return [head, ...columns, oneLine];
  return [head, ...columns, `}, ${callback} [`, ...items.map((item) => `  ${item},`), "]);"];
}

function importLines(imports: Imports): string[] {
  const core = [...imports].filter((n) => n !== "sql" && !n.startsWith("type ")).sort(byCodeUnit);
  const types = [...imports].filter((n) => n.startsWith("type ")).sort(byCodeUnit);
  const lines = imports.has("sql") ? [`import { sql } from "${DRIZZLE_ORM}";`] : [];
  const imported = [...types, ...core];
  if (imported.length === 0) return lines;
  const oneLine = `import { ${imported.join(", ")} } from "${PG_CORE}";`;
  if (oneLine.length <= WIDTH) return [...lines, oneLine];
  return [...lines, "import {", ...imported.map((n) => `  ${n},`), `} from "${PG_CORE}";`];
}

/** The Drizzle schema module's text for `snapshot` (normalised by the dialect), with a header naming its `source`. */
export function renderDrizzleModels(snapshot: SchemaSnapshot, source: PullSource, casing?: (key: string) => string): string {
  const tables = dependencyOrder(snapshot.tables);
  const schemas = schemasOf(snapshot);
  const customs = customTypes(tables);
  const names = exportNames(
    [
      ...snapshot.enums.map((e) => ({ kind: "enum" as const, schema: e.schema, name: e.name })),
      ...tables.map((t) => ({ kind: "table" as const, schema: t.schema, name: t.name })),
      ...schemas.map((s) => ({ kind: "schema" as const, name: `${s}_schema` })),
      ...customs.map((sql) => ({ kind: "type" as const, name: sql })),
    ],
    PG_CORE_NAMES,
  );
  // The schema's and custom types' names were made from a suffixed text; file them under the plain one.
  const named = new Map(names);
  for (const schema of schemas) {
    const chosen = names.get(exportKey({ kind: "schema", name: `${schema}_schema` }));
    if (chosen !== undefined) named.set(exportKey({ kind: "schema", name: schema }), chosen);
  }
  const imports: Imports = new Set();
  const module: Module = {
    imports,
    names: named,
    keys: new Map(tables.map((table) => [objectKey(table.schema, table.name), columnKeys(table)])),
    position: new Map(tables.map((table, i) => [objectKey(table.schema, table.name), i])),
    casing,
  };
  const blocks: string[][] = [];
  const schemaLines = schemas.map((schema) => {
    imports.add("pgSchema");
    return `export const ${named.get(exportKey({ kind: "schema", name: schema }))} = pgSchema(${str(schema)});`;
  });
  if (schemaLines.length > 0) blocks.push(schemaLines);
  const enumLines = snapshot.enums.flatMap((type) => {
    const name = named.get(exportKey({ kind: "enum", schema: type.schema, name: type.name })) ?? camelCase(type.name, "enum");
    const schemaConst = type.schema === undefined ? undefined : named.get(exportKey({ kind: "schema", name: type.schema }));
    if (schemaConst === undefined) imports.add("pgEnum");
    const head = `export const ${name} = ${schemaConst === undefined ? "pgEnum" : `${schemaConst}.enum`}(${str(type.name)}, `;
    const values = stringArray(type.values);
    return `${head}${values});`.length <= WIDTH ? [`${head}${values});`] : [`${head}[`, ...type.values.map((v) => `  ${str(v)},`), "]);"];
  });
  if (enumLines.length > 0) blocks.push(enumLines);
  const customLines = customs.map((sql) => {
    imports.add("customType");
    const name = named.get(exportKey({ kind: "type", name: sql }));
    return `const ${name} = customType<{ data: string }>({ dataType: () => ${str(sql)} });`;
  });
  if (customLines.length > 0) blocks.push(customLines);
  for (const table of tables) blocks.push(tableDeclaration(table, module));
  const gaps = drizzleGaps(snapshot);
  const header = headerLines({ ...source, formatGaps: { format: "a Drizzle schema", items: gaps } });
  const body = blocks.length === 0 ? ["export {};"] : blocks.flatMap((block, i) => (i === 0 ? block : ["", ...block]));
  return [...header, ...importLines(imports), "", ...body, ""].join("\n");
}
