/**
 * Random models for the round-trip test: a plain description of tables (`Model`), a seeded generator of a
 * model A and of a sequence of changes that turns it into B, and the models source file (the `retort/schema`
 * DSL) a user would write for each. Everything is drawn from one seed, so a failing seed replays exactly.
 */

/** A small, fast, seedable PRNG (mulberry32). */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

export type ColumnType =
  | { readonly kind: "integer" | "bigint" | "smallint" | "text" | "boolean" | "date" | "uuid" | "jsonb" | "enum" }
  | { readonly kind: "timestamp"; readonly tz: boolean }
  | { readonly kind: "varchar"; readonly length: number }
  | { readonly kind: "numeric"; readonly precision: number; readonly scale: number }
  | { readonly kind: "array"; readonly element: "integer" | "text" };

export interface ModelColumn {
  name: string;
  type: ColumnType;
  notNull: boolean;
  /** DSL source of the default (`7`, `"x"`, ``sql`now()` ``). */
  default?: string;
  comment?: string;
  /** A text column's collation. */
  collation?: "C" | "POSIX";
  unique?: boolean;
  references?: { table: string; onDelete?: string; onUpdate?: string };
}

export interface ModelCheck {
  name?: string;
  /** SQL text, as written in ``sql`…` ``. */
  expression: string;
  /** The columns it mentions (dropped with any of them). */
  columns: string[];
}

export interface ModelIndex {
  name: string;
  /** DSL source of each element: `"c_1"` or ``sql`lower(c_1)` ``. */
  elements: string[];
  unique: boolean;
  where?: string;
  method?: string;
  columns: string[];
}

export interface ModelUnique {
  name?: string;
  columns: string[];
  nullsNotDistinct?: boolean;
}

export interface ModelTable {
  name: string;
  columns: ModelColumn[];
  checks: ModelCheck[];
  indexes: ModelIndex[];
  uniques: ModelUnique[];
  comment?: string;
}

export interface Model {
  tables: ModelTable[];
  /** Names are never reused, so a drop and an add are never one object renamed. */
  counter: number;
}

export const ENUM_LABELS = ["sad", "ok", "happy"] as const;

const fresh = (model: Model, prefix: string): string => `${prefix}_${++model.counter}`;

function randomType(random: Random): ColumnType {
  switch (random.int(0, 13)) {
    case 0:
      return { kind: "integer" };
    case 1:
      return { kind: "bigint" };
    case 2:
      return { kind: "smallint" };
    case 3:
      return { kind: "text" };
    case 4:
      return { kind: "varchar", length: random.pick([10, 40, 255]) };
    case 5:
      return { kind: "numeric", precision: random.pick([8, 10, 12]), scale: random.pick([0, 2, 4]) };
    case 6:
      return { kind: "boolean" };
    case 7:
      return { kind: "date" };
    case 8:
      return { kind: "timestamp", tz: false };
    case 9:
      return { kind: "timestamp", tz: true };
    case 10:
      return { kind: "uuid" };
    case 11:
      return { kind: "jsonb" };
    case 12:
      return { kind: "array", element: random.pick(["integer", "text"] as const) };
    default:
      return { kind: "enum" };
  }
}

const isInteger = (t: ColumnType) => t.kind === "integer" || t.kind === "bigint" || t.kind === "smallint";
const isText = (t: ColumnType) => t.kind === "text" || t.kind === "varchar";

