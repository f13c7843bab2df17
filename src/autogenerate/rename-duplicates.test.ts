/**
 * Whatever the rename decision, the operations autogenerate writes must run: no constraint or index is
 * created under a name that exists at that point. A small model of PostgreSQL's names replays the upgrade
 * from the database's side and the downgrade back; unique and primary-key constraints share the schema's
 * namespace with indexes, foreign keys and checks are named per table.
 */
import { describe, expect, it } from "vitest";
import { AS_BUILT, snapshotOf } from "../../test/autogenerate/helpers.js";
import { renderMigration } from "./render/migration.js";
import type { Operation } from "../ops/operation.js";
import { integer, table, text } from "../schema/index.js";
import type { Constraint, Index, Table } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { produceMigration } from "./produce.js";
import { hintResolver } from "./renames.js";

interface Named {
  readonly table: string;
  readonly columns: readonly string[];
  readonly schemaWide: boolean;
}

type State = { tables: Map<string, Set<string>>; objects: Map<string, Named> };

function key(name: string, named: Pick<Named, "table" | "schemaWide">): string {
  return named.schemaWide ? name : `${named.table}:${name}`;
}

function indexColumns(index: Index): string[] {
  return index.elements.flatMap((e) => (e.kind === "column" ? [e.name] : []));
}

function constraintObject(table: string, c: Constraint): [string, Named] {
  const columns =
    c.kind === "check" ? [] : c.kind === "exclude" ? c.elements.flatMap((e) => (e.kind === "column" ? [e.name] : [])) : c.columns;
  const named = { table, columns, schemaWide: c.kind === "unique" || c.kind === "primaryKey" };
  return [key(c.name, named), named];
}

function tableObjects(t: Table): [string, Named][] {
  const constraints = [
    ...(t.primaryKey === undefined ? [] : [t.primaryKey]),
    ...t.uniqueConstraints,
    ...t.foreignKeys,
    ...t.checkConstraints,
  ];
  return [
    ...constraints.map((c) => constraintObject(t.name, c)),
    ...t.indexes.map((ix): [string, Named] => [ix.name, { table: t.name, columns: indexColumns(ix), schemaWide: true }]),
  ];
}

function stateOf(snapshot: SchemaSnapshot): State {
  const state: State = { tables: new Map(), objects: new Map() };
  for (const t of snapshot.tables) {
    state.tables.set(t.name, new Set(t.columns.map((c) => c.name)));
    for (const [k, named] of tableObjects(t)) state.objects.set(k, named);
  }
  return state;
}

function create(state: State, [k, named]: [string, Named], op: Operation): void {
  if (state.objects.has(k)) throw new Error(`${op.kind} creates ${k}, which exists`);
  state.objects.set(k, named);
}

function drop(state: State, k: string, op: Operation): void {
  if (!state.objects.delete(k)) throw new Error(`${op.kind} drops ${k}, which does not exist`);
}

function apply(state: State, op: Operation): void {
  switch (op.kind) {
    case "createTable":
      state.tables.set(op.table.name, new Set(op.table.columns.map((c) => c.name)));
      for (const entry of tableObjects(op.table)) create(state, entry, op);
      return;
    case "dropTable":
      state.tables.delete(op.name);
      for (const [k, named] of [...state.objects]) if (named.table === op.name) state.objects.delete(k);
      return;
    case "renameTable": {
      state.tables.set(op.newName, state.tables.get(op.name) ?? new Set());
      state.tables.delete(op.name);
      for (const [k, named] of [...state.objects]) {
        if (named.table !== op.name) continue;
        state.objects.delete(k);
        const moved = { ...named, table: op.newName };
        state.objects.set(named.schemaWide ? k : key(k.slice(op.name.length + 1), moved), moved);
      }
      return;
    }
    case "addColumn":
      state.tables.get(op.table)?.add(op.column.name);
      for (const c of op.constraints) create(state, constraintObject(op.table, c), op);
      return;
    case "dropColumn":
      state.tables.get(op.table)?.delete(op.name);
      for (const [k, named] of [...state.objects]) if (named.table === op.table && named.columns.includes(op.name)) state.objects.delete(k);
      return;
    case "alterColumn": {
      const newName = op.newName;
      if (newName === undefined) return;
      const columns = state.tables.get(op.table);
      columns?.delete(op.column);
      columns?.add(newName);
      for (const [k, named] of [...state.objects])
        if (named.table === op.table)
          state.objects.set(k, { ...named, columns: named.columns.map((c) => (c === op.column ? newName : c)) });
      return;
    }
    case "createIndex":
      create(state, [op.index.name, { table: op.table, columns: indexColumns(op.index), schemaWide: true }], op);
      return;
    case "dropIndex":
      drop(state, op.name, op);
      return;
    case "createUniqueConstraint":
    case "createPrimaryKey":
    case "createForeignKey":
    case "createCheckConstraint":
      create(state, constraintObject(op.table, op.constraint), op);
      return;
    case "dropConstraint": {
      const schemaWide = state.objects.has(op.name) && state.objects.get(op.name)?.table === op.table;
      drop(state, schemaWide ? op.name : key(op.name, { table: op.table, schemaWide: false }), op);
      return;
    }
    default:
      return;
  }
}

