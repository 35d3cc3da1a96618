import { encodeField } from "./csv";

/** A cell of a report: text is guarded against formulas, numbers are written as numbers. */
export type ReportCell = string | number | boolean | null;

/**
 * The cells of one report item, nested objects spread into dotted columns (`byRisk.warning`),
 * in the item's own key order.
 */
export function flattenItem(item: object, prefix = ""): [column: string, cell: ReportCell][] {
  return Object.entries(item).flatMap(([key, value]): [string, ReportCell][] =>
    value !== null && typeof value === "object" ? flattenItem(value as object, `${prefix}${key}.`) : [[`${prefix}${key}`, value as ReportCell]],
  );
}

/**
 * One cell as RFC 4180 writes it. The formula guard is for text: a number, a negative one too,
 * is a number to a spreadsheet and stays as it is; null is an empty cell.
 */
function encodeCell(cell: ReportCell): string {
  if (cell === null) return "";
  if (typeof cell === "number" || typeof cell === "boolean") return String(cell);
  return encodeField(cell);
}

/**
 * A report's items as CSV (contract §8): a header row, then one row per item, CRLF after each.
 * Columns come from the first item; `columns` names them when there are no items.
 */
export function reportCsv(items: readonly object[], columns: readonly string[]): string {
  const rows = items.map((item) => flattenItem(item));
  const header = rows[0]?.map(([column]) => column) ?? columns;
  const line = (cells: string[]) => `${cells.join(",")}\r\n`;
  return line(header.map(encodeField)) + rows.map((row) => line(row.map(([, cell]) => encodeCell(cell)))).join("");
}
