// The benchmark workloads as Alembic projects (for comparison only: Alembic is what Retort's users know): the
// chain (upgrade, downgrade, and the graph commands on a longer one) and autogenerate.
// Needs `python3 -m alembic` and psycopg2 (Debian: apt-get install python3-alembic python3-psycopg2).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { run } from "./measure.mjs";
import { revisionId } from "./workloads.mjs";

/**
 * The Python that has Alembic and psycopg2 (RETORT_BENCH_PYTHON, else python3 on PATH, else the system's
 * /usr/bin/python3, which Debian's packages install into), with Alembic's version; null when none has them.
 */
export async function findAlembic() {
  const candidates = [process.env.RETORT_BENCH_PYTHON, "python3", "/usr/bin/python3"].filter(Boolean);
  for (const python of candidates) {
    const result = await run(python, ["-c", "import alembic, psycopg2, sqlalchemy; print(alembic.__version__)"]).catch(() => ({ code: 1 }));
    if (result.code === 0) return { python, version: result.stdout.trim() };
  }
  return null;
}

const pad = (n) => String(n).padStart(4, "0");

/** alembic.ini, env.py (online mode only) and the same 1,000 revisions as the chain workload. */
export function writeAlembicChain(directory, count) {
  const versions = path.join(directory, "alembic", "versions");
  mkdirSync(versions, { recursive: true });
  writeFileSync(path.join(directory, "alembic.ini"), "[alembic]\nscript_location = alembic\n");
  writeFileSync(
    path.join(directory, "alembic", "env.py"),
    [
      "import os",
      "from alembic import context",
      "from sqlalchemy import create_engine",
      "",
      'engine = create_engine(os.environ["ALEMBIC_URL"])',
      "with engine.connect() as connection:",
      "    context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)",
      "    with context.begin_transaction():",
      "        context.run_migrations()",
      "",
    ].join("\n"),
  );
  let previous = null;
  for (let i = 1; i <= count; i++) {
    const revision = revisionId("chain", i);
    const name = `t${pad(i)}`;
    const fk = i === 1 ? "" : `, sa.ForeignKey("t${pad(i - 1)}.id", ondelete="CASCADE")`;
    writeFileSync(
      path.join(versions, `${revision}_create_table_${name}.py`),
      [
        `"""create table ${name}`,
        "",
        `Revision ID: ${revision}`,
        `Revises: ${previous ?? ""}`,
        "Create Date: 2026-11-28 10:00:00.000000",
        "",
        '"""',
        "from alembic import op",
        "import sqlalchemy as sa",
        "",
        `revision = ${JSON.stringify(revision)}`,
        `down_revision = ${previous ? JSON.stringify(previous) : "None"}`,
        "branch_labels = None",
        "depends_on = None",
        "",
        "",
        "def upgrade():",
        `    op.create_table("${name}",`,
        '        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),',
        '        sa.Column("name", sa.String(100), nullable=False),',
        '        sa.Column("amount", sa.Numeric(12, 2)),',
        '        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),',
        `        sa.Column("prev_id", sa.Integer()${fk}),`,
        "    )",
        `    op.create_index("ix_${name}_name", "${name}", ["name"])`,
        "",
        "",
        "def downgrade():",
        `    op.drop_index("ix_${name}_name", table_name="${name}")`,
        `    op.drop_table("${name}")`,
        "",
      ].join("\n"),
    );
    previous = revision;
  }
}

/** The revision template `alembic revision` renders (Alembic's generic one). */
const SCRIPT_TEMPLATE = [
  '"""${message}',
  "",
  "Revision ID: ${up_revision}",
  "Revises: ${down_revision | comma,n}",
  "Create Date: ${create_date}",
  "",
  '"""',
  "from alembic import op",
  "import sqlalchemy as sa",
  '${imports if imports else ""}',
  "",
  "revision = ${repr(up_revision)}",
  "down_revision = ${repr(down_revision)}",
  "branch_labels = ${repr(branch_labels)}",
  "depends_on = ${repr(depends_on)}",
  "",
  "",
  "def upgrade():",
  '    ${upgrades if upgrades else "pass"}',
  "",
  "",
  "def downgrade():",
  '    ${downgrades if downgrades else "pass"}',
  "",
].join("\n");

