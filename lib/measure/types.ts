// What lib/measure derives from one bundle's facts: per-run measurements (with their sources),
// the strategy the run used and its hazards. Plain data; lib/db stores it.
import type { LockfileSizes } from "../ingest/lockfile";
import type { ManifestSizes } from "../ingest/oci-manifest";
import type { LogScanResult } from "../logs/types";
import type { PipelineRunRecord, TaskRunRecord } from "../tekton/types";
import type { TaskRole } from "../tekton/arch";

export type MeasuredArch = "amd64" | "arm64" | "ppc64le" | "s390x" | "source" | "shared";

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
  phase: string;
  seconds: number | null;
  bytes: number | null;
  source: "step-timestamps" | "log-marker" | "time-v" | "rsync-stats" | "lockfile" | "manifest";
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
