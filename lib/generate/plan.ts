// The task graph of each strategy: which clone, prefetch, build, index and source-build tasks exist and how
// they are wired (artifacts, workspaces, runAfter), plus the upstream check tasks after the index. Tasks are stamped from templates — the generator's own
// defaults, or in patch mode the user's tasks — so params the strategy does not manage are carried over.
// The planners themselves are in ./planners-ta.ts and ./planners-pvc.ts, built with ./plan-builder.ts.
import type { StrategyId } from "../domain/strategies";
import { GenerateError } from "./errors";
import { ARCH_PLACEHOLDER, type ResolvedRequest } from "./options";
import { PlanBuilder, type StrategyPlanner } from "./plan-builder";
import { planCheckTasks } from "./plan-checks";
import { baseParams, baseValues, pvcBinding } from "./plan-params";
import type { Plan, TaskTemplates } from "./plan-types";
import { pvcPerArch, pvcShared } from "./planners-pvc";
import { taShared, taSplit } from "./planners-ta";
import { parsePrefetchInput } from "./prefetch-input";
import { DEFAULT_TEMPLATES } from "./templates";

export type { Plan, PlannedTask, Role, TaskTemplates } from "./plan-types";
export { DEFAULT_TEMPLATES, isTrustedArtifacts } from "./templates";

/** sourceInput is used as given: it must parse, and an `@arch@` in it would reach hermeto unsubstituted. */
function checkSourceInput(text: string): void {
  if (text.includes(ARCH_PLACEHOLDER)) {
    throw new GenerateError(
      422,
      `sourceInput is used as given for the source prefetch and cannot contain ${ARCH_PLACEHOLDER}; name the SRPM lockfile's path, e.g. {"type":"rpm","path":"rpms/source"}`,
    );
  }
  try {
    parsePrefetchInput(text);
  } catch (error) {
    if (error instanceof GenerateError) throw new GenerateError(422, `sourceInput: ${error.message}`);
    throw error;
  }
}

const PLANNERS: Record<StrategyId, StrategyPlanner> = {
  "ta-shared": taShared,
  "ta-split": taSplit,
  "pvc-shared": pvcShared,
  "pvc-per-arch-duplicated": pvcPerArch(false),
  "pvc-per-arch-split": pvcPerArch(true),
};

/** Plans the strategy's tasks from the templates (defaults, or the user's tasks in patch mode). */
export function planStrategy(request: ResolvedRequest, templates: TaskTemplates = DEFAULT_TEMPLATES): Plan {
  parsePrefetchInput(request.prefetchInput);
  if (request.sourceInput !== undefined) checkSourceInput(request.sourceInput);
  const builder = new PlanBuilder(request, templates);
  const { equivalents, checkWorkspace } = PLANNERS[request.strategy](builder);
  const checkTasks = planCheckTasks(request, builder.ta ? "ta" : "pvc", {
    index: equivalents.index,
    sourceArtifact: equivalents.sourceArtifact,
    cachi2Artifact: equivalents.cachi2Artifact,
    workspace: checkWorkspace,
  });
  const pvcDeclarations = builder.pvcWorkspaces.map(({ name, share }) => ({
    name,
    description: share === "all" ? "PVC for the whole build" : `PVC for the ${share} lane`,
  }));
  return {
    tasks: builder.tasks,
    checkTasks,
    params: [...baseParams(request), ...builder.extraParams],
    values: [...baseValues(request), ...builder.extraValues],
    workspaces: [{ name: "git-auth", optional: true }, { name: "netrc", optional: true }, ...pvcDeclarations],
    bindings: [
      { name: "git-auth", secret: { secretName: "{{ git_auth_secret }}" } },
      ...builder.pvcWorkspaces.map(({ name, share }) =>
        pvcBinding(name, request.pvcAccessMode, request.pvcSizeFor(share)),
      ),
    ],
    pvcWorkspaces: builder.pvcWorkspaces.map(({ name }) => name),
    equivalents,
    warnings: builder.warnings,
  };
}
