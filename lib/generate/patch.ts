// Patch mode: rewires the clone/prefetch/build/index/source tasks of the user's own .tekton file for a strategy
// and leaves everything else — other tasks, params, annotations, comments — as it was (yaml's Document API).
// This file decides what is removed, kept and replaced and returns the diff; the YAML edits are in ./patch-*.ts.
import { createTwoFilesPatch } from "diff";
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from "yaml";
import type { StrategyId } from "../domain/strategies";
import { KNOWN_TASK_RESULTS } from "./bundles";
import { checkPipeline } from "./checks";
import { bundleWarnings, type GenerateResult } from "./output";
import { resolveRequest, type GenerateRequest } from "./options";
import {
  baseHints,
  isManaged,
  openBase,
  roleOf,
  serialise,
  templatesFrom,
  toTask,
  type BaseFile,
  type ManagedRole,
} from "./patch-base";
import { composeTasks } from "./patch-compose";
import { rewireFor, rewireNode, type PatchState, type Replaced } from "./patch-rewire";
import { summarisePatch } from "./patch-summary";
import { syncParams, syncWorkspaces } from "./patch-sync";
import { isTrustedArtifacts, planStrategy, type Plan, type PlannedTask } from "./plan";
import { collectStrings, paramReferences, RESULT_REFERENCE, sameValue, taskKind, type PipelineTask } from "./tekton";

export { roleOf } from "./patch-base";

/** Managed base tasks the plan does not name (removed), and the ones kept all the same (`keep`). */
function removedTasks(
  base: BaseFile,
  baseTasks: PipelineTask[],
  managedPlan: PlannedTask[],
  strategy: StrategyId,
): { removed: Map<string, ManagedRole>; keep: Set<string> } {
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
  if (!isTrustedArtifacts(strategy) && taClone && needsSourceArtifact) {
    removed.delete(taClone.name);
    keep.add(taClone.name);
  }
  return { removed, keep };
}

/** Removed tasks, and tasks replaced under the same name by another kind, with what the planned ones declare. */
function replacedTasks(
  baseTasks: PipelineTask[],
  removed: Map<string, ManagedRole>,
  managedPlan: PlannedTask[],
): Replaced {
  const plannedByName = new Map(managedPlan.map((entry) => [entry.task.name, entry.task]));
  const replacedRoles = new Map(removed);
  for (const task of baseTasks) {
    const planned = plannedByName.get(task.name);
    const role = roleOf(task);
    if (planned && isManaged(role) && taskKind(planned) !== taskKind(task)) replacedRoles.set(task.name, role);
  }
  return {
    roles: replacedRoles,
    stillDeclares: (task, result) => {
      const planned = plannedByName.get(task);
      return planned !== undefined && (KNOWN_TASK_RESULTS[taskKind(planned) ?? ""] ?? []).includes(result);
    },
  };
}

/** What a runAfter link to a removed task becomes: the planned tasks of its role (not source-only ones). */
function runAfterMapOf(removed: Map<string, ManagedRole>, managedPlan: PlannedTask[], plan: Plan) {
  const runAfterMap = new Map<string, string[]>();
  for (const [name, role] of removed) {
    const replacements = managedPlan
      .filter(
        (entry) => entry.role === role && !entry.task.when?.some((when) => when.input.includes("build-source-image")),
      )
      .map((entry) => entry.task.name);
    runAfterMap.set(name, replacements.length > 0 ? replacements : [plan.equivalents.index]);
  }
  return runAfterMap;
}

/** Puts the new tasks list in place and rewires every task, finally task and pipeline result. */
function applyTasks(base: BaseFile, newItems: Node[], state: PatchState): void {
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
}

/** Patches `request.base` for `request.strategy`; the result carries the diff and the checks on the new file. */
export function patchPipeline(request: GenerateRequest): GenerateResult {
  const text = request.base ?? "";
  const base = openBase(text);
  const baseTasks = base.tasks.items.map(toTask);
  const resolved = resolveRequest(request, baseHints(base, baseTasks));
  const plan = planStrategy(resolved, templatesFrom(baseTasks));
  const managedPlan = plan.tasks.filter((entry) => isManaged(entry.role));
  const { removed, keep } = removedTasks(base, baseTasks, managedPlan, resolved.strategy);
  const replaced = replacedTasks(baseTasks, removed, managedPlan);
  const state: PatchState = {
    document: base.document,
    replaced,
    rewire: rewireFor(replaced, plan, keep.values().next().value),
    runAfterMap: runAfterMapOf(removed, managedPlan, plan),
    warnings: [...plan.warnings],
    changed: false,
  };
  applyTasks(base, composeTasks(base, plan, baseTasks, keep), state);

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

  const written = state.changed ? serialise(base, text) : { yaml: text, splices: [], inPlace: true };
  const yaml = written.yaml;
  if (!written.inPlace) {
    state.warnings.push("The file could not be edited in place, so it was written whole: expect a large diff.");
  }
  const generated = managedPlan
    .map((entry) => entry.task)
    .filter((task) => finalTasks.some((final) => sameValue(final, task)));
  // Scanners are the user's: a required task their file lacks is a failed check and a warning, not our bug.
  const checks = checkPipeline(yaml, { requiredTasks: resolved.requiredTasks });
  const required = checks.find((check) => check.name === "required-tasks");
  if (required && !required.ok) {
    state.warnings.push(
      `Your file lacks tasks the upstream Konflux pipeline of ${resolved.strategy} has (${required.detail?.replace(/^missing required tasks: /, "")}): ` +
        "Enterprise Contract's required-tasks policy fails such a build at release. Add them (see a whole file of this strategy), or pass requiredTasks.",
    );
  }
  const diff = createTwoFilesPatch("base.yaml", "patched.yaml", text, yaml, undefined, resolved.strategy);
  return {
    yaml,
    diff,
    diffSummary: summarisePatch(diff, written.splices, base.specPath),
    warnings: [...new Set([...state.warnings, ...bundleWarnings(generated)])],
    checks,
  };
}