function randomDefault(random: Random, type: ColumnType): string | undefined {
  switch (type.kind) {
    case "integer":
    case "bigint":
    case "smallint":
      return random.pick(["7", "0", "sql`(1 + 1)`", "sql`(2 * 3)`", "sql`'5'::integer`", "-3"]);
    case "text":
    case "varchar":
      return random.pick(['"hello"', "sql`lower('X')`", "sql`'abc'::text`", '""', "sql`upper('y')`"]);
    case "numeric":
      return random.pick(["1.5", "0", "sql`(0.5 + 1)`", "sql`'2.25'::numeric`"]);
    case "boolean":
      return random.pick(["true", "false", "sql`true`"]);
    case "date":
      return random.pick(["sql`CURRENT_DATE`", '"2024-01-31"', "sql`('now'::text)::date`"]);
    case "timestamp":
      return random.pick(["sql`now()`", "sql`CURRENT_TIMESTAMP`", "sql`(now() + '1 day'::interval)`"]);
    case "uuid":
      return "sql`gen_random_uuid()`";
    case "jsonb":
      return random.pick(["sql`'{}'::jsonb`", "sql`'[]'::jsonb`", 'sql`\'{"a": 1, "b": [true, null]}\'::jsonb`']);
    case "array":
      return type.element === "integer"
        ? random.pick(["sql`'{}'::integer[]`", "sql`ARRAY[1, 2]`"])
        : random.pick(["sql`'{}'::text[]`", "sql`ARRAY['a', 'b']`"]);
    case "enum":
      return random.pick(ENUM_LABELS.map((label) => JSON.stringify(label)));
  }
}

function randomColumn(random: Random, model: Model, tables: readonly ModelTable[]): ModelColumn {
  const name = fresh(model, "c");
  // A foreign key to some table's id.
  if (tables.length > 0 && random.chance(0.2)) {
    const target = random.pick(tables);
    const action = () => random.pick([undefined, "cascade", "restrict", "set null", "no action"]);
    return {
      name,
      type: { kind: "integer" },
      notNull: random.chance(0.3),
      references: { table: target.name, onDelete: action(), onUpdate: action() },
    };
  }
  const type = randomType(random);
  const column: ModelColumn = { name, type, notNull: random.chance(0.3) };
  if (random.chance(0.45)) column.default = randomDefault(random, type);
  if (random.chance(0.2)) column.comment = random.pick(["a column", "what it's for", "ünïcode"]);
  if (random.chance(0.1) && (isInteger(type) || isText(type) || type.kind === "uuid")) column.unique = true;
  if (isText(type) && random.chance(0.15)) column.collation = random.pick(["C", "POSIX"] as const);
  return column;
}

function randomCheck(random: Random, model: Model, table: ModelTable): ModelCheck | undefined {
  const candidates = table.columns.filter((c) => c.name !== "id" && (isInteger(c.type) || isText(c.type) || c.type.kind === "numeric"));
  if (candidates.length === 0) return undefined;
  const column = random.pick(candidates);
  const c = column.name;
  // `IN (…)` on a varchar column is left out: PostgreSQL stores it in a form no SQL text parses back to, so a
  // downgrade restores an equivalent check spelled differently (README "Testing").
  const inList = column.type.kind === "text" ? [`${c} IN ('a', 'b', 'c')`] : [];
  const expression = isText(column.type)
    ? random.pick([`length(${c}) > 0`, `${c} <> ''`, ...inList, `lower(${c}) = ${c}`])
    : random.pick([`${c} > 0.5`, `${c} BETWEEN 1 AND 10`, `${c} IN (1, 2, 3)`, `${c} >= 0`, `${c} * 2 < 1000`]);
  // Retort names an unnamed check `<table>_check`, so a table has at most one.
  const named = random.chance(0.6) || table.checks.some((k) => k.name === undefined);
  return { ...(named ? { name: fresh(model, "ck") } : {}), expression, columns: [c] };
}

function randomIndex(random: Random, model: Model, table: ModelTable): ModelIndex | undefined {
  const candidates = table.columns.filter((c) => c.type.kind !== "jsonb" && c.type.kind !== "array");
  if (candidates.length === 0) return undefined;
  const name = fresh(model, "ix");
  const column = random.pick(candidates);
  const c = column.name;
  const roll = random.int(0, 4);
  const jsonb = table.columns.find((col) => col.type.kind === "jsonb");
  if (roll === 0 && jsonb !== undefined) {
    return { name, elements: [JSON.stringify(jsonb.name)], unique: false, method: "gin", columns: [jsonb.name] };
  }
  if (roll === 1 && isText(column.type)) return { name, elements: [`sql\`lower(${c})\``], unique: random.chance(0.3), columns: [c] };
  if (roll === 2 && isInteger(column.type)) return { name, elements: [`sql\`(${c} + 1)\``], unique: false, columns: [c] };
  const second = random.chance(0.3) ? random.pick(candidates) : undefined;
  const columns = second === undefined || second.name === c ? [c] : [c, second.name];
  const index: ModelIndex = { name, elements: columns.map((n) => JSON.stringify(n)), unique: random.chance(0.3), columns };
  if (random.chance(0.4)) {
    index.where = isInteger(column.type) ? `${c} > 1` : `${c} IS NOT NULL`;
  }
  return index;
}

