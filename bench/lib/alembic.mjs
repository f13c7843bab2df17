// The chain workload as an Alembic project (for comparison only: Alembic is what Retort's users know).
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
