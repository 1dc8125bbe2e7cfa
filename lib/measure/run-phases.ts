// One value per run, arch and phase (the RunPhase table): the mean of the run's measurements of it, so two
// rows of one number do not add up, and the labels of their sources. The cost table reads percentiles of
// these values by index seeks. Pure; used by every writer of measurements (ingest, hand tables, seed).

export interface MeasurementLike {
  arch: string;
  phase: string;
  seconds: number | null;
  bytes: number | null;
  source: string;
  sourceDetail: string;
}

export interface RunPhaseValue {
  arch: string;
  phase: string;
  seconds: number | null;
  bytes: number | null;
  /** Distinct labels, sorted, one per line. */
  sources: string;
}

/** How a table cell names a source: its kind, except hand tables, whose own label says more. */
export function sourceLabel(m: Pick<MeasurementLike, "source" | "sourceDetail">): string {
  return m.source === "manual-table" ? m.sourceDetail : m.source;
}

export const SOURCES_SEPARATOR = "\n";

const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

export function summarizeRunPhases(measurements: readonly MeasurementLike[]): RunPhaseValue[] {
  const groups = new Map<
    string,
    { arch: string; phase: string; seconds: number[]; bytes: number[]; labels: Set<string> }
  >();
  for (const m of measurements) {
    const key = `${m.arch}\u0000${m.phase}`;
    let group = groups.get(key);
    if (!group) {
      group = { arch: m.arch, phase: m.phase, seconds: [], bytes: [], labels: new Set() };
      groups.set(key, group);
    }
    if (m.seconds !== null) group.seconds.push(m.seconds);
    if (m.bytes !== null) group.bytes.push(m.bytes);
    group.labels.add(sourceLabel(m));
  }
  return [...groups.values()].map((group) => ({
    arch: group.arch,
    phase: group.phase,
    seconds: mean(group.seconds),
    bytes: mean(group.bytes),
    sources: [...group.labels].sort().join(SOURCES_SEPARATOR),
  }));
}
