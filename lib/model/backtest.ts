// Checks the model against measured runs: for each run whose strategy was detected, predict that strategy's
// data-passing task seconds from the run's own sizes, with rates fitted on every *other* run (leave one out;
// pooled with the other components as for the answer; with nothing else, the documented defaults), and compare
// with what the run measured; and how often the measured value fell inside the predicted p10–p90 range, per
// strategy (coverage; docs/cost-model.md "Backtest" and "Coverage"). Pure.
import type { BuildArch } from "../domain/arch";
import { SHARED_PAYLOAD_STRATEGIES } from "../domain/strategies";
import { predictSeconds, type Fits } from "./fit";
import { combineRanges, rangeOf, type PartDraws } from "./ranges";
import type { FittedPhase, ModelInputs, PayloadArch } from "./types";
import { estimateFits, prepareEstimate, withoutRun, type Estimate } from "./uncertainty";

/** Draws of each part each run's range is read from (fewer than the answer's: 200 runs × 2 × 40 draws stay near 100 ms). */
const BACKTEST_DRAWS = 40;

/** The share of measured values a p10–p90 range should hold. */
export const COVERAGE_TARGET_PCT = 80;

export interface BacktestRunResult {
  run: string;
  strategy: string;
  predictedS: number;
  measuredS: number;
  errorPct: number;
  phases: FittedPhase[];
  /** Measured points of the other runs the rates were fitted on (0: the default rates). */
  fittedOn: number;
  /** The predicted p10–p90 range, and whether the measured value fell inside it. */
  low: number;
  high: number;
  inside: boolean;
}

/** Per strategy: how many backtested runs measured a value inside their predicted p10–p90 range. */
export interface CoverageRow {
  strategy: string;
  runs: number;
  inside: number;
  pct: number;
}

export interface BacktestResult {
  /** Runs compared. */
  runs: number;
  medianErrorPct: number | null;
  method: string;
  results: BacktestRunResult[];
  /** Share of runs whose measured value fell inside the predicted p10–p90 range (null: no run), and its target. */
  coveragePct: number | null;
  coverageTarget: number;
  coverage: CoverageRow[];
}

/** Predicted task seconds per fitted phase of one run, under the strategy it used. */
export function predictRunPhases(
  strategy: string,
  platforms: readonly BuildArch[],
  payload: Partial<Record<PayloadArch, number>>,
  remote: ReadonlySet<BuildArch>,
  fits: Fits,
): Record<FittedPhase, number> {
  const parts = [...platforms, ...(payload.source ? (["source"] as const) : [])] as PayloadArch[];
  const size = (part: PayloadArch) => payload[part] ?? 0;
  const total = parts.reduce((sum, part) => sum + size(part), 0);
  const shared = SHARED_PAYLOAD_STRATEGIES.has(strategy);
  const isTa = strategy.startsWith("ta-");
  const rsyncFit = (arch: BuildArch) => fits.rsync[arch] ?? fits.rsyncPooled;
  const out: Record<FittedPhase, number> = { prefetch: 0, upload: 0, restore: 0, rsync: 0 };
  if (shared) {
    const copies = strategy === "pvc-per-arch-duplicated" ? platforms.length : 1;
    out.prefetch = copies * predictSeconds(fits.prefetch, total, parts.length);
    if (isTa) {
      out.upload = predictSeconds(fits.upload, total);
      out.restore = (platforms.length + (payload.source ? 1 : 0)) * predictSeconds(fits.restore, total);
    }
    out.rsync = platforms.filter((a) => remote.has(a)).reduce((sum, a) => sum + predictSeconds(rsyncFit(a), total), 0);
  } else {
    out.prefetch = parts.reduce((sum, part) => sum + predictSeconds(fits.prefetch, size(part), 1), 0);
    if (isTa) {
      out.upload = parts.reduce((sum, part) => sum + predictSeconds(fits.upload, size(part)), 0);
      out.restore = parts.reduce((sum, part) => sum + predictSeconds(fits.restore, size(part)), 0);
    }
    out.rsync = platforms
      .filter((a) => remote.has(a))
      .reduce((sum, a) => sum + predictSeconds(rsyncFit(a), size(a)), 0);
  }
  return out;
}

