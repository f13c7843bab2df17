/**
 * The comments above an operation that autogenerate kept in a form that locks an existing table for as long as the
 * table takes to rewrite: why, the expand-and-contract plan a person should weigh, and the lint directive that
 * lets the revision through the production gate once reviewed (its reason starts with `TODO`).
 */
import type { ComparisonRules } from "../../dialects/dialect.js";
import { displayName } from "../names.js";
import type { SafeFormNote } from "../safe-form-notes.js";
import { type Imports, str } from "./code.js";
import { defaultValue, typeBuilder } from "./builders.js";

/** The comment lines (without `// `) and the lint directive (without `// `). */
export function reviewNote(
  note: SafeFormNote,
  imports: Imports,
  rules: ComparisonRules,
): { readonly plan: readonly string[]; readonly directive: string } {
  switch (note.kind) {
    case "rewritingTypeChange": {
      const op = note.operation;
      const table = displayName(op.schema, op.table);
      const column = op.newName ?? op.column;
      const fresh = `${column}_new`;
      const old = `${column}_old`;
      const schema = op.schema === undefined ? "" : `, { schema: ${str(op.schema)} }`;
      const schemaOption = op.schema === undefined ? "" : `, schema: ${str(op.schema)}`;
      const from = op.type?.from === undefined ? "its type" : rules.typeName(op.type.from);
      const to = op.type === undefined ? "" : rules.typeName(op.type.to);
      const builder = op.type === undefined ? "" : typeBuilder(op.type.to, imports);
      return {
        plan: [
          `TODO: review before running this in production. Changing ${table}.${column} from ${from} to ${to} rewrites the table`,
          `and its indexes under ${note.lock}: reads and writes wait until it ends. Keep it for a small table; for a big`,
          "or busy one, replace it with expand and contract (and change the models at each step):",
          `  1. add the new column: await op.addColumn(${str(op.table)}, ${str(fresh)}, ${builder}${schema});`,
          `  2. keep ${fresh} in step with ${column} (a trigger, or the application writing both) and fill it in batches;`,
          `  3. once every reader and writer uses ${fresh}, switch the names: await op.alterColumn(${str(op.table)}, ${str(column)}, { newName: ${str(old)}${schemaOption} });`,
          `     then await op.alterColumn(${str(op.table)}, ${str(fresh)}, { newName: ${str(column)}${schemaOption} });`,
          `  4. in a later revision, drop the old column: await op.dropColumn(${str(op.table)}, ${str(old)}${schema});`,
        ],
        directive: `retort-lint-disable-next-line type-change-rewrite: TODO review: rewrites ${table} (see the plan above)`,
      };
    }
    case "perRowDefault": {
      const op = note.operation;
      const table = displayName(op.schema, op.table);
      const column = op.column.name;
      const schemaOption = op.schema === undefined ? "" : `, schema: ${str(op.schema)}`;
      const setDefault =
        op.column.default === undefined
          ? []
          : [
              `  2. set the default for new rows: await op.alterColumn(${str(op.table)}, ${str(column)}, { default: ${defaultValue(op.column.default, imports)}, existingDefault: null${schemaOption} });`,
            ];
      return {
        plan: [
          `TODO: review before running this in production. ${note.value} is computed for every existing row, so adding`,
          `${table}.${column} rewrites the table under ${note.lock}: reads and writes wait until it ends. Keep it for a small`,
          "table; for a big or busy one, instead:",
          "  1. add the column nullable and without a default;",
          ...setDefault,
          `  ${setDefault.length + 2}. fill the existing rows in batches;`,
          `  ${setDefault.length + 3}. make it NOT NULL through a validated check (the next autogenerate writes that).`,
        ],
        directive: `retort-lint-disable-next-line add-column-volatile-default: TODO review: rewrites ${table} (see the plan above)`,
      };
    }
  }
}
