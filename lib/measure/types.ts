// What lib/measure derives from one bundle's facts: per-run measurements (with their sources),
// the strategy the run used and its hazards. Plain data; lib/db stores it.
import type { Arch } from "../domain/arch";
import type { MeasuredPhase, MeasurementSource } from "../domain/phases";
import type { LogScanResult } from "../logs/types";
import type { PipelineRunRecord, TaskRunRecord } from "../tekton/types";
import type { TaskRole } from "../tekton/arch";

/** Package sizes of an RPM lockfile (lib/ingest/lockfile.ts). */
export interface LockfileSizes {
  /** Bytes per arch (binary packages) plus `source` (union of SRPMs). */
  bytesByArch: Partial<Record<Arch, number>>;
  packagesByArch: Partial<Record<Arch, number>>;
  /** Packages without a `size` field: their bytes are unknown and not counted. */
  packagesWithoutSize: number;
  warnings: string[];
}

/** A layer of an OCI artifact manifest (lib/ingest/oci-manifest.ts). */
export interface ArtifactLayer {
  /** The layer's title, e.g. CACHI2_ARTIFACT or SOURCE_ARTIFACT (null when it has none). */
  title: string | null;
  digest: string;
  bytes: number;
}

/** The layers of an OCI artifact manifest, e.g. the prefetch Trusted Artifact. */
export interface ManifestSizes {
  layers: ArtifactLayer[];
  /** Architecture named in the file name (e.g. `prefetch-arm64.manifest.json`), else null. */
  arch: Arch | null;
}

/** An arch, or `shared`: done once for every arch (a shared prefetch, an artifact whose file names no arch). */
export type MeasuredArch = Arch | "shared";

/** One log stream of the bundle and whom it belongs to, as far as its file name and prefixes tell. */
export interface LogEvidence {
  file: string;
  taskRunName: string | null;
  pipelineTaskName: string | null;
  step: string | null;
  result: LogScanResult;
}

export type LinkedPipelineRun = PipelineRunRecord & { taskRuns: TaskRunRecord[] };

export interface BundleFacts {
  runs: LinkedPipelineRun[];
  logs: LogEvidence[];
  lockfiles: { file: string; sizes: LockfileSizes }[];
  manifests: { file: string; sizes: ManifestSizes }[];
}

export interface MeasurementDraft {
  /** The TaskRun the number belongs to, when it belongs to one. */
  taskRunName: string | null;
  arch: MeasuredArch;
  phase: MeasuredPhase;
  seconds: number | null;
  bytes: number | null;
  source: MeasurementSource;
  /** Human-readable: which step, log or file, e.g. "step prefetch-dependencies of pr-x-prefetch-dependencies". */
  sourceDetail: string;
  /** "<file>:<line>" or "<taskrun>/<step>". */
  locator: string;
}

export interface Hazard {
  code: "shared-workspace-race" | "rwo-node-pinning";
  message: string;
}

export interface DerivedTaskRun {
  record: TaskRunRecord;
  role: TaskRole;
  arch: MeasuredArch | null;
  archEvidence: string | null;
}

export interface DerivedRun {
  run: LinkedPipelineRun;
  taskRuns: DerivedTaskRun[];
  measurements: MeasurementDraft[];
  strategy: string;
  strategyReason: string;
  hazards: Hazard[];
  /** Sorted arches the run built (amd64, arm64, ppc64le, s390x, source). */
  platforms: string[];
  /**
   * Notes kept with the run (PipelineRun.notes): "prefetch skipped", impossible timestamps dropped, a run built
   * from TaskRuns alone.
   */
  notes: string[];
  warnings: string[];
}

/** A derived run ready to store: new, or a stored one derived again. */
export interface StorableRun extends DerivedRun {
  /** The stored run this one completes or derives again, or null for a new run. */
  storedRunId: number | null;
  /** What it was derived from, encoded (lib/measure/snapshot.ts), so a later upload can add to it. */
  snapshot: Uint8Array<ArrayBuffer>;
  /** Set when the run was stored before from exactly these facts (its snapshot is byte for byte the stored one). */
  unchanged?: boolean;
}
