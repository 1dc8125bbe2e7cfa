// The upstream pipeline's tasks after build-image-index (scans, apply-tags, push-dockerfile, …), stamped from the
// data in ./upstream-pipelines.json for one strategy: image from build-image-index, a matrix over the platforms
// where upstream has one, and the strategy's source (Trusted Artifacts, or a PVC workspace).
import { DEFAULT_BUNDLES } from "./bundles";
import type { ResolvedRequest } from "./options";
import type { PlannedTask } from "./plan-types";
import { bundleTaskRef, orderTaskKeys, paramRef, resultRef, type Param, type PipelineTask } from "./tekton";
import { CHECK_TASKS, checkTaskKind, type CheckTaskSpec, type Variant } from "./upstream";

/** Where the checks that read the source tree get it from. */
export interface CheckWiring {
  index: string;
  /** TA: the SOURCE_ARTIFACT / CACHI2_ARTIFACT expressions (a prefetch task's results). */
  sourceArtifact?: string;
  cachi2Artifact?: string;
  /** PVC: the workspace holding the source tree and the prefetched dependencies. */
  workspace?: string;
}

/** The workspace the non-TA check kinds mount the source tree on (upstream task definitions). */
const CHECK_WORKSPACE = "workspace";

/** A matrix over the build platforms: the pipeline param when the strategy declares it, else the literal list. */
function platformsMatrix(request: ResolvedRequest, param: string): NonNullable<PipelineTask["matrix"]> {
  const value =
    request.strategy === "ta-shared"
      ? [paramRef("build-platforms")]
      : request.platforms.map((target) => target.platform);
  return { params: [{ name: param, value }] };
}

function paramsOf(spec: CheckTaskSpec, index: string): Param[] {
  return Object.entries(spec.params).map(([name, value]) => ({
    name,
    value: value.startsWith("index.") ? resultRef(index, value.slice("index.".length)) : value,
  }));
}

function checkTask(spec: CheckTaskSpec, variant: Variant, request: ResolvedRequest, wiring: CheckWiring): PipelineTask {
  const kind = checkTaskKind(spec, variant);
  const params = paramsOf(spec, wiring.index);
  const task: PipelineTask = {
    name: spec.name,
    params,
    runAfter: [wiring.index],
    taskRef: bundleTaskRef(kind, request.bundles[kind] ?? DEFAULT_BUNDLES[kind as keyof typeof DEFAULT_BUNDLES]),
  };
  if (spec.matrix !== undefined) task.matrix = platformsMatrix(request, spec.matrix);
  if (spec.uses !== "none") {
    if (variant === "ta") {
      if (wiring.sourceArtifact !== undefined) params.push({ name: "SOURCE_ARTIFACT", value: wiring.sourceArtifact });
      if (spec.uses === "source+deps" && wiring.cachi2Artifact !== undefined) {
        params.push({ name: "CACHI2_ARTIFACT", value: wiring.cachi2Artifact });
      }
    } else if (wiring.workspace !== undefined) {
      task.workspaces = [{ name: CHECK_WORKSPACE, workspace: wiring.workspace }];
    }
  }
  if (spec.skippable) task.when = [{ input: paramRef("skip-checks"), operator: "in", values: ["false"] }];
  return orderTaskKeys(task);
}

/** Every check task of the upstream pipeline, wired for the strategy. */
export function planCheckTasks(request: ResolvedRequest, variant: Variant, wiring: CheckWiring): PlannedTask[] {
  return CHECK_TASKS.map((spec) => ({ role: "check", task: checkTask(spec, variant, request, wiring) }));
}
