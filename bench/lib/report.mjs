// The results table, as Markdown (it reads as a table in a terminal and pastes into bench/RESULTS.md).

const ms = (value) =>
  value === null || value === undefined ? "—" : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;

export function formatTable(rows, { heavyRuns, lightRuns, seconds }) {
  const header = ["workload", "engine", "median", "floor (median)", "ratio", "target", "result", "peak RSS", "notes"];
  const lines = rows.map((row) => [
    row.workload,
    row.engine,
    row.result === "not available yet" ? "not available yet" : ms(row.retortMs),
    ms(row.floorMs),
    row.ratio === null || row.ratio === undefined ? "—" : `${row.ratio.toFixed(2)}×`,
    row.target,
    row.result,
    row.peakMb === null || row.peakMb === undefined ? "—" : `${Math.round(row.peakMb)} MB`,
    row.note ?? "",
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const format = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  return [
    "",
    format(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...lines.map(format),
    "",
    `Medians of ${heavyRuns} run(s) (upgrade/downgrade/autogenerate) and ${lightRuns} runs (short commands); ` +
      `ratio = median / floor (Retort, or Alembic in its rows); peak RSS = the largest of the runs (GNU time %M). Total ${seconds} s.`,
    "",
  ].join("\n");
}
