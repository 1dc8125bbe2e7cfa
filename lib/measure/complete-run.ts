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

/** The stored run and the uploaded one as one run; null when they turn out to be different runs. */
export function mergeRuns(stored: LinkedPipelineRun, uploaded: LinkedPipelineRun): LinkedPipelineRun | null {
  const linked = linkRuns([documents([stored, uploaded])]);
  return linked.pipelineRuns.length === 1 ? linked.pipelineRuns[0]! : null;
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

/** The facts a run is derived from: the snapshot's, with the upload's newer files replacing the same ones. */
export function completeFacts(
  snapshot: RunSnapshotData | null,
  run: LinkedPipelineRun,
  uploaded: Omit<BundleFacts, "runs">,
): RunSnapshotData {
  const logs = logsOfRun(run, uploaded.logs);
  if (snapshot === null) return { run, logs, lockfiles: uploaded.lockfiles, manifests: uploaded.manifests };
  return {
    run,
    logs: mergeLogs(snapshot.logs, logs),
    lockfiles: mergeByFile(snapshot.lockfiles, uploaded.lockfiles),
    manifests: mergeByFile(snapshot.manifests, uploaded.manifests),
  };
}
