// The bootstrap behind every range (docs/cost-model.md "Ranges"), in two parts drawn apart: the fits of each group
// redrawn from the runs that measured it (resampled with replacement), and one run's scatter around the point fits;
// a seeded random number generator, so the same data always gives the same ranges. Pure; ./ranges.ts turns the
// draws into ranges.
import type { BuildArch } from "../domain/arch";
import { MIB } from "../domain/phases";
import {
  EMPTY_STATS,
  fitFromStats,
  fitsFrom,
  groupStats,
  type Fits,
  type FitStats,
  type GroupKey,
  type GroupStats,
  type RateOverrides,
} from "./fit";
import { GROUP_KEYS, planPooling, pooledFitter, SIGMA_RUN, type PoolPlan } from "./pool";
import { seededRng, type Rng } from "./rng";
import type { ModelInputs, PhaseSample } from "./types";

/** The fixed shuffles of the scatter's strata (the same for every component: they depend on no data). */
const STRATA_SEED = 0x9e3779b9;

function shuffled(n: number, rng: Rng): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const k = rng.int(i + 1);
    [out[i], out[k]] = [out[k]!, out[i]!];
  }
  return out;
}

/** Draws per answer: enough for stable p10 and p90 (±0.12 standard deviations), cheap over fitted statistics. */
export const BOOTSTRAP_DRAWS = 200;
/** Fewer runs than this cannot show their own spread: the draws then assume SIGMA_RUN instead of resampling. */
export const MIN_RESAMPLE_RUNS = 8;
/** A documented default rate is a guess: its p10–p90 spans ÷2 to ×2 (ln 2 / z₀.₉). */
export const SIGMA_DEFAULT = Math.log(2) / 1.2816;

/** What the fits are drawn from: each group's statistics per own run and per other component, and the pooling. */
export interface Estimate {
  /** Each own run's statistics per group (a point without a run is a unit of its own). */
  units: Map<number | string, GroupStats>;
  own: Partial<Record<GroupKey, FitStats[]>>;
  pooled: Partial<Record<GroupKey, FitStats[]>>;
  ownTotal: GroupStats;
  pooledTotal: GroupStats;
  /** Other components with points, per group. */
  pooledComponents: Partial<Record<GroupKey, number>>;
  plan: PoolPlan;
  /** The component's own runs with usable points (a point without a run counts as one). */
  runs: number;
}

function unitsByGroup(units: GroupStats[]): Partial<Record<GroupKey, FitStats[]>> {
  const out: Partial<Record<GroupKey, FitStats[]>> = {};
  for (const unit of units) {
    for (const key of GROUP_KEYS) if ((unit[key]?.points ?? 0) > 0) (out[key] ??= []).push(unit[key]!);
  }
  return out;
}

function sum(units: readonly FitStats[] | undefined): FitStats | undefined {
  if (!units || units.length === 0) return undefined;
  const total = { ...EMPTY_STATS };
  for (const unit of units) accumulate(total, unit, 1);
  return total;
}

function accumulate(t: FitStats, u: FitStats, times: number): void {
  t.points += times * u.points;
  t.runs += times * u.runs;
  t.sumK += times * u.sumK;
  t.kk += times * u.kk;
  t.ks += times * u.ks;
  t.ss += times * u.ss;
  t.kt += times * u.kt;
  t.st += times * u.st;
  t.sumT += times * u.sumT;
  t.sumS += times * u.sumS;
}

/** A run is the resampling unit (its points share the cluster's state); a point without a run is a unit of its own. */
export function prepareEstimate(samples: readonly PhaseSample[], pooled: ModelInputs["pooled"] = []): Estimate {
  const others = unitsByGroup(pooled.map((component) => groupStats(component.samples)));
  const pooledTotal: GroupStats = {};
  const components: Partial<Record<GroupKey, number>> = {};
  for (const key of GROUP_KEYS) {
    const total = sum(others[key]);
    if (total) {
      pooledTotal[key] = total;
      components[key] = others[key]!.length;
    }
  }
  return withOwnSamples(
    {
      units: new Map(),
      own: {},
      pooled: others,
      ownTotal: {},
      pooledTotal,
      pooledComponents: components,
      plan: { weights: {}, origins: {} },
      runs: 0,
    },
    samples,
  );
}

