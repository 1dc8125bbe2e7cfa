// Turns validated PipelineRun/TaskRun objects into the records of ./types.ts and computes the derived
// fields (component, PaC metadata, status, task name, arch, queue time). Pure; no validation here.
import { resolveTaskRunArch } from "./arch";
import type {
  NamedValue,
  ParamValue,
  PipelineRunObject,
  PipelineTaskSchema,
  TaskRef,
  TaskRunObject,
  TaskRunStatus,
  WorkspaceBindingSpec,
} from "./schemas";
import type {
  PipelineRunRecord,
  PipelineTaskSpec,
  RunStatus,
  StepRecord,
  TaskRunRecord,
  WorkspaceBinding,
} from "./types";

/** Steps that start up to this long before status.startTime are clock skew between nodes, not data errors. */
const CLOCK_SKEW_TOLERANCE_SECONDS = 5;

function flattenParamValue(value: ParamValue): string {
  if (Array.isArray(value)) return value.map(String).join(",");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function flattenNamedValues(values: readonly NamedValue[] | null | undefined): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const { name, value } of values ?? []) {
    if (value !== null && value !== undefined) flat[name] = flattenParamValue(value);
  }
  return flat;
}

function runStatus(conditions: readonly { type: string; status: string }[] | null | undefined): RunStatus {
  const succeeded = conditions?.find((condition) => condition.type === "Succeeded");
  switch (succeeded?.status) {
    case "True":
      return "Succeeded";
    case "False":
      return "Failed";
    case "Unknown":
      return "Running";
    default:
      return "Unknown";
  }
}

/** steps[0].startedAt − status.startTime: queue and VM allocation wait. */
export function queueSeconds(startTime: Date | null, steps: readonly StepRecord[]): number | null {
  const firstStepStart = steps[0]?.startedAt ?? null;
  if (startTime === null || firstStepStart === null) return null;
  const seconds = (firstStepStart.getTime() - startTime.getTime()) / 1000;
  if (seconds >= 0) return seconds;
  // A larger gap the wrong way means the timestamps are not comparable: report nothing rather than guess.
  return seconds >= -CLOCK_SKEW_TOLERANCE_SECONDS ? 0 : null;
}

/** taskRef.name, or the `name` param of a resolver reference (bundles: `{name: name, value: buildah-oci-ta}`). */
function taskNameFromRef(taskRef: TaskRef): string | null {
  if (!taskRef) return null;
  if (taskRef.name) return taskRef.name;
  const nameParam = taskRef.params?.find((param) => param.name === "name")?.value;
  return typeof nameParam === "string" && nameParam !== "" ? nameParam : null;
}

function workspaceBinding(spec: WorkspaceBindingSpec): WorkspaceBinding {
  const base = { name: spec.name, pipelineWorkspace: null, claimName: null, accessModes: [], storage: null };
  if (spec.persistentVolumeClaim) {
    return { ...base, kind: "persistentVolumeClaim", claimName: spec.persistentVolumeClaim.claimName };
  }
  if (spec.volumeClaimTemplate) {
    const claimSpec = spec.volumeClaimTemplate.spec;
    const storage = claimSpec?.resources?.requests?.storage;
    return {
      ...base,
      kind: "volumeClaimTemplate",
      accessModes: claimSpec?.accessModes ?? [],
      storage: storage === null || storage === undefined ? null : String(storage),
    };
  }
  for (const kind of ["emptyDir", "secret", "configMap"] as const) {
    if (spec[kind] !== undefined && spec[kind] !== null) return { ...base, kind };
  }
  return { ...base, kind: "other" };
}

function pipelineTaskSpec(task: PipelineTaskSchema): PipelineTaskSpec {
  const matrixParams = [
    ...(task.matrix?.params ?? []),
    ...(task.matrix?.include ?? []).flatMap((include) => include.params ?? []),
  ].map((param) => param.name);
  return {
    name: task.name,
    taskName: taskNameFromRef(task.taskRef),
    runAfter: task.runAfter ?? [],
    params: flattenNamedValues(task.params),
    workspaces: (task.workspaces ?? []).map((ws) => ({ name: ws.name, workspace: ws.workspace ?? ws.name })),
    matrixParams: [...new Set(matrixParams)],
  };
}

function steps(status: TaskRunStatus | null | undefined): StepRecord[] {
  return (status?.steps ?? []).map((step, index) => ({
    // Tekton names unnamed steps `unnamed-<index>` in the Pod; status normally carries the name.
    name: step.name ?? `unnamed-${index}`,
    startedAt: step.terminated?.startedAt ?? step.running?.startedAt ?? null,
    finishedAt: step.terminated?.finishedAt ?? null,
    exitCode: step.terminated?.exitCode ?? null,
    reason: step.terminated?.reason ?? null,
  }));
}

/** Fills the derived fields (arch, queue time) of a TaskRun whose raw fields are set. */
export function withDerivedFields(
  record: Omit<TaskRunRecord, "arch" | "archEvidence" | "queueSeconds">,
): TaskRunRecord {
  return { ...record, ...resolveTaskRunArch(record), queueSeconds: queueSeconds(record.startTime, record.steps) };
}

function taskRunFromStatus(
  identity: Pick<TaskRunRecord, "uid" | "name" | "namespace" | "pipelineRunName" | "pipelineTaskName"> & {
    pipelineRunUid: string | null;
  },
  status: TaskRunStatus | null | undefined,
  rest: Pick<TaskRunRecord, "taskName" | "platform" | "params" | "workspaces" | "labels">,
): TaskRunRecord {
  const stepRecords = steps(status);
  return withDerivedFields({
    ...identity,
    ...rest,
    startTime: status?.startTime ?? null,
    completionTime: status?.completionTime ?? null,
    status: runStatus(status?.conditions),
    podName: status?.podName ?? null,
    steps: stepRecords,
    results: flattenNamedValues(status?.results ?? status?.taskResults),
  });
}

