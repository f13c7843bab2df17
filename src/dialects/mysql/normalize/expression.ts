/**
 * One spelling for an SQL expression (a check, a generated column, a default expression) as MySQL and MariaDB
 * give it back and as a model writes it: identifiers without backticks, keywords and functions in lower case,
 * no charset introducers (`_utf8mb4'a'`), whitespace collapsed, redundant outer parentheses gone, and the current
 * time as `current_timestamp()`. Text inside quotes is kept as written.
 */
export function normalizeExpression(sql: string): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const char = sql[i]!;
    if (char === "'" || char === '"') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === "\\") j += 2;
        else if (sql[j] === char && sql[j + 1] === char) j += 2;
        else if (sql[j] === char) break;
        else j++;
      }
      // Double-quoted strings are strings in MySQL's default mode; both read as single-quoted.
      const body = sql.slice(i + 1, j).replaceAll(`${char}${char}`, char);
      out += `'${body.replaceAll("'", "''")}'`;
      i = j + 1;
      continue;
    }
    if (char === "`") {
      const end = sql.indexOf("`", i + 1);
      out += end < 0 ? sql.slice(i + 1) : sql.slice(i + 1, end).toLowerCase();
      i = end < 0 ? sql.length : end + 1;
      continue;
    }
    out += char.toLowerCase();
    i++;
  }
  out = out
    .replace(/_(utf8mb4|utf8mb3|utf8|latin1|binary)(?=')/g, "")
    .replace(/\s+/g, " ")
    .replace(/\s*([(),])\s*/g, "$1")
    .replace(/\s*(<>|!=|<=|>=|=|<|>|\+|-|\*|\/)\s*/g, " $1 ")
    .replace(/,/g, ", ")
    .trim();
  out = out.replace(/\b(now|current_timestamp|localtimestamp)\b(\(\))?/g, "current_timestamp()");
  out = out.replace(/\bcurrent_timestamp\(\)\((\d+)\)/g, "current_timestamp($1)");
  out = out.replace(/\bcurrent_timestamp\(\)\(\)/g, "current_timestamp()");
  while (wrapped(out)) out = out.slice(1, -1).trim();
  return out;
}

/** Whether the whole text is one parenthesised group: `(a) and (b)` is not. */
function wrapped(text: string): boolean {
  if (!text.startsWith("(") || !text.endsWith(")")) return false;
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === "'") quoted = !quoted;
    if (quoted) continue;
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (depth === 0 && i < text.length - 1) return false;
  }
  return true;
}
