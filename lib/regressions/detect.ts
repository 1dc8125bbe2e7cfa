// The regression detector: per cell (arch × phase × seconds-or-bytes) of one component, the latest values against
// the ones just before them — medians, a one-sided Mann–Whitney test, Holm's adjustment over the component's cells,
// and the run where a flagged rise began. Pure: the values come in, nothing is read. docs/regressions.md.
import { holmAdjust, mannWhitneyGreater } from "./mann-whitney";
import type { RegressionSettings } from "./settings";

export type RegressionKind = "seconds" | "bytes";

/** One run's value of a cell. */
export interface CellPoint {
  runId: number;
  value: number;
  /** Values are compared within their stratum only (the run's detected strategy); omit for one stratum. */
  stratum?: string;
}

/** A cell's values in run order, oldest first (at least the last recent + baseline of them). */
export interface CellSeries {
  arch: string;
  phase: string;
  kind: RegressionKind;
  points: CellPoint[];
}

export interface CellResult {
  arch: string;
  phase: string;
  kind: RegressionKind;
  baselineP50: number;
  recentP50: number;
  /** (recent − baseline) / baseline medians, in percent; null when the baseline median is 0. */
  changePct: number | null;
  /** One-sided p-value of "recent is larger" for this cell alone. */
  pValue: number;
  /** Holm-adjusted over every tested cell of the component: what `alpha` is compared with. */
  adjustedPValue: number;
  method: "exact" | "normal";
  /** adjustedPValue < alpha. */
  significant: boolean;
  /** Significant and a rise of more than minChangePct: a regression. */
  flagged: boolean;
  /** For a flagged cell, the run of the recent window where the rise began; else null. */
  firstRunId: number | null;
  recentRuns: number;
  baselineRuns: number;
}

export interface Detection {
  /** Every cell with enough values, flagged or not, in the input's order. */
  tested: CellResult[];
  /** Cells left out: fewer than `recent` recent values or `minBaseline` baseline values. */
  skipped: number;
}

/** The median (the mean of the two middle values for an even count), as the trend's p50 is. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Where the rise began: the start of the step that best splits the recent window into values at or under the
 * threshold before it and values over it from it on (most values on their side; a tie goes to the later run,
 * so an early value that is high by chance does not move the start back). Null if no recent value is over.
 */
export function firstSlowRun(recent: CellPoint[], threshold: number): number | null {
  let best: { score: number; index: number } | null = null;
  let underBefore = 0;
  let overFrom = recent.filter((point) => point.value > threshold).length;
  for (const [index, point] of recent.entries()) {
    const over = point.value > threshold;
    if (over && (best === null || underBefore + overFrom >= best.score)) {
      best = { score: underBefore + overFrom, index };
    }
    if (over) overFrom--;
    else underBefore++;
  }
  return best === null ? null : recent[best.index]!.runId;
}

interface Windowed {
  series: CellSeries;
  recent: CellPoint[];
  baseline: CellPoint[];
}

function windows(series: CellSeries, settings: RegressionSettings): Windowed | null {
  const { points } = series;
  if (points.length < settings.recent + settings.minBaseline) return null;
  const recent = points.slice(points.length - settings.recent);
  const baseline = points.slice(Math.max(0, points.length - settings.recent - settings.baseline), -settings.recent);
  return { series, recent, baseline };
}

/** Runs the test on every cell with enough values, then flags by Holm-adjusted p-value and the median's rise. */
export function detectRegressions(cells: CellSeries[], settings: RegressionSettings): Detection {
  const testable = cells.map((series) => windows(series, settings)).filter((w): w is Windowed => w !== null);
  const tests = testable.map(({ recent, baseline }) => mannWhitneyGreater(recent, baseline));
  const adjusted = holmAdjust(tests.map((test) => test.pValue));
  const tested = testable.map(({ series, recent, baseline }, i): CellResult => {
    const baselineP50 = median(baseline.map((point) => point.value));
    const recentP50 = median(recent.map((point) => point.value));
    const changePct = baselineP50 === 0 ? null : (100 * (recentP50 - baselineP50)) / baselineP50;
    const test = tests[i]!;
    const adjustedPValue = adjusted[i]!;
    const significant = adjustedPValue < settings.alpha;
    const flagged = significant && changePct !== null && changePct > settings.minChangePct;
    return {
      arch: series.arch,
      phase: series.phase,
      kind: series.kind,
      baselineP50,
      recentP50,
      changePct,
      pValue: test.pValue,
      adjustedPValue,
      method: test.method,
      significant,
      flagged,
      firstRunId: flagged ? firstSlowRun(recent, baselineP50 * (1 + settings.minChangePct / 100)) : null,
      recentRuns: recent.length,
      baselineRuns: baseline.length,
    };
  });
  return { tested, skipped: cells.length - testable.length };
}