const PIPELINE_RUN_LABEL = "tekton.dev/pipelineRun";
const PIPELINE_RUN_UID_LABEL = "tekton.dev/pipelineRunUID";
const PIPELINE_TASK_LABEL = "tekton.dev/pipelineTask";
const TASK_LABEL = "tekton.dev/task";

export function taskRunRecord(object: TaskRunObject, name: string): TaskRunRecord {
  const { metadata, spec, status } = object;
  const labels = metadata.labels ?? {};
  const owner = metadata.ownerReferences?.find((reference) => reference.kind === "PipelineRun");
  // v1alpha1 TaskRuns may keep params in spec.inputs; spec.params wins where both name one.
  const params = { ...flattenNamedValues(spec?.inputs?.params), ...flattenNamedValues(spec?.params) };
  return taskRunFromStatus(
    {
      uid: metadata.uid ?? null,
      name,
      namespace: metadata.namespace ?? null,
      pipelineRunName: labels[PIPELINE_RUN_LABEL] ?? owner?.name ?? null,
      pipelineRunUid: labels[PIPELINE_RUN_UID_LABEL] ?? owner?.uid ?? null,
      pipelineTaskName: labels[PIPELINE_TASK_LABEL] ?? null,
    },
    status,
    {
      taskName: taskNameFromRef(spec?.taskRef) ?? labels[TASK_LABEL] ?? null,
      platform: params.PLATFORM ?? null,
      params,
      workspaces: (spec?.workspaces ?? []).map(workspaceBinding),
      labels,
    },
  );
}

function firstOf(maps: readonly Record<string, string>[], keys: readonly string[]): string | null {
  for (const key of keys) {
    for (const map of maps) {
      const value = map[key];
      if (value !== undefined && value !== "") return value;
    }
  }
  return null;
}

const PAC = "pipelinesascode.tekton.dev";

/** What Konflux and Pipelines-as-Code labels (and annotations) say of a run; TaskRuns inherit them. */
export function runLabelFields(
  both: readonly Record<string, string>[],
): Pick<PipelineRunRecord, "component" | "application" | "eventType" | "commitSha" | "branch" | "targetBranch"> {
  const eventType = firstOf(both, [`${PAC}/event-type`]);
  return {
    component: firstOf(both, ["appstudio.openshift.io/component", "build.konflux-ci.dev/component"]),
    application: firstOf(both, ["appstudio.openshift.io/application"]),
    eventType,
    commitSha: firstOf(both, [`${PAC}/sha`, "build.appstudio.redhat.com/commit_sha"]),
    // PaC's `branch` key is the base branch: it names the source only for pushes (or when the event is unknown).
    branch: firstOf(both, [
      `${PAC}/source-branch`,
      ...(eventType === null || eventType === "push" ? [`${PAC}/branch`] : []),
    ]),
    targetBranch: firstOf(both, [`${PAC}/target-branch`, "build.appstudio.redhat.com/target_branch", `${PAC}/branch`]),
  };
}

export function pipelineRunRecord(object: PipelineRunObject, name: string): PipelineRunRecord {
  const { metadata, spec, status } = object;
  const labels = metadata.labels ?? {};
  const annotations = metadata.annotations ?? {};
  const both = [labels, annotations];
  const pipelineSpec = spec?.pipelineSpec ?? status?.pipelineSpec;
  const pipelineTasks = [...(pipelineSpec?.tasks ?? []), ...(pipelineSpec?.finally ?? [])].map(pipelineTaskSpec);
  const embeddedTaskRuns = Object.entries(status?.taskRuns ?? {}).map(([taskRunName, embedded]) => {
    const pipelineTaskName = embedded.pipelineTaskName ?? null;
    // The embedded status has no spec or labels: the Task name comes from the pipeline task it ran.
    const taskName = pipelineTasks.find((task) => task.name === pipelineTaskName)?.taskName ?? null;
    return taskRunFromStatus(
      {
        uid: null,
        name: taskRunName,
        namespace: metadata.namespace ?? null,
        pipelineRunName: name,
        pipelineRunUid: metadata.uid ?? null,
        pipelineTaskName,
      },
      embedded.status,
      { taskName, platform: null, params: {}, workspaces: [], labels: {} },
    );
  });
  const children = [
    ...(status?.childReferences ?? [])
      .filter((child) => (child.kind ?? "TaskRun") === "TaskRun")
      .map((child) => ({ name: child.name, pipelineTaskName: child.pipelineTaskName ?? null })),
    ...embeddedTaskRuns.map((taskRun) => ({ name: taskRun.name, pipelineTaskName: taskRun.pipelineTaskName })),
  ];
  return {
    uid: metadata.uid ?? null,
    name,
    generateName: metadata.generateName ?? null,
    origin: "tekton",
    skippedTasks: (status?.skippedTasks ?? []).map((task) => ({ name: task.name, reason: task.reason ?? null })),
    namespace: metadata.namespace ?? null,
    ...runLabelFields(both),
    startTime: status?.startTime ?? null,
    completionTime: status?.completionTime ?? null,
    status: runStatus(status?.conditions),
    params: flattenNamedValues(spec?.params),
    children,
    embeddedTaskRuns,
    pipelineTasks,
    workspaces: (spec?.workspaces ?? []).map(workspaceBinding),
    labels,
    annotations,
  };
}
