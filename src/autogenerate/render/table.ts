/**
 * A table as the arguments of `op.createTable(…)` in a revision file or of `table(…)` in a models module:
 * one line per column, then the options (schema, comment, composite keys, uniques, checks, exclusion
 * constraints, foreign keys, indexes), on one line when they fit and one item per line when they do not.
 */
import type { Constraint, Table } from "../../schema/model.js";
import { singleColumnConstraints } from "../compare/columns.js";
import { columnBuilder, defaultName, exclusionBuilder, foreignKeyOptions, indexBuilder, type ModelReferences } from "./builders.js";
import { type Imports, key, object, optionsArgument, sqlTemplate, str, stringArray } from "./code.js";
import { tableSecurityOptions } from "./security.js";
import { partitionEntries } from "./partitions.js";

const WIDTH = 120;

function schemaOption(schema: string | undefined): readonly [string, string | undefined] {
  return ["schema", schema === undefined ? undefined : str(schema)];
}

/** The options argument; `lists` receives the items of each list option (for long ones). */
function tableOptions(
  table: Table,
  inline: ReadonlySet<Constraint>,
  imports: Imports,
  lists: Map<string, string[]>,
  refs: ModelReferences | undefined,
): (readonly [string, string | undefined])[] {
  const pk = table.primaryKey;
  const primaryKey =
    pk === undefined || inline.has(pk)
      ? undefined
      : pk.name === defaultName("pk", { table: table.name, columns: pk.columns })
        ? stringArray(pk.columns)
        : object([
            ["name", str(pk.name)],
            ["columns", stringArray(pk.columns)],
          ]);
  const list = (name: string, items: string[]) => {
    lists.set(name, items);
    return items.length === 0 ? undefined : `[${items.join(", ")}]`;
  };
  const uniques = table.uniqueConstraints
    .filter((c) => !inline.has(c))
    .map((c) => {
      imports.add("unique");
      return `unique(${stringArray(c.columns)}${optionsArgument([
        ["name", c.name === defaultName("uq", { table: table.name, columns: c.columns }) ? undefined : str(c.name)],
        ["deferrable", c.deferrable === undefined ? undefined : str(c.deferrable)],
        ["nullsNotDistinct", c.nullsNotDistinct ? "true" : undefined],
      ])})`;
    });
  const checks = table.checkConstraints.map((c) => {
    imports.add("check");
    const expression = sqlTemplate(c.expression, imports);
    return c.name === defaultName("ck", { table: table.name, columns: [] })
      ? `check(${expression})`
      : `check(${str(c.name)}, ${expression})`;
  });
  const foreignKeys = table.foreignKeys
    .filter((c) => !inline.has(c))
    .map((fk) => {
      imports.add("foreignKey");
      const references =
        refs?.foreignKeyTarget(fk, { table: table.name, schema: table.schema }) ??
        object([["table", str(fk.referredTable)], ["columns", stringArray(fk.referredColumns)], schemaOption(fk.referredSchema)]);
      return `foreignKey(${object([["columns", stringArray(fk.columns)], ["references", references], ...foreignKeyOptions(fk, table.name)])})`;
    });
  return [
    schemaOption(table.schema),
    ["comment", table.comment === undefined ? undefined : str(table.comment)],
    ["primaryKey", primaryKey],
    ["uniques", list("uniques", uniques)],
    ["checks", list("checks", checks)],
    [
      "excludes",
      list(
        "excludes",
        (table.exclusionConstraints ?? []).map((c) => exclusionBuilder(table.name, c, imports)),
      ),
    ],
    ["foreignKeys", list("foreignKeys", foreignKeys)],
    [
      "indexes",
      list(
        "indexes",
        table.indexes.map((ix) => indexBuilder(ix, imports)),
      ),
    ],
    ...tableSecurityOptions(table),
    ...partitionEntries(table, imports, refs?.partitionParent),
  ];
}

/**
 * `head` (which ends in the columns' opening `{`), a line per column and the options, closed by `});`.
 * With `refs`, references and enum columns name the module's consts (a models module); without, strings
 * (a revision file).
 */
export function tableCall(head: string, table: Table, imports: Imports, refs?: ModelReferences): string[] {
  const inline = new Set<Constraint>();
  const columns = table.columns.map((column) => {
    // One constraint of each kind can sit on the column (a builder holds one); others go to the options.
    const constraints = singleColumnConstraints(table, column.name).filter((c, i, all) => all.findIndex((o) => o.kind === c.kind) === i);
    for (const c of constraints) inline.add(c);
    return `  ${key(column.name)}: ${columnBuilder(table.name, column, constraints, imports, refs, table.schema)},`;
  });
  const lists = new Map<string, string[]>();
  const options = tableOptions(table, inline, imports, lists, refs).filter(
    (entry): entry is readonly [string, string] => entry[1] !== undefined,
  );
  if (options.length === 0) return [head, ...columns, "});"];
  // A partition has no columns of its own: `{}` and its options on one line.
  if (columns.length === 0 && `${head}}, ${object(options)});`.length <= WIDTH) return [`${head}}, ${object(options)});`];
  const inlineOptions = `}, ${object(options)});`;
  if (inlineOptions.length <= WIDTH && columns.length > 0) return [head, ...columns, inlineOptions];
  const lines = options.flatMap(([k, v]) => {
    const line = `  ${key(k)}: ${v},`;
    const items = lists.get(k);
    if (line.length <= WIDTH || items === undefined) return [line];
    return [`  ${key(k)}: [`, ...items.map((item) => `    ${item},`), "  ],"];
  });
  return columns.length === 0 ? [`${head}}, {`, ...lines, "});"] : [head, ...columns, "}, {", ...lines, "});"];
}
