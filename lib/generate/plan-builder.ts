// PlanBuilder: stamps the clone, prefetch, build, index and source tasks of a plan from the role templates and
// wires them (Trusted Artifacts results, or PVC workspaces); also declares the derived per-arch inputs.
import type { BuildArch } from "../domain/arch";
import { DEFAULT_BUNDLES } from "./bundles";
import type { ResolvedRequest, TargetPlatform } from "./options";
import type { Plan, PlannedTask, Role, TaskTemplates, TemplateRole } from "./plan-types";
import { derivePerArchInputs } from "./prefetch-input";
import { isTrustedArtifacts, sourceBuildEnabled } from "./templates";
import {
  bundleTaskRef,
  cloneTask,
  orderTaskKeys,
  paramRef,
  removeParam,
  resultRef,
  setParam,
  taskKind,
  type Param,
  type PipelineParamSpec,
  type PipelineTask,
} from "./tekton";

/** The workspace each non-TA kind mounts its files on (from the task definitions). */
const PVC_BINDING_NAME: Record<string, string> = {
  "git-clone": "output",
  "prefetch-dependencies": "source",
  "buildah-remote": "source",
  "source-build": "workspace",
};
const PVC_BINDING_NAMES = new Set(Object.values(PVC_BINDING_NAME));

export class PlanBuilder {
  readonly tasks: PlannedTask[] = [];
  readonly warnings: string[] = [];
  readonly extraParams: PipelineParamSpec[] = [];
  readonly extraValues: Param[] = [];
  readonly pvcWorkspaces: { name: string; share: BuildArch | "source" | "all" }[] = [];
  readonly ta: boolean;

  constructor(
    readonly request: ResolvedRequest,
    readonly templates: TaskTemplates,
  ) {
    this.ta = isTrustedArtifacts(request.strategy);
  }

  /** A task stamped from a role's template: same params and workspaces, new name, kind and bundle. */
  stamp(role: TemplateRole, name: string, kind: string): PipelineTask {
    const task = cloneTask(this.templates[role]);
    task.name = name;
    delete task.matrix;
    delete task.runAfter;
    const bundle = this.request.bundles[kind] ?? DEFAULT_BUNDLES[kind as keyof typeof DEFAULT_BUNDLES];
    if (taskKind(task) === kind && task.taskRef?.resolver === "bundles") {
      const bundleParam = task.taskRef.params?.find((param) => param.name === "bundle");
      if (bundleParam) bundleParam.value = bundle;
    } else {
      task.taskRef = bundleTaskRef(kind, bundle);
    }
    this.bindWorkspace(task, kind, undefined);
    return task;
  }

  /** TA tasks mount no PVC; non-TA kinds mount their one workspace on the given pipeline workspace. */
  bindWorkspace(task: PipelineTask, kind: string, workspace: string | undefined): void {
    const hadList = task.workspaces !== undefined;
    const kept = (task.workspaces ?? []).filter((binding) => !PVC_BINDING_NAMES.has(binding.name));
    const bindingName = PVC_BINDING_NAME[kind];
    if (workspace !== undefined && bindingName !== undefined) kept.push({ name: bindingName, workspace });
    if (kept.length > 0 || hadList) task.workspaces = kept;
    else delete task.workspaces;
  }

  add(role: Role, task: PipelineTask, runAfter: string[]): string {
    if (runAfter.length > 0) task.runAfter = runAfter;
    this.tasks.push({ role, task: orderTaskKeys(task) });
    return task.name;
  }

  init(): string {
    return this.add("init", cloneTask(this.templates.init), []);
  }

  clone(name: string, workspace: string | undefined, after: string[], sourceOnly = false): string {
    const kind = this.ta ? "git-clone-oci-ta" : "git-clone";
    const task = this.stamp("clone", name, kind);
    setParam(task, "url", paramRef("git-url"));
    setParam(task, "revision", paramRef("revision"));
    if (this.ta) {
      setParam(task, "ociStorage", `${paramRef("output-image")}.git`);
      setParam(task, "ociArtifactExpiresAfter", paramRef("image-expires-after"));
    } else {
      removeParam(task, "ociStorage");
      removeParam(task, "ociArtifactExpiresAfter");
      this.bindWorkspace(task, kind, workspace);
    }
    if (sourceOnly) task.when = [sourceBuildEnabled()];
    return this.add("clone", task, after);
  }

  prefetch(
    name: string,
    inputParam: string,
    clone: string,
    workspace: string | undefined,
    ociTag: string,
    sourceOnly = false,
  ): string {
    const kind = this.ta ? "prefetch-dependencies-oci-ta" : "prefetch-dependencies";
    const task = this.stamp("prefetch", name, kind);
    setParam(task, "input", paramRef(inputParam));
    if (this.ta) {
      setParam(task, "SOURCE_ARTIFACT", resultRef(clone, "SOURCE_ARTIFACT"));
      // Each prefetch pushes to its own tag: two pushes to one tag would leave the first artifact untagged,
      // and the registry may garbage-collect it before the builds restore it.
      setParam(task, "ociStorage", `${paramRef("output-image")}.${ociTag}`);
      setParam(task, "ociArtifactExpiresAfter", paramRef("image-expires-after"));
    } else {
      for (const param of ["SOURCE_ARTIFACT", "ociStorage", "ociArtifactExpiresAfter"]) removeParam(task, param);
      this.bindWorkspace(task, kind, workspace);
    }
    if (sourceOnly) task.when = [sourceBuildEnabled()];
    return this.add("prefetch", task, [clone]);
  }

