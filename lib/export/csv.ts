// CSV for downloads: RFC 4180 quoting by csv-stringify, plus protection against CSV injection — a
// cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe.
import { stringify } from "csv-stringify/sync";

const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises formula-looking text; numbers stay numbers (a negative number is data, not a formula). */
export function safeCell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  const text = value instanceof Date ? value.toISOString() : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** CSV lines (each ending in a newline) for rows of cells, neutralised by safeCell. */
export function csvRows(rows: unknown[][]): string {
  return stringify(
    rows.map((row) => row.map(safeCell)),
    { cast: { number: (n) => String(n) } },
  );
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return csvRows([header, ...rows]);
}

/** A download name without characters that break the Content-Disposition header. */
export function downloadName(base: string, extension: "csv" | "json"): string {
  return `${base.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 120)}.${extension}`;
}
