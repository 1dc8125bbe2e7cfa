// Joins what an upload says of a run with what was stored of it before (its snapshot): a PipelineRun object
// completing a run built from TaskRuns, TaskRuns added to a run, logs downloaded after the run object. Pure.
import { linkRuns } from "../tekton/link";
import type { TektonDocuments } from "../tekton/types";
import type { RunSnapshotData } from "./snapshot";
import { mergeByFile, mergeLogs } from "./snapshot";
import type { BundleFacts, LinkedPipelineRun, LogEvidence } from "./types";

const documents = (runs: LinkedPipelineRun[]): TektonDocuments => ({
  // The TaskRuns go in on their own so they are merged with their other copies, not embedded twice.
  pipelineRuns: runs.map((run) => {
    const { taskRuns: _taskRuns, ...record } = run;
    return { ...record, embeddedTaskRuns: [] };
  }),
  taskRuns: runs.flatMap((run) => run.taskRuns),
  ignored: [],
  skippedKinds: {},
  templates: [],
  definitions: [],
  inferred: 0,
  unsupported: [],
});

const isEmpty = (value: unknown) =>
  value === null ||
  value === undefined ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && !(value instanceof Date) && Object.keys(value).length === 0);

/**
 * The stored run and the uploaded one as one run; null when they turn out to be different runs. TaskRuns are
 * merged one by one; of the PipelineRun's own fields, an uploaded PipelineRun object's (the newer export) win.
 */
export function mergeRuns(stored: LinkedPipelineRun, uploaded: LinkedPipelineRun): LinkedPipelineRun | null {
  const linked = linkRuns([documents([stored, uploaded])]);
  if (linked.pipelineRuns.length !== 1) return null;
  const merged = linked.pipelineRuns[0]!;
  if (uploaded.origin === "taskruns-only") return merged;
  const newer = Object.fromEntries(
    Object.entries(uploaded).filter(
      ([key, value]) => !["taskRuns", "children", "embeddedTaskRuns"].includes(key) && !isEmpty(value),
    ),
  );
  return { ...merged, ...newer, origin: "tekton" };
}

/** The logs that belong to a run: by TaskRun name, or by the pipeline task of a `tkn pr logs` prefix. */
export function logsOfRun(run: LinkedPipelineRun, logs: readonly LogEvidence[]): LogEvidence[] {
  const names = new Set(run.taskRuns.map((t) => t.name));
  const pipelineTasks = new Set(run.taskRuns.map((t) => t.pipelineTaskName).filter((name) => name !== null));
  return logs.filter((log) =>
    log.taskRunName !== null
      ? names.has(log.taskRunName)
      : log.pipelineTaskName !== null && pipelineTasks.has(log.pipelineTaskName),
  );
}

/**
 * The run of the upload a lockfile or manifest is tied to by its path, if any: a directory named after the
 * PipelineRun (cli/collect --component puts each run in one), or a file name that is one of its TaskRuns' names
 * and a dot (`<taskrun>.prefetch.manifest.json`).
 */
export function runOfFile(file: string, runs: readonly LinkedPipelineRun[]): LinkedPipelineRun | undefined {
  const segments = file.split("/");
  const base = segments.pop() ?? "";
  return runs.find((run) => segments.includes(run.name) || run.taskRuns.some((t) => base.startsWith(`${t.name}.`)));
}

/** The lockfiles or manifests of an upload that count for a run: its own, and those tied to no run of the upload. */
function filesOfRun<T extends { file: string }>(
  run: LinkedPipelineRun,
  files: readonly T[],
  runs: readonly LinkedPipelineRun[],
): T[] {
  if (runs.length < 2) return [...files];
  return files.filter((f) => {
    const owner = runOfFile(f.file, runs);
    return owner === undefined || owner.name === run.name;
  });
}

/**
 * The facts a run is derived from: the snapshot's, with the upload's newer files replacing the same ones. When the
 * upload holds several runs, a lockfile or manifest tied to one of them by its path counts for that run only.
 */
export function completeFacts(
  snapshot: RunSnapshotData | null,
  run: LinkedPipelineRun,
  uploaded: Omit<BundleFacts, "runs"> & { runs?: LinkedPipelineRun[] },
): RunSnapshotData {
  const logs = logsOfRun(run, uploaded.logs);
  const runs = uploaded.runs ?? [];
  const lockfiles = filesOfRun(run, uploaded.lockfiles, runs);
  const manifests = filesOfRun(run, uploaded.manifests, runs);
  if (snapshot === null) return { run, logs, lockfiles, manifests };
  return {
    run,
    logs: mergeLogs(snapshot.logs, logs),
    lockfiles: mergeByFile(snapshot.lockfiles, lockfiles),
    manifests: mergeByFile(snapshot.manifests, manifests),
  };
}
