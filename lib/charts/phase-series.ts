// Pure transforms from cost-table rows to chart series.
import type { CostRow } from "../queries/cost-table.types";

export const TIME_PHASE_SERIES = [
  { key: "prefetchS", label: "Prefetch", color: "#2563eb" },
  { key: "createUploadS", label: "Create/Upload", color: "#d97706" },
  { key: "restoreS", label: "Restore", color: "#059669" },
  { key: "rsyncS", label: "rsync", color: "#7c3aed" },
  { key: "buildS", label: "Build", color: "#64748b" },
  { key: "queueS", label: "Queue", color: "#db2777" },
] as const;

export type PhaseSeriesKey = (typeof TIME_PHASE_SERIES)[number]["key"];

export type PhaseBarDatum = { arch: string } & Record<PhaseSeriesKey, number | null>;

/**
 * One bar per arch, one stacked segment per time phase (seconds). Phases that no arch measured are
 * dropped so the legend lists only what is there.
 */
export function toPhaseBars(rows: CostRow[]): { data: PhaseBarDatum[]; series: (typeof TIME_PHASE_SERIES)[number][] } {
  const series = TIME_PHASE_SERIES.filter((s) => rows.some((row) => row[s.key] !== null));
  const data = rows.map((row) => {
    const datum = { arch: row.arch } as PhaseBarDatum;
    for (const s of TIME_PHASE_SERIES) datum[s.key] = row[s.key];
    return datum;
  });
  return { data, series };
}
