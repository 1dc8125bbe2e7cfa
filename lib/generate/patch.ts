// Patch mode: rewires the clone/prefetch/build/index/source tasks of the user's own .tekton file for a strategy
// and leaves everything else — other tasks, params, annotations, comments — as it was (yaml's Document API).
import { createTwoFilesPatch } from "diff";
import {
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
  type Document,
  type Node,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import { KNOWN_TASK_RESULTS } from "./bundles";
import { checkPipeline } from "./checks";
import { GenerateError } from "./errors";
import { bundleWarnings, STRINGIFY_OPTIONS, type GenerateResult } from "./output";
import { resolveRequest, type BaseHints, type GenerateRequest } from "./options";
import { DEFAULT_TEMPLATES, isTrustedArtifacts, planStrategy, type Plan, type Role, type TaskTemplates } from "./plan";
import {
  collectStrings,
  paramReferences,
  RESULT_REFERENCE,
  sameValue,
  taskBundle,
  taskKind,
  type Param,
  type PipelineParamSpec,
  type PipelineTask,
} from "./tekton";

const MANAGED_ROLES = ["clone", "prefetch", "build", "index", "source"] as const;
type ManagedRole = (typeof MANAGED_ROLES)[number];

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

const isManaged = (role: Role | "other"): role is ManagedRole => (MANAGED_ROLES as readonly string[]).includes(role);

interface BaseFile {
  documents: Document.Parsed[];
  index: number;
  document: Document.Parsed;
  specPath: string[];
  isRun: boolean;
  tasks: YAMLSeq;
}

function openBase(text: string): BaseFile {
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

const toTask = (node: unknown) => (node as Node).toJSON() as PipelineTask;

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
function baseHints(base: BaseFile, tasks: PipelineTask[]): BaseHints {
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

function templatesFrom(tasks: PipelineTask[]): TaskTemplates {
  const templates = { ...DEFAULT_TEMPLATES };
  for (const role of MANAGED_ROLES) {
    const found = tasks.find((task) => roleOf(task) === role);
    if (found) templates[role] = found;
  }
  return templates;
}

/** Replacement for a reference to a removed task's result; null when the strategy has no equivalent. */
type Rewire = (task: string, result: string) => string | null;

function rewireFor(replaced: Replaced, plan: Plan, keptTaClone: string | undefined): Rewire {
  const planned = new Map(plan.tasks.map((entry) => [entry.task.name, entry]));
  return (task, result) => {
    const role = replaced.roles.get(task);
    if (role === undefined) return null;
    if (result === "SOURCE_ARTIFACT") {
      return (
        plan.equivalents.sourceArtifact ?? (keptTaClone ? `$(tasks.${keptTaClone}.results.SOURCE_ARTIFACT)` : null)
      );
    }
    if (result === "CACHI2_ARTIFACT") return plan.equivalents.cachi2Artifact ?? null;
    const target =
      role === "build" || role === "index"
        ? plan.equivalents.index
        : role === "clone"
          ? plan.equivalents.clone
          : role === "source"
            ? "build-source-image"
            : undefined;
    return target !== undefined && planned.has(target) ? `$(tasks.${target}.results.${result})` : null;
  };
}

/**
 * Base tasks whose results may be gone: removed ones, and ones replaced under the same name by another kind
 * (a TA prefetch-dependencies that becomes a PVC one no longer has SOURCE_ARTIFACT).
 */
interface Replaced {
  roles: Map<string, ManagedRole>;
  /** Whether `task` still declares `result` after patching. */
  stillDeclares: (task: string, result: string) => boolean;
}

/** Rewrites every `$(tasks.<replaced>.results.…)` in a string; null if one of them has no equivalent. */
function rewriteString(text: string, rewire: Rewire, replaced: Replaced): string | null {
  let unresolved = false;
  const rewritten = text.replace(RESULT_REFERENCE, (whole, task: string, result: string) => {
    if (!replaced.roles.has(task) || replaced.stillDeclares(task, result)) return whole;
    const replacement = rewire(task, result);
    if (replacement === null) unresolved = true;
    return replacement ?? whole;
  });
  return unresolved ? null : rewritten;
}

interface PatchState {
  document: Document.Parsed;
  replaced: Replaced;
  rewire: Rewire;
  runAfterMap: Map<string, string[]>;
  warnings: string[];
  changed: boolean;
}

/** Rewires one kept node (a task or a pipeline result): drops params whose artifact no longer exists. */
function rewireNode(node: YAMLMap, owner: string, state: PatchState): void {
  const params = node.get("params", true);
  if (isSeq(params)) {
    params.items = params.items.filter((item) => {
      const strings = collectStrings((item as Node).toJSON());
      const dead = strings.some((text) => rewriteString(text, state.rewire, state.replaced) === null);
      if (dead) {
        state.warnings.push(
          `${owner}: removed param ${String((item as YAMLMap).get("name"))}: the strategy has no equivalent of ${strings.join(", ")}.`,
        );
        state.changed = true;
      }
      return !dead;
    });
  }
  visit(node, {
    Scalar(_key, scalar) {
      if (typeof scalar.value !== "string" || !scalar.value.includes("$(tasks.")) return;
      const rewritten = rewriteString(scalar.value, state.rewire, state.replaced);
      if (rewritten === null) {
        state.warnings.push(`${owner}: ${scalar.value} has no equivalent in this strategy; fix it by hand.`);
      } else if (rewritten !== scalar.value) {
        scalar.value = rewritten;
        state.changed = true;
      }
    },
  });
  const runAfter = node.get("runAfter", true);
  if (isSeq(runAfter)) {
    const names = runAfter.items.map((item) => String(isScalar(item) ? item.value : item));
    const mapped = [...new Set(names.flatMap((name) => state.runAfterMap.get(name) ?? [name]))];
    if (!sameValue(mapped, names)) {
      node.set("runAfter", state.document.createNode(mapped));
      state.changed = true;
    }
  }
}

/** New tasks list: planned tasks at their role's place; unchanged base nodes reused, so their comments stay. */
function composeTasks(base: BaseFile, plan: Plan, baseTasks: PipelineTask[], keep: Set<string>): Node[] {
  const baseNodes = new Map(baseTasks.map((task, i) => [task.name, base.tasks.items[i] as Node]));
  const plannedByRole = new Map<ManagedRole, PipelineTask[]>();
  for (const { role, task } of plan.tasks) {
    if (isManaged(role)) plannedByRole.set(role, [...(plannedByRole.get(role) ?? []), task]);
  }
  // A replaced task keeps its comment; a renamed one does not (the comment described the old task).
  const nodeFor = (task: PipelineTask): Node => {
    const original = baseTasks.find((candidate) => candidate.name === task.name);
    const existing = baseNodes.get(task.name);
    if (original && existing && sameValue(original, task)) return existing;
    const node = base.document.createNode(task, { aliasDuplicateObjects: false }) as Node;
    node.commentBefore = existing?.commentBefore;
    return node;
  };
  const items: { node: Node; role: Role | "other" }[] = [];
  const emitted = new Set<ManagedRole>();
  const emit = (role: ManagedRole) => {
    emitted.add(role);
    for (const task of plannedByRole.get(role) ?? []) items.push({ node: nodeFor(task), role });
  };
  baseTasks.forEach((task, i) => {
    const role = roleOf(task);
    const node = base.tasks.items[i] as Node;
    if (!isManaged(role) || keep.has(task.name)) items.push({ node, role });
    if (isManaged(role) && !emitted.has(role)) emit(role);
  });
  // Roles the base lacks go right after the last task of an earlier role (clone → prefetch → build → …).
  for (const role of MANAGED_ROLES.filter((candidate) => !emitted.has(candidate))) {
    const rank = MANAGED_ROLES.indexOf(role);
    const after = items.findLastIndex(
      (item) => item.role === "init" || (isManaged(item.role) && MANAGED_ROLES.indexOf(item.role) < rank),
    );
    const tasks = plannedByRole.get(role) ?? [];
    items.splice(
      after + 1,
      0,
      ...tasks.map((task) => ({
        node: base.document.createNode(task, { aliasDuplicateObjects: false }) as Node,
        role,
      })),
    );
    emitted.add(role);
  }
  return items.map((item) => item.node);
}

function ensureSeq(document: Document.Parsed, path: string[]): YAMLSeq {
  const existing = document.getIn(path, true);
  if (isSeq(existing)) return existing as YAMLSeq;
  document.setIn(path, document.createNode([]));
  return document.getIn(path, true) as YAMLSeq;
}

const namesIn = (seq: YAMLSeq) => seq.items.map((item) => String((item as YAMLMap).get("name")));

/** Derived per-arch inputs (`prefetch-input-<arch>`) that no task uses any more: left over by a split strategy. */
const isStaleDerivedInput = (name: string, used: Set<string>) => name.startsWith("prefetch-input-") && !used.has(name);

function syncParams(base: BaseFile, plan: Plan, request: GenerateRequest, used: Set<string>, state: PatchState): void {
  const declarations = ensureSeq(base.document, [...base.specPath, "params"]);
  const declared = new Set(namesIn(declarations));
  for (const name of used) {
    const spec = plan.params.find((param) => param.name === name);
    if (!declared.has(name) && spec) {
      declarations.add(base.document.createNode(spec));
      state.changed = true;
    }
  }
  const dropStale = (seq: YAMLSeq) => {
    const before = seq.items.length;
    seq.items = seq.items.filter((item) => !isStaleDerivedInput(String((item as YAMLMap).get("name")), used));
    if (seq.items.length !== before) state.changed = true;
  };
  dropStale(declarations);
  if (!base.isRun) return;
  const values = ensureSeq(base.document, ["spec", "params"]);
  dropStale(values);
  for (const value of plan.values) {
    const derived = value.name.startsWith("prefetch-input-") && used.has(value.name);
    // build-platforms is only touched where the file has it or a matrix now needs it.
    const platforms = value.name === "build-platforms";
    const input = value.name === "prefetch-input" && request.options.prefetchInput !== undefined;
    if (!derived && !platforms && !input) continue;
    const item = values.items.find((candidate) => (candidate as YAMLMap).get("name") === value.name) as
      YAMLMap | undefined;
    if (item === undefined) {
      if (platforms && !used.has("build-platforms")) continue;
      values.add(base.document.createNode(value));
      state.changed = true;
    } else if (!sameValue((item.get("value", true) as Node | undefined)?.toJSON(), value.value)) {
      item.set("value", base.document.createNode(value.value));
      state.changed = true;
    }
  }
}

function syncWorkspaces(
  base: BaseFile,
  plan: Plan,
  finalTasks: PipelineTask[],
  removedUses: Set<string>,
  state: PatchState,
): void {
  const used = new Set(finalTasks.flatMap((task) => (task.workspaces ?? []).map((binding) => binding.workspace)));
  const declarations = ensureSeq(base.document, [...base.specPath, "workspaces"]);
  const bindings = base.isRun ? ensureSeq(base.document, ["spec", "workspaces"]) : undefined;
  const isStale = (item: unknown) => {
    const name = String((item as YAMLMap).get("name"));
    return removedUses.has(name) && !used.has(name);
  };
  for (const seq of [declarations, bindings]) {
    if (!seq) continue;
    const before = seq.items.length;
    seq.items = seq.items.filter((item) => !isStale(item));
    if (seq.items.length !== before) state.changed = true;
  }
  const planBindings = new Map(plan.bindings.map((binding) => [binding.name, binding]));
  for (const name of plan.pvcWorkspaces) {
    const declaration = plan.workspaces.find((workspace) => workspace.name === name);
    if (declaration && !namesIn(declarations).includes(name)) {
      declarations.add(base.document.createNode(declaration));
      state.changed = true;
    }
    const binding = planBindings.get(name);
    if (binding && bindings && !namesIn(bindings).includes(name)) {
      bindings.add(base.document.createNode(binding));
      state.changed = true;
    }
  }
}

function serialise(base: BaseFile, text: string): string {
  const range = base.document.range;
  const start = base.index === 0 ? 0 : range[0];
  return text.slice(0, start) + base.document.toString(STRINGIFY_OPTIONS) + text.slice(range[2]);
}

/** Patches `request.base` for `request.strategy`; the result carries the diff and the checks on the new file. */
export function patchPipeline(request: GenerateRequest): GenerateResult {
  const text = request.base ?? "";
  const base = openBase(text);
  const baseTasks = base.tasks.items.map(toTask);
  const resolved = resolveRequest(request, baseHints(base, baseTasks));
  const plan = planStrategy(resolved, templatesFrom(baseTasks));
  const managedPlan = plan.tasks.filter((entry) => isManaged(entry.role));
  const plannedNames = new Set(managedPlan.map((entry) => entry.task.name));

  const removed = new Map<string, ManagedRole>();
  for (const task of baseTasks) {
    const role = roleOf(task);
    if (isManaged(role) && !plannedNames.has(task.name)) removed.set(task.name, role);
  }
  // A PVC strategy produces no SOURCE_ARTIFACT: keep the base's Trusted-Artifacts clone for the tasks that
  // still restore it (sast-*-oci-ta, push-dockerfile-oci-ta) instead of breaking them.
  const keptNodes = base.tasks.items.filter((_, i) => {
    const task = baseTasks[i];
    return task !== undefined && !isManaged(roleOf(task));
  });
  const others = [
    ...keptNodes.map((node) => (node as Node).toJSON()),
    base.document.getIn([...base.specPath, "finally"]),
    base.document.getIn([...base.specPath, "results"]),
  ];
  const managedNames = new Set(baseTasks.filter((task) => isManaged(roleOf(task))).map((task) => task.name));
  const needsSourceArtifact = collectStrings(JSON.parse(JSON.stringify(others))).some((value) =>
    [...value.matchAll(RESULT_REFERENCE)].some(
      (match) => managedNames.has(match[1] ?? "") && match[2] === "SOURCE_ARTIFACT",
    ),
  );
  const taClone = baseTasks.find((task) => taskKind(task) === "git-clone-oci-ta" && removed.has(task.name));
  const keep = new Set<string>();
  if (!isTrustedArtifacts(resolved.strategy) && taClone && needsSourceArtifact) {
    removed.delete(taClone.name);
    keep.add(taClone.name);
  }

  const plannedByName = new Map(managedPlan.map((entry) => [entry.task.name, entry.task]));
  const replacedRoles = new Map(removed);
  for (const task of baseTasks) {
    const planned = plannedByName.get(task.name);
    const role = roleOf(task);
    if (planned && isManaged(role) && taskKind(planned) !== taskKind(task)) replacedRoles.set(task.name, role);
  }
  const replaced: Replaced = {
    roles: replacedRoles,
    stillDeclares: (task, result) => {
      const planned = plannedByName.get(task);
      return planned !== undefined && (KNOWN_TASK_RESULTS[taskKind(planned) ?? ""] ?? []).includes(result);
    },
  };
  const runAfterMap = new Map<string, string[]>();
  for (const [name, role] of removed) {
    const replacements = managedPlan
      .filter(
        (entry) => entry.role === role && !entry.task.when?.some((when) => when.input.includes("build-source-image")),
      )
      .map((entry) => entry.task.name);
    runAfterMap.set(name, replacements.length > 0 ? replacements : [plan.equivalents.index]);
  }
  const state: PatchState = {
    document: base.document,
    replaced,
    rewire: rewireFor(replaced, plan, keep.values().next().value),
    runAfterMap,
    warnings: [...plan.warnings],
    changed: false,
  };

  const newItems = composeTasks(base, plan, baseTasks, keep);
  if (newItems.length !== base.tasks.items.length || newItems.some((node, i) => node !== base.tasks.items[i])) {
    state.changed = true;
  }
  const originalItems = base.tasks.items;
  base.tasks.items = newItems;
  const finallySeq = base.document.getIn([...base.specPath, "finally"], true);
  const resultsSeq = base.document.getIn([...base.specPath, "results"], true);
  for (const seq of [base.tasks, finallySeq, resultsSeq]) {
    if (!isSeq(seq)) continue;
    for (const item of seq.items) {
      if (isMap(item)) rewireNode(item, `task ${String(item.get("name"))}`, state);
    }
  }
  const taskNames = new Set(base.tasks.items.map((item) => String((item as YAMLMap).get("name"))));
  const originalNodes = new Set(originalItems);
  for (const item of base.tasks.items.filter((node) => !originalNodes.has(node))) {
    // Generated tasks run after `init`, which a base file may not have; the user's own tasks are not touched.
    const runAfter = (item as YAMLMap).get("runAfter", true);
    if (isSeq(runAfter)) {
      runAfter.items = runAfter.items.filter((name) => taskNames.has(String(isScalar(name) ? name.value : name)));
    }
  }

  const finalTasks = base.tasks.items.map(toTask);
  const removedUses = new Set(
    baseTasks
      .filter((task) => removed.has(task.name))
      .flatMap((task) => (task.workspaces ?? []).map((binding) => binding.workspace)),
  );
  const finallyTasks = (
    base.document.getIn([...base.specPath, "finally"], true) as Node | undefined
  )?.toJSON() as unknown;
  const results = (base.document.getIn([...base.specPath, "results"], true) as Node | undefined)?.toJSON() as unknown;
  syncParams(base, plan, request, new Set(paramReferences([finalTasks, finallyTasks, results])), state);
  syncWorkspaces(base, plan, finalTasks, removedUses, state);

  const yaml = state.changed ? serialise(base, text) : text;
  const generated = managedPlan
    .map((entry) => entry.task)
    .filter((task) => finalTasks.some((final) => sameValue(final, task)));
  return {
    yaml,
    diff: createTwoFilesPatch("base.yaml", "patched.yaml", text, yaml, undefined, resolved.strategy),
    warnings: [...new Set([...state.warnings, ...bundleWarnings(generated)])],
    checks: checkPipeline(yaml),
  };
}