  build(
    name: string,
    target: TargetPlatform | "matrix",
    wiring: { prefetch: string; clone: string; inputParam: string; workspace?: string; after: string[] },
  ): string {
    const kind = this.ta ? "buildah-remote-oci-ta" : "buildah-remote";
    const task = this.stamp("build", name, kind);
    if (target === "matrix") {
      removeParam(task, "PLATFORM");
      task.matrix = { params: [{ name: "PLATFORM", value: [paramRef("build-platforms")] }] };
    } else {
      setParam(task, "PLATFORM", target.platform);
    }
    setParam(task, "PREFETCH_INPUT", paramRef(wiring.inputParam));
    setParam(task, "COMMIT_SHA", resultRef(wiring.clone, "commit"));
    setParam(task, "SOURCE_URL", resultRef(wiring.clone, "url"));
    if (this.ta) {
      setParam(task, "SOURCE_ARTIFACT", resultRef(wiring.prefetch, "SOURCE_ARTIFACT"));
      setParam(task, "CACHI2_ARTIFACT", resultRef(wiring.prefetch, "CACHI2_ARTIFACT"));
    } else {
      removeParam(task, "SOURCE_ARTIFACT");
      removeParam(task, "CACHI2_ARTIFACT");
      this.bindWorkspace(task, kind, wiring.workspace);
    }
    setParam(task, "IMAGE_APPEND_PLATFORM", "true");
    return this.add("build", task, wiring.after);
  }

  index(builds: string[], matrix: boolean): string {
    const task = this.stamp("index", "build-image-index", "build-image-index");
    setParam(
      task,
      "IMAGES",
      matrix ? [`$(tasks.${builds[0]}.results.IMAGE_REF[*])`] : builds.map((build) => resultRef(build, "IMAGE_REF")),
    );
    return this.add("index", task, builds);
  }

  source(
    index: string,
    wiring: { sourceArtifact?: string; cachi2Artifact?: string; workspace?: string; after?: string[] },
  ): string {
    const kind = this.ta ? "source-build-oci-ta" : "source-build";
    const task = this.stamp("source", "build-source-image", kind);
    setParam(task, "BINARY_IMAGE", resultRef(index, "IMAGE_URL"));
    setParam(task, "BINARY_IMAGE_DIGEST", resultRef(index, "IMAGE_DIGEST"));
    for (const [param, value] of [
      ["SOURCE_ARTIFACT", wiring.sourceArtifact],
      ["CACHI2_ARTIFACT", wiring.cachi2Artifact],
    ] as const) {
      if (value === undefined) removeParam(task, param);
      else setParam(task, param, value);
    }
    this.bindWorkspace(task, kind, wiring.workspace);
    task.when ??= [sourceBuildEnabled()];
    return this.add("source", task, wiring.after ?? [index]);
  }

  pvc(name: string, share: BuildArch | "source" | "all"): string {
    this.pvcWorkspaces.push({ name, share });
    return name;
  }

  /** Declares the derived per-arch inputs (prefetch-input-<arch>, prefetch-input-source) as params. */
  perArchInputs(withSource: boolean): void {
    const { request } = this;
    const derived = derivePerArchInputs(
      request.prefetchInput,
      request.platforms,
      request.perArchInput,
      request.pathPatternArchNames,
    );
    this.warnings.push(...derived.warnings);
    const declare = (name: string, value: string, description: string) => {
      this.extraParams.push({ name, type: "string", default: value, description });
      this.extraValues.push({ name, value });
    };
    const derivedFrom = `derived from prefetch-input (${request.perArchInput})`;
    for (const target of request.platforms) {
      declare(
        `prefetch-input-${target.arch}`,
        derived.byArch.get(target.arch) ?? "",
        `Prefetch input for ${target.arch}, ${derivedFrom}`,
      );
    }
    if (!withSource) return;
    if (request.sourceInput !== undefined) {
      declare("prefetch-input-source", request.sourceInput, "Prefetch input for the source container (SRPMs only)");
    } else {
      declare(
        "prefetch-input-source",
        derived.source,
        `Prefetch input for the source container (SRPMs of every selected arch), ${derivedFrom}`,
      );
    }
  }

  /** sourceInput only feeds a dedicated source prefetch: say so when the strategy has none. */
  unusedSourceInput(reason: string): void {
    if (this.request.sourceInput !== undefined) this.warnings.push(`sourceInput is not used: ${reason}.`);
  }
}

/**
 * One strategy family's planner: adds its tasks to the builder and names the results others can use; a PVC
 * planner also names the workspace the check tasks read the source tree from (`checkWorkspace`).
 */
export type StrategyPlanner = (builder: PlanBuilder) => Pick<Plan, "equivalents"> & { checkWorkspace?: string };

export const first = <T>(items: readonly T[]): T => {
  const item = items[0];
  if (item === undefined) throw new Error("platforms resolved to an empty list");
  return item;
};
