// The cost model's contract (docs/cost-model.md): what it reads (inputs measured from runs, each with its
// source), what the user may change (settings: the what-if controls), and what it predicts per strategy.
// Pure types; the model itself is in ./predict.ts, ./recommend.ts and ./backtest.ts.
import type { BuildArch } from "../domain/arch";
import type { StrategyId } from "../domain/strategies";

/** A payload part: one build arch's binary RPMs, or `source` (the SRPMs for the source container). */
export type PayloadArch = BuildArch | "source";

/** A number and where it came from (a log, a lockfile, a hand table, or a named default). */
export interface Sourced {
  value: number;
  source: string;
}

/** The data-passing phases the model fits as `overhead + bytes / rate`. */
export const FITTED_PHASES = ["prefetch", "upload", "restore", "rsync"] as const;
export type FittedPhase = (typeof FITTED_PHASES)[number];

/** One measured (bytes, seconds) point of a phase in one run. */
export interface PhaseSample {
  phase: FittedPhase;
  /**
   * How many payload parts the task handled: a shared prefetch of four arches and the sources is 5, since
   * hermeto resolves and downloads each arch in turn and pays the per-part overhead each time. Upload, restore
   * and rsync move one tarball or tree: 1.
   */
  parts: number;
  bytes: number;
  seconds: number;
  /** rsync only: the build arch whose (remote) platform the files went to; rsync is fitted per platform. */
  arch?: BuildArch;
  /** Which run and which measurement, e.g. "run build-x-abc12: prefetch-dependencies (step-timestamps)". */
  source: string;
  /** The run it was measured on (the backtest leaves each run's own points out). */
  runId?: number;
}

/** One run the model can be checked against: its strategy, its sizes and what its phases took. */
export interface BacktestRun {
  id: number;
  name: string;
  strategy: StrategyId;
  platforms: BuildArch[];
  payload: Partial<Record<PayloadArch, number>>;
  /** Task seconds of each fitted phase, summed over the run's tasks (null when the run did not measure it). */
  measured: Record<FittedPhase, number | null>;
}

export interface ModelInputs {
  component: string;
  /** Build arches the selected runs built. */
  measuredPlatforms: BuildArch[];
  /** Arches whose builds ran on a remote VM (they rsync); the rest build in the TaskRun pod. */
  remotePlatforms: { arches: BuildArch[]; source: string };
  payload: Partial<Record<PayloadArch, Sourced>>;
  /** Source code and non-RPM dependencies every build restores whatever the strategy; null when unknown. */
  sharedBytes: Sourced | null;
  samples: PhaseSample[];
  buildS: Partial<Record<PayloadArch, Sourced>>;
  queueS: Partial<Record<PayloadArch, Sourced>>;
  /**
   * Payload parts whose size is planned (a lockfile or OCI manifest uploaded on its own, no run) because no
   * selected run carried one: sizes known, nothing timed. Absent or empty: every size in `payload` was measured.
   */
  plannedPayload?: PayloadArch[];
  /**
   * Data-passing phases the selected runs timed (prefetch, create-upload, restore, rsync), whether or not a size
   * came with them: timings without sizes cannot be fitted, and the answer says which sizes are missing.
   */
  timedPhases?: string[];
  /**
   * The strategy the latest selected run with a detected strategy used, or null when no selected run shows one
   * (the answer then says `current: "unknown"` and measures savings against the shipped default `ta-shared`).
   */
  current: { strategy: StrategyId | null; source: string };
  /** Hazard codes detected on the selected runs (e.g. shared-workspace-race), with the run that showed it. */
  detectedHazards: { code: string; message: string; run: string }[];
  backtestRuns: BacktestRun[];
  /**
   * The other components of the same database (same cluster, same registry), each with its measured points: a
   * component with few runs borrows strength from them (./pool.ts). Absent: nothing to pool with.
   */
  pooled?: { component: string; samples: PhaseSample[] }[];
}

export const OBJECTIVES = ["wall", "taskSeconds", "bytesMoved", "registryBytes"] as const;
export type Objective = (typeof OBJECTIVES)[number];

export const SPLIT_SOURCE_MODES = ["sources-only", "all-arches"] as const;
export type SplitSourceMode = (typeof SPLIT_SOURCE_MODES)[number];