/** The same other components with other own points. */
export function withOwnSamples(e: Estimate, samples: readonly PhaseSample[]): Estimate {
  const byRun = new Map<number | string, PhaseSample[]>();
  samples.forEach((sample, i) => {
    if (!(Number.isFinite(sample.seconds) && sample.seconds >= 0 && sample.bytes > 0 && sample.parts > 0)) return;
    const unit = sample.runId ?? `point ${i}`;
    const list = byRun.get(unit);
    if (list) list.push(sample);
    else byRun.set(unit, [sample]);
  });
  return withOwnUnits(e, new Map([...byRun].map(([unit, points]) => [unit, groupStats(points)])));
}

function withOwnUnits(e: Estimate, units: Map<number | string, GroupStats>): Estimate {
  const own = unitsByGroup([...units.values()]);
  const ownTotal: GroupStats = {};
  for (const key of GROUP_KEYS) {
    const total = sum(own[key]);
    if (total) ownTotal[key] = total;
  }
  const plan = planPooling(ownTotal, e.pooledTotal, e.pooledComponents);
  return { ...e, units, own, ownTotal, plan, runs: units.size };
}

/** The estimate without one run's points (the backtest's leave one out): its statistics subtracted. */
export function withoutRun(e: Estimate, runId: number): Estimate {
  const unit = e.units.get(runId);
  if (!unit) return e;
  const ownTotal: GroupStats = {};
  for (const key of GROUP_KEYS) {
    const total = e.ownTotal[key];
    if (!total) continue;
    const left = { ...total };
    if (unit[key]) accumulate(left, unit[key], -1);
    if (left.points > 0) ownTotal[key] = left;
  }
  const plan = planPooling(ownTotal, e.pooledTotal, e.pooledComponents);
  return { ...e, ownTotal, plan, runs: e.runs - 1 };
}

/** The point estimate: own fits, partially pooled (./pool.ts), what-if rates applied. */
export function estimateFits(e: Estimate, remote: readonly BuildArch[], overrides: RateOverrides = {}): Fits {
  return fitsFrom(pooledFitter(e.ownTotal, e.pooledTotal, e.plan), remote, overrides);
}

const FIELDS = 10;

/** Each unit's statistics, flat (a resample adds FIELDS numbers per drawn unit, no object per draw). */
function flatten(units: readonly FitStats[]): Float64Array {
  const flat = new Float64Array(units.length * FIELDS);
  units.forEach((u, i) =>
    flat.set([u.points, u.runs, u.sumK, u.kk, u.ks, u.ss, u.kt, u.st, u.sumT, u.sumS], i * FIELDS),
  );
  return flat;
}

function resample(flat: Float64Array, rng: Rng): FitStats {
  const n = flat.length / FIELDS;
  const acc = new Float64Array(FIELDS);
  for (let i = 0; i < n; i++) {
    const at = rng.int(n) * FIELDS;
    for (let f = 0; f < FIELDS; f++) acc[f]! += flat[at + f]!;
  }
  const [points, runs, sumK, kk, ks, ss, kt, st, sumT, sumS] = acc as unknown as number[];
  return {
    points: points!,
    runs: runs!,
    sumK: sumK!,
    kk: kk!,
    ks: ks!,
    ss: ss!,
    kt: kt!,
    st: st!,
    sumT: sumT!,
    sumS: sumS!,
  };
}

/** Each own run's measured ÷ predicted seconds under the own point fit: the scatter of one run around the fit. */
function residuals(e: Estimate): Partial<Record<GroupKey, number[]>> {
  const out: Partial<Record<GroupKey, number[]>> = {};
  for (const key of GROUP_KEYS) {
    const total = e.ownTotal[key];
    const units = e.own[key] ?? [];
    if (!total || units.length < MIN_RESAMPLE_RUNS) continue;
    const fit = fitFromStats("prefetch", total);
    out[key] = units
      .map((unit) => {
        const predicted = fit.overheadS * unit.sumK + unit.sumS * MIB * fit.secondsPerByte;
        return predicted > 0 ? unit.sumT / predicted : 1;
      })
      .sort((a, b) => a - b);
  }
  return out;
}