function names(state: State): string[] {
  return [...state.objects.keys()].sort();
}

/** Plans with the decision and replays the upgrade, then the downgrade (which must restore `from`'s names). */
async function replay(from: SchemaSnapshot, to: SchemaSnapshot, hints: { rename?: string[]; notRenamed?: string[] }) {
  const plan = await produceMigration(from, to, {
    ...AS_BUILT,
    resolver: hintResolver({ rename: hints.rename ?? [], notRenamed: hints.notRenamed ?? [] }),
  });
  const state = stateOf(from);
  for (const op of plan.upgrade) apply(state, op);
  // A rename keeps the constraints' old names (there is no operation to rename them); otherwise the
  // upgrade ends with the models' names.
  if (hints.rename === undefined) expect(names(state)).toEqual(names(stateOf(to)));
  for (const step of plan.downgrade) if (step.kind === "operation") apply(state, step.operation);
  return { plan, state };
}

describe("a dropped and an added column with the same definition", () => {
  const directors = (column: "email" | "email_address", unique: ReturnType<typeof text>) =>
    table("directors", { id: integer().primaryKey(), [column]: unique });

  it("--not-renamed creates the new column's unique constraint once when the old column had its name", async () => {
    const from = snapshotOf({ directors: directors("email_address", text().unique({ name: "uq_directors_email" })) });
    const to = snapshotOf({ directors: directors("email", text().unique({ name: "uq_directors_email" })) });
    const { plan, state } = await replay(from, to, { notRenamed: ["directors.email_address"] });
    const body = renderMigration(plan.upgrade, plan.downgrade, plan.manual, AS_BUILT.rules);
    expect(body.upgrade.join("\n").match(/uq_directors_email/g)).toHaveLength(2);
    expect(body.upgrade.join("\n")).toContain('await op.dropConstraint("uq_directors_email", "directors");');
    expect(body.upgrade.join("\n")).toContain('text().unique({ name: "uq_directors_email" })');
    expect(body.upgrade.join("\n")).not.toContain("createUniqueConstraint");
    expect(names(state)).toEqual(names(stateOf(from)));
  });

  const variants: [string, string | undefined, string | undefined][] = [
    ["the same name", "uq_directors_email", "uq_directors_email"],
    ["different names", "uq_directors_email_address", "uq_directors_email"],
    ["default names", undefined, undefined],
  ];
  for (const [label, before, after] of variants) {
    for (const decision of ["rename", "notRenamed"] as const) {
      it(`${decision} with ${label}: unique and foreign-key constraints each exist once at every step`, async () => {
        const people = table("people", { id: integer().primaryKey() });
        const column = (name: string | undefined, fk: string | undefined) =>
          integer()
            .unique(name === undefined ? {} : { name })
            .references(() => people.id, fk === undefined ? {} : { name: fk });
        const from = snapshotOf({
          people,
          directors: table("directors", { id: integer().primaryKey(), boss: column(before, before && `fk_${before}`) }),
        });
        const to = snapshotOf({
          people,
          directors: table("directors", { id: integer().primaryKey(), chief: column(after, after && `fk_${after}`) }),
        });
        const hints = decision === "rename" ? { rename: ["directors.boss=chief"] } : { notRenamed: ["directors.boss"] };
        const { state } = await replay(from, to, hints);
        expect(names(state)).toEqual(names(stateOf(from)));
      });
    }
  }
});

describe("a dropped and an added table with the same definition", () => {
  for (const [label, pk] of [
    ["the same key name", "pk_items"],
    ["default key names", undefined],
  ] as const) {
    for (const decision of ["rename", "notRenamed"] as const) {
      it(`${decision} with ${label}: every constraint and index exists once at every step`, async () => {
        const build = (name: string) =>
          table(name, { id: integer().primaryKey(pk === undefined ? {} : { name: pk }), code: text().unique({ name: "uq_code" }) });
        const from = snapshotOf({ items: build("items") });
        const to = snapshotOf({ goods: build("goods") });
        const hints = decision === "rename" ? { rename: ["items=goods"] } : { notRenamed: ["items"] };
        const { state } = await replay(from, to, hints);
        expect(names(state)).toEqual(names(stateOf(from)));
      });
    }
  }
});
