// From the raw rows of timing tables (Markdown or CSV) to component tables: the measurement columns, one row
// per component and arch with its values in bytes or seconds, stated totals checked against the rows. Pure.
import { normalizeArch, type Arch } from "../../domain/arch";
import type { ManualTable, ManualTableMeta, ManualTableRow, ParsedManualTables } from "../../domain/manual-table";
import type { Phase } from "../../domain/phases";
import { columnFor, EMPTY_CELL, hasUnit, parseNumber, type ColumnSpec } from "./columns";
import { ManualTableError } from "./error";

/** A table as written: its header cells and its data rows, with their line numbers. */
export interface RawTable {
  headerLine: number;
  header: string[];
  rows: { line: number; cells: string[] }[];
}

interface TableLayout {
  componentCol: number;
  archCol: number;
  /** Measurement columns by cell index. */
  columns: Map<number, ColumnSpec>;
}

const TOTAL_CELL = /^total\b/i;

/** The label and measurement columns of a table's header; a column without a unit adds a warning. */
function tableLayout(raw: RawTable, warnings: string[]): TableLayout {
  const headerLower = raw.header.map((h) => h.toLowerCase());
  const componentCol = headerLower.findIndex((h) => h === "component");
  const archCol = headerLower.findIndex((h) => h === "arch" || h === "architecture" || h === "platform");
  const labelCols = new Set([0, componentCol, archCol].filter((i) => i >= 0));
  const columns = new Map<number, ColumnSpec>();
  raw.header.forEach((header, index) => {
    if (labelCols.has(index) || header === "") return;
    if (!hasUnit(header)) {
      warnings.push(
        `line ${raw.headerLine}: column "${header}" states no unit; assumed ${/size|payload/i.test(header) ? "MiB" : "seconds"}`,
      );
    }
    columns.set(index, columnFor(header, raw.headerLine));
  });
  if (columns.size === 0) {
    throw new ManualTableError("the table header names no measurement column", raw.headerLine);
  }
  return { componentCol, archCol, columns };
}

/** A row's measured values, in bytes or seconds; empty cells are left out. */
function rowValues(raw: RawTable, layout: TableLayout, cells: string[], line: number): Partial<Record<Phase, number>> {
  const values: Partial<Record<Phase, number>> = {};
  for (const [index, spec] of layout.columns) {
    const value = parseNumber(cells[index] ?? "", raw.header[index] ?? "", line);
    if (value !== null) values[spec.phase] = value * spec.factor;
  }
  return values;
}

/** The component and arch a row is for: from Component and Arch columns, or a "<component> - <arch>" label. */
function rowSubject(layout: TableLayout, cells: string[], line: number): { componentName: string; arch: Arch } {
  let componentName: string;
  let archName: string;
  if (layout.componentCol >= 0 && layout.archCol >= 0) {
    componentName = cells[layout.componentCol] ?? "";
    archName = cells[layout.archCol] ?? "";
  } else {
    const label = cells[0] ?? "";
    const separator = label.lastIndexOf(" - ");
    if (separator === -1) {
      throw new ManualTableError(
        `row label "${label}" is not "<component> - <arch>" (e.g. "flatpak-sdk - amd64")`,
        line,
      );
    }
    componentName = label.slice(0, separator).trim();
    archName = label.slice(separator + 3).trim();
  }
  const arch = normalizeArch(archName);
  if (!arch) {
    throw new ManualTableError(
      `unknown architecture "${archName}" (expected amd64, arm64, ppc64le, s390x or source)`,
      line,
    );
  }
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/i.test(componentName)) {
    throw new ManualTableError(`"${componentName}" is not a valid component name`, line);
  }
  return { componentName, arch };
}

/** Adds one raw table's rows to the component tables; a Total row states the last component's totals. */
function addRows(raw: RawTable, layout: TableLayout, byComponent: Map<string, ManualTable>): void {
  let lastComponent: ManualTable | null = null;
  for (const { line, cells } of raw.rows) {
    if (cells.every((c) => EMPTY_CELL.test(c))) continue;
    if (TOTAL_CELL.test(cells[0] ?? "")) {
      if (!lastComponent) throw new ManualTableError("a Total row comes before any component row", line);
      lastComponent.statedTotals = rowValues(raw, layout, cells, line);
      continue;
    }
    const { componentName, arch } = rowSubject(layout, cells, line);
    let table = byComponent.get(componentName);
    if (!table) {
      table = { component: componentName, rows: [], statedTotals: null };
      byComponent.set(componentName, table);
    }
    if (table.rows.some((row) => row.arch === arch)) {
      throw new ManualTableError(`${componentName} has a second row for ${arch}`, line);
    }
    table.rows.push({ arch, line, values: rowValues(raw, layout, cells, line) });
    lastComponent = table;
  }
}

function addTotals(rows: ManualTableRow[]): Partial<Record<Phase, number>> {
  const totals: Partial<Record<Phase, number>> = {};
  for (const row of rows) {
    for (const [phase, value] of Object.entries(row.values) as [Phase, number][]) {
      totals[phase] = (totals[phase] ?? 0) + value;
    }
  }
  return totals;
}

/** Warns where a table's stated total differs from the sum of its rows by more than their rounding. */
function checkStatedTotals(table: ManualTable, warnings: string[]): void {
  if (!table.statedTotals) return;
  const computed = addTotals(table.rows);
  for (const [phase, stated] of Object.entries(table.statedTotals) as [Phase, number][]) {
    const sum = computed[phase] ?? 0;
    // Tables round each cell, so allow the rounding of one unit per row.
    const tolerance = phase === "payload" ? table.rows.length * 1024 ** 2 : table.rows.length;
    if (Math.abs(sum - stated) > tolerance) {
      warnings.push(
        `${table.component}: the stated total for ${phase} (${stated}) differs from the sum of its rows (${sum})`,
      );
    }
  }
}

/** The component tables of raw tables, merged by component. Throws ManualTableError on unusable input. */
export function interpretTables(rawTables: RawTable[], meta: ManualTableMeta): ParsedManualTables {
  const warnings: string[] = [];
  const byComponent = new Map<string, ManualTable>();
  for (const raw of rawTables) addRows(raw, tableLayout(raw, warnings), byComponent);
  const tables = [...byComponent.values()];
  if (tables.length === 0) throw new ManualTableError("the tables have no component rows");
  for (const table of tables) checkStatedTotals(table, warnings);
  return { meta, tables, warnings };
}
