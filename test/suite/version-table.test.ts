/**
 * The version table on every target: created with the first revision, updated, one row per head across a
 * branch and a merge, emptied by a downgrade to base, and moved by stamp without running revision code; each
 * run's statements online are those of its `--sql` script.
 */
import { expect, test } from "vitest";
import type { Operations } from "../../src/ops/operations.js";
import { integer } from "../../src/schema/index.js";
import { RevisionRunner, type SuiteDatabase, type SuiteRevision, useSuiteDatabase } from "./harness.js";
import { withTargets } from "./targets.js";

/** A revision that creates (and its downgrade drops) the table `t_<id>`. */
function tableRevision(id: string, parents: readonly string[] = []): SuiteRevision {
  return {
    id,
    parents,
    upgrade: (op: Operations) => op.createTable(`t_${id}`, { id: integer().primaryKey() }),
    downgrade: (op: Operations) => op.dropTable(`t_${id}`),
  };
}

/** a1 ← b2, a1 ← c3 (two heads), m4 merges them. */
const REVISIONS = [tableRevision("a1"), tableRevision("b2", ["a1"]), tableRevision("c3", ["a1"]), tableRevision("m4", ["b2", "c3"])];

async function tables(suite: SuiteDatabase): Promise<string[]> {
  return (await suite.introspect()).tables.map((table) => table.name).sort();
}

withTargets("the version table", [], (target) => {
  const suite = useSuiteDatabase(target);

  test("is created with the first revision, updated, holds one row per head, and is emptied at base", async () => {
    const { db, dialect } = suite;
    const runner = new RevisionRunner(dialect, REVISIONS);
    const versionTable = dialect.versionTable;
    expect(await runner.heads(db)).toEqual([]);

    const created = await runner.online(db, "upgrade", "a1");
    expect(created.statements).toContain(versionTable.create(runner.versionTable));
    expect(created.statements).toContain(versionTable.insert(runner.versionTable, "a1"));
    expect(runner.asScript(created, "base")).toEqual((await runner.offline("upgrade", "base", "a1")).statements);
    expect(await runner.heads(db)).toEqual(["a1"]);

    const updated = await runner.online(db, "upgrade", "b2");
    expect(updated.statements).toContain(versionTable.checkedUpdate(runner.versionTable, "a1", "b2"));
    expect(runner.asScript(updated, "a1")).toEqual((await runner.offline("upgrade", "a1", "b2")).statements);
    expect(await runner.heads(db)).toEqual(["b2"]);

    // The second branch adds a row; the merge replaces both with one.
    await runner.online(db, "upgrade", "c3");
    expect(await runner.heads(db)).toEqual(["b2", "c3"]);
    const merged = await runner.online(db, "upgrade", "heads");
    expect(merged.statements).toContain(versionTable.checkedDelete(runner.versionTable, "b2"));
    expect(await runner.heads(db)).toEqual(["m4"]);
    expect(await tables(suite)).toEqual(["t_a1", "t_b2", "t_c3", "t_m4"]);

    const down = await runner.online(db, "downgrade", "base");
    expect(runner.asScript(down, "m4")).toEqual((await runner.offline("downgrade", "m4", "base")).statements);
    expect(await runner.heads(db)).toEqual([]);
    expect(await tables(suite)).toEqual([]);
  });

  test("stamp moves the rows without running revision code", async () => {
    const { db, dialect } = suite;
    const runner = new RevisionRunner(dialect, REVISIONS);
    const stamped = await runner.online(db, "stamp", "c3");
    expect(runner.asScript(stamped, "base")).toEqual((await runner.offline("stamp", "base", "c3")).statements);
    expect(await runner.heads(db)).toEqual(["c3"]);
    expect(await tables(suite)).toEqual([]);

    await runner.online(db, "stamp", "b2");
    expect(await runner.heads(db)).toEqual(["b2", "c3"]);
    await runner.online(db, "stamp", "m4");
    expect(await runner.heads(db)).toEqual(["m4"]);
    await runner.online(db, "stamp", "base");
    expect(await runner.heads(db)).toEqual([]);
    expect(await tables(suite)).toEqual([]);
  });

  test("takes the name the config gives it", async () => {
    const { db, dialect } = suite;
    const runner = new RevisionRunner(dialect, REVISIONS, { table: "alembic_version" });
    await runner.online(db, "upgrade", "b2");
    expect(await runner.heads(db)).toEqual(["b2"]);
    expect(await new RevisionRunner(dialect, REVISIONS).heads(db)).toEqual([]);
    expect(await tables(suite)).toEqual(["alembic_version", "t_a1", "t_b2"]);
  });
});
