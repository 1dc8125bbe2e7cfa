// Joins the PipelineRuns and TaskRuns parsed from the many files of one bundle into run trees: the same
// object exported twice (kubectl and tkn, v1beta1 embedded status) is merged, TaskRuns go under their run.
import { AppError } from "../errors";
import { withDerivedFields } from "./records";
import { runsFromTaskRuns } from "./taskruns-only";
import type { PipelineRunRecord, TaskRunRecord, TektonDocuments, WorkspaceBinding } from "./types";

export interface LinkedPipelineRun extends PipelineRunRecord {
  taskRuns: TaskRunRecord[];
}

export interface LinkedRuns {
  pipelineRuns: LinkedPipelineRun[];
  /** TaskRuns whose PipelineRun is not in the bundle (or that ran on their own). */
  orphanTaskRuns: TaskRunRecord[];
  warnings: string[];
}

interface Identity {
  uid: string | null;
  name: string;
  namespace: string | null;
}

function namespacesAgree(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}

function qualifiedName({ namespace, name }: Identity): string {
  return namespace === null ? name : `${namespace}/${name}`;
}

/**
 * Whether two records describe the same object. A shared uid with a different name cannot happen in one
 * cluster, so the bundle is inconsistent and guessing which one is right would corrupt the analysis.
 */
function sameObject(kind: string, a: Identity, b: Identity): boolean {
  if (a.uid !== null && a.uid === b.uid) {
    if (a.name !== b.name || !namespacesAgree(a.namespace, b.namespace)) {
      throw new AppError(
        "unprocessable",
        `two different ${kind}s share uid ${a.uid}: ${qualifiedName(a)} and ${qualifiedName(b)}`,
        { details: { kind, uid: a.uid, names: [qualifiedName(a), qualifiedName(b)] } },
      );
    }
    return true;
  }
  // A run re-created under the same name gets a new uid: then the two are different runs.
  if (a.uid !== null && b.uid !== null) return false;
  return a.name === b.name && namespacesAgree(a.namespace, b.namespace);
}

function nonEmptyCount(values: readonly unknown[]): number {
  return values.filter((value) => value !== null && value !== undefined).length;
}

function taskRunRichness(record: TaskRunRecord): number {
  return (
    nonEmptyCount([record.uid, record.namespace, record.taskName, record.platform, record.startTime, record.podName]) +
    record.steps.length +
    Object.keys(record.params).length +
    Object.keys(record.results).length +
    Object.keys(record.labels).length +
    record.workspaces.length
  );
}

/** Keeps the richer record and fills its gaps from the other (e.g. kubectl's labels + embedded v1beta1 steps). */
function mergeTaskRuns(a: TaskRunRecord, b: TaskRunRecord): TaskRunRecord {
  const [base, other] = taskRunRichness(a) >= taskRunRichness(b) ? [a, b] : [b, a];
  return withDerivedFields({
    uid: base.uid ?? other.uid,
    name: base.name,
    namespace: base.namespace ?? other.namespace,
    pipelineRunName: base.pipelineRunName ?? other.pipelineRunName,
    pipelineRunUid: base.pipelineRunUid ?? other.pipelineRunUid ?? null,
    pipelineTaskName: base.pipelineTaskName ?? other.pipelineTaskName,
    taskName: base.taskName ?? other.taskName,
    platform: base.platform ?? other.platform,
    startTime: base.startTime ?? other.startTime,
    completionTime: base.completionTime ?? other.completionTime,
    status: base.status === "Unknown" ? other.status : base.status,
    podName: base.podName ?? other.podName,
    steps: other.steps.length > base.steps.length ? other.steps : base.steps,
    params: { ...other.params, ...base.params },
    results: { ...other.results, ...base.results },
    workspaces: base.workspaces.length > 0 ? base.workspaces : other.workspaces,
    labels: { ...other.labels, ...base.labels },
  });
}

function pipelineRunRichness(record: PipelineRunRecord): number {
  // A real PipelineRun object always wins over one built from its TaskRuns.
  return (
    (record.origin === "taskruns-only" ? 0 : 1000) +
    nonEmptyCount([record.uid, record.namespace, record.component, record.startTime, record.completionTime]) +
    record.children.length +
    record.pipelineTasks.length +
    Object.keys(record.params).length
  );
}

