// Builds PipelineRun records from TaskRuns uploaded without their PipelineRun (`kubectl get taskruns -l
// tekton.dev/pipelineRun=X -o json`, Tekton Dashboard exports): grouped by the owning run's uid or name. Pure.
import { runLabelFields } from "./records";
import type { PipelineRunRecord, RunStatus, TaskRunRecord } from "./types";

export interface RunFromTaskRuns {
  run: PipelineRunRecord;
  members: TaskRunRecord[];
}

export interface RunsFromTaskRuns {
  runs: RunFromTaskRuns[];
  /** TaskRuns that name no PipelineRun at all (run on their own): nothing to build a run from. */
  standalone: TaskRunRecord[];
  warnings: string[];
}

/** Labels Tekton sets per TaskRun; everything else on a TaskRun was propagated from its PipelineRun. */
const TASKRUN_OWN_LABELS = /^tekton\.dev\/(pipelineTask|task|clusterTask|taskRun|taskRunUID|memberOf)$/;

function groupKey(taskRun: TaskRunRecord): string | null {
  if (taskRun.pipelineRunUid) return `uid:${taskRun.pipelineRunUid}`;
  if (taskRun.pipelineRunName) return `name:${taskRun.namespace ?? ""}/${taskRun.pipelineRunName}`;
  return null;
}

/** Failed if any failed; Running while any has not finished; Succeeded when all did; else Unknown. */
function statusOf(members: readonly TaskRunRecord[]): RunStatus {
  if (members.some((t) => t.status === "Failed")) return "Failed";
  if (members.some((t) => t.status === "Running")) return "Running";
  if (members.length > 0 && members.every((t) => t.status === "Succeeded")) return "Succeeded";
  return "Unknown";
}

function earliest(dates: readonly (Date | null)[]): Date | null {
  const known = dates.filter((d): d is Date => d !== null).map((d) => d.getTime());
  return known.length > 0 ? new Date(Math.min(...known)) : null;
}

function latest(dates: readonly (Date | null)[]): Date | null {
  const known = dates.filter((d): d is Date => d !== null).map((d) => d.getTime());
  return known.length > 0 ? new Date(Math.max(...known)) : null;
}

/** The labels every member carries with the same value, less the per-TaskRun ones. */
function commonLabels(members: readonly TaskRunRecord[]): Record<string, string> {
  const [first, ...rest] = members;
  if (!first) return {};
  return Object.fromEntries(
    Object.entries(first.labels).filter(
      ([key, value]) => !TASKRUN_OWN_LABELS.test(key) && rest.every((member) => member.labels[key] === value),
    ),
  );
}

function buildRun(members: TaskRunRecord[]): PipelineRunRecord {
  const first = members[0]!;
  const labels = commonLabels(members);
  const completions = members.map((t) => t.completionTime);
  const status = statusOf(members);
  return {
    uid: members.find((t) => t.pipelineRunUid)?.pipelineRunUid ?? null,
    name: members.find((t) => t.pipelineRunName)?.pipelineRunName ?? first.name,
    generateName: null,
    origin: "taskruns-only",
    skippedTasks: [],
    namespace: members.find((t) => t.namespace)?.namespace ?? null,
    ...runLabelFields([labels]),
    startTime: earliest(members.map((t) => t.startTime)),
    // The run is over only when every TaskRun is; then it ended with the last of them.
    completionTime: status === "Running" || completions.includes(null) ? null : latest(completions),
    status,
    params: {},
    children: members.map((t) => ({ name: t.name, pipelineTaskName: t.pipelineTaskName })),
    embeddedTaskRuns: [],
    pipelineTasks: [],
    workspaces: [],
    labels,
    annotations: {},
  };
}

export function runsFromTaskRuns(taskRuns: readonly TaskRunRecord[]): RunsFromTaskRuns {
  const groups = new Map<string, TaskRunRecord[]>();
  const standalone: TaskRunRecord[] = [];
  for (const taskRun of taskRuns) {
    const key = groupKey(taskRun);
    const group = key === null ? undefined : groups.get(key);
    if (key === null) standalone.push(taskRun);
    else if (group) group.push(taskRun);
    else groups.set(key, [taskRun]);
  }
  // A TaskRun labelled with the run's uid and another with only its name are the same run.
  const uidGroupByName = new Map<string, TaskRunRecord[]>();
  for (const [key, members] of groups) {
    if (!key.startsWith("uid:")) continue;
    for (const t of members)
      if (t.pipelineRunName) uidGroupByName.set(`name:${t.namespace ?? ""}/${t.pipelineRunName}`, members);
  }
  for (const [key, members] of groups) {
    const sameRun = key.startsWith("name:") ? uidGroupByName.get(key) : undefined;
    if (sameRun) {
      sameRun.push(...members);
      groups.delete(key);
    }
  }
  const runs: RunFromTaskRuns[] = [];
  const warnings: string[] = [];
  for (const members of groups.values()) {
    const run = buildRun(members);
    runs.push({ run, members });
    const where = run.namespace ? `${run.namespace}/${run.name}` : run.name;
    warnings.push(
      `PipelineRun ${where}: built from ${members.length} TaskRun(s); the PipelineRun object was missing from the upload ` +
        `(its params, pipeline spec and workspaces are unknown: upload it too and it completes this run)`,
    );
  }
  return { runs, standalone, warnings };
}