function randomUnique(random: Random, model: Model, table: ModelTable): ModelUnique | undefined {
  const candidates = table.columns.filter((c) => c.name !== "id" && c.type.kind !== "jsonb" && c.type.kind !== "array");
  if (candidates.length === 0) return undefined;
  const first = random.pick(candidates);
  const second = random.pick(candidates);
  const columns = first.name === second.name ? [first.name] : [first.name, second.name];
  // Unnamed ones are named after their columns: a second on the same columns needs a name.
  const key = columns.join(",");
  const taken =
    table.uniques.some((u) => u.name === undefined && u.columns.join(",") === key) ||
    table.columns.some((col) => col.unique && col.name === key);
  return {
    ...(random.chance(0.5) || taken ? { name: fresh(model, "uq") } : {}),
    columns,
    ...(random.chance(0.3) ? { nullsNotDistinct: true } : {}),
  };
}

function randomTable(random: Random, model: Model, others: readonly ModelTable[]): ModelTable {
  const table: ModelTable = {
    name: fresh(model, "t"),
    columns: [{ name: "id", type: { kind: "integer" }, notNull: true }],
    checks: [],
    indexes: [],
    uniques: [],
  };
  const count = random.int(1, 6);
  for (let i = 0; i < count; i++) table.columns.push(randomColumn(random, model, [...others, table]));
  for (let i = random.int(0, 2); i > 0; i--) push(table.checks, randomCheck(random, model, table));
  for (let i = random.int(0, 2); i > 0; i--) push(table.indexes, randomIndex(random, model, table));
  if (random.chance(0.3)) push(table.uniques, randomUnique(random, model, table));
  if (random.chance(0.3)) table.comment = random.pick(["a table", "it's quoted", "line\nbreak"]);
  return table;
}

function push<T>(list: T[], item: T | undefined): void {
  if (item !== undefined) list.push(item);
}

/** Model A of a seed: 1 to 6 tables. */
export function randomModel(random: Random): Model {
  const model: Model = { tables: [], counter: 0 };
  const count = random.int(1, 6);
  for (let i = 0; i < count; i++) model.tables.push(randomTable(random, model, model.tables));
  return model;
}

const copy = (model: Model): Model => structuredClone(model);

/** Tables whose id another table refers to (other than itself). */
function referenced(model: Model, table: ModelTable): boolean {
  return model.tables.some((t) => t !== table && t.columns.some((c) => c.references?.table === table.name));
}

/** A column type PostgreSQL converts in place from `type`, or undefined. */
function widerType(random: Random, type: ColumnType): ColumnType | undefined {
  switch (type.kind) {
    case "smallint":
      return { kind: random.pick(["integer", "bigint"] as const) };
    case "integer":
      return { kind: "bigint" };
    case "varchar":
      return random.chance(0.5) ? { kind: "text" } : { kind: "varchar", length: type.length + 50 };
    case "text":
      return { kind: "varchar", length: 500 };
    case "numeric":
      return { kind: "numeric", precision: type.precision + 4, scale: type.scale };
    case "timestamp":
      return { kind: "timestamp", tz: !type.tz };
    default:
      return undefined;
  }
}

const indexSignature = (ix: ModelIndex) => JSON.stringify([ix.elements, ix.unique, ix.where, ix.method]);
const uniqueSignature = (u: ModelUnique) => u.columns.join(",");

/**
 * Whether an index, check or unique constraint added to `table` repeats one of A's or B's under another name:
 * autogenerate leaves an object that is only renamed alone, so that change would not be made.
 */
