// One PipelineRun or TaskRun object: its kind when it has none (inferred from its shape), whether it was run or
// is a template, and its schema check, turned into a record or an AppError naming the field and line.
import type { z } from "zod";
import { AppError } from "../errors";
import { isObject, type Located } from "./located";
import { pipelineRunRecord, taskRunRecord } from "./records";
import { pipelineRunSchema, taskRunSchema } from "./schemas";
import type { TektonDocuments } from "./types";

/** Any of these in status means the object was run (a queued run has conditions); without them it is a template. */
const RUN_STATUS_FIELDS = [
  "startTime",
  "completionTime",
  "conditions",
  "childReferences",
  "taskRuns",
  "runs",
  "steps",
  "podName",
] as const;

/** Where readRun puts what it read: the collector of the file being read. */
type RunsOut = Pick<TektonDocuments, "pipelineRuns" | "taskRuns" | "templates">;

/** Present and saying something: not null, "", [] or {}. */
function hasContent(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  return !isObject(value) || Object.keys(value).length > 0;
}

function hasLabel(labels: Record<string, unknown>, key: string): boolean {
  return typeof labels[key] === "string";
}

/**
 * The kind of an object stored without one (Tekton Chains and other tools keep runs so), from fields only a
 * PipelineRun or only a TaskRun has. Spec says most, then status, then labels; contradicting evidence at the
 * strongest level that has any gives no kind rather than a guess. Objects of another API group are not runs.
 */
export function runKindFromShape(
  object: Record<string, unknown>,
  apiVersion: string | undefined,
): "PipelineRun" | "TaskRun" | undefined {
  if (apiVersion !== undefined && !apiVersion.startsWith("tekton.dev/")) return undefined;
  const { metadata } = object;
  if (!isObject(metadata) || !(hasContent(metadata.name) || hasContent(metadata.generateName))) return undefined;
  const spec = isObject(object.spec) ? object.spec : {};
  const status = isObject(object.status) ? object.status : {};
  const labels = isObject(metadata.labels) ? metadata.labels : {};
  // A TaskRun's Pod carries the TaskRun's labels: containers or a phase make it a Pod, whatever its labels say.
  if (spec.containers !== undefined || status.phase !== undefined) return undefined;
  const has = (fields: Record<string, unknown>, keys: readonly string[]) => keys.some((key) => hasContent(fields[key]));
  const taskLabels = hasLabel(labels, "tekton.dev/pipelineTask") || hasLabel(labels, "tekton.dev/task");
  const evidence: [pipelineRun: boolean, taskRun: boolean][] = [
    [has(spec, ["pipelineRef", "pipelineSpec"]), has(spec, ["taskRef", "taskSpec"])],
    [
      has(status, ["childReferences", "pipelineSpec", "taskRuns", "runs"]),
      has(status, ["podName", "steps", "taskSpec"]),
    ],
    [hasLabel(labels, "tekton.dev/pipeline") && !taskLabels, taskLabels],
  ];
  for (const [pipelineRun, taskRun] of evidence) {
    if (pipelineRun !== taskRun) return pipelineRun ? "PipelineRun" : "TaskRun";
    if (pipelineRun) return undefined;
  }
  return undefined;
}

/** Whether status says the object was run: a `.tekton/*.yaml` Pipelines-as-Code file or a manifest has none. */
function hasRunStatus(object: Record<string, unknown>): boolean {
  const { status } = object;
  return isObject(status) && RUN_STATUS_FIELDS.some((field) => hasContent(status[field]));
}

/** Validates a run object and keeps it as a run record, or as a template when its status says it never ran. */
export function readRun(
  located: Located,
  object: Record<string, unknown>,
  kind: "PipelineRun" | "TaskRun",
  name: string | null,
  file: string,
  out: RunsOut,
): void {
  // Templates are validated too: a malformed one is as much an error as a malformed run.
  if (kind === "PipelineRun") {
    const parsed = pipelineRunSchema.safeParse(object);
    if (!parsed.success) throw validationError(parsed.error, located, kind, name, file);
    const validName = runName(parsed.data.metadata);
    if (hasRunStatus(object)) out.pipelineRuns.push(pipelineRunRecord(parsed.data, validName));
    else out.templates.push({ kind, name: validName });
  } else {
    const parsed = taskRunSchema.safeParse(object);
    if (!parsed.success) throw validationError(parsed.error, located, kind, name, file);
    const validName = runName(parsed.data.metadata);
    if (hasRunStatus(object)) out.taskRuns.push(taskRunRecord(parsed.data, validName));
    else out.templates.push({ kind, name: validName });
  }
}

function runName(metadata: { name?: string; generateName?: string }): string {
  // The schema guarantees one of the two; a template with only generateName is named after its prefix.
  return metadata.name ?? metadata.generateName ?? "";
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    return text === "" ? String(key) : `${text}.${String(key)}`;
  }, "");
}

function validationError(
  error: z.ZodError,
  located: Located,
  kind: string,
  name: string | null,
  file: string,
): AppError {
  const issue = error.issues[0];
  const path = issue ? issue.path.filter((key): key is string | number => typeof key !== "symbol") : [];
  const field = formatPath(path);
  const line = located.lineOf(path);
  const object = `${kind} ${name === null ? "(unnamed)" : JSON.stringify(name)}`;
  return new AppError(
    "unprocessable",
    `${file}${line ? ` line ${line}` : ""}: ${object}${located.where.length ? ` (${located.where.join(", ")})` : ""}: ` +
      `${field || "(object)"}: ${issue?.message ?? "invalid"}`,
    { file, details: { kind, name, field, line, issues: error.issues } },
  );
}
