/**
 * What a Drizzle schema cannot declare although Retort models and compares it: comments, collations,
 * deferrable constraints, a foreign key to a table the file does not declare, the INCLUDE columns and NULLS NOT DISTINCT of an index, and the ordering or operator
 * class of an index expression. The Drizzle module leaves them out; its header counts them, since `retort check`
 * against the pulled database reports them.
 */
import { objectKey } from "../../autogenerate/names.js";
import type { SchemaSnapshot } from "../../schema/snapshot.js";

/** Singular and plural of each gap, in the order the header lists them. */
const GAPS = {
  tableComment: ["table comment", "table comments"],
  columnComment: ["column comment", "column comments"],
  collation: ["column collation", "column collations"],
  deferrable: ["deferrable constraint", "deferrable constraints"],
  foreignTarget: ["foreign key to a table the file does not declare", "foreign keys to tables the file does not declare"],
  indexInclude: ["index with INCLUDE columns", "indexes with INCLUDE columns"],
  indexNullsNotDistinct: ["unique index with NULLS NOT DISTINCT", "unique indexes with NULLS NOT DISTINCT"],
  expressionOrdering: ["index expression with an operator class or ordering", "index expressions with an operator class or ordering"],
} as const satisfies Record<string, readonly [string, string]>;

type Gap = keyof typeof GAPS;

/** `2 column comments`, … for each gap the snapshot has, in a stable order. */
export function drizzleGaps(snapshot: SchemaSnapshot): string[] {
  const counts = new Map<Gap, number>();
  const add = (gap: Gap, n = 1) => counts.set(gap, (counts.get(gap) ?? 0) + n);
  const declared = new Set(snapshot.tables.map((table) => objectKey(table.schema, table.name)));
  for (const table of snapshot.tables) {
    for (const fk of table.foreignKeys) if (!declared.has(objectKey(fk.referredSchema, fk.referredTable))) add("foreignTarget");
    if (table.comment !== undefined) add("tableComment");
    for (const column of table.columns) {
      if (column.comment !== undefined) add("columnComment");
      if (column.collation !== undefined) add("collation");
    }
    for (const constraint of [...table.uniqueConstraints, ...table.foreignKeys]) if (constraint.deferrable !== undefined) add("deferrable");
    for (const index of table.indexes) {
      if (index.include !== undefined && index.include.length > 0) add("indexInclude");
      if (index.nullsNotDistinct === true) add("indexNullsNotDistinct");
      const ordered = index.elements.filter(
        (e) => e.kind === "expression" && (e.opclass !== undefined || e.order !== undefined || e.nulls !== undefined),
      );
      if (ordered.length > 0) add("expressionOrdering", ordered.length);
    }
  }
  return (Object.keys(GAPS) as Gap[]).flatMap((gap) => {
    const count = counts.get(gap) ?? 0;
    const [one, many] = GAPS[gap];
    return count > 0 ? [`${count} ${count === 1 ? one : many}`] : [];
  });
}