/** The two parts of a range, drawn apart and combined per quantity in ./ranges.ts (docs/cost-model.md "Ranges"). */
export type DrawPart = "rates" | "scatter";

/**
 * BOOTSTRAP_DRAWS sets of fits, of one part of the uncertainty.
 * - "rates": per group and draw, the own part refitted on a resample of the runs that measured it (with fewer than
 *   MIN_RESAMPLE_RUNS, the own fit × e^(SIGMA_RUN/√n · z)); the pooled part likewise over the other components;
 *   blended with the plan's fixed weight. Defaults: × e^(SIGMA_DEFAULT · z). What more runs shrink.
 * - "scatter": the point fits times one run's scatter (a quantile of the residual ratios, one stratum per draw in a
 *   fixed shuffle per group, or e^(SIGMA_RUN · z) with too few runs to show it). What more runs do not shrink.
 */
export function drawFits(
  e: Estimate,
  remote: readonly BuildArch[],
  overrides: RateOverrides,
  seed: number,
  part: DrawPart,
  draws = BOOTSTRAP_DRAWS,
): Fits[] {
  const rng = seededRng(seed);
  const scatter = residuals(e);
  const strata = GROUP_KEYS.map((_, g) => shuffled(draws, seededRng(STRATA_SEED + g)));
  const flatOwn = new Map(GROUP_KEYS.map((key) => [key, flatten(e.own[key] ?? [])]));
  const flatPooled = new Map(GROUP_KEYS.map((key) => [key, flatten(e.pooled[key] ?? [])]));
  const out: Fits[] = [];
  for (let j = 0; j < draws; j++) {
    const own: GroupStats = {};
    const pooled: GroupStats = {};
    const factors = new Map<GroupKey, { own: number; pooled: number; default: number }>();
    for (const key of GROUP_KEYS) {
      const ownUnits = e.own[key] ?? [];
      const pooledUnits = e.pooled[key] ?? [];
      if (part === "scatter") {
        if (e.ownTotal[key]) own[key] = e.ownTotal[key];
        if (e.pooledTotal[key]) pooled[key] = e.pooledTotal[key];
        const ratios = scatter[key];
        // Stratified, not random: draw j takes the residuals' quantile (π(j) + ½) / draws, π a fixed shuffle per
        // group (a Latin hypercube: each group's strata all used once, groups independent of one another). Runs
        // copied k times have the same quantiles, so their scatter is the same, draw by draw.
        const u = (strata[GROUP_KEYS.indexOf(key)]![j]! + 0.5) / draws;
        const run = ratios ? ratios[Math.floor(u * ratios.length)]! : Math.exp(SIGMA_RUN * rng.normal());
        factors.set(key, { own: run, pooled: run, default: 1 });
        continue;
      }
      let ownFactor = 1;
      let pooledFactor = 1;
      if (ownUnits.length >= MIN_RESAMPLE_RUNS) own[key] = resample(flatOwn.get(key)!, rng);
      else if (ownUnits.length > 0) {
        own[key] = e.ownTotal[key];
        ownFactor = Math.exp((SIGMA_RUN / Math.sqrt(ownUnits.length)) * rng.normal());
      }
      if (pooledUnits.length >= MIN_RESAMPLE_RUNS) pooled[key] = resample(flatPooled.get(key)!, rng);
      else if (pooledUnits.length > 0) {
        pooled[key] = e.pooledTotal[key];
        pooledFactor = Math.exp((SIGMA_RUN / Math.sqrt(e.pooledTotal[key]!.runs)) * rng.normal());
      }
      const guess = Math.exp(SIGMA_DEFAULT * rng.normal());
      factors.set(key, { own: ownFactor, pooled: pooledFactor, default: guess });
    }
    const fitter = pooledFitter(own, pooled, e.plan, (key, which) => factors.get(key)![which], false);
    out.push(fitsFrom(fitter, remote, overrides));
  }
  return out;
}
