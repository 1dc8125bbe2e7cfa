// The slice of the Tekton v1 Pipeline shape the generator writes and the checks read, plus small helpers
// for task params, bundle taskRefs and `$(…)` references. Plain data, no YAML here.

export type ParamValue = string | string[] | Record<string, string>;
export interface Param {
  name: string;
  value: ParamValue;
}
export interface WorkspaceBinding {
  name: string;
  workspace: string;
  subPath?: string;
}
export interface WhenExpression {
  input: string;
  operator: "in" | "notin";
  values: string[];
}
export interface TaskRef {
  resolver?: string;
  params?: Param[];
  name?: string;
  kind?: string;
}
export interface PipelineTask {
  name: string;
  matrix?: { params?: Param[]; include?: unknown[] };
  params?: Param[];
  runAfter?: string[];
  taskRef?: TaskRef;
  taskSpec?: { results?: { name: string }[]; [key: string]: unknown };
  when?: WhenExpression[];
  workspaces?: WorkspaceBinding[];
  [key: string]: unknown;
}
export interface PipelineParamSpec {
  name: string;
  type?: "string" | "array";
  default?: ParamValue;
  description?: string;
}
export interface PipelineWorkspaceDeclaration {
  name: string;
  optional?: boolean;
  description?: string;
}
export interface PipelineSpec {
  params?: PipelineParamSpec[];
  results?: { name: string; value: ParamValue; description?: string }[];
  tasks?: PipelineTask[];
  finally?: PipelineTask[];
  workspaces?: PipelineWorkspaceDeclaration[];
  [key: string]: unknown;
}
export interface PipelineRunWorkspaceBinding {
  name: string;
  volumeClaimTemplate?: unknown;
  persistentVolumeClaim?: unknown;
  emptyDir?: unknown;
  secret?: unknown;
  configMap?: unknown;
  [key: string]: unknown;
}

export function bundleTaskRef(kind: string, bundle: string): TaskRef {
  return {
    params: [
      { name: "name", value: kind },
      { name: "bundle", value: bundle },
      { name: "kind", value: "task" },
    ],
    resolver: "bundles",
  };
}

/** The task kind: the bundles resolver's `name` param, or a plain `taskRef.name`. */
export function taskKind(task: PipelineTask): string | undefined {
  const fromResolver = task.taskRef?.params?.find((param) => param.name === "name")?.value;
  if (typeof fromResolver === "string") return fromResolver;
  return task.taskRef?.name;
}

export function taskBundle(task: PipelineTask): string | undefined {
  const bundle = task.taskRef?.params?.find((param) => param.name === "bundle")?.value;
  return typeof bundle === "string" ? bundle : undefined;
}

export function getParam(task: PipelineTask, name: string): ParamValue | undefined {
  return task.params?.find((param) => param.name === name)?.value;
}

/** Replaces a param's value where it stands, or appends it: a template's param order survives. */
export function setParam(task: PipelineTask, name: string, value: ParamValue): void {
  const params = (task.params ??= []);
  const existing = params.find((param) => param.name === name);
  if (existing) existing.value = value;
  else params.push({ name, value });
}

export function removeParam(task: PipelineTask, name: string): void {
  if (task.params) task.params = task.params.filter((param) => param.name !== name);
}

export const resultRef = (task: string, result: string) => `$(tasks.${task}.results.${result})`;
export const paramRef = (name: string) => `$(params.${name})`;

/** `$(tasks.build-images.results.IMAGE_REF[*])`, `$(tasks.x.results.y)`, `$(tasks.x.results.obj.key)`. */
export const RESULT_REFERENCE = /\$\(tasks\.([A-Za-z0-9_-]+)\.results\.([A-Za-z0-9_-]+)(\[\*\]|\.[A-Za-z0-9_-]+)?\)/g;
/** `$(params.output-image)`, `$(params.build-args[*])`, `$(params["dotted.name"])`. */
export const PARAM_REFERENCE = /\$\(params(?:\.([A-Za-z0-9_-]+)|\[["']([^"']+)["']\])(?:\[\*\])?\)/g;

/** Every string inside a value, depth first (params, matrix, when, results). */
export function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (typeof value === "object" && value !== null)
    for (const item of Object.values(value)) collectStrings(item, into);
  return into;
}

export interface ResultReference {
  task: string;
  result: string;
}

export function resultReferences(value: unknown): ResultReference[] {
  return collectStrings(value).flatMap((text) =>
    [...text.matchAll(RESULT_REFERENCE)].map((match) => ({ task: match[1] ?? "", result: match[2] ?? "" })),
  );
}

export function paramReferences(value: unknown): string[] {
  return collectStrings(value).flatMap((text) =>
    [...text.matchAll(PARAM_REFERENCE)].map((match) => match[1] ?? match[2] ?? ""),
  );
}

/** Fixed key order for emitted tasks, so the YAML (and the goldens) are stable. */
const TASK_KEY_ORDER = ["name", "matrix", "params", "runAfter", "taskRef", "when", "workspaces"];

export function orderTaskKeys(task: PipelineTask): PipelineTask {
  const ordered: Record<string, unknown> = {};
  for (const key of TASK_KEY_ORDER) if (task[key] !== undefined) ordered[key] = task[key];
  for (const key of Object.keys(task).sort())
    if (!(key in ordered) && task[key] !== undefined) ordered[key] = task[key];
  return ordered as PipelineTask;
}

/** Structural equality that ignores object key order (YAML maps have none that matters). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const keysA = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

export function cloneTask(task: PipelineTask): PipelineTask {
  return structuredClone(task);
}