function twin(original: Model, table: ModelTable, added: ModelIndex | ModelCheck | ModelUnique): boolean {
  const tables = [table, ...original.tables.filter((t) => t.name === table.name)];
  if ("elements" in added) return tables.some((t) => t.indexes.some((ix) => indexSignature(ix) === indexSignature(added)));
  if ("expression" in added) return tables.some((t) => t.checks.some((c) => c.expression === added.expression));
  return tables.some((t) => t.uniques.some((u) => uniqueSignature(u) === uniqueSignature(added)));
}

/** One random change, applied to `model` in place; a description of it. */
function randomChange(random: Random, model: Model, original: Model): string | undefined {
  const table = model.tables.length === 0 ? undefined : random.pick(model.tables);
  const roll = random.int(0, 13);
  if (table === undefined || roll === 0) {
    const added = randomTable(random, model, model.tables);
    model.tables.push(added);
    return `add table ${added.name}`;
  }
  const columns = table.columns.filter((c) => c.name !== "id");
  const column = columns.length === 0 ? undefined : random.pick(columns);
  switch (roll) {
    case 1: {
      if (referenced(model, table) || model.tables.length === 1) return undefined;
      model.tables = model.tables.filter((t) => t !== table);
      return `drop table ${table.name}`;
    }
    case 2: {
      const added = randomColumn(random, model, model.tables);
      table.columns.push(added);
      return `add column ${table.name}.${added.name}`;
    }
    case 3: {
      if (column === undefined) return undefined;
      table.columns = table.columns.filter((c) => c !== column);
      const mentions = (names: readonly string[]) => names.includes(column.name);
      table.checks = table.checks.filter((c) => !mentions(c.columns));
      table.indexes = table.indexes.filter((ix) => !mentions(ix.columns));
      table.uniques = table.uniques.filter((u) => !mentions(u.columns));
      return `drop column ${table.name}.${column.name}`;
    }
    case 4: {
      if (column === undefined || column.references !== undefined) return undefined;
      const type = widerType(random, column.type);
      if (type === undefined) return undefined;
      column.type = type;
      return `alter type ${table.name}.${column.name}`;
    }
    case 5:
      if (column === undefined) return undefined;
      column.notNull = !column.notNull;
      return `alter nullability ${table.name}.${column.name}`;
    case 6: {
      if (column === undefined || column.references !== undefined) return undefined;
      if (column.default !== undefined && random.chance(0.5)) delete column.default;
      else column.default = randomDefault(random, column.type);
      return `alter default ${table.name}.${column.name}`;
    }
    case 7: {
      const check = randomCheck(random, model, table);
      if (check === undefined || twin(original, table, check)) return undefined;
      table.checks.push(check);
      return `add check on ${table.name}`;
    }
    case 8:
      if (table.checks.length === 0) return undefined;
      table.checks.splice(random.int(0, table.checks.length - 1), 1);
      return `drop check on ${table.name}`;
    case 9: {
      const index = randomIndex(random, model, table);
      if (index === undefined || twin(original, table, index)) return undefined;
      table.indexes.push(index);
      return `add index ${index.name}`;
    }
    case 10:
      if (table.indexes.length === 0) return undefined;
      return `drop index ${table.indexes.splice(random.int(0, table.indexes.length - 1), 1)[0]?.name}`;
    case 11: {
      if (table.uniques.length > 0 && random.chance(0.5)) {
        table.uniques.pop();
        return `drop unique on ${table.name}`;
      }
      const added = randomUnique(random, model, table);
      if (added === undefined || twin(original, table, added)) return undefined;
      table.uniques.push(added);
      return `add unique on ${table.name}`;
    }
    case 12:
      if (table.comment !== undefined && random.chance(0.4)) delete table.comment;
      else table.comment = random.pick(["changed", "another comment", "it's new"]);
      return `comment on ${table.name}`;
    default:
      if (column === undefined) return undefined;
      if (isText(column.type) && random.chance(0.3)) {
        if (column.collation !== undefined && random.chance(0.5)) delete column.collation;
        else column.collation = column.collation === "C" ? "POSIX" : "C";
        return `collation of ${table.name}.${column.name}`;
      }
      if (column.comment !== undefined && random.chance(0.4)) delete column.comment;
      else column.comment = random.pick(["changed", "new words"]);
      return `comment on ${table.name}.${column.name}`;
  }
}

