// Pure transforms from trend points to chart rows: one row per bucket, per arch the median and the
// [median, p90] band, for one phase's seconds or for the payload's bytes.
import { compareArches } from "../domain/arch";
import type { TrendPoint } from "../queries/get-trend";

export type TrendDatum = { bucket: number; label: string; runs: number } & Record<
  string,
  number | [number, number] | string | null
>;

export interface TrendSeries {
  data: TrendDatum[];
  arches: string[];
}

/**
 * `value: "seconds"` reads p50S/p90S, `"bytes"` reads p50Bytes/p90Bytes. Each arch gets `<arch>` (median)
 * and `<arch>Band` ([median, p90]) keys; a bucket without data for an arch gets nulls, so lines break there.
 */
export function toTrendSeries(points: TrendPoint[], phase: string, value: "seconds" | "bytes"): TrendSeries {
  const relevant = points.filter((p) => p.phase === phase && (value === "seconds" ? p.p50S : p.p50Bytes) !== null);
  const arches = [...new Set(relevant.map((p) => p.arch))].sort(compareArches);
  const buckets = [...new Set(relevant.map((p) => p.bucket))].sort((a, b) => a - b);
  const data = buckets.map((bucket) => {
    const inBucket = relevant.filter((p) => p.bucket === bucket);
    const first = inBucket[0]!;
    const datum: TrendDatum = {
      bucket,
      label: first.from ? first.from.slice(0, 10) : `#${bucket}`,
      runs: Math.max(...inBucket.map((p) => p.runs)),
    };
    for (const arch of arches) {
      const point = inBucket.find((p) => p.arch === arch);
      const p50 = point ? (value === "seconds" ? point.p50S : point.p50Bytes) : null;
      const p90 = point ? (value === "seconds" ? point.p90S : point.p90Bytes) : null;
      datum[arch] = p50;
      datum[`${arch}Band`] = p50 !== null && p90 !== null ? [p50, p90] : null;
    }
    return datum;
  });
  return { data, arches };
}

/** Phases that have seconds in the trend, in table order, for the phase picker. */
export function trendPhases(points: TrendPoint[]): string[] {
  const order = ["prefetch", "create-upload", "restore", "rsync", "rsync-back", "build", "queue"];
  const present = new Set(points.filter((p) => p.p50S !== null).map((p) => p.phase));
  return order.filter((phase) => present.has(phase));
}
