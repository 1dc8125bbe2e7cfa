// The `required-tasks` check's logic: which entries of a required list no task of the pipeline satisfies. An
// entry matches a task's kind across variants (`clair-scan`, `sast-snyk-check` = `sast-snyk-check-oci-ta`,
// `buildah` = `buildah-remote`), or else a task's name. Without a list, the upstream set of the file's variant.
import { taskKind, type PipelineTask } from "./tekton";
import { canonicalKind, upstreamTaskKinds, type Variant } from "./upstream";

export interface RequiredTasksOptions {
  /**
   * Task kinds or names the pipeline must have. Undefined: every task of the upstream pipeline of the file's variant
   * (TA when any task kind ends in -oci-ta, else PVC), reported without failing; `[]`: the check is off.
   */
  requiredTasks?: readonly string[];
}

/** TA when any task restores Trusted Artifacts (an -oci-ta kind), else PVC. */
export function inferVariant(tasks: readonly PipelineTask[]): Variant {
  return tasks.some((task) => /-oci-ta(-min)?$/.test(taskKind(task) ?? "")) ? "ta" : "pvc";
}

/** The required entries no task satisfies, in the list's order. */
export function missingTasks(tasks: readonly PipelineTask[], required: readonly string[]): string[] {
  const kinds = new Set(tasks.flatMap((task) => taskKind(task) ?? []).map(canonicalKind));
  const names = new Set(tasks.map((task) => task.name));
  return [...new Set(required)].filter((entry) => !kinds.has(canonicalKind(entry)) && !names.has(entry));
}

export interface RequiredTasksOutcome {
  ok: boolean;
  detail?: string;
}

/**
 * An explicit list is enforced. Without one the upstream set of the inferred variant is only reported (ok, with a
 * detail naming what is missing): a user's own file (patch mode) is not the generator's fault.
 */
export function requiredTasksOutcome(
  tasks: readonly PipelineTask[],
  options: RequiredTasksOptions = {},
): RequiredTasksOutcome {
  if (options.requiredTasks !== undefined && options.requiredTasks.length === 0) {
    return { ok: true, detail: "disabled (an empty requiredTasks list)" };
  }
  if (options.requiredTasks === undefined) {
    const variant = inferVariant(tasks);
    const missing = missingTasks(tasks, upstreamTaskKinds(variant));
    return missing.length === 0
      ? { ok: true }
      : {
          ok: true,
          detail: `not enforced (no list given); missing from the upstream ${variant.toUpperCase()} pipeline: ${missing.join(", ")}`,
        };
  }
  const missing = missingTasks(tasks, options.requiredTasks);
  return missing.length === 0 ? { ok: true } : { ok: false, detail: `missing required tasks: ${missing.join(", ")}` };
}