/** Model B: 1 to 5 random changes of a copy of A, with what they were. */
export function randomChanges(random: Random, a: Model): { model: Model; changes: string[] } {
  const model = copy(a);
  const changes: string[] = [];
  const wanted = random.int(1, 5);
  for (let tries = 0; changes.length < wanted && tries < 50; tries++) push(changes, randomChange(random, model, a));
  return { model, changes };
}

function typeSource(type: ColumnType): string {
  switch (type.kind) {
    case "timestamp":
      return type.tz ? "timestamptz()" : "timestamp()";
    case "varchar":
      return `varchar(${type.length})`;
    case "numeric":
      return `numeric(${type.precision}, ${type.scale})`;
    case "array":
      return `array(${type.element}())`;
    case "enum":
      return "enumColumn(mood)";
    default:
      return `${type.kind}()`;
  }
}

function columnSource(column: ModelColumn): string {
  let source = column.name === "id" ? "integer().primaryKey()" : typeSource(column.type);
  if (column.collation !== undefined && isText(column.type)) source += `.collate("${column.collation}")`;
  if (column.notNull && column.name !== "id") source += ".notNull()";
  if (column.default !== undefined) source += `.default(${column.default})`;
  if (column.unique) source += ".unique()";
  if (column.references !== undefined) {
    const { table, onDelete, onUpdate } = column.references;
    const options = [onDelete && `onDelete: "${onDelete}"`, onUpdate && `onUpdate: "${onUpdate}"`].filter(Boolean).join(", ");
    source += `.references(() => ${table}.id${options ? `, { ${options} }` : ""})`;
  }
  if (column.comment !== undefined) source += `.comment(${JSON.stringify(column.comment)})`;
  return `  ${column.name}: ${source},`;
}

function tableSource(table: ModelTable): string {
  const options: string[] = [];
  if (table.comment !== undefined) options.push(`  comment: ${JSON.stringify(table.comment)},`);
  if (table.checks.length > 0) {
    const checks = table.checks.map((c) =>
      c.name === undefined ? `check(sql\`${c.expression}\`)` : `check("${c.name}", sql\`${c.expression}\`)`,
    );
    options.push(`  checks: [${checks.join(", ")}],`);
  }
  if (table.indexes.length > 0) {
    const indexes = table.indexes.map((ix) => {
      const extra = [ix.unique && "unique: true", ix.where && `where: sql\`${ix.where}\``, ix.method && `method: "${ix.method}"`].filter(
        Boolean,
      );
      return `index("${ix.name}", [${ix.elements.join(", ")}]${extra.length > 0 ? `, { ${extra.join(", ")} }` : ""})`;
    });
    options.push(`  indexes: [${indexes.join(", ")}],`);
  }
  if (table.uniques.length > 0) {
    const uniques = table.uniques.map((u) => {
      const extra = [u.name !== undefined && `name: "${u.name}"`, u.nullsNotDistinct && "nullsNotDistinct: true"].filter(Boolean);
      return `unique(${JSON.stringify(u.columns)}${extra.length > 0 ? `, { ${extra.join(", ")} }` : ""})`;
    });
    options.push(`  uniques: [${uniques.join(", ")}],`);
  }
  const columns = table.columns.map(columnSource).join("\n");
  return `export const ${table.name} = table("${table.name}", {\n${columns}\n}${options.length > 0 ? `, {\n${options.join("\n")}\n}` : ""});\n`;
}

/** The models file of `model`, as a user writes it. */
export function modelSource(model: Model): string {
  const usesEnum = model.tables.some((t) => t.columns.some((c) => c.type.kind === "enum"));
  return [
    'import { array, bigint, boolean, check, date, enumColumn, enumType, index, integer, jsonb, numeric, smallint, sql, table, text, timestamp, timestamptz, unique, uuid, varchar } from "retort/schema";',
    usesEnum ? `export const mood = enumType("mood", ${JSON.stringify(ENUM_LABELS)});` : "",
    ...model.tables.map(tableSource),
  ].join("\n");
}