function mergePipelineRuns(a: PipelineRunRecord, b: PipelineRunRecord): PipelineRunRecord {
  const [base, other] = pipelineRunRichness(a) >= pipelineRunRichness(b) ? [a, b] : [b, a];
  const childNames = new Set(base.children.map((c) => c.name));
  const embeddedNames = new Set(base.embeddedTaskRuns.map((t) => t.name));
  // A PipelineRun object completes a run first built from its TaskRuns alone.
  const origin = base.origin === "taskruns-only" && other.origin === "taskruns-only" ? "taskruns-only" : "tekton";
  return {
    uid: base.uid ?? other.uid,
    name: base.name,
    generateName: base.generateName ?? other.generateName ?? null,
    origin,
    skippedTasks: (base.skippedTasks ?? []).length > 0 ? base.skippedTasks : (other.skippedTasks ?? []),
    namespace: base.namespace ?? other.namespace,
    component: base.component ?? other.component,
    application: base.application ?? other.application,
    eventType: base.eventType ?? other.eventType,
    commitSha: base.commitSha ?? other.commitSha,
    branch: base.branch ?? other.branch,
    targetBranch: base.targetBranch ?? other.targetBranch,
    startTime: base.startTime ?? other.startTime,
    completionTime: base.completionTime ?? other.completionTime,
    status: base.status === "Unknown" ? other.status : base.status,
    params: { ...other.params, ...base.params },
    children: [...base.children, ...other.children.filter((c) => !childNames.has(c.name))],
    embeddedTaskRuns: [...base.embeddedTaskRuns, ...other.embeddedTaskRuns.filter((t) => !embeddedNames.has(t.name))],
    pipelineTasks: base.pipelineTasks.length > 0 ? base.pipelineTasks : other.pipelineTasks,
    workspaces: base.workspaces.length > 0 ? base.workspaces : other.workspaces,
    labels: { ...other.labels, ...base.labels },
    annotations: { ...other.annotations, ...base.annotations },
  };
}

/** Merges the records of one object; indexed by uid and by name, so thousands of TaskRuns stay linear. */
function dedupe<T extends Identity>(kind: string, records: readonly T[], merge: (a: T, b: T) => T): T[] {
  const unique: T[] = [];
  const byUid = new Map<string, number>();
  const byName = new Map<string, number[]>();
  for (const record of records) {
    const candidates = [
      ...(record.uid !== null && byUid.has(record.uid) ? [byUid.get(record.uid)!] : []),
      ...(byName.get(record.name) ?? []),
    ];
    const index = candidates.find((i) => sameObject(kind, unique[i]!, record)) ?? -1;
    if (index === -1) {
      unique.push(record);
      const added = unique.length - 1;
      if (record.uid !== null) byUid.set(record.uid, added);
      const named = byName.get(record.name);
      if (named) named.push(added);
      else byName.set(record.name, [added]);
    } else {
      unique[index] = merge(unique[index]!, record);
      if (unique[index].uid !== null) byUid.set(unique[index].uid, index);
    }
  }
  return unique;
}

/** Children and pipeline tasks of a run by name, built once per run object. */
const lookups = new WeakMap<
  PipelineRunRecord,
  { children: Map<string, string | null>; tasks: Map<string, PipelineRunRecord["pipelineTasks"][number]> }
>();

function lookupsOf(run: PipelineRunRecord) {
  let found = lookups.get(run);
  if (!found) {
    found = {
      children: new Map(run.children.map((c) => [c.name, c.pipelineTaskName])),
      tasks: new Map(run.pipelineTasks.map((t) => [t.name, t])),
    };
    lookups.set(run, found);
  }
  return found;
}

/**
 * A TaskRun created from a `volumeClaimTemplate` only shows the generated claim's name; the access modes
 * and size live on the PipelineRun. The pipeline task's binding says which pipeline workspace it is.
 */
function bindWorkspaces(taskRun: TaskRunRecord, run: PipelineRunRecord): WorkspaceBinding[] {
  const pipelineTask =
    taskRun.pipelineTaskName === null ? undefined : lookupsOf(run).tasks.get(taskRun.pipelineTaskName);
  return taskRun.workspaces.map((binding) => {
    const pipelineWorkspace =
      binding.pipelineWorkspace ?? pipelineTask?.workspaces.find((ws) => ws.name === binding.name)?.workspace ?? null;
    const backing = run.workspaces.find((ws) => ws.name === pipelineWorkspace);
    const inheritsClaim = backing?.kind === "volumeClaimTemplate" && binding.accessModes.length === 0;
    return {
      ...binding,
      pipelineWorkspace,
      accessModes: inheritsClaim ? backing.accessModes : binding.accessModes,
      storage: binding.storage ?? (inheritsClaim ? backing.storage : null),
    };
  });
}