/**
 * `estimate` and `draws` are the answer's (./uncertainty.ts): each run's range is the spread of its prediction
 * over the draws, scaled onto its leave-one-out estimate (the draws use every run; one run more barely narrows them).
 */
export function backtest(
  inputs: ModelInputs,
  estimate: Estimate = prepareEstimate(inputs.samples, inputs.pooled),
  draws: PartDraws = { rates: [], scatter: [] },
): BacktestResult {
  const remote = new Set(inputs.remotePlatforms.arches);
  const arches = inputs.remotePlatforms.arches;
  const full = estimateFits(estimate, arches);
  const results: BacktestRunResult[] = [];
  const pooledPoints = (inputs.pooled ?? []).reduce((sum, c) => sum + c.samples.length, 0);
  for (const run of inputs.backtestRuns) {
    if (Object.keys(run.payload).length === 0) continue;
    const others = inputs.samples.filter((sample) => sample.runId !== run.id);
    const loo = withoutRun(estimate, run.id);
    const fits = estimateFits(loo, arches);
    const predicted = predictRunPhases(run.strategy, run.platforms, run.payload, remote, fits);
    // Compare only the phases the run measured, and that the strategy has.
    const phases = (Object.keys(predicted) as FittedPhase[]).filter(
      (phase) => run.measured[phase] !== null && (predicted[phase] > 0 || (run.measured[phase] ?? 0) > 0),
    );
    if (phases.length === 0) continue;
    const total = (p: Record<FittedPhase, number>) => phases.reduce((sum, phase) => sum + p[phase], 0);
    const predictedS = total(predicted);
    const measuredS = phases.reduce((sum, phase) => sum + (run.measured[phase] ?? 0), 0);
    if (measuredS <= 0) continue;
    // The draws' spread around the full-data estimate, scaled onto this run's leave-one-out estimate.
    const fullS = total(predictRunPhases(run.strategy, run.platforms, run.payload, remote, full));
    const spread = (part: readonly Fits[]) =>
      rangeOf(
        predictedS,
        part
          .slice(0, BACKTEST_DRAWS)
          .map((draw) =>
            fullS > 0
              ? (total(predictRunPhases(run.strategy, run.platforms, run.payload, remote, draw)) * predictedS) / fullS
              : predictedS,
          ),
      );
    const { low, high } = combineRanges(predictedS, spread(draws.rates), spread(draws.scatter), true);
    const pooledUsed = Object.values(loo.plan.weights).some((w) => w < 1);
    const fittedOn = others.length + (pooledUsed ? pooledPoints : 0);
    results.push({
      run: run.name,
      strategy: run.strategy,
      predictedS,
      measuredS,
      errorPct: ((predictedS - measuredS) / measuredS) * 100,
      phases,
      fittedOn,
      low,
      high,
      inside: measuredS >= low && measuredS <= high,
    });
  }
  const errors = results.map((r) => Math.abs(r.errorPct)).sort((a, b) => a - b);
  const n = errors.length;
  const medianErrorPct = n === 0 ? null : n % 2 ? errors[(n - 1) / 2]! : (errors[n / 2 - 1]! + errors[n / 2]!) / 2;
  return {
    runs: n,
    medianErrorPct,
    method:
      "per run: the detected strategy's data-passing task seconds (prefetch, upload, restore, rsync) predicted " +
      "from the run's own payload sizes with rates fitted on the other selected runs (leave one out; the " +
      "documented default rates when there is no other run), against the same phases measured; median of |error|. " +
      `Coverage: the share of runs whose measured value fell inside the predicted p10–p90 range (target ${COVERAGE_TARGET_PCT}%).`,
    results,
    coveragePct: n === 0 ? null : (results.filter((r) => r.inside).length / n) * 100,
    coverageTarget: COVERAGE_TARGET_PCT,
    coverage: coverageByStrategy(results),
  };
}

function coverageByStrategy(results: readonly BacktestRunResult[]): CoverageRow[] {
  const rows = new Map<string, CoverageRow>();
  for (const r of results) {
    const row = rows.get(r.strategy) ?? { strategy: r.strategy, runs: 0, inside: 0, pct: 0 };
    row.runs += 1;
    row.inside += r.inside ? 1 : 0;
    row.pct = (row.inside / row.runs) * 100;
    rows.set(r.strategy, row);
  }
  return [...rows.values()].sort((a, b) => a.strategy.localeCompare(b.strategy));
}
