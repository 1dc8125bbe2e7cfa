// Patch mode's view of the user's file: the Pipeline or PipelineRun document and its tasks list, each task's
// role (from its kind), the defaults the file implies (platforms, prefetch input, bundles) and its templates.
import { isSeq, parseAllDocuments, type Document, type Node, type YAMLSeq } from "yaml";
import { GenerateError } from "./errors";
import type { BaseHints } from "./options";
import { STRINGIFY_OPTIONS } from "./output";
import type { Role, TaskTemplates } from "./plan-types";
import { detectStyle } from "./patch-style";
import { spliceDocument, type Splice } from "./patch-splice";
import { DEFAULT_TEMPLATES } from "./templates";
import { sameValue, taskBundle, taskKind, type Param, type PipelineParamSpec, type PipelineTask } from "./tekton";

export const MANAGED_ROLES = ["clone", "prefetch", "build", "index", "source"] as const;
export type ManagedRole = (typeof MANAGED_ROLES)[number];

/** A task's role, from its kind: the user may have named tasks anything. */
export function roleOf(task: PipelineTask): Role | "other" {
  const kind = taskKind(task) ?? "";
  if (kind === "init") return "init";
  if (kind.startsWith("git-clone")) return "clone";
  if (kind.startsWith("prefetch-dependencies")) return "prefetch";
  if (kind.startsWith("buildah")) return "build";
  if (kind === "build-image-index") return "index";
  if (kind.startsWith("source-build")) return "source";
  return "other";
}

export const isManaged = (role: Role | "other"): role is ManagedRole =>
  (MANAGED_ROLES as readonly string[]).includes(role);

export interface BaseFile {
  documents: Document.Parsed[];
  index: number;
  document: Document.Parsed;
  specPath: string[];
  isRun: boolean;
  tasks: YAMLSeq;
}

export function openBase(text: string): BaseFile {
  const documents = parseAllDocuments(text, { strict: true, prettyErrors: true });
  if (!Array.isArray(documents)) throw new GenerateError(422, "base: no YAML document found");
  const error = documents.flatMap((document) => document.errors)[0];
  if (error) throw new GenerateError(422, `base: invalid YAML: ${error.message.split("\n")[0] ?? error.message}`);
  const kinds = documents.map((document) => document.get("kind"));
  const runIndex = kinds.indexOf("PipelineRun");
  const index = runIndex !== -1 ? runIndex : kinds.indexOf("Pipeline");
  const document = documents[index];
  if (!document) throw new GenerateError(422, "base is not a Tekton PipelineRun or Pipeline");
  const isRun = index === runIndex;
  if (isRun && !document.hasIn(["spec", "pipelineSpec"])) {
    throw new GenerateError(422, "base PipelineRun uses pipelineRef; only an inline spec.pipelineSpec can be patched");
  }
  const specPath = isRun ? ["spec", "pipelineSpec"] : ["spec"];
  const tasks = document.getIn([...specPath, "tasks"], true);
  if (!isSeq(tasks) || tasks.items.length === 0) {
    throw new GenerateError(422, `base ${isRun ? "PipelineRun" : "Pipeline"} has no tasks to patch`);
  }
  return { documents, index, document, specPath, isRun, tasks: tasks as YAMLSeq };
}

export const toTask = (node: unknown) => (node as Node).toJSON() as PipelineTask;

function runParamValue(base: BaseFile, name: string): unknown {
  const paths = base.isRun ? [["spec", "params"]] : [];
  for (const path of [...paths, [...base.specPath, "params"]]) {
    const params = (base.document.getIn(path) as YAMLSeq | undefined)?.toJSON() as
      (Param & PipelineParamSpec)[] | undefined;
    const param = params?.find((candidate) => candidate.name === name);
    if (param) return param.value ?? param.default;
  }
  return undefined;
}

/** Platforms, prefetch input and bundle refs of the base file: patch mode's defaults. */
export function baseHints(base: BaseFile, tasks: PipelineTask[]): BaseHints {
  const platformList = runParamValue(base, "build-platforms");
  const perArchPlatforms = tasks
    .filter((task) => roleOf(task) === "build")
    .map((task) => task.params?.find((param) => param.name === "PLATFORM")?.value)
    .filter((value): value is string => typeof value === "string" && !value.includes("$("));
  const input = runParamValue(base, "prefetch-input");
  const bundles: Record<string, string> = {};
  for (const task of tasks) {
    const kind = taskKind(task);
    const bundle = taskBundle(task);
    if (kind && bundle && !(kind in bundles)) bundles[kind] = bundle;
  }
  return {
    platforms:
      Array.isArray(platformList) && platformList.length > 0
        ? platformList.map(String)
        : perArchPlatforms.length > 0
          ? perArchPlatforms
          : undefined,
    prefetchInput: typeof input === "string" && input.trim() !== "" ? input : undefined,
    bundles,
  };
}

export function templatesFrom(tasks: PipelineTask[]): TaskTemplates {
  const templates = { ...DEFAULT_TEMPLATES };
  for (const role of MANAGED_ROLES) {
    const found = tasks.find((task) => roleOf(task) === role);
    if (found) templates[role] = found;
  }
  return templates;
}

/**
 * The patched file: the user's text with only the lines of what changed rewritten (./patch-splice.ts), checked
 * by parsing it back. Should that ever fail, the document is written whole in the file's detected style and
 * `inPlace` is false. Other documents of a multi-document file stay as they were, byte for byte.
 */
export function serialise(base: BaseFile, text: string): { yaml: string; splices: Splice[]; inPlace: boolean } {
  const pristine = parseAllDocuments(text)[base.index] as Document.Parsed;
  const next = base.document.toJSON() as unknown;
  const style = detectStyle(text, pristine.contents);
  try {
    const spliced = spliceDocument(text, pristine.contents, next, style);
    if (spliced !== null) {
      const again = parseAllDocuments(spliced.text)[base.index] as Document.Parsed | undefined;
      if (again && again.errors.length === 0 && sameValue(again.toJSON(), next)) {
        return { yaml: spliced.text, splices: spliced.splices, inPlace: true };
      }
    }
  } catch {
    // Overlapping edits: fall through to writing the document whole.
  }
  const range = base.document.range;
  const start = base.index === 0 ? 0 : range[0];
  const whole = base.document.toString({ ...STRINGIFY_OPTIONS, ...style });
  return { yaml: text.slice(0, start) + whole + text.slice(range[2]), splices: [], inPlace: false };
}
