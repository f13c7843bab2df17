/**
 * Renames: a dropped and an added table (or column) with the same definition may be one object renamed.
 * Autogenerate never guesses (STYLE habit 7): it asks a {@link RenameResolver} — a prompt on a terminal,
 * `--rename` / `--not-renamed` flags elsewhere, and otherwise a {@link RenameDecisionError} that lists the
 * decisions it needs.
 */
import { RetortError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import type { Column, ForeignKey, Index, Table } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { sameColumnDefinition } from "./compare/equality.js";
import { byCodeUnit, displayName, objectKey } from "./names.js";

/** One open question: was `from` (dropped) renamed to one of `candidates` (added, same definition)? */
export interface RenameQuestion {
  readonly kind: "table" | "column";
  readonly schema?: string;
  /** For a column: the table it belongs to. */
  readonly table?: string;
  readonly from: string;
  readonly candidates: readonly string[];
}

/** The answer to a {@link RenameQuestion}: the new name, or `null` for "dropped, and the other one created". */
export interface RenameDecision {
  readonly kind: "table" | "column";
  readonly schema?: string;
  readonly table?: string;
  readonly from: string;
  readonly to: string | null;
}

/** Answers rename questions (all of them, or throws). Injected: a prompt, flags, or a failure. */
export type RenameResolver = (questions: readonly RenameQuestion[]) => Promise<readonly RenameDecision[]>;

/** How a question's object is named on the command line: `movies`, `inventory.items`, `movies.title`. */
export function renameLabel(question: Pick<RenameQuestion, "kind" | "schema" | "table" | "from">): string {
  if (question.kind === "table") return displayName(question.schema, question.from);
  // Stryker disable next-line StringLiteral: a column question always names its table; the fallback only satisfies the type
  const table = question.table ?? "";
  return `${displayName(question.schema, table)}.${question.from}`;
}

function sameTableDefinition(a: Table, b: Table): boolean {
  // Partitions list no columns (they are their parents'): a dropped one and a new one are two partitions.
  if (a.partitionOf !== undefined || b.partitionOf !== undefined) return false;
  if (a.columns.length !== b.columns.length) return false;
  const byName = new Map(b.columns.map((c) => [c.name, c]));
  return a.columns.every((column) => {
    const other = byName.get(column.name);
    return other !== undefined && sameColumnDefinition(column, other);
  });
}

/** The rename questions between two snapshots (default schema left out on both sides), in name order. */
export function findRenameQuestions(from: SchemaSnapshot, to: SchemaSnapshot): RenameQuestion[] {
  const questions: RenameQuestion[] = [];
  const toKeys = new Map(to.tables.map((t) => [objectKey(t.schema, t.name), t]));
  const fromKeys = new Map(from.tables.map((t) => [objectKey(t.schema, t.name), t]));
  const dropped = from.tables.filter((t) => !toKeys.has(objectKey(t.schema, t.name)));
  const added = to.tables.filter((t) => !fromKeys.has(objectKey(t.schema, t.name)));
  for (const table of dropped) {
    const candidates = added
      .filter((t) => objectKey(t.schema, "") === objectKey(table.schema, "") && sameTableDefinition(table, t))
      .map((t) => t.name)
      .sort(byCodeUnit);
    if (candidates.length > 0) questions.push(withSchema({ kind: "table", from: table.name, candidates }, table.schema));
  }
  for (const table of from.tables) {
    const next = toKeys.get(objectKey(table.schema, table.name));
    if (next === undefined) continue;
    const oldNames = new Set(table.columns.map((c) => c.name));
    const newNames = new Set(next.columns.map((c) => c.name));
    const addedColumns = next.columns.filter((c) => !oldNames.has(c.name));
    for (const column of table.columns) {
      if (newNames.has(column.name)) continue;
      const candidates = addedColumns
        .filter((c) => sameColumnDefinition(column, c))
        .map((c) => c.name)
        .sort(byCodeUnit);
      if (candidates.length > 0)
        questions.push(withSchema({ kind: "column", table: table.name, from: column.name, candidates }, table.schema));
    }
  }
  return questions.sort((a, b) =>
    byCodeUnit(`${a.kind === "table" ? 0 : 1}${renameLabel(a)}`, `${b.kind === "table" ? 0 : 1}${renameLabel(b)}`),
  );
}

function withSchema<T extends object>(value: T, schema: string | undefined): T & { schema?: string } {
  return schema === undefined ? value : { ...value, schema };
}

/** Pairs each question with its decision; a missing, unknown or doubly used answer throws. */
export function checkDecisions(questions: readonly RenameQuestion[], decisions: readonly RenameDecision[]): RenameDecision[] {
  const byLabel = new Map(decisions.map((d) => [`${d.kind}:${renameLabel(d)}`, d]));
  const used = new Set<string>();
  const result: RenameDecision[] = [];
  const missing: RenameQuestion[] = [];
  for (const question of questions) {
    const decision = byLabel.get(`${question.kind}:${renameLabel(question)}`);
    if (decision === undefined) {
      missing.push(question);
      continue;
    }
    if (decision.to !== null) {
      if (!question.candidates.includes(decision.to)) {
        throw new RetortError(
          "usage",
          `${renameLabel(question)} cannot be renamed to ${decision.to}: it is not an added ${question.kind} with the same definition.`,
          {
            hint: `Candidates: ${question.candidates.join(", ")}.`,
          },
        );
      }
      const scope = `${question.kind}:${renameLabel({ ...question, from: decision.to })}`;
      if (used.has(scope))
        throw new RetortError("usage", `Two ${question.kind}s are renamed to ${decision.to}.`, {
          hint: "Rename each dropped object to a different new one.",
        });
      used.add(scope);
    }
    const { candidates: _candidates, ...where } = question;
    result.push({ ...where, to: decision.to });
  }
  if (missing.length > 0) throw new RenameDecisionError(missing);
  return result;
}

/** Thrown when rename questions remain and nobody can answer them (no terminal, no flag). */
export class RenameDecisionError extends RetortError {
  readonly questions: readonly RenameQuestion[];

  constructor(questions: readonly RenameQuestion[]) {
    const lines = questions.map(
      (q) =>
        `  ${q.kind} ${renameLabel(q)} was dropped and ${q.candidates.map((c) => (q.kind === "table" ? displayName(q.schema, c) : `${q.table}.${c}`)).join(" or ")} added with the same definition`,
    );
    const first = questions[0];
    const example =
      first === undefined ? "" : ` (e.g. --rename ${renameLabel(first)}=${first.candidates[0]} or --not-renamed ${renameLabel(first)})`;
    super(
      "renames_undecided",
      `Autogenerate needs ${questions.length} rename decision(s) before it can write the revision:\n${lines.join("\n")}`,
      {
        hint: `Say what happened with --rename OLD=NEW (it was renamed) or --not-renamed OLD (dropped, and the new one created)${example}; on a terminal, Retort asks.`,
        details: { questions },
      },
    );
    this.questions = questions;
  }
}

/** A resolver that has no answers: throws {@link RenameDecisionError} when there is any question. */
// Stryker disable next-line ArrayDeclaration: a made-up decision names no question, so every question is still missing
export const failingResolver: RenameResolver = async (questions) => checkDecisions(questions, []);

/** A resolver that answers "not renamed" to everything (for `check`, where either answer leaves changes pending). */
export const notRenamedResolver: RenameResolver = async (questions) => questions.map((q) => ({ ...q, to: null }));

/** Rename hints from flags: `--rename movies.title=name`, `--rename movies=films`, `--not-renamed movies.title`. */
export interface RenameHints {
  readonly rename: readonly string[];
  readonly notRenamed: readonly string[];
}

/**
 * Answers the questions the hints name and passes the rest to `next` (a prompt, or the failing resolver).
 * A hint that names no question is an error, so a typo is not silently ignored.
 */
export function hintResolver(hints: RenameHints, next: RenameResolver = failingResolver): RenameResolver {
  return async (questions) => {
    const byLabel = new Map<string, RenameQuestion[]>();
    for (const q of questions) byLabel.set(renameLabel(q), [...(byLabel.get(renameLabel(q)) ?? []), q]);
    const answered = new Map<RenameQuestion, RenameDecision>();
    const find = (label: string, flag: string): RenameQuestion => {
      const found = byLabel.get(label) ?? [];
      if (found.length !== 1) {
        const known = questions.map(renameLabel).join(", ") || "none";
        throw new RetortError(
          "usage",
          found.length === 0
            ? `${flag} ${label}: no dropped table or column of that name has a rename candidate.`
            : `${flag} ${label} is ambiguous (a table and a column).`,
          {
            hint: `Rename candidates: ${known}.`,
          },
        );
      }
      return found[0]!;
    };
    for (const hint of hints.rename) {
      const eq = hint.indexOf("=");
      if (eq <= 0 || eq === hint.length - 1)
        throw new RetortError("usage", `--rename ${hint}: write OLD=NEW, e.g. movies.title=name or movies=films.`);
      const label = hint.slice(0, eq);
      const question = find(label, "--rename");
      let target = hint.slice(eq + 1);
      const prefix = label.slice(0, label.length - question.from.length);
      if (target.startsWith(prefix)) target = target.slice(prefix.length);
      answered.set(question, { ...question, to: target });
    }
    for (const label of hints.notRenamed) {
      const question = find(label, "--not-renamed");
      answered.set(question, { ...question, to: null });
    }
    const rest = questions.filter((q) => !answered.has(q));
    // Stryker disable next-line ArrayDeclaration: a made-up decision names no question
    const more = rest.length === 0 ? [] : await next(rest);
    return checkDecisions(questions, [...answered.values(), ...more]);
  };
}

function renameColumns(columns: readonly string[], map: ReadonlyMap<string, string>): string[] {
  return columns.map((c) => map.get(c) ?? c);
}

function renameIndex(index: Index, map: ReadonlyMap<string, string>): Index {
  return {
    ...index,
    elements: index.elements.map((e) => (e.kind === "column" ? { ...e, name: map.get(e.name) ?? e.name } : e)),
    ...(index.include === undefined ? {} : { include: renameColumns(index.include, map) }),
  };
}

function renameInTable(table: Table, map: ReadonlyMap<string, string>): Table {
  // Stryker disable next-line ConditionalExpression: renaming with an empty map gives an equal table
  if (map.size === 0) return table;
  return {
    ...table,
    columns: table.columns.map((c): Column => ({ ...c, name: map.get(c.name) ?? c.name })),
    ...(table.primaryKey === undefined
      ? {}
      : { primaryKey: { ...table.primaryKey, columns: renameColumns(table.primaryKey.columns, map) } }),
    uniqueConstraints: table.uniqueConstraints.map((c) => ({ ...c, columns: renameColumns(c.columns, map) })),
    foreignKeys: table.foreignKeys.map((c) => ({ ...c, columns: renameColumns(c.columns, map) })),
    indexes: table.indexes.map((ix) => renameIndex(ix, map)),
    ...(table.exclusionConstraints === undefined
      ? {}
      : {
          exclusionConstraints: table.exclusionConstraints.map((c) => ({
            ...c,
            elements: c.elements.map((e) => (e.kind === "column" ? { ...e, name: map.get(e.name) ?? e.name } : e)),
          })),
        }),
  };
}

/** The database side after renames, the operations that rename, and each table as it was before them. */
export interface RenamedSnapshot {
  readonly snapshot: SchemaSnapshot;
  readonly operations: Operation[];
  /** By `schema.table` after renames: the table before them (drops of keys and indexes run before renames). */
  readonly originals: ReadonlyMap<string, Table>;
}

/**
 * `from` as it is after the decided renames (tables, columns, and the foreign keys and indexes that name
 * them, as PostgreSQL rewrites them), and the operations that rename.
 */
export function applyRenames(from: SchemaSnapshot, decisions: readonly RenameDecision[]): RenamedSnapshot {
  const operations: Operation[] = [];
  const tableNames = new Map<string, string>();
  const columnNames = new Map<string, Map<string, string>>();
  for (const d of decisions) {
    if (d.to === null) continue;
    if (d.kind === "table") {
      tableNames.set(objectKey(d.schema, d.from), d.to);
      operations.push({ kind: "renameTable", name: d.from, newName: d.to, ...(d.schema === undefined ? {} : { schema: d.schema }) });
    } else {
      // Stryker disable next-line StringLiteral: a column decision always names its table; the fallback only satisfies the type
      const key = objectKey(d.schema, d.table ?? "");
      columnNames.set(key, new Map([...(columnNames.get(key) ?? []), [d.from, d.to]]));
      operations.push({
        kind: "alterColumn",
        // Stryker disable next-line StringLiteral: a column decision always names its table; the fallback only satisfies the type
        table: d.table ?? "",
        ...(d.schema === undefined ? {} : { schema: d.schema }),
        column: d.from,
        newName: d.to,
      });
    }
  }
  if (operations.length === 0)
    return { snapshot: from, operations, originals: new Map(from.tables.map((t) => [objectKey(t.schema, t.name), t])) };
  const foreignKey = (fk: ForeignKey): ForeignKey => {
    const target = objectKey(fk.referredSchema, fk.referredTable);
    const map = columnNames.get(target);
    return {
      ...fk,
      referredTable: tableNames.get(target) ?? fk.referredTable,
      referredColumns: map === undefined ? fk.referredColumns : renameColumns(fk.referredColumns, map),
    };
  };
  const originals = new Map<string, Table>();
  const tables = from.tables.map((table) => {
    const key = objectKey(table.schema, table.name);
    const renamed = renameInTable(table, columnNames.get(key) ?? new Map());
    const name = tableNames.get(key) ?? table.name;
    originals.set(objectKey(table.schema, name), table);
    return { ...renamed, name, foreignKeys: renamed.foreignKeys.map(foreignKey) };
  });
  // A trigger follows its table when the table is renamed.
  const triggers = from.triggers?.map((t) => ({ ...t, table: tableNames.get(objectKey(t.schema, t.table)) ?? t.table }));
  return { snapshot: { ...from, tables, ...(triggers === undefined ? {} : { triggers }) }, operations, originals };
}
