/**
 * The target schema from the models: every exported `table()` definition and `enumType()` of the
 * configured model modules (other exports are ignored), as a {@link SchemaSnapshot}; and the config's
 * filters applied to a snapshot, so that both sides of a comparison cover the same objects.
 */
import type { Dialect } from "../dialects/dialect.js";
import { enumIdentifiers, firstTooLong, tableIdentifiers, tooLongMessage } from "../dialects/identifiers.js";
import { RetortError } from "../errors.js";
import type { ColumnType, Domain, EnumType, Extension, Policy, Sequence, Table, View } from "../schema/model.js";
import { isDomain, isExtension } from "../schema/domain.js";
import type { SchemaSnapshot, SnapshotFilter } from "../schema/snapshot.js";
import { isEnumType } from "../schema/enum.js";
import { isView } from "../schema/view.js";
import { isSequence } from "../schema/sequence.js";
import { isRoutine } from "../schema/routine.js";
import { isTrigger } from "../schema/trigger.js";
import { modelRoutines } from "./model-routines.js";
import { isPolicy } from "../schema/security.js";
import { isTableDefinition, tableModel } from "../schema/table.js";
import { byCodeUnit, displayName, explicitSchema, objectKey, schemaKey } from "./names.js";

/** One loaded models module: its path (for messages) and its exports. */
export interface ModelModule {
  readonly path: string;
  readonly exports: Readonly<Record<string, unknown>>;
  /** Tables another model source (a Drizzle schema) declares, already read into the neutral model, by export name. */
  readonly tables?: Readonly<Record<string, Table>>;
}

function modelsError(message: string, hint: string, details: Record<string, unknown> = {}, cause?: unknown): RetortError {
  return new RetortError("models_invalid", message, { hint, details, ...(cause === undefined ? {} : { cause }) });
}

function enumsUsed(type: ColumnType): { name: string; schema?: string }[] {
  if (type.kind === "enum") return [type];
  if (type.kind === "array") return enumsUsed(type.element);
  return [];
}

const bySchemaAndName = (a: { schema?: string | undefined; name: string }, b: { schema?: string | undefined; name: string }) =>
  byCodeUnit(objectKey(a.schema, a.name), objectKey(b.schema, b.name));

/**
 * The snapshot the models declare. Throws `models_invalid` when a table's model is wrong, when two
 * different tables (or enums) share a name, when a column uses an enum type no module exports, or (given the
 * `dialect`) when a name is longer than the dialect keeps.
 */
