// The cost table as CSV rows: one line per arch and Total, the statistic's values in their units.
import { COST_COLUMNS } from "../domain/phases";
import { MIB } from "../domain/phases";
import { toCsv } from "../export/csv";
import type { CostTable } from "./cost-table.types";

export function costTableCsv(table: CostTable): string {
  const header = [
    "component",
    "stat",
    "arch",
    ...COST_COLUMNS.map((c) => `${c.key.replace(/S$|Bytes$/, "")}_${c.unit === "MiB" ? "mib" : "s"}`),
    "runs",
    "sources",
  ];
  const rows = [...table.rows, table.total].map((row) => [
    table.component,
    table.stat,
    row.arch,
    ...COST_COLUMNS.map((c) => {
      const value = row[c.key];
      return value === null ? null : c.unit === "MiB" ? Math.round((value / MIB) * 1000) / 1000 : value;
    }),
    row.n,
    Object.entries(row.sourceRuns)
      .flatMap(([column, counts]) => Object.entries(counts).map(([source, runs]) => `${column}: ${source} (${runs})`))
      .join("; "),
  ]);
  return toCsv(header, rows);
}
