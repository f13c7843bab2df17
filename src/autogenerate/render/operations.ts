/**
 * One operation as the `await op.…(…);` statement that makes it, with the exact signatures of
 * `src/ops/operations.ts`. Lines come without the function body's indentation; a `createTable` spans
 * several lines, one per column.
 */
import { assertNever } from "../../errors.js";
import type { AlterColumnOp, BulkValue, CreateTableOp, Operation } from "../../ops/operation.js";
import type { Constraint, Table } from "../../schema/model.js";
import { singleColumnConstraints } from "../compare/columns.js";
import { columnBuilder, defaultName, defaultValue, foreignKeyOptions, indexBuilder, indexParts, typeBuilder } from "./builders.js";
import { type Imports, key, literal, object, optionsArgument, sqlTemplate, str, stringArray } from "./code.js";

const WIDTH = 120;

function schemaOption(schema: string | undefined): readonly [string, string | undefined] {
  return ["schema", schema === undefined ? undefined : str(schema)];
}

/** The options argument of `createTable`; `lists` receives the items of each list option (for long ones). */
function tableOptions(
  table: Table,
  inline: ReadonlySet<Constraint>,
  imports: Imports,
  lists: Map<string, string[]>,
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
      const references = object([
        ["table", str(fk.referredTable)],
        ["columns", stringArray(fk.referredColumns)],
        schemaOption(fk.referredSchema),
      ]);
      return `foreignKey(${object([["columns", stringArray(fk.columns)], ["references", references], ...foreignKeyOptions(fk, table.name)])})`;
    });
  return [
    schemaOption(table.schema),
    ["comment", table.comment === undefined ? undefined : str(table.comment)],
    ["primaryKey", primaryKey],
    ["uniques", list("uniques", uniques)],
    ["checks", list("checks", checks)],
    ["foreignKeys", list("foreignKeys", foreignKeys)],
    [
      "indexes",
      list(
        "indexes",
        table.indexes.map((ix) => indexBuilder(ix, imports)),
      ),
    ],
  ];
}

function createTable(op: CreateTableOp, imports: Imports): string[] {
  const table = op.table;
  const inline = new Set<Constraint>();
  const columns = table.columns.map((column) => {
    // One constraint of each kind can sit on the column (a builder holds one); others go to the options.
    const constraints = singleColumnConstraints(table, column.name).filter((c, i, all) => all.findIndex((o) => o.kind === c.kind) === i);
    for (const c of constraints) inline.add(c);
    return `  ${key(column.name)}: ${columnBuilder(table.name, column, constraints, imports)},`;
  });
  const lists = new Map<string, string[]>();
  const options = tableOptions(table, inline, imports, lists).filter((entry): entry is readonly [string, string] => entry[1] !== undefined);
  const head = `await op.createTable(${str(table.name)}, {`;
  if (options.length === 0) return [head, ...columns, "});"];
  const inlineOptions = `}, ${object(options)});`;
  if (inlineOptions.length <= WIDTH) return [head, ...columns, inlineOptions];
  const lines = options.flatMap(([k, v]) => {
    const line = `  ${key(k)}: ${v},`;
    const items = lists.get(k);
    if (line.length <= WIDTH || items === undefined) return [line];
    return [`  ${key(k)}: [`, ...items.map((item) => `    ${item},`), "  ],"];
  });
  return [head, ...columns, "}, {", ...lines, "});"];
}

function alterColumn(op: AlterColumnOp, imports: Imports): string {
  const entries: (readonly [string, string | undefined])[] = [
    ["type", op.type === undefined ? undefined : typeBuilder(op.type.to, imports)],
    ["existingType", op.type?.from === undefined ? undefined : typeBuilder(op.type.from, imports)],
    ["using", op.type?.using === undefined ? undefined : sqlTemplate(op.type.using, imports)],
    ["nullable", op.nullable === undefined ? undefined : String(op.nullable.to)],
    ["existingNullable", op.nullable?.from === undefined ? undefined : String(op.nullable.from)],
    ["default", op.default === undefined ? undefined : defaultValue(op.default.to, imports)],
    ["existingDefault", op.default?.from === undefined ? undefined : defaultValue(op.default.from, imports)],
    ["comment", op.comment === undefined ? undefined : op.comment.to === null ? "null" : str(op.comment.to)],
    ["existingComment", op.comment?.from === undefined ? undefined : op.comment.from === null ? "null" : str(op.comment.from)],
    ["newName", op.newName === undefined ? undefined : str(op.newName)],
    schemaOption(op.schema),
  ];
  return `await op.alterColumn(${str(op.table)}, ${str(op.column)}, ${object(entries)});`;
}

