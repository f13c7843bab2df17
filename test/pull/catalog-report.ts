/**
 * Two normalised snapshots compared kind by kind, for the report of the real-schema round trips: each object of
 * the original is expressible; it round-trips when the rebuilt database holds the same object, equal in every
 * field; a difference is an object missing, added or changed.
 */
import type { Column, Table } from "../../src/schema/model.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";

export const KINDS = [
  "table",
  "column",
  "type",
  "nullability",
  "default",
  "identity",
  "primary key",
  "unique",
  "foreign key",
  "check",
  "index",
  "enum",
  "comment",
  "sequence",
] as const;
export type Kind = (typeof KINDS)[number];

export interface KindRow {
  readonly kind: Kind;
  readonly expressible: number;
  readonly roundTripped: number;
  readonly differences: readonly string[];
}

type Items = Map<string, string>;

function tableKey(table: Table): string {
  return `${table.schema ?? "public"}.${table.name}`;
}

function columnItems(table: Table, pick: (column: Column) => unknown, only?: (column: Column) => boolean): [string, string][] {
  return table.columns
    .filter((column) => only?.(column) ?? true)
    .map((column) => [`${tableKey(table)}.${column.name}`, JSON.stringify(pick(column))]);
}

/** Every object of `snapshot` of `kind`, keyed by name, with its canonical JSON. */
function items(snapshot: SchemaSnapshot, kind: Kind): Items {
  const tables = snapshot.tables;
  const entries: [string, string][] = (() => {
    switch (kind) {
      case "table":
        return tables.map((t): [string, string] => [tableKey(t), JSON.stringify(t.columns.map((c) => c.name))]);
      case "column":
        return tables.flatMap((t) => columnItems(t, (c) => c));
      case "type":
        return tables.flatMap((t) => columnItems(t, (c) => c.type));
      case "nullability":
        return tables.flatMap((t) => columnItems(t, (c) => c.nullable));
      case "default":
        return tables.flatMap((t) =>
          columnItems(
            t,
            (c) => c.default,
            (c) => c.default !== undefined,
          ),
        );
      case "identity":
        return tables.flatMap((t) =>
          columnItems(
            t,
            (c) => c.identity,
            (c) => c.identity !== undefined,
          ),
        );
      case "primary key":
        return tables.flatMap((t) =>
          t.primaryKey === undefined ? [] : [[`${tableKey(t)}.${t.primaryKey.name}`, JSON.stringify(t.primaryKey)]],
        );
      case "unique":
        return tables.flatMap((t) => t.uniqueConstraints.map((c): [string, string] => [`${tableKey(t)}.${c.name}`, JSON.stringify(c)]));
      case "foreign key":
        return tables.flatMap((t) => t.foreignKeys.map((c): [string, string] => [`${tableKey(t)}.${c.name}`, JSON.stringify(c)]));
      case "check":
        return tables.flatMap((t) => t.checkConstraints.map((c): [string, string] => [`${tableKey(t)}.${c.name}`, JSON.stringify(c)]));
      case "index":
        return tables.flatMap((t) => t.indexes.map((i): [string, string] => [`${tableKey(t)}.${i.name}`, JSON.stringify(i)]));
      case "enum":
        return snapshot.enums.map((e): [string, string] => [`${e.schema ?? "public"}.${e.name}`, JSON.stringify(e.values)]);
      case "comment":
        return tables.flatMap((t) => [
          ...(t.comment === undefined ? [] : [[tableKey(t), t.comment] as [string, string]]),
          ...columnItems(
            t,
            (c) => c.comment,
            (c) => c.comment !== undefined,
          ),
        ]);
      case "sequence":
        return snapshot.sequences.map((s): [string, string] => [`${s.schema ?? "public"}.${s.name}`, JSON.stringify(s)]);
    }
  })();
  return new Map(entries);
}

/** One row per kind: what the original has, what came back equal, and each difference named. */
export function compareByKind(original: SchemaSnapshot, rebuilt: SchemaSnapshot, kinds: readonly Kind[] = KINDS): KindRow[] {
  return kinds.map((kind) => {
    const from = items(original, kind);
    const to = items(rebuilt, kind);
    const differences: string[] = [];
    let roundTripped = 0;
    for (const [key, value] of from) {
      const other = to.get(key);
      if (other === value) roundTripped += 1;
      else differences.push(other === undefined ? `${kind} ${key}: missing` : `${kind} ${key}: ${value} became ${other}`);
    }
    for (const key of to.keys()) if (!from.has(key)) differences.push(`${kind} ${key}: added`);
    return { kind, expressible: from.size, roundTripped, differences };
  });
}

/** The rows as a markdown table, its columns padded as the formatter (Biome) writes them. */
export function reportTable(rows: readonly KindRow[]): string[] {
  const header = ["kind", "expressible", "round-tripped", "differences"];
  const cells = rows.map((row) => [row.kind, String(row.expressible), String(row.roundTripped), String(row.differences.length)]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => (line[i] ?? "").length)));
  const line = (values: readonly string[]) =>
    `| ${values.map((value, i) => (i === 0 ? value.padEnd(widths[i] ?? 0) : value.padStart(widths[i] ?? 0))).join(" | ")} |`;
  const rule = `| ${widths.map((width, i) => (i === 0 ? "-".repeat(width) : `${"-".repeat(width - 1)}:`)).join(" | ")} |`;
  return [line(header), rule, ...cells.map(line)];
}