/**
 * The autogenerate workload for Alembic: SQLAlchemy models of the same `tables` tables (as in
 * `writeAutogenerate`, `changed` of them with a new column), an env.py comparing types as Retort does and
 * leaving Retort's own tables alone, and one baseline revision. SQLAlchemy reflects a table's foreign-key
 * target recursively, so a chain of 1,000 tables needs a higher recursion limit than Python's default 1,000
 * (without it: RecursionError); env.py raises it, as a user would have to.
 */
export function writeAlembicAutogenerate(directory, tables, changed) {
  const versions = path.join(directory, "alembic", "versions");
  mkdirSync(versions, { recursive: true });
  writeFileSync(path.join(directory, "alembic.ini"), "[alembic]\nscript_location = alembic\n");
  writeFileSync(path.join(directory, "alembic", "script.py.mako"), SCRIPT_TEMPLATE);
  writeFileSync(
    path.join(directory, "alembic", "env.py"),
    [
      "import os",
      "import sys",
      "",
      "sys.setrecursionlimit(20000)",
      "sys.path.insert(0, os.getcwd())",
      "from alembic import context",
      "from sqlalchemy import create_engine",
      "from models import metadata",
      "",
      "",
      "def include_name(name, type_, parent_names):",
      '    return not (type_ == "table" and name.startswith("retort_"))',
      "",
      "",
      'engine = create_engine(os.environ["ALEMBIC_URL"])',
      "with engine.connect() as connection:",
      "    context.configure(connection=connection, target_metadata=metadata, compare_type=True, include_name=include_name)",
      "    with context.begin_transaction():",
      "        context.run_migrations()",
      "",
    ].join("\n"),
  );
  const baseline = revisionId("alembic-autogenerate", 0);
  writeFileSync(
    path.join(versions, `${baseline}_baseline.py`),
    [
      `"""baseline\n\nRevision ID: ${baseline}\nRevises:\nCreate Date: 2026-11-28 10:00:00.000000\n\n"""`,
      `revision = "${baseline}"`,
      "down_revision = None",
      "branch_labels = None",
      "depends_on = None",
      "",
      "",
      "def upgrade():",
      "    pass",
      "",
      "",
      "def downgrade():",
      "    pass",
      "",
    ].join("\n"),
  );
  const every = Math.max(1, Math.floor(tables / changed));
  let changedCount = 0;
  const models = ["import sqlalchemy as sa", "from sqlalchemy.dialects import postgresql", "", "metadata = sa.MetaData()", ""];
  for (let i = 1; i <= tables; i++) {
    const name = `a${pad(i)}`;
    const prevTable = i === 1 ? null : `a${pad(i - 1)}`;
    const change = changedCount < changed && i % every === 0;
    if (change) changedCount++;
    models.push(
      `sa.Table("${name}", metadata,`,
      '    sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),',
      '    sa.Column("code", sa.String(40), nullable=False),',
      '    sa.Column("title", sa.Text()),',
      '    sa.Column("amount", sa.Numeric(12, 2)),',
      '    sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.text("true")),',
      '    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),',
      '    sa.Column("payload", postgresql.JSONB()),',
      prevTable
        ? `    sa.Column("prev_id", sa.BigInteger(), sa.ForeignKey("${prevTable}.id", name="fk_${name}_prev_id_${prevTable}")),`
        : '    sa.Column("prev_id", sa.BigInteger()),',
      ...(change ? ['    sa.Column("note", sa.Text()),'] : []),
      `    sa.PrimaryKeyConstraint("id", name="pk_${name}"),`,
      `    sa.UniqueConstraint("code", name="uq_${name}_code"),`,
      `    sa.Index("ix_${name}_title", "title"),`,
      `    sa.Index("ix_${name}_created_at", "created_at"),`,
      ")",
    );
  }
  writeFileSync(path.join(directory, "models.py"), `${models.join("\n")}\n`);
  return { changed: changedCount };
}
