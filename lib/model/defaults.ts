// The model's documented defaults (docs/cost-model.md "Defaults"): used only when the selected runs did
// not measure an input, and always named as the source of the number they stand in for.
import { BUILD_ARCHES } from "../domain/arch";
import { MIB } from "../domain/phases";
import type { FittedPhase, ModelSettings } from "./types";

/**
 * The model's version: raise it with any change that alters an answer. Stored component summaries
 * (lib/recommend/summary.ts) carry it in their key, so raising it computes them all again; a unit test
 * (tests/unit/model/model-version.test.ts) pins it to a digest of answers, so a changed answer without a raised
 * version fails.
 */
export const MODEL_VERSION = 1;

/** Rates when a phase was never measured, chosen from the orders of magnitude in build-definitions#1275. */
export const DEFAULT_RATES: Record<FittedPhase, { overheadS: number; mibPerS: number; why: string }> = {
  prefetch: { overheadS: 30, mibPerS: 20, why: "typical hermeto RPM download from a nearby mirror" },
  upload: { overheadS: 5, mibPerS: 25, why: "tar + gzip + push of a Trusted Artifact" },
  restore: { overheadS: 5, mibPerS: 50, why: "pull + unpack of a Trusted Artifact" },
  rsync: { overheadS: 2, mibPerS: 50, why: "rsync to a remote build VM" },
};

export const DEFAULT_SETTINGS: Omit<ModelSettings, "platforms"> = {
  requireTrustedArtifacts: true,
  objective: "wall",
  thresholdPct: 10,
  thresholdS: 60,
  prefetchMiBps: null,
  registryUpMiBps: null,
  registryDownMiBps: null,
  rsyncMiBps: {},
  prefetchContention: 0,
  expiryDays: 5,
  pvcSizeGiB: 1,
  pvcAccessMode: "ReadWriteOnce",
  splitSource: "sources-only",
  payloadMiB: {},
  sharedMiB: null,
};

/** The shipped default strategy, compared against when a component's runs do not show one. */
export const SHIPPED_DEFAULT_STRATEGY = "ta-shared" as const;

/** Arches Konflux builds on remote VMs when no rsync was measured: all but amd64 (which builds in the pod). */
export const DEFAULT_REMOTE_ARCHES = BUILD_ARCHES.filter((arch) => arch !== "amd64");

export const GIB = 1024 * MIB;
