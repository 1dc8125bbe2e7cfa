// Rewiring of the tasks patch mode keeps: every `$(tasks.<replaced>.results.…)` reference, params whose artifact
// is gone, and runAfter links to removed tasks are pointed at the strategy's equivalents (or reported).
import { isScalar, isSeq, visit, type Document, type Node, type YAMLMap } from "yaml";
import type { ManagedRole } from "./patch-base";
import type { Plan } from "./plan-types";
import { collectStrings, RESULT_REFERENCE, sameValue } from "./tekton";

/** Replacement for a reference to a removed task's result; null when the strategy has no equivalent. */
export type Rewire = (task: string, result: string) => string | null;

export function rewireFor(replaced: Replaced, plan: Plan, keptTaClone: string | undefined): Rewire {
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
export interface Replaced {
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

export interface PatchState {
  document: Document.Parsed;
  replaced: Replaced;
  rewire: Rewire;
  runAfterMap: Map<string, string[]>;
  warnings: string[];
  changed: boolean;
}

/** Rewires one kept node (a task or a pipeline result): drops params whose artifact no longer exists. */
export function rewireNode(node: YAMLMap, owner: string, state: PatchState): void {
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