function attach(taskRun: TaskRunRecord, run: PipelineRunRecord): TaskRunRecord {
  const pipelineTaskName = taskRun.pipelineTaskName ?? lookupsOf(run).children.get(taskRun.name) ?? null;
  const withTask = { ...taskRun, pipelineTaskName };
  return withDerivedFields({
    ...withTask,
    pipelineRunName: taskRun.pipelineRunName ?? run.name,
    pipelineRunUid: taskRun.pipelineRunUid ?? run.uid,
    taskName:
      taskRun.taskName ??
      (pipelineTaskName === null ? null : lookupsOf(run).tasks.get(pipelineTaskName)?.taskName) ??
      null,
    namespace: taskRun.namespace ?? run.namespace,
    workspaces: bindWorkspaces(withTask, run),
  });
}

function owningRun<Run extends PipelineRunRecord>(taskRun: TaskRunRecord, runs: readonly Run[]): Run | null {
  const inNamespace = runs.filter((run) => namespacesAgree(run.namespace, taskRun.namespace));
  const runUid = taskRun.pipelineRunUid ?? null;
  if (runUid !== null) {
    const byUid = inNamespace.find((run) => run.uid === runUid);
    if (byUid) return byUid;
  }
  const byName = inNamespace.filter(
    (run) => run.name === taskRun.pipelineRunName && (runUid === null || run.uid === null || run.uid === runUid),
  );
  if (byName[0]) return byName[0];
  return inNamespace.find((run) => lookupsOf(run).children.has(taskRun.name)) ?? null;
}

function byStartThenName(a: TaskRunRecord, b: TaskRunRecord): number {
  const aStart = a.startTime?.getTime() ?? Number.POSITIVE_INFINITY;
  const bStart = b.startTime?.getTime() ?? Number.POSITIVE_INFINITY;
  return aStart === bStart ? a.name.localeCompare(b.name) : aStart - bStart;
}

export function linkRuns(docs: readonly TektonDocuments[]): LinkedRuns {
  const warnings: string[] = [];
  const pipelineRuns = dedupe(
    "PipelineRun",
    docs.flatMap((doc) => doc.pipelineRuns),
    mergePipelineRuns,
  );
  const nameCounts = new Map<string, number>();
  for (const run of pipelineRuns) nameCounts.set(qualifiedName(run), (nameCounts.get(qualifiedName(run)) ?? 0) + 1);
  for (const [name, count] of nameCounts) {
    if (count > 1) warnings.push(`${count} PipelineRuns named ${name} with different uids: they are kept apart`);
  }

  const taskRuns = dedupe(
    "TaskRun",
    [...docs.flatMap((doc) => doc.taskRuns), ...pipelineRuns.flatMap((run) => run.embeddedTaskRuns)],
    mergeTaskRuns,
  );

  const linked = pipelineRuns.map((run): LinkedPipelineRun => ({ ...run, taskRuns: [] }));
  const unowned: TaskRunRecord[] = [];
  for (const taskRun of taskRuns) {
    const run = owningRun(taskRun, linked);
    if (run === null) unowned.push(taskRun);
    else run.taskRuns.push(attach(taskRun, run));
  }
  // TaskRuns exported without their PipelineRun (`kubectl get taskruns -l tekton.dev/pipelineRun=…`): the
  // run is built from what they say of it, and a PipelineRun object uploaded later completes it.
  const built = runsFromTaskRuns(unowned);
  warnings.push(...built.warnings);
  for (const { run, members } of built.runs) {
    linked.push({ ...run, taskRuns: members.map((taskRun) => attach(taskRun, run)) });
  }
  const orphanTaskRuns = built.standalone;

  for (const run of linked) {
    run.taskRuns.sort(byStartThenName);
    const found = new Set(run.taskRuns.map((t) => t.name));
    const missing = run.children.filter((c) => !found.has(c.name));
    if (missing.length > 0) {
      warnings.push(
        `PipelineRun ${qualifiedName(run)}: ${missing.length} of ${run.children.length} TaskRuns are not in the upload ` +
          `(${missing.map((c) => c.name).join(", ")})`,
      );
    }
  }
  return { pipelineRuns: linked, orphanTaskRuns, warnings };
}
