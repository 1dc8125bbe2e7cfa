// Checks the model against measured runs: for each run whose strategy was detected, predict that strategy's
// data-passing task seconds from the run's own sizes, with rates fitted on every *other* run (leave one out;
// with no other run, the documented defaults), and compare with what the run measured (docs/cost-model.md
// "Backtest"). Pure.
import type { BuildArch } from "../domain/arch";
import { SHARED_PAYLOAD_STRATEGIES } from "../domain/strategies";
import { fitAll, predictSeconds, type Fits } from "./fit";
import type { FittedPhase, ModelInputs, PayloadArch } from "./types";

export interface BacktestRunResult {
  run: string;
  strategy: string;
  predictedS: number;
  measuredS: number;
  errorPct: number;
  phases: FittedPhase[];
  /** Measured points of the other runs the rates were fitted on (0: the default rates). */
  fittedOn: number;
}

export interface BacktestResult {
  /** Runs compared. */
  runs: number;
  medianErrorPct: number | null;
  method: string;
  results: BacktestRunResult[];
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

export function backtest(inputs: ModelInputs): BacktestResult {
  const remote = new Set(inputs.remotePlatforms.arches);
  const results: BacktestRunResult[] = [];
  for (const run of inputs.backtestRuns) {
    if (Object.keys(run.payload).length === 0) continue;
    const others = inputs.samples.filter((sample) => sample.runId !== run.id);
    const fits = fitAll(others, inputs.remotePlatforms.arches);
    const predicted = predictRunPhases(run.strategy, run.platforms, run.payload, remote, fits);
    // Compare only the phases the run measured, and that the strategy has.
    const phases = (Object.keys(predicted) as FittedPhase[]).filter(
      (phase) => run.measured[phase] !== null && (predicted[phase] > 0 || (run.measured[phase] ?? 0) > 0),
    );
    if (phases.length === 0) continue;
    const predictedS = phases.reduce((sum, phase) => sum + predicted[phase], 0);
    const measuredS = phases.reduce((sum, phase) => sum + (run.measured[phase] ?? 0), 0);
    if (measuredS <= 0) continue;
    results.push({
      run: run.name,
      strategy: run.strategy,
      predictedS,
      measuredS,
      errorPct: ((predictedS - measuredS) / measuredS) * 100,
      phases,
      fittedOn: others.length,
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
      "documented default rates when there is no other run), against the same phases measured; median of |error|.",
    results,
  };
}
