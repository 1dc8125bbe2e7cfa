// Fits each data-passing phase as `seconds = overhead × parts + bytes / rate` (docs/cost-model.md "Fitting").
// Least squares when the points vary enough to separate overhead from rate; otherwise the measured ratio
// (no overhead); otherwise a documented default. Pure.
import type { BuildArch } from "../domain/arch";
import { MIB } from "../domain/phases";
import { DEFAULT_RATES } from "./defaults";
import type { Fit, FittedPhase, PhaseSample } from "./types";

/** A fit's rate in MiB/s (Infinity when the phase took no time). */
export function mibPerSecond(fit: Pick<Fit, "secondsPerByte">): number {
  return fit.secondsPerByte > 0 ? 1 / fit.secondsPerByte / MIB : Infinity;
}

/** "467.7 s + bytes / 8.4 MiB/s": the fitted formula as text. */
export function describeFit(fit: Fit): string {
  const overhead = fit.overheadS > 0 ? `${fit.overheadS.toFixed(1)} s + ` : "";
  return `${overhead}bytes / ${mibPerSecond(fit).toFixed(1)} MiB/s`;
}

export function defaultFit(phase: FittedPhase, arch?: BuildArch): Fit {
  const d = DEFAULT_RATES[phase];
  return {
    phase,
    ...(arch ? { arch } : {}),
    overheadS: d.overheadS,
    secondsPerByte: 1 / (d.mibPerS * MIB),
    method: "default",
    samples: 0,
    source: `default: ${d.overheadS} s + bytes / ${d.mibPerS} MiB/s (${d.why}); not measured`,
  };
}

/**
 * The sufficient statistics of a least-squares fit of t = o·k + b·S (k parts, S in MiB): the bootstrap
 * (./uncertainty.ts) resamples runs by adding their statistics, so a resample costs no pass over the points.
 */
export interface FitStats {
  points: number;
  /** Runs (resampling units) that contributed points. */
  runs: number;
  /** Σ parts (with sumS, what a fit predicts for these points: o·Σk + b·ΣS). */
  sumK: number;
  kk: number;
  ks: number;
  ss: number;
  kt: number;
  st: number;
  sumT: number;
  sumS: number;
}

export const EMPTY_STATS: FitStats = {
  points: 0,
  runs: 0,
  sumK: 0,
  kk: 0,
  ks: 0,
  ss: 0,
  kt: 0,
  st: 0,
  sumT: 0,
  sumS: 0,
};

const usable = (s: PhaseSample) => Number.isFinite(s.seconds) && s.seconds >= 0 && s.bytes > 0 && s.parts > 0;

/** Statistics of the usable points (finite seconds ≥ 0, bytes > 0, parts > 0); points without a run count as one each. */
export function statsOf(samples: readonly PhaseSample[]): FitStats {
  const out = { ...EMPTY_STATS };
  const runs = new Set<number | string>();
  samples.forEach((p, i) => {
    if (!usable(p)) return;
    const s = p.bytes / MIB;
    out.points += 1;
    out.sumK += p.parts;
    out.kk += p.parts * p.parts;
    out.ks += p.parts * s;
    out.ss += s * s;
    out.kt += p.parts * p.seconds;
    out.st += s * p.seconds;
    out.sumT += p.seconds;
    out.sumS += s;
    runs.add(p.runId ?? `point ${i}`);
  });
  out.runs = runs.size;
  return out;
}

/** a + times × b, field by field (a resample holds a run `times` times). */
export function addStats(a: FitStats, b: FitStats, times = 1): FitStats {
  return {
    points: a.points + times * b.points,
    runs: a.runs + times * b.runs,
    sumK: a.sumK + times * b.sumK,
    kk: a.kk + times * b.kk,
    ks: a.ks + times * b.ks,
    ss: a.ss + times * b.ss,
    kt: a.kt + times * b.kt,
    st: a.st + times * b.st,
    sumT: a.sumT + times * b.sumT,
    sumS: a.sumS + times * b.sumS,
  };
}

/**
 * Least squares for t = o·k + b·S over the samples (k parts, S bytes). Falls back to the ratio of sums
 * (o = 0, b = Σt / ΣS) when the points cannot separate o from b, or when the fit is not physical (o < 0 or b ≤ 0).
 */
export function fitSamples(phase: FittedPhase, samples: readonly PhaseSample[], arch?: BuildArch): Fit {
  return fitFromStats(phase, statsOf(samples), arch);
}

/** The fit of ./fitSamples from its statistics (so a resample's fit is the same arithmetic). */
export function fitFromStats(phase: FittedPhase, stats: FitStats, arch?: BuildArch, labels = true): Fit {
  const { points, kk, ks, ss, kt, st, sumT, sumS } = stats;
  if (points <= 0) return defaultFit(phase, arch);
  const base = { phase, ...(arch ? { arch } : {}), samples: points };
  // Work in MiB so the normal equations stay well conditioned.
  const det = kk * ss - ks * ks;
  // Relative determinant: 0 when every point has the same bytes per part (a line through one point).
  if (points >= 2 && det > 1e-9 * kk * ss) {
    const overhead = (kt * ss - ks * st) / det;
    const perMiB = (kk * st - ks * kt) / det;
    if (overhead >= 0 && perMiB > 0) {
      return {
        ...base,
        overheadS: overhead,
        secondsPerByte: perMiB / MIB,
        method: "least-squares",
        source: labels ? `least squares over ${points} measured points` : "",
      };
    }
  }
  if (sumT <= 0) {
    const source = labels ? `${points} measured point(s), all 0 s` : "";
    return { ...base, overheadS: 0, secondsPerByte: 0, method: "ratio", source };
  }
  return {
    ...base,
    overheadS: 0,
    secondsPerByte: sumT / sumS / MIB,
    method: "ratio",
    source: labels ? `measured ratio: ${sumS.toFixed(0)} MiB in ${sumT.toFixed(0)} s over ${points} point(s)` : "",
  };
}

