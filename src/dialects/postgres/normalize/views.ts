import { frozen } from "../../../schema/freeze.js";
import type { ColumnType, View } from "../../../schema/model.js";
import { normalizeIndex } from "./indexes.js";
import { parseTypeName } from "./type.js";

const DEFAULT_SCHEMA = "public";

/** `name type` as the catalog lists a view's columns: the name (unquoted) and the type. */
function columnTypes(view: View): Map<string, ColumnType> {
  const types = new Map<string, ColumnType>();
  for (const entry of view.stored?.columns ?? []) {
    const match = /^("(?:[^"]|"")*"|\S+) (.+)$/.exec(entry);
    if (match === null) continue;
    const name = match[1]!.startsWith('"') ? match[1]!.slice(1, -1).replaceAll('""', '"') : match[1]!;
    types.set(name, parseTypeName(match[2]!));
  }
  return types;
}

/**
 * The canonical form of a view: the `public` schema as absent, names cut as PostgreSQL cuts them, a materialized
 * view's indexes in canonical form and sorted. The query is compared as the database stores it (`stored`), so its
 * text is left as written.
 */
export function normalizeView(view: View, canonicalName: (name: string) => string): View {
  const types = columnTypes(view);
  const indexes = (view.indexes ?? [])
    .map((ix) => normalizeIndex(ix, types, canonicalName(ix.name)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return frozen({
    ...view,
    name: canonicalName(view.name),
    schema: view.schema === DEFAULT_SCHEMA ? undefined : view.schema,
    indexes: indexes.length === 0 ? undefined : indexes,
  });
}
