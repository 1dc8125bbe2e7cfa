// The trend's arithmetic (pure): runs in start order cut into NTILE groups, and per group, arch and phase the run
// count, first and last start time, median (the middle value, or the mean of the two middle ones) and p90 (nearest
// rank ⌈0.9 n⌉, i.e. ⌊(9n + 9) / 10⌋) of the seconds and of the bytes: the definition the window-function SQL had.

export interface TrendPoint {
  bucket: number;
  /** Start time of the bucket's first and last run. */
  from: string | null;
  to: string | null;
  arch: string;
  phase: string;
  runs: number;
  p50S: number | null;
  p90S: number | null;
  p50Bytes: number | null;
  p90Bytes: number | null;
}

/** One cell's RunPhase rows: every row's run, and the runs and values of the rows that have seconds / bytes. */
export interface CellValues {
  arch: string;
  phase: string;
  runIds: number[];
  seconds: { runIds: number[]; values: number[] } | null;
  bytes: { runIds: number[]; values: number[] } | null;
}

export interface OrderedRun {
  id: number;
  /** Start time in ms, or null. */
  started: number | null;
}

interface Group {
  runs: number;
  from: number | null;
  to: number | null;
  seconds: number[];
  bytes: number[];
}

/** NTILE(buckets) over `count` rows: the 1-based group of each position. */
export function ntile(count: number, buckets: number): number[] {
  const size = Math.floor(count / buckets);
  const extra = count % buckets;
  const big = extra * (size + 1);
  return Array.from({ length: count }, (_, i) =>
    i < big ? Math.floor(i / (size + 1)) + 1 : extra + Math.floor((i - big) / size) + 1,
  );
}

function median(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const low = Math.floor((n + 1) / 2);
  const high = Math.floor((n + 2) / 2);
  return low === high ? sorted[low - 1]! : (sorted[low - 1]! + sorted[high - 1]!) / 2;
}

const p90 = (sorted: readonly number[]) =>
  sorted.length === 0 ? null : sorted[Math.floor((9 * sorted.length + 9) / 10) - 1]!;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function cellGroups(cell: CellValues, bucketOf: Map<number, number>, startedOf: Map<number, number | null>) {
  const groups = new Map<number, Group>();
  const group = (bucket: number) => {
    let found = groups.get(bucket);
    if (!found) {
      found = { runs: 0, from: null, to: null, seconds: [], bytes: [] };
      groups.set(bucket, found);
    }
    return found;
  };
  for (const runId of cell.runIds) {
    const bucket = bucketOf.get(runId);
    if (bucket === undefined) continue;
    const own = group(bucket);
    own.runs++;
    const started = startedOf.get(runId) ?? null;
    if (started !== null) {
      if (own.from === null || started < own.from) own.from = started;
      if (own.to === null || started > own.to) own.to = started;
    }
  }
  for (const field of ["seconds", "bytes"] as const) {
    const values = cell[field];
    if (!values) continue;
    values.runIds.forEach((runId, i) => {
      const bucket = bucketOf.get(runId);
      if (bucket !== undefined) group(bucket)[field].push(values.values[i]!);
    });
  }
  return groups;
}

/** Which bucket each selected run falls in, and its start time. */
export interface TrendContext {
  bucketOf: Map<number, number>;
  startedOf: Map<number, number | null>;
}

export function trendContext(runs: readonly OrderedRun[], buckets: number): TrendContext {
  const tiles = ntile(runs.length, buckets);
  return {
    bucketOf: new Map(runs.map((run, i) => [run.id, tiles[i]!])),
    startedOf: new Map(runs.map((run) => [run.id, run.started])),
  };
}

const byNumber = (a: number, b: number) => a - b;

/** One cell's points, one per bucket that has a row of it. */
export function cellPoints(cell: CellValues, context: TrendContext): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const [bucket, group] of cellGroups(cell, context.bucketOf, context.startedOf)) {
    const seconds = group.seconds.sort(byNumber);
    const bytes = group.bytes.sort(byNumber);
    points.push({
      bucket,
      from: iso(group.from),
      to: iso(group.to),
      arch: cell.arch,
      phase: cell.phase,
      runs: group.runs,
      p50S: median(seconds),
      p90S: p90(seconds),
      p50Bytes: median(bytes),
      p90Bytes: p90(bytes),
    });
  }
  return points;
}

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Orders points by bucket, arch and phase (in place). */
export const sortPoints = (points: TrendPoint[]) =>
  points.sort((a, b) => a.bucket - b.bucket || text(a.arch, b.arch) || text(a.phase, b.phase));

/** The trend's points, ordered by bucket, arch and phase. */
export function trendPoints(runs: readonly OrderedRun[], buckets: number, cells: readonly CellValues[]): TrendPoint[] {
  const context = trendContext(runs, buckets);
  return sortPoints(cells.flatMap((cell) => cellPoints(cell, context)));
}
