// Partial pooling of fitted rates across the components of one database (docs/cost-model.md "Pooled rates"): a
// component's own fit of each group (a phase, or rsync to one platform) is shrunk toward the fit pooled over the
// other components, by how much data it has and by how far apart the two are. Pure.
import { BUILD_ARCHES, type BuildArch } from "../domain/arch";
import { formatCount } from "../format";
import { defaultFit, fitFromStats, type FitStats, type GroupKey, type GroupStats } from "./fit";
import { FITTED_PHASES, type Fit, type FittedPhase, type RateOrigin } from "./types";

/** Prior strength of the pooled fit, in runs: with K own runs (and rates alike) a component is half own, half pooled. */
export const K_POOL = 3;
/**
 * Spread of one run's rate around its component's typical rate, as a standard deviation of ln(rate) (≈ ×/÷ 1.4):
 * the yardstick for "are the own and pooled rates alike" and the spread assumed where too few runs show one.
 */
export const SIGMA_RUN = 0.35;

export const GROUP_KEYS: GroupKey[] = [...FITTED_PHASES, ...BUILD_ARCHES.map((arch) => `rsync:${arch}` as const)];

export const groupKey = (phase: FittedPhase, arch?: BuildArch): GroupKey => (arch ? `rsync:${arch}` : phase);

const has = (stats: FitStats | undefined): stats is FitStats => stats !== undefined && stats.points > 0;

/**
 * w, the own fit's share: n / (n + k) with n the own runs, k = K_POOL × max(0, 1 − (d / 2se)²), d = ln(ρ_own / ρ_pool)
 * the gap between the measured ratios (Σ s / Σ MiB) and se = SIGMA_RUN × √(1/n + 1/m) (m pooled runs). Alike rates
 * (d ≈ 0) pool fully by K_POOL; rates 2 standard errors apart or more are not pooled (the component is unlike the
 * others). No own points: 0 (the pooled fit); nothing pooled: 1.
 */
export function poolWeight(own: FitStats | undefined, pooled: FitStats | undefined): number {
  if (!has(pooled)) return 1;
  if (!has(own)) return 0;
  const ratioOwn = own.sumT / own.sumS;
  const ratioPool = pooled.sumT / pooled.sumS;
  if (!(ratioOwn > 0 && ratioPool > 0)) return 1;
  const n = Math.max(1, own.runs);
  const m = Math.max(1, pooled.runs);
  const gap = Math.log(ratioOwn / ratioPool);
  const se = SIGMA_RUN * Math.sqrt(1 / n + 1 / m);
  const k = K_POOL * Math.max(0, 1 - (gap / (2 * se)) ** 2);
  return n / (n + k);
}

/** w × own + (1 − w) × pooled, parameter by parameter: every prediction lies between the two fits' predictions. */
export function blendFits(own: Fit, pooled: Fit, w: number): Pick<Fit, "overheadS" | "secondsPerByte"> {
  return {
    overheadS: w * own.overheadS + (1 - w) * pooled.overheadS,
    secondsPerByte: w * own.secondsPerByte + (1 - w) * pooled.secondsPerByte,
  };
}

/** The pooling of each group: its weight, and where the rate came from (computed once, on all the data). */
export interface PoolPlan {
  weights: Partial<Record<GroupKey, number>>;
  origins: Partial<Record<GroupKey, RateOrigin>>;
}

const runs = (n: number) => formatCount(n, "run");

export function planPooling(
  own: GroupStats,
  pooled: GroupStats,
  components: Partial<Record<GroupKey, number>>,
): PoolPlan {
  const plan: PoolPlan = { weights: {}, origins: {} };
  for (const key of GROUP_KEYS) {
    const w = poolWeight(own[key], pooled[key]);
    const ownRuns = has(own[key]) ? own[key].runs : 0;
    const pooledRuns = has(pooled[key]) ? pooled[key].runs : 0;
    const pooledComponents = pooledRuns > 0 ? (components[key] ?? 0) : 0;
    const pooledText = `pooled: ${formatCount(pooledComponents, "component")}, ${runs(pooledRuns)}`;
    const text =
      ownRuns === 0 && pooledRuns === 0
        ? "default"
        : w >= 1
          ? `own: ${runs(ownRuns)}${pooledRuns > 0 ? ` (unlike the ${pooledText.slice(8)}: not pooled)` : ""}`
          : w <= 0
            ? pooledText
            : `own: ${runs(ownRuns)} × ${w.toFixed(2)} + ${pooledText} × ${(1 - w).toFixed(2)}`;
    plan.weights[key] = w;
    plan.origins[key] = { text, ownRuns, pooledComponents, pooledRuns, ownWeight: w };
  }
  return plan;
}

/**
 * How to fit one group from own and pooled statistics under a plan (see ./fit.ts fitsFrom). `scale` multiplies a
 * part's fit (the bootstrap's draws); `labels` false skips the source texts.
 */
export function pooledFitter(
  own: GroupStats,
  pooled: GroupStats,
  plan: PoolPlan,
  scale: (key: GroupKey, part: "own" | "pooled" | "default") => number = () => 1,
  labels = true,
): (phase: FittedPhase, arch?: BuildArch) => Fit | null {
  return (phase, arch) => {
    const key = groupKey(phase, arch);
    const w = plan.weights[key] ?? 1;
    const origin = plan.origins[key];
    const scaled = (fit: Fit, part: "own" | "pooled" | "default"): Fit => {
      const factor = scale(key, part);
      return factor === 1
        ? fit
        : { ...fit, overheadS: fit.overheadS * factor, secondsPerByte: fit.secondsPerByte * factor };
    };
    const ownHas = has(own[key]);
    const pooledHas = has(pooled[key]);
    if (!ownHas && !pooledHas) {
      if (arch) return null;
      const fit = scaled(defaultFit(phase), "default");
      return origin ? { ...fit, origin } : fit;
    }
    const ownFit = ownHas ? scaled(fitFromStats(phase, own[key]!, arch, labels), "own") : null;
    if (ownFit && (w >= 1 || !pooledHas)) return origin ? { ...ownFit, origin } : ownFit;
    const pooledFit = scaled(fitFromStats(phase, pooled[key]!, arch, labels), "pooled");
    const blend = ownFit ? blendFits(ownFit, pooledFit, w) : blendFits(pooledFit, pooledFit, 1);
    const source = !labels
      ? ""
      : ownFit
        ? `partial pooling, own weight ${w.toFixed(2)}: own ${ownFit.source}; other components ${pooledFit.source}`
        : `pooled over other components: ${pooledFit.source}`;
    return {
      phase,
      ...(arch ? { arch } : {}),
      ...blend,
      method: "pooled",
      samples: (ownFit?.samples ?? 0) + pooledFit.samples,
      source,
      ...(origin ? { origin } : {}),
    };
  };
}