function bulkValue(value: BulkValue, imports: Imports): string {
  if (value === null || typeof value !== "object") return literal(value);
  if (value instanceof Date) return `new Date(${str(value.toISOString())})`;
  if (value.kind === "sql") return sqlTemplate(value.sql, imports);
  return JSON.stringify(value.value);
}

/** The statement(s) for one operation. */
export function renderOperation(op: Operation, imports: Imports): string[] {
  switch (op.kind) {
    case "createTable":
      return createTable(op, imports);
    case "dropTable":
      return [
        `await op.dropTable(${str(op.name)}${optionsArgument([schemaOption(op.schema), ["cascade", op.cascade ? "true" : undefined]])});`,
      ];
    case "renameTable":
      return [`await op.renameTable(${str(op.name)}, ${str(op.newName)}${optionsArgument([schemaOption(op.schema)])});`];
    case "addColumn": {
      const builder = columnBuilder(op.table, op.column, op.constraints, imports);
      return [`await op.addColumn(${str(op.table)}, ${str(op.column.name)}, ${builder}${optionsArgument([schemaOption(op.schema)])});`];
    }
    case "dropColumn":
      return [`await op.dropColumn(${str(op.table)}, ${str(op.name)}${optionsArgument([schemaOption(op.schema)])});`];
    case "alterColumn":
      return [alterColumn(op, imports)];
    case "createIndex": {
      const parts = indexParts(op.index, imports);
      const options = [
        ...parts.options,
        schemaOption(op.schema),
        ["concurrently", op.concurrently ? "true" : undefined],
        ["ifNotExists", op.ifNotExists ? "true" : undefined],
      ] as const;
      return [`await op.createIndex(${str(op.index.name)}, ${str(op.table)}, ${parts.elements}${optionsArgument(options)});`];
    }
    case "dropIndex":
      return [
        `await op.dropIndex(${str(op.name)}${optionsArgument([["table", op.table === undefined ? undefined : str(op.table)], schemaOption(op.schema), ["concurrently", op.concurrently ? "true" : undefined], ["ifExists", op.ifExists ? "true" : undefined]])});`,
      ];
    case "createUniqueConstraint":
      return [
        `await op.createUniqueConstraint(${str(op.constraint.name)}, ${str(op.table)}, ${stringArray(op.constraint.columns)}${optionsArgument([schemaOption(op.schema), ["deferrable", op.constraint.deferrable === undefined ? undefined : str(op.constraint.deferrable)]])});`,
      ];
    case "createForeignKey": {
      const fk = op.constraint;
      const options = [
        ...foreignKeyOptions(fk, op.table).filter(([k]) => k !== "name"),
        ["sourceSchema", op.schema === undefined ? undefined : str(op.schema)],
        ["referentSchema", fk.referredSchema === undefined ? undefined : str(fk.referredSchema)],
      ] as const;
      return [
        `await op.createForeignKey(${str(fk.name)}, ${str(op.table)}, ${str(fk.referredTable)}, ${stringArray(fk.columns)}, ${stringArray(fk.referredColumns)}${optionsArgument(options)});`,
      ];
    }
    case "createCheckConstraint":
      return [
        `await op.createCheckConstraint(${str(op.constraint.name)}, ${str(op.table)}, ${sqlTemplate(op.constraint.expression, imports)}${optionsArgument([schemaOption(op.schema)])});`,
      ];
    case "createPrimaryKey":
      return [
        `await op.createPrimaryKey(${str(op.constraint.name)}, ${str(op.table)}, ${stringArray(op.constraint.columns)}${optionsArgument([schemaOption(op.schema)])});`,
      ];
    case "dropConstraint":
      return [
        `await op.dropConstraint(${str(op.name)}, ${str(op.table)}${optionsArgument([schemaOption(op.schema), ["ifExists", op.ifExists ? "true" : undefined], ["cascade", op.cascade ? "true" : undefined]])});`,
      ];
    case "createTableComment":
      return [
        `await op.createTableComment(${str(op.table)}, ${str(op.comment)}${optionsArgument([schemaOption(op.schema), ["existingComment", op.existing === undefined ? undefined : op.existing === null ? "null" : str(op.existing)]])});`,
      ];
    case "dropTableComment":
      return [
        `await op.dropTableComment(${str(op.table)}${optionsArgument([schemaOption(op.schema), ["existingComment", op.existing === undefined ? undefined : str(op.existing)]])});`,
      ];
    case "createEnum":
      return [
        `await op.createEnum(${str(op.enumType.name)}, ${stringArray(op.enumType.values)}${optionsArgument([schemaOption(op.enumType.schema)])});`,
      ];
    case "dropEnum":
      return [
        `await op.dropEnum(${str(op.name)}${optionsArgument([schemaOption(op.schema), ["ifExists", op.ifExists ? "true" : undefined], ["existingValues", op.existing === undefined ? undefined : stringArray(op.existing.values)]])});`,
      ];
    case "addEnumValue":
      return [
        `await op.addEnumValue(${str(op.enumName)}, ${str(op.value)}${optionsArgument([schemaOption(op.schema), ["before", op.before === undefined ? undefined : str(op.before)], ["after", op.after === undefined ? undefined : str(op.after)], ["ifNotExists", op.ifNotExists ? "true" : undefined]])});`,
      ];
    case "renameEnumValue":
      return [
        `await op.renameEnumValue(${str(op.enumName)}, ${str(op.from)}, ${str(op.to)}${optionsArgument([schemaOption(op.schema)])});`,
      ];
    case "createSequence": {
      const s = op.sequence;
      const number = (n: number | undefined) => n?.toString();
      return [
        `await op.createSequence(${str(s.name)}${optionsArgument([
          schemaOption(s.schema),
          ["dataType", s.dataType === undefined ? undefined : str(s.dataType)],
          ["start", number(s.start)],
          ["increment", number(s.increment)],
          ["minValue", number(s.minValue)],
          ["maxValue", number(s.maxValue)],
          ["cache", number(s.cache)],
          ["cycle", s.cycle ? "true" : undefined],
          [
            "ownedBy",
            s.ownedBy === undefined
              ? undefined
              : object([
                  ["table", str(s.ownedBy.table)],
                  ["column", str(s.ownedBy.column)],
                ]),
          ],
          ["ifNotExists", op.ifNotExists ? "true" : undefined],
        ])});`,
      ];
    }
    case "dropSequence":
      return [
        `await op.dropSequence(${str(op.name)}${optionsArgument([schemaOption(op.schema), ["ifExists", op.ifExists ? "true" : undefined]])});`,
      ];
    case "createSchema":
      return [
        `await op.createSchema(${str(op.name)}${optionsArgument([
          ["ifNotExists", op.ifNotExists ? "true" : undefined],
          ["authorization", op.authorization === undefined ? undefined : str(op.authorization)],
        ])});`,
      ];
    case "dropSchema":
      return [
        `await op.dropSchema(${str(op.name)}${optionsArgument([
          ["ifExists", op.ifExists ? "true" : undefined],
          ["cascade", op.cascade ? "true" : undefined],
        ])});`,
      ];
    case "execute":
      return [`await op.execute(${str(op.sql)});`];
    case "bulkInsert": {
      const rows = op.rows.map(
        (row) =>
          `  ${object(op.columns.map((column, i) => [column, row[i] === undefined ? undefined : bulkValue(row[i]!, imports)] as const))},`,
      );
      return [`await op.bulkInsert(${str(op.table)}, [`, ...rows, `]${optionsArgument([schemaOption(op.schema)])});`];
    }
    default:
      return assertNever(op, "operation");
  }
}
