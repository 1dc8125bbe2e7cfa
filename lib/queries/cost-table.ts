// Pure assembly of the per-arch cost table from per-(arch, phase) aggregates the database computed.
// Totals follow the seed issue's convention: each column is the sum over every arch row, source included.
import { compareArches } from "../domain/arch";
import { COST_COLUMNS, type CostColumn } from "../domain/phases";
import type { CostRow, CostTable } from "./cost-table.types";
import type { Stat } from "./run-filters";

export interface PhaseAggregate {
  arch: string;
  phase: string;
  /** The statistic (median) of the per-run values; null when no run measured it. */
  seconds: number | null;
  bytes: number | null;
  /** Runs that measured this arch and phase. */
  n: number;
}

export interface SourceCount {
  arch: string;
  phase: string;
  source: string;
  runs: number;
}

type ColumnKey = CostColumn["key"];

function emptyRow(arch: string): CostRow {
  return {
    arch,
    sizeBytes: null,
    prefetchS: null,
    createUploadS: null,
    restoreS: null,
    rsyncS: null,
    buildS: null,
    queueS: null,
    n: 0,
    sources: {},
    sourceRuns: {},
  };
}

const columnByPhase = new Map(COST_COLUMNS.map((column) => [column.phase as string, column]));

export function buildCostTable(
  component: string,
  runs: number,
  stat: Stat,
  aggregates: PhaseAggregate[],
  sources: SourceCount[],
): CostTable {
  const rows = new Map<string, CostRow>();
  const rowFor = (arch: string) => {
    let row = rows.get(arch);
    if (!row) {
      row = emptyRow(arch);
      rows.set(arch, row);
    }
    return row;
  };
  for (const aggregate of aggregates) {
    const column = columnByPhase.get(aggregate.phase);
    const row = rowFor(aggregate.arch);
    row.n = Math.max(row.n, aggregate.n);
    if (!column) continue; // phases outside the table (e.g. rsync-back) still count their runs
    row[column.key] = column.value === "bytes" ? aggregate.bytes : aggregate.seconds;
  }
  for (const { arch, phase, source, runs: sourceRuns } of [...sources].sort((a, b) => b.runs - a.runs)) {
    const column = columnByPhase.get(phase);
    if (!column) continue;
    const row = rowFor(arch);
    const list = (row.sources[column.key] ??= []);
    if (!list.includes(source)) list.push(source);
    const counts = (row.sourceRuns[column.key] ??= {});
    counts[source] = (counts[source] ?? 0) + sourceRuns;
  }
  const sortedRows = [...rows.values()].sort((a, b) => compareArches(a.arch, b.arch));
  return { component, stat, runs, rows: sortedRows, total: totalRow(sortedRows, runs) };
}

/** Sums each column over the rows; a column nobody measured stays null rather than becoming 0. */
export function totalRow(rows: CostRow[], runs: number): CostRow {
  const total = emptyRow("total");
  total.n = runs;
  for (const column of COST_COLUMNS) {
    const key: ColumnKey = column.key;
    const values = rows.map((row) => row[key]).filter((value): value is number => value !== null);
    total[key] = values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0);
    const sources = [...new Set(rows.flatMap((row) => row.sources[key] ?? []))];
    if (sources.length > 0) total.sources[key] = sources;
    for (const row of rows) {
      for (const [source, count] of Object.entries(row.sourceRuns[key] ?? {})) {
        const counts = (total.sourceRuns[key] ??= {});
        counts[source] = Math.max(counts[source] ?? 0, count);
      }
    }
  }
  return total;
}
