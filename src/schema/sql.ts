import { SchemaError } from "../errors.js";

/** A fragment of SQL written by the user (a default such as `now()`, a check or index predicate, an index expression). */
export interface SqlExpression {
  readonly kind: "sql";
  readonly sql: string;
}

/** True when `value` is an {@link SqlExpression}. */
export function isSqlExpression(value: unknown): value is SqlExpression {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "sql" &&
    typeof (value as { sql?: unknown }).sql === "string"
  );
}

/**
 * Marks SQL text as an expression: `sql\`now()\``, `sql\`price > 0\``, `sql\`lower(title)\``.
 * Only other `sql` fragments may be interpolated; plain values are refused because they would be pasted in
 * unescaped.
 */
export function sql(strings: TemplateStringsArray, ...values: readonly SqlExpression[]): SqlExpression {
  let text = strings[0] ?? "";
  values.forEach((value, i) => {
    if (!isSqlExpression(value)) {
      throw new SchemaError(`sql\`…\` can only interpolate other sql\`…\` fragments, got ${JSON.stringify(value)}`, {
        hint: "Write the value into the template text, or build it with sql`…` (values are not escaped here).",
      });
    }
    text += value.sql + (strings[i + 1] ?? "");
  });
  return Object.freeze({ kind: "sql", sql: text });
}

/** The SQL text of a string or an {@link SqlExpression}. */
export function sqlText(value: string | SqlExpression): string {
  return typeof value === "string" ? value : value.sql;
}