export interface Fits {
  prefetch: Fit;
  upload: Fit;
  restore: Fit;
  /** Per remote platform; an arch without its own points uses the pooled rsync fit. */
  rsync: Partial<Record<BuildArch, Fit>>;
  rsyncPooled: Fit;
}

function override(fit: Fit, mibPerS: number | null | undefined, what: string): Fit {
  if (mibPerS == null || !(mibPerS > 0)) return fit;
  return {
    ...fit,
    overheadS: fit.method === "default" ? 0 : fit.overheadS,
    secondsPerByte: 1 / (mibPerS * MIB),
    method: "override",
    source: `what-if: ${what} ${mibPerS} MiB/s${fit.method === "default" ? "" : ` (measured overhead ${fit.overheadS.toFixed(1)} s kept)`}`,
  };
}

export interface RateOverrides {
  prefetchMiBps?: number | null;
  registryUpMiBps?: number | null;
  registryDownMiBps?: number | null;
  rsyncMiBps?: Partial<Record<BuildArch, number>>;
}

/** A group of points fitted together: a phase, every rsync point (`rsync`), or rsync to one platform. */
export type GroupKey = FittedPhase | `rsync:${BuildArch}`;
export type GroupStats = Partial<Record<GroupKey, FitStats>>;

/** The statistics of each group (an rsync point counts in `rsync` and in its platform's group). */
export function groupStats(samples: readonly PhaseSample[]): GroupStats {
  const byGroup = new Map<GroupKey, PhaseSample[]>();
  const add = (key: GroupKey, sample: PhaseSample) => {
    const list = byGroup.get(key);
    if (list) list.push(sample);
    else byGroup.set(key, [sample]);
  };
  for (const sample of samples) {
    add(sample.phase, sample);
    if (sample.phase === "rsync" && sample.arch) add(`rsync:${sample.arch}`, sample);
  }
  return Object.fromEntries([...byGroup].map(([key, points]) => [key, statsOf(points)]));
}

/**
 * Every fit, given how to fit one group: `fitGroup(phase)` for a phase (for rsync: every platform's points),
 * `fitGroup("rsync", arch)` for one platform, or null when nothing measured rsync to it (it then takes the rsync
 * fit of the other platforms). What-if rates replace the fitted rate and keep its overhead.
 */
export function fitsFrom(
  fitGroup: (phase: FittedPhase, arch?: BuildArch) => Fit | null,
  remote: readonly BuildArch[],
  overrides: RateOverrides = {},
): Fits {
  const phaseFit = (phase: FittedPhase) => fitGroup(phase) ?? defaultFit(phase);
  const rsyncPooled = phaseFit("rsync");
  const rsync: Partial<Record<BuildArch, Fit>> = {};
  for (const arch of remote) {
    const fit =
      fitGroup("rsync", arch) ??
      (rsyncPooled.method === "default"
        ? { ...rsyncPooled, arch }
        : {
            ...rsyncPooled,
            arch,
            method: "pooled" as const,
            source: `no rsync to ${arch} measured: ${rsyncPooled.source} on other platforms`,
          });
    rsync[arch] = override(fit, overrides.rsyncMiBps?.[arch], `rsync to ${arch}`);
  }
  return {
    prefetch: override(phaseFit("prefetch"), overrides.prefetchMiBps, "prefetch"),
    upload: override(phaseFit("upload"), overrides.registryUpMiBps, "registry upload"),
    restore: override(phaseFit("restore"), overrides.registryDownMiBps, "registry download"),
    rsync,
    rsyncPooled,
  };
}

/** The fits with the what-if rates applied (a bootstrap draw is drawn without them). */
export function withOverrides(fits: Fits, overrides: RateOverrides): Fits {
  const rsync: Partial<Record<BuildArch, Fit>> = {};
  for (const [arch, fit] of Object.entries(fits.rsync) as [BuildArch, Fit][]) {
    rsync[arch] = override(fit, overrides.rsyncMiBps?.[arch], `rsync to ${arch}`);
  }
  return {
    prefetch: override(fits.prefetch, overrides.prefetchMiBps, "prefetch"),
    upload: override(fits.upload, overrides.registryUpMiBps, "registry upload"),
    restore: override(fits.restore, overrides.registryDownMiBps, "registry download"),
    rsync,
    rsyncPooled: fits.rsyncPooled,
  };
}

/** The component's own fits (no pooling): what the backtest refits on the other runs. */
export function fitAll(
  samples: readonly PhaseSample[],
  remote: readonly BuildArch[],
  overrides: RateOverrides = {},
): Fits {
  const groups = groupStats(samples);
  return fitsFrom(
    (phase, arch) => {
      const stats = groups[arch ? (`rsync:${arch}` as const) : phase];
      if (arch) return stats && stats.points > 0 ? fitFromStats(phase, stats, arch) : null;
      return fitFromStats(phase, stats ?? EMPTY_STATS);
    },
    remote,
    overrides,
  );
}

/** Predicted seconds of one task that handles `parts` parts totalling `bytes`. */
export function predictSeconds(fit: Fit, bytes: number, parts = 1): number {
  return Math.max(0, fit.overheadS * parts + Math.max(0, bytes) * fit.secondsPerByte);
}