export function modelSnapshot(modules: readonly ModelModule[], dialect?: Pick<Dialect, "name" | "maxIdentifierBytes">): SchemaSnapshot {
  const tables = new Map<string, { table: Table; where: string; adapted: boolean }>();
  const enums = new Map<string, { type: EnumType; where: string }>();
  const sequences = new Map<string, { sequence: Sequence; where: string }>();
  const domains = new Map<string, { domain: Domain; where: string }>();
  const extensions = new Map<string, { extension: Extension; where: string }>();
  const routines = modelRoutines();
  const views = new Map<string, { view: View; where: string }>();
  const policies = new Map<string, { policy: Policy; where: string }>();
  for (const module of modules) {
    const adapted = Object.entries(module.tables ?? {});
    for (const [name, value] of [...Object.entries(module.exports), ...adapted]) {
      const where = `${module.path} (export ${name})`;
      const isAdapted = module.tables !== undefined && module.tables[name] === value;
      if (isAdapted || isTableDefinition(value)) {
        let table: Table;
        try {
          table = isAdapted ? (value as Table) : tableModel(value as Parameters<typeof tableModel>[0]);
        } catch (cause) {
          const message = cause instanceof Error ? cause.message : String(cause);
          throw modelsError(
            `${where}: ${message}`,
            cause instanceof RetortError && cause.hint !== undefined ? cause.hint : "Fix the table's definition in the models.",
            { export: name },
            cause,
          );
        }
        const key = objectKey(table.schema, table.name);
        const seen = tables.get(key);
        if (seen !== undefined && seen.table !== table) {
          throw modelsError(
            `Two different tables are named ${displayName(table.schema, table.name)}: ${seen.where} and ${where}.`,
            "Rename one of them, or export the same table() once.",
          );
        }
        tables.set(key, { table, where, adapted: isAdapted });
      } else if (isEnumType(value)) {
        const key = objectKey(value.schema, value.name);
        const seen = enums.get(key);
        if (seen !== undefined && seen.type.values.join("\u0000") !== value.values.join("\u0000")) {
          throw modelsError(
            `Two different enum types are named ${displayName(value.schema, value.name)}: ${seen.where} and ${where}.`,
            "Rename one of them, or export the same enumType() once.",
          );
        }
        enums.set(key, { type: value, where });
      } else if (isSequence(value)) {
        const key = objectKey(value.schema, value.name);
        const seen = sequences.get(key);
        if (seen !== undefined && JSON.stringify(seen.sequence) !== JSON.stringify(value)) {
          throw modelsError(
            `Two different sequences are named ${displayName(value.schema, value.name)}: ${seen.where} and ${where}.`,
            "Rename one of them, or export the same sequence() once.",
          );
        }
        sequences.set(key, { sequence: value, where });
      } else if (isDomain(value) || isExtension(value)) {
        const key = isDomain(value) ? objectKey(value.schema, value.name) : value.name;
        const seen = isDomain(value) ? domains.get(key)?.domain : extensions.get(key)?.extension;
        if (seen !== undefined && JSON.stringify(seen) !== JSON.stringify(value)) {
          throw modelsError(
            `Two different ${value.kind}s are named ${displayName(value.schema, value.name)}: ${isDomain(value) ? domains.get(key)?.where : extensions.get(key)?.where} and ${where}.`,
            `Rename one of them, or export the same ${value.kind}() once.`,
          );
        }
        if (isDomain(value)) domains.set(key, { domain: value, where });
        else extensions.set(key, { extension: value, where });
      } else if (isRoutine(value) || isTrigger(value)) {
        routines.add(value, where);
      } else if (isView(value)) {
        const key = objectKey(value.schema, value.name);
        const seen = views.get(key);
        if (seen !== undefined && seen.view !== value) {
          throw modelsError(
            `Two different views are named ${displayName(value.schema, value.name)}: ${seen.where} and ${where}.`,
            "Rename one of them, or export the same view() once.",
          );
        }
        views.set(key, { view: value, where });
      } else if (isPolicy(value)) {
        collectPolicy(policies, value, where);
      }
    }
  }
  if (dialect !== undefined) {
    const max = dialect.maxIdentifierBytes;
    const declared = [
      ...[...tables.values()].map(({ table, where }) => ({ uses: tableIdentifiers(table), where })),
      ...[...enums.values()].map(({ type, where }) => ({ uses: enumIdentifiers(type), where })),
    ];
    for (const { uses, where } of declared) {
      const found = firstTooLong(uses, max);
      if (found === undefined) continue;
      const { message, hint } = tooLongMessage(found, max, dialect.name);
      throw modelsError(`${where}: ${message}`, hint, { name: found.name, bytes: found.bytes, limit: max });
    }
  }
  for (const { table, where, adapted } of tables.values()) {
    for (const column of table.columns) {
      for (const used of enumsUsed(column.type)) {
        if (!enums.has(objectKey(used.schema ?? table.schema, used.name)) && !enums.has(objectKey(used.schema, used.name))) {
          throw modelsError(
            `Column ${table.name}.${column.name} (${where}) uses the enum type ${displayName(used.schema, used.name)}, which no models module exports.`,
            !adapted
              ? `Export it: export const ${used.name} = enumType(${JSON.stringify(used.name)}, [...]), so autogenerate can create it with its values.`
              : `Export its pgEnum from the models module, so autogenerate can create it with its values.`,
          );
        }
      }
    }
  }
  checkPolicyTables(policies, tables);
  const tableList = [...tables.values()].map((entry) => entry.table).sort(bySchemaAndName);
  const enumList = [...enums.values()].map((entry) => entry.type).sort(bySchemaAndName);
  const viewList = [...views.values()].map((entry) => entry.view).sort(bySchemaAndName);
  const sequenceList = [...sequences.values()].map((entry) => entry.sequence).sort(bySchemaAndName);
  checkOwnedSequenceDefaults(tableList, sequenceList);
  const domainList = [...domains.values()].map((entry) => entry.domain).sort(bySchemaAndName);
  const extensionList = [...extensions.values()].map((entry) => entry.extension).sort((a, b) => byCodeUnit(a.name, b.name));
  const schemas = new Set<string>();
  for (const item of [...tableList, ...enumList, ...sequenceList, ...domainList, ...viewList]) {
    const schema = explicitSchema(item.schema);
    if (schema !== undefined) schemas.add(schema);
  }
  const declared = routines.snapshot(tableList);
  for (const item of [...(declared.routines ?? []), ...(declared.triggers ?? [])]) {
    const schema = explicitSchema(item.schema);
    if (schema !== undefined) schemas.add(schema);
  }
  const policyList = [...policies.values()].map((entry) => entry.policy).sort(byTableAndName);
  return {
    tables: tableList,
    enums: enumList,
    sequences: sequenceList,
    ...(domainList.length === 0 ? {} : { domains: domainList }),
    ...(extensionList.length === 0 ? {} : { extensions: extensionList }),
    ...(viewList.length === 0 ? {} : { views: viewList }),
    schemas: [...schemas].sort(byCodeUnit),
    ...declared,
    ...(policyList.length === 0 ? {} : { policies: policyList }),
  };
}

