/** The benches' figures as fixed-width tables, and the API bench's own table and judgment. */
const COLUMNS = [
  ["route", 16, "left"],
  ["conc", 5],
  ["req/s", 9],
  ["p50 ms", 7],
  ["p99 ms", 7],
  ["p99/base", 9],
  ["target", 7],
  ["result", 7],
];

const cell = (text, [, width, align]) => (align === "left" ? String(text).padEnd(width) : String(text).padStart(width));

/** Rows of values under `columns` (`[title, width, "left" or nothing]`), two spaces apart. */
export function fixedWidthTable(columns, rows) {
  const lines = [columns.map((column) => cell(column[0], column)).join("  ")];
  for (const row of rows) lines.push(row.map((value, index) => cell(value, columns[index])).join("  "));
  return lines.join("\n");
}

/** The bench's figures as a fixed-width table, one row per route and concurrency. */
export function formatTable(rows) {
  return fixedWidthTable(
    COLUMNS,
    rows.map((row) => [
      row.route,
      row.connections,
      row.rps.toFixed(1),
      row.p50,
      row.p99,
      row.ratio === undefined ? "-" : `${row.ratio.toFixed(2)}x`,
      row.target === undefined ? "-" : `<=${row.target}x`,
      row.verdict ?? "-",
    ]),
  );
}

/** p99 over the baseline's p99 at the same concurrency (both to 0.01 ms, see load.mjs). */
export function judge(row, baselineP99) {
  if (row.target === undefined) return row;
  const ratio = row.p99 / baselineP99;
  return { ...row, ratio, verdict: ratio <= row.target ? "PASS" : "FAIL" };
}
