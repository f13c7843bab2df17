/**
 * A database's snapshot as a models module a person maintains: the header, the `retort/schema` import, one
 * `extension()`, `enumType()`, `sequence()` and `domain()` per such object and one `table()` per table
 * (referenced tables first), each an exported const.
 * `enumType()` per enum type, one `table()` per table (referenced tables first) and one `view()` or
 * `materializedView()` per view (after the views it reads), each an exported const.
 * The builder calls are autogenerate's (render/table.ts): a pulled table reads as a created one. Pure.
 */
import { byCodeUnit, objectKey } from "../autogenerate/names.js";
import type { ModelReferences } from "../autogenerate/render/builders.js";
import { domainDeclaration, extensionDeclaration, sequenceDeclaration } from "../autogenerate/render/domain-operations.js";
import { routineDefinition, triggerDefinition } from "../autogenerate/render/routines.js";
import { viewBuilder } from "../autogenerate/render/views.js";
import { withViewsInDependencyOrder } from "../autogenerate/order-views.js";
import { type Imports, key, object, optionsArgument, str, stringArray } from "../autogenerate/render/code.js";
import { tableCall } from "../autogenerate/render/table.js";
import type { EnumType, ForeignKey, Policy, Routine, Table, Trigger } from "../schema/model.js";
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

/**
 * Each routine with the name its const is made from: its own, or for overloads its name and argument types
 * (`clamp_integer`, `clamp_text`).
 */
function routineNames(routines: readonly Routine[]): { routine: Routine; name: string }[] {
  const count = new Map<string, number>();
  for (const r of routines) count.set(objectKey(r.schema, r.name), (count.get(objectKey(r.schema, r.name)) ?? 0) + 1);
  return routines.map((routine) => ({
    routine,
    name:
      (count.get(objectKey(routine.schema, routine.name)) ?? 0) > 1
        ? `${routine.name}_${routine.identityArgs ?? routine.args}`
        : routine.name,
  }));
}

/** The models module's text for `snapshot` (normalised by the dialect), with a header naming its `source`. */
export function renderModels(snapshot: SchemaSnapshot, source: PullSource): string {
  const tables: Table[] = dependencyOrder(snapshot.tables);
  const routines = routineNames(snapshot.routines ?? []);
  const triggers = snapshot.triggers ?? [];
  const shared = new Set(triggers.filter((t, i) => triggers.some((u, j) => j !== i && u.name === t.name)).map((t) => t.name));
  /** A trigger's const is named after it, or after its table and it when another table has a trigger of that name. */
  const triggerName = (t: Trigger) => (shared.has(t.name) ? `${t.table}_${t.name}` : t.name);
  const names = exportNames([
    ...(snapshot.extensions ?? []).map((e) => ({ kind: "extension" as const, name: e.name })),
    ...snapshot.enums.map((e) => ({ kind: "enum" as const, schema: e.schema, name: e.name })),
    ...snapshot.sequences.map((s) => ({ kind: "sequence" as const, schema: s.schema, name: s.name })),
    ...(snapshot.domains ?? []).map((d) => ({ kind: "domain" as const, schema: d.schema, name: d.name })),
    ...tables.map((t) => ({ kind: "table" as const, schema: t.schema, name: t.name })),
    ...routines.map(({ routine, name }) => ({ kind: "function" as const, schema: routine.schema, name })),
    ...triggers.map((t) => ({ kind: "trigger" as const, schema: t.schema, name: triggerName(t) })),
    ...(snapshot.views ?? []).map((v) => ({ kind: "view" as const, schema: v.schema, name: v.name })),
    ...(snapshot.policies ?? []).map((p) => ({ kind: "policy" as const, schema: p.schema, name: policyConstName(p) })),
  ]);
  const position = new Map(tables.map((table, i) => [objectKey(table.schema, table.name), i]));
  const imports: Imports = new Set();
  const refs = moduleReferences(names, position, imports);
  const blocks: string[][] = [];
  const enums = snapshot.enums.flatMap((type) =>
    enumDeclaration(type, names.get(exportKey({ kind: "enum", schema: type.schema, name: type.name })) ?? type.name, imports),
  );
  const extensions = (snapshot.extensions ?? []).map((e) =>
    // The version installed is left out: the models accept whichever the server installs.
    extensionDeclaration(
      { kind: "extension", name: e.name, schema: e.schema },
      names.get(exportKey({ kind: "extension", name: e.name })) ?? e.name,
      imports,
    ),
  );
  if (extensions.length > 0) blocks.push(extensions);
  if (enums.length > 0) blocks.push(enums);
  const sequences = snapshot.sequences.map((s) =>
    sequenceDeclaration(s, names.get(exportKey({ kind: "sequence", schema: s.schema, name: s.name })) ?? s.name, imports),
  );
  if (sequences.length > 0) blocks.push(sequences);
  const domains = (snapshot.domains ?? []).map((d) =>
    domainDeclaration(d, names.get(exportKey({ kind: "domain", schema: d.schema, name: d.name })) ?? d.name, imports, refs),
  );
  if (domains.length > 0) blocks.push(domains);
  for (const { routine, name } of routines) {
    const local = names.get(exportKey({ kind: "function", schema: routine.schema, name })) ?? name;
    blocks.push([`export const ${local} = ${routineDefinition(routine, imports)};`]);
  }
  for (const table of tables) {
    const name = names.get(exportKey({ kind: "table", schema: table.schema, name: table.name })) ?? table.name;
    imports.add("table");
    blocks.push(tableCall(`export const ${name} = table(${str(table.name)}, {`, table, imports, refs));
  }
  for (const trigger of triggers) {
    const local = names.get(exportKey({ kind: "trigger", schema: trigger.schema, name: triggerName(trigger) }));
    const fn = routines.find(
      ({ routine }) =>
        routine.kind === "function" &&
        routine.args === "" &&
        objectKey(routine.schema, routine.name) === objectKey(trigger.function.schema, trigger.function.name),
    );
    const definition = triggerDefinition(trigger, imports, {
      table: names.get(exportKey({ kind: "table", schema: trigger.schema, name: trigger.table })),
      function: fn === undefined ? undefined : names.get(exportKey({ kind: "function", schema: fn.routine.schema, name: fn.name })),
    });
    blocks.push([`export const ${local ?? trigger.name} = ${definition};`]);
  }
  // Views after the tables, each after the views it reads.
  const views = withViewsInDependencyOrder((snapshot.views ?? []).map((view) => ({ kind: "createView" as const, view })));
  for (const op of views) {
    if (op.kind !== "createView") continue;
    const name = names.get(exportKey({ kind: "view", schema: op.view.schema, name: op.view.name })) ?? op.view.name;
    blocks.push([`export const ${name} = ${viewBuilder(op.view, imports)};`]);
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
