// Static checks on a pipeline, run on everything the generator emits before it is shown: references resolve,
// workspaces and params are declared and bound, no two remote builds can run at once on one PVC, and the tasks
// the upstream pipeline has are all there (`required-tasks`, ./check-required.ts).
import { parseAllDocuments } from "yaml";
import { BUILD_ARCHES, type BuildArch } from "../domain/arch";
import { archFromTaskName } from "../tekton/arch";
import { KNOWN_TASK_RESULTS } from "./bundles";
import { requiredTasksOutcome, type RequiredTasksOptions } from "./check-required";
import {
  paramReferences,
  resultReferences,
  taskKind,
  type PipelineRunWorkspaceBinding,
  type PipelineSpec,
  type PipelineTask,
} from "./tekton";

export const CHECK_NAMES = [
  "yaml-parses",
  "task-names-unique",
  "result-references",
  "run-after-targets",
  "workspaces-declared",
  "workspaces-bound",
  "params-declared",
  "no-parallel-builds-on-shared-pvc",
  "matrix-safe",
  "required-tasks",
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export interface Check {
  name: CheckName;
  ok: boolean;
  detail?: string;
}

/** What is being checked: a PipelineRun (full file), a Pipeline, or a bare tasks list. */
interface Subject {
  kind: "PipelineRun" | "Pipeline" | "tasks";
  spec: PipelineSpec;
  tasks: PipelineTask[];
  finallyTasks: PipelineTask[];
  runBindings?: PipelineRunWorkspaceBinding[];
}

const asArray = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

function toSubject(value: unknown): Subject | string {
  if (Array.isArray(value)) return { kind: "tasks", spec: {}, tasks: value as PipelineTask[], finallyTasks: [] };
  const object = value as { kind?: unknown; spec?: Record<string, unknown> } | null;
  if (object?.kind === "PipelineRun") {
    const spec = object.spec?.pipelineSpec as PipelineSpec | undefined;
    if (!spec) return "the PipelineRun has no inline spec.pipelineSpec";
    const runBindings = asArray<PipelineRunWorkspaceBinding>(object.spec?.workspaces);
    return { kind: "PipelineRun", spec, tasks: asArray(spec.tasks), finallyTasks: asArray(spec.finally), runBindings };
  }
  if (object?.kind === "Pipeline" && object.spec) {
    const spec = object.spec as PipelineSpec;
    return { kind: "Pipeline", spec, tasks: asArray(spec.tasks), finallyTasks: asArray(spec.finally) };
  }
  return "expected a PipelineRun, a Pipeline or a list of tasks";
}

/** Picks the PipelineRun (else Pipeline, else tasks list) document of a YAML text. */
function parseSubject(text: string): Subject | string {
  const documents = parseAllDocuments(text, { strict: true, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [];
  const error = list.flatMap((document) => document.errors)[0];
  if (error) return `invalid YAML: ${error.message.split("\n")[0] ?? error.message}`;
  const values = list.map((document) => document.toJS({ maxAliasCount: 100 }) as unknown);
  const pick =
    values.find((value) => (value as { kind?: unknown } | null)?.kind === "PipelineRun") ??
    values.find((value) => (value as { kind?: unknown } | null)?.kind === "Pipeline") ??
    values.find(Array.isArray);
  return pick === undefined ? "no PipelineRun, Pipeline or tasks list in the YAML" : toSubject(pick);
}

const result = (name: CheckName, problems: string[]): Check =>
  problems.length === 0 ? { name, ok: true } : { name, ok: false, detail: problems.join("; ") };
const notApplicable = (name: CheckName, why: string): Check => ({ name, ok: true, detail: why });

function declaredResults(task: PipelineTask): readonly string[] | null {
  if (task.taskSpec?.results) return task.taskSpec.results.map((declared) => declared.name);
  const kind = taskKind(task);
  return kind === undefined ? null : (KNOWN_TASK_RESULTS[kind] ?? null);
}

function checkUniqueNames(subject: Subject): Check {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const task of [...subject.tasks, ...subject.finallyTasks]) {
    if (seen.has(task.name)) problems.push(`task ${task.name} is defined twice`);
    seen.add(task.name);
  }
  return result("task-names-unique", problems);
}

function checkResultReferences(subject: Subject): Check {
  const byName = new Map(subject.tasks.map((task) => [task.name, task]));
  const finallyByName = new Map(subject.finallyTasks.map((task) => [task.name, task]));
  const problems: string[] = [];
  const verify = (where: string, value: unknown, allowFinally: boolean) => {
    for (const reference of resultReferences(value)) {
      const target = byName.get(reference.task) ?? (allowFinally ? finallyByName.get(reference.task) : undefined);
      if (!target) {
        problems.push(`${where} references results of ${reference.task}, which is not a task`);
        continue;
      }
      const results = declaredResults(target);
      if (results !== null && !results.includes(reference.result)) {
        problems.push(
          `${where} references ${reference.task}.results.${reference.result}, which ${taskKind(target)} does not declare`,
        );
      }
    }
  };
  for (const task of [...subject.tasks, ...subject.finallyTasks]) {
    const { name: _name, taskRef: _taskRef, ...wiring } = task;
    verify(`task ${task.name}`, wiring, false);
  }
  verify("pipeline results", subject.spec.results ?? [], true);
  return result("result-references", problems);
}

function checkRunAfter(subject: Subject): Check {
  const names = new Set(subject.tasks.map((task) => task.name));
  const problems = subject.tasks.flatMap((task) =>
    (task.runAfter ?? [])
      .filter((target) => !names.has(target) || target === task.name)
      .map(
        (target) =>
          `task ${task.name} runs after ${target}, which is ${target === task.name ? "itself" : "not a task"}`,
      ),
  );
  return result("run-after-targets", problems);
}

const workspaceUses = (subject: Subject) =>
  [...subject.tasks, ...subject.finallyTasks].flatMap((task) =>
    (task.workspaces ?? []).map((binding) => ({ task: task.name, workspace: binding.workspace })),
  );

function checkWorkspacesDeclared(subject: Subject): Check {
  if (subject.kind === "tasks") return notApplicable("workspaces-declared", "a tasks list declares no workspaces");
  const declared = new Set((subject.spec.workspaces ?? []).map((workspace) => workspace.name));
  const problems = workspaceUses(subject)
    .filter((use) => !declared.has(use.workspace))
    .map((use) => `task ${use.task} uses workspace ${use.workspace}, which the pipeline does not declare`);
  return result("workspaces-declared", problems);
}

function checkWorkspacesBound(subject: Subject): Check {
  if (subject.kind !== "PipelineRun") return notApplicable("workspaces-bound", "only a PipelineRun binds workspaces");
  const bound = new Set((subject.runBindings ?? []).map((binding) => binding.name));
  const problems = (subject.spec.workspaces ?? [])
    .filter((workspace) => !workspace.optional && !bound.has(workspace.name))
    .map((workspace) => `workspace ${workspace.name} is declared but not bound in spec.workspaces`);
  return result("workspaces-bound", problems);
}

function checkParamsDeclared(subject: Subject): Check {
  if (subject.kind === "tasks") return notApplicable("params-declared", "a tasks list declares no params");
  const declared = new Set((subject.spec.params ?? []).map((param) => param.name));
  const problems: string[] = [];
  for (const task of [...subject.tasks, ...subject.finallyTasks]) {
    const { name: _name, taskRef: _taskRef, ...wiring } = task;
    for (const param of new Set(paramReferences(wiring))) {
      if (!declared.has(param)) problems.push(`task ${task.name} references $(params.${param}), which is not declared`);
    }
  }
  for (const param of new Set(paramReferences(subject.spec.results ?? []))) {
    if (!declared.has(param)) problems.push(`pipeline results reference $(params.${param}), which is not declared`);
  }
  return result("params-declared", problems);
}

const isBuild = (task: PipelineTask) => taskKind(task)?.startsWith("buildah") ?? false;

/** Workspaces on a PVC. A Pipeline or tasks list binds nothing, so every workspace there may be one. */
function pvcWorkspaces(subject: Subject): (workspace: string) => boolean {
  if (subject.kind !== "PipelineRun") return () => true;
  const pvc = new Set(
    (subject.runBindings ?? [])
      .filter((binding) => binding.volumeClaimTemplate !== undefined || binding.persistentVolumeClaim !== undefined)
      .map((binding) => binding.name),
  );
  return (workspace) => pvc.has(workspace);
}

/** Tasks each task waits for: runAfter plus the implicit order every result reference creates. */
function predecessors(tasks: PipelineTask[]): Map<string, Set<string>> {
  const names = new Set(tasks.map((task) => task.name));
  return new Map(
    tasks.map((task) => {
      const { name: _name, taskRef: _taskRef, ...wiring } = task;
      const before = [...(task.runAfter ?? []), ...resultReferences(wiring).map((reference) => reference.task)];
      return [task.name, new Set(before.filter((name) => names.has(name) && name !== task.name))];
    }),
  );
}

function reachability(tasks: PipelineTask[]): (from: string, to: string) => boolean {
  const before = predecessors(tasks);
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (name: string, visiting = new Set<string>()): Set<string> => {
    const known = ancestors.get(name);
    if (known) return known;
    const found = new Set<string>();
    visiting.add(name);
    for (const parent of before.get(name) ?? []) {
      found.add(parent);
      if (!visiting.has(parent)) for (const ancestor of ancestorsOf(parent, visiting)) found.add(ancestor);
    }
    visiting.delete(name);
    ancestors.set(name, found);
    return found;
  };
  return (from, to) => ancestorsOf(to).has(from);
}

function checkParallelBuilds(subject: Subject): Check {
  const onPvc = pvcWorkspaces(subject);
  const ordered = reachability(subject.tasks);
  const builds = subject.tasks.filter(isBuild).map((task) => ({
    task,
    pvc: (task.workspaces ?? []).map((binding) => binding.workspace).filter(onPvc),
  }));
  const problems: string[] = [];
  builds.forEach(({ task, pvc }, i) => {
    if (task.matrix && pvc.length > 0) {
      problems.push(`matrix build ${task.name} runs its instances in parallel on PVC workspace ${pvc.join(", ")}`);
    }
    for (const other of builds.slice(i + 1)) {
      const shared = pvc.filter((workspace) => other.pvc.includes(workspace));
      if (shared.length > 0 && !ordered(task.name, other.task.name) && !ordered(other.task.name, task.name)) {
        problems.push(
          `builds ${task.name} and ${other.task.name} can run in parallel on PVC workspace ${shared.join(", ")}`,
        );
      }
    }
  });
  return result("no-parallel-builds-on-shared-pvc", problems);
}

const isPerArchTask = (name: string) =>
  (BUILD_ARCHES as readonly string[]).includes(archFromTaskName(name) as BuildArch);

function checkMatrix(subject: Subject): Check {
  const onPvc = pvcWorkspaces(subject);
  const problems: string[] = [];
  for (const task of subject.tasks.filter((candidate) => candidate.matrix)) {
    const pvc = (task.workspaces ?? []).map((binding) => binding.workspace).filter(onPvc);
    if (pvc.length > 0) problems.push(`matrix task ${task.name} uses PVC workspace ${pvc.join(", ")}`);
    if (!isBuild(task)) continue;
    const { name: _name, taskRef: _taskRef, ...wiring } = task;
    for (const reference of resultReferences(wiring)) {
      if (reference.result.endsWith("_ARTIFACT") && isPerArchTask(reference.task)) {
        problems.push(`matrix build ${task.name} gives every platform ${reference.task}'s ${reference.result}`);
      }
    }
  }
  return result("matrix-safe", problems);
}

export type CheckOptions = RequiredTasksOptions;

/**
 * Runs every check on a YAML text or an already parsed PipelineRun / Pipeline / tasks list. `options.requiredTasks`
 * is the `required-tasks` list (see RequiredTasksOptions: without it the upstream set is reported, not enforced).
 */
export function checkPipeline(input: string | unknown, options: CheckOptions = {}): Check[] {
  const subject = typeof input === "string" ? parseSubject(input) : toSubject(input);
  if (typeof subject === "string") {
    return CHECK_NAMES.map((name) => ({ name, ok: false, detail: name === "yaml-parses" ? subject : "not checked" }));
  }
  return [
    { name: "yaml-parses", ok: true },
    checkUniqueNames(subject),
    checkResultReferences(subject),
    checkRunAfter(subject),
    checkWorkspacesDeclared(subject),
    checkWorkspacesBound(subject),
    checkParamsDeclared(subject),
    checkParallelBuilds(subject),
    checkMatrix(subject),
    { name: "required-tasks", ...requiredTasksOutcome([...subject.tasks, ...subject.finallyTasks], options) },
  ];
}

export const allChecksPass = (checks: readonly Check[]) => checks.every((check) => check.ok);