const byTableAndName = (a: Policy, b: Policy) =>
  byCodeUnit(`${objectKey(a.schema, a.table)}\u0000${a.name}`, `${objectKey(b.schema, b.table)}\u0000${b.name}`);

function collectPolicy(policies: Map<string, { policy: Policy; where: string }>, policy: Policy, where: string): void {
  const key = `${objectKey(policy.schema, policy.table)}\u0000${policy.name}`;
  const seen = policies.get(key);
  if (seen !== undefined && seen.policy !== policy) {
    throw modelsError(
      `Two different policies are named ${policy.name} on ${displayName(policy.schema, policy.table)}: ${seen.where} and ${where}.`,
      "Rename one of them, or export the same policy() once.",
    );
  }
  policies.set(key, { policy, where });
}

function checkPolicyTables(policies: Map<string, { policy: Policy; where: string }>, tables: Map<string, unknown>): void {
  for (const { policy, where } of policies.values()) {
    if (tables.has(objectKey(policy.schema, policy.table))) continue;
    throw modelsError(
      `Policy ${policy.name} (${where}) is on the table ${displayName(policy.schema, policy.table)}, which no models module exports.`,
      "Export the table from the models, or pass its table() definition as the policy's table.",
      { policy: policy.name },
    );
  }
}

/**
 * A column whose default is `nextval()` of a sequence OWNED BY that same column is what PostgreSQL makes of a
 * serial column, and reads back as one: such a model is refused with the way to write it.
 */
function checkOwnedSequenceDefaults(tables: readonly Table[], sequences: readonly Sequence[]): void {
  for (const sequence of sequences) {
    const owner = sequence.ownedBy;
    if (owner === undefined) continue;
    const table = tables.find((t) => t.name === owner.table && schemaKey(t.schema) === schemaKey(sequence.schema));
    const column = table?.columns.find((c) => c.name === owner.column);
    if (column?.default?.kind !== "expression" || !/^\s*nextval\s*\(/i.test(column.default.sql)) continue;
    if (!column.default.sql.includes(sequence.name)) continue;
    throw modelsError(
      `Column ${owner.table}.${owner.column} takes its default from the sequence ${displayName(sequence.schema, sequence.name)}, which is OWNED BY that column: PostgreSQL stores this as a serial column.`,
      "Declare the column serial() (or bigserial(), smallserial()) instead, or leave ownedBy out of the sequence.",
      { sequence: sequence.name, table: owner.table, column: owner.column },
    );
  }
}

/** True when `filter` leaves the table alone (excluded, the version table, or outside the compared schemas). */
export function isTableFiltered(schema: string | undefined, name: string, filter: SnapshotFilter): boolean {
  if (!filter.includeSchemas.map(schemaKey).includes(schemaKey(schema))) return true;
  if (name === filter.versionTable.table && schemaKey(schema) === schemaKey(filter.versionTable.schema)) return true;
  return filter.excludeTables.some((entry) => entry === name || entry === `${schemaKey(schema)}.${name}`);
}

/** `snapshot` restricted to what `filter` compares. */
export function filterSnapshot(snapshot: SchemaSnapshot, filter: SnapshotFilter): SchemaSnapshot {
  const included = new Set(filter.includeSchemas.map(schemaKey));
  return {
    tables: snapshot.tables.filter((t) => !isTableFiltered(t.schema, t.name, filter)),
    enums: snapshot.enums.filter((e) => included.has(schemaKey(e.schema))),
    sequences: snapshot.sequences.filter((s) => included.has(schemaKey(s.schema))),
    ...(snapshot.views === undefined ? {} : { views: snapshot.views.filter((v) => !isTableFiltered(v.schema, v.name, filter)) }),
    ...(snapshot.domains === undefined ? {} : { domains: snapshot.domains.filter((d) => included.has(schemaKey(d.schema))) }),
    // Extensions belong to the database, whichever schema holds their objects.
    ...(snapshot.extensions === undefined ? {} : { extensions: snapshot.extensions }),
    schemas: snapshot.schemas.filter((s) => included.has(s)),
    ...(snapshot.routines === undefined ? {} : { routines: snapshot.routines.filter((r) => included.has(schemaKey(r.schema))) }),
    ...(snapshot.triggers === undefined ? {} : { triggers: snapshot.triggers.filter((t) => !isTableFiltered(t.schema, t.table, filter)) }),
    ...(snapshot.policies === undefined ? {} : { policies: snapshot.policies.filter((p) => !isTableFiltered(p.schema, p.table, filter)) }),
  };
}
