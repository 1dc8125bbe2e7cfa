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

function defaultFit(phase: FittedPhase, arch?: BuildArch): Fit {
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
 * Least squares for t = o·k + b·S over the samples (k parts, S bytes). Falls back to the ratio of sums
 * (o = 0, b = Σt / ΣS) when the points cannot separate o from b, or when the fit is not physical (o < 0 or b ≤ 0).
 */
export function fitSamples(phase: FittedPhase, samples: readonly PhaseSample[], arch?: BuildArch): Fit {
  const points = samples.filter((s) => Number.isFinite(s.seconds) && s.seconds >= 0 && s.bytes > 0 && s.parts > 0);
  if (points.length === 0) return defaultFit(phase, arch);
  const base = { phase, ...(arch ? { arch } : {}), samples: points.length };
  // Work in MiB so the normal equations stay well conditioned.
  let kk = 0,
    ks = 0,
    ss = 0,
    kt = 0,
    st = 0,
    sumT = 0,
    sumS = 0;
  for (const p of points) {
    const s = p.bytes / MIB;
    kk += p.parts * p.parts;
    ks += p.parts * s;
    ss += s * s;
    kt += p.parts * p.seconds;
    st += s * p.seconds;
    sumT += p.seconds;
    sumS += s;
  }
  const det = kk * ss - ks * ks;
  // Relative determinant: 0 when every point has the same bytes per part (a line through one point).
  if (points.length >= 2 && det > 1e-9 * kk * ss) {
    const overhead = (kt * ss - ks * st) / det;
    const perMiB = (kk * st - ks * kt) / det;
    if (overhead >= 0 && perMiB > 0) {
      return {
        ...base,
        overheadS: overhead,
        secondsPerByte: perMiB / MIB,
        method: "least-squares",
        source: `least squares over ${points.length} measured points`,
      };
    }
  }
  if (sumT <= 0) {
    return {
      ...base,
      overheadS: 0,
      secondsPerByte: 0,
      method: "ratio",
      source: `${points.length} measured point(s), all 0 s`,
    };
  }
  return {
    ...base,
    overheadS: 0,
    secondsPerByte: sumT / sumS / MIB,
    method: "ratio",
    source: `measured ratio: ${sumS.toFixed(0)} MiB in ${sumT.toFixed(0)} s over ${points.length} point(s)`,
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

export function fitAll(
  samples: readonly PhaseSample[],
  remote: readonly BuildArch[],
  overrides: {
    prefetchMiBps?: number | null;
    registryUpMiBps?: number | null;
    registryDownMiBps?: number | null;
    rsyncMiBps?: Partial<Record<BuildArch, number>>;
  } = {},
): Fits {
  const of = (phase: FittedPhase) => samples.filter((s) => s.phase === phase);
  const rsyncPooled = fitSamples("rsync", of("rsync"));
  const rsync: Partial<Record<BuildArch, Fit>> = {};
  for (const arch of remote) {
    const own = of("rsync").filter((s) => s.arch === arch);
    const fit =
      own.length > 0
        ? fitSamples("rsync", own, arch)
        : rsyncPooled.method === "default"
          ? { ...rsyncPooled, arch }
          : {
              ...rsyncPooled,
              arch,
              method: "pooled" as const,
              source: `no rsync to ${arch} measured: ${rsyncPooled.source} on other platforms`,
            };
    rsync[arch] = override(fit, overrides.rsyncMiBps?.[arch], `rsync to ${arch}`);
  }
  return {
    prefetch: override(fitSamples("prefetch", of("prefetch")), overrides.prefetchMiBps, "prefetch"),
    upload: override(fitSamples("upload", of("upload")), overrides.registryUpMiBps, "registry upload"),
    restore: override(fitSamples("restore", of("restore")), overrides.registryDownMiBps, "registry download"),
    rsync,
    rsyncPooled,
  };
}

/** Predicted seconds of one task that handles `parts` parts totalling `bytes`. */
export function predictSeconds(fit: Fit, bytes: number, parts = 1): number {
  return Math.max(0, fit.overheadS * parts + Math.max(0, bytes) * fit.secondsPerByte);
}