/** The what-if controls. Every field has a documented default (./defaults.ts) and can be overridden. */
export interface ModelSettings {
  /** Build arches to predict for (default: the measured ones). */
  platforms: BuildArch[];
  /** Konflux policy (ADR-63, Enterprise Contract): PVC strategies are shown but never recommended. */
  requireTrustedArtifacts: boolean;
  objective: Objective;
  /** A change must beat the current strategy by more than this percentage … */
  thresholdPct: number;
  /** … and, for time objectives, by more than this many seconds. */
  thresholdS: number;
  /** Overrides of fitted rates, MiB/s (null: use the fit). */
  prefetchMiBps: number | null;
  registryUpMiBps: number | null;
  registryDownMiBps: number | null;
  rsyncMiBps: Partial<Record<BuildArch, number>>;
  /** Slow-down per additional prefetch running at once: time × (1 + c·(k−1)). 0 = independent. */
  prefetchContention: number;
  /** image-expires-after of prefetch artifacts, days: how long the registry keeps each build's bytes. */
  expiryDays: number;
  /** The PVC each workspace gets (the shipped pipelines default to 1 GiB). */
  pvcSizeGiB: number;
  pvcAccessMode: "ReadWriteOnce" | "ReadWriteMany";
  /** What a split pipeline's source prefetch fetches: SRPMs only (a separate input), or every arch again. */
  splitSource: SplitSourceMode;
  /** Overrides of measured payload sizes, MiB. */
  payloadMiB: Partial<Record<PayloadArch, number>>;
  sharedMiB: number | null;
}

export type HazardSeverity = "blocker" | "warning" | "info";

export interface Hazard {
  code: string;
  severity: HazardSeverity;
  message: string;
}

/** One line of "show the arithmetic". */
export interface Explanation {
  quantity: string;
  formula: string;
  inputs: Record<string, string>;
  value: string;
}

export interface PredictedTask {
  name: string;
  seconds: number;
  /** Waiting for a remote VM: adds to wall time, not to what the cluster pays. */
  queueS: number;
  after: string[];
}

/** The predicted quantities that carry a p10–p90 range (docs/cost-model.md "Ranges"). */
export const RANGED_QUANTITIES = ["wallS", "taskS", "bytesMoved", "registryBytes", "pvcBytes"] as const;
export type RangedQuantity = (typeof RANGED_QUANTITIES)[number];

/** p10 and p90 over the bootstrap's draws, widened to contain the point estimate. */
export interface Range {
  low: number;
  high: number;
}
export type Ranges = Record<RangedQuantity, Range>;

export interface StrategyPrediction {
  id: StrategyId;
  label: string;
  wallS: number;
  taskS: number;
  /** Registry upload + registry download + rsync, bytes per build. */
  bytesMoved: number;
  bytes: { registryUp: number; registryDown: number; rsync: number; prefetchDownload: number };
  /** Bytes each build leaves in the registry until image-expires-after. */
  registryBytes: number;
  /** registryBytes × expiry days: the storage a build holds over its lifetime, byte-days. */
  registryByteDays: number;
  pvcBytes: number;
  criticalPath: { task: string; seconds: number }[];
  tasks: PredictedTask[];
  hazards: Hazard[];
  explanation: Explanation[];
  /** False when a blocker hazard (policy, race) keeps it from being recommended. */
  eligible: boolean;
}

export interface Fit {
  phase: FittedPhase;
  /** rsync is fitted per platform. */
  arch?: BuildArch;
  overheadS: number;
  /** Seconds per byte (1 / rate). */
  secondsPerByte: number;
  method: "least-squares" | "ratio" | "default" | "override" | "pooled";
  samples: number;
  source: string;
  /** Where the rate came from: the component's own runs, other components' (pooled), both, or a default. */
  origin?: RateOrigin;
}

/** "own: 12 runs", "pooled: 37 components, 1,204 runs", "own: 1 run × 0.25 + pooled: …", "default". */
export interface RateOrigin {
  text: string;
  ownRuns: number;
  pooledComponents: number;
  pooledRuns: number;
  /** w of the partial pooling: the own fit's share (1: own only, 0: pooled only). */
  ownWeight: number;
}
