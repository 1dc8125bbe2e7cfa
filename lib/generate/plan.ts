// The task graph of each strategy: which clone, prefetch, build, index and source-build tasks exist and how
// they are wired (artifacts, workspaces, runAfter). Tasks are stamped from templates — the generator's own
// defaults, or in patch mode the user's tasks — so params the strategy does not manage are carried over.
import type { BuildArch } from "../domain/arch";
import type { StrategyId } from "../domain/strategies";
import { DEFAULT_BUNDLES } from "./bundles";
import { GenerateError } from "./errors";
import { ARCH_PLACEHOLDER, type ResolvedRequest, type TargetPlatform } from "./options";
import { derivePerArchInputs, parsePrefetchInput } from "./prefetch-input";
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
  type PipelineRunWorkspaceBinding,
  type PipelineTask,
  type PipelineWorkspaceDeclaration,
  type WhenExpression,
} from "./tekton";

export type Role = "init" | "clone" | "prefetch" | "build" | "index" | "source";
export type TaskTemplates = Record<Role, PipelineTask>;

export interface PlannedTask {
  role: Role;
  task: PipelineTask;
}

export interface Plan {
  tasks: PlannedTask[];
  /** Pipeline params the planned tasks reference, with the declaration a fresh file gets. */
  params: PipelineParamSpec[];
  /** `spec.params` values of a PipelineRun. */
  values: Param[];
  workspaces: PipelineWorkspaceDeclaration[];
  bindings: PipelineRunWorkspaceBinding[];
  /** The workspace names backed by a PVC (volumeClaimTemplate). */
  pvcWorkspaces: string[];
  /** Expressions other tasks can use in place of replaced tasks' results (patch mode rewiring). */
  equivalents: { sourceArtifact?: string; cachi2Artifact?: string; clone: string; index: string };
  warnings: string[];
}

const TA_STRATEGIES: readonly StrategyId[] = ["ta-shared", "ta-split"];
export const isTrustedArtifacts = (strategy: StrategyId) => TA_STRATEGIES.includes(strategy);

/** The workspace each non-TA kind mounts its files on (from the task definitions). */
const PVC_BINDING_NAME: Record<string, string> = {
  "git-clone": "output",
  "prefetch-dependencies": "source",
  "buildah-remote": "source",
  "source-build": "workspace",
};
const PVC_BINDING_NAMES = new Set(Object.values(PVC_BINDING_NAME));

/** A fresh object each time: a shared one would be emitted as a YAML anchor and alias. */
const sourceBuildEnabled = (): WhenExpression => ({
  input: paramRef("build-source-image"),
  operator: "in",
  values: ["true"],
});

export const DEFAULT_TEMPLATES: TaskTemplates = {
  init: { name: "init", taskRef: bundleTaskRef("init", DEFAULT_BUNDLES.init) },
  clone: {
    name: "clone-repository",
    params: [
      { name: "url", value: paramRef("git-url") },
      { name: "revision", value: paramRef("revision") },
    ],
    taskRef: bundleTaskRef("git-clone-oci-ta", DEFAULT_BUNDLES["git-clone-oci-ta"]),
    workspaces: [{ name: "basic-auth", workspace: "git-auth" }],
  },
  prefetch: {
    name: "prefetch-dependencies",
    params: [{ name: "input", value: paramRef("prefetch-input") }],
    taskRef: bundleTaskRef("prefetch-dependencies-oci-ta", DEFAULT_BUNDLES["prefetch-dependencies-oci-ta"]),
    workspaces: [
      { name: "git-basic-auth", workspace: "git-auth" },
      { name: "netrc", workspace: "netrc" },
    ],
  },
  build: {
    name: "build-images",
    params: [
      { name: "IMAGE", value: paramRef("output-image") },
      { name: "DOCKERFILE", value: paramRef("dockerfile") },
      { name: "CONTEXT", value: paramRef("path-context") },
      { name: "HERMETIC", value: paramRef("hermetic") },
      { name: "PREFETCH_INPUT", value: paramRef("prefetch-input") },
      { name: "IMAGE_EXPIRES_AFTER", value: paramRef("image-expires-after") },
      { name: "COMMIT_SHA", value: resultRef("clone-repository", "commit") },
      { name: "SOURCE_URL", value: resultRef("clone-repository", "url") },
    ],
    taskRef: bundleTaskRef("buildah-remote-oci-ta", DEFAULT_BUNDLES["buildah-remote-oci-ta"]),
  },
  index: {
    name: "build-image-index",
    params: [
      { name: "IMAGE", value: paramRef("output-image") },
      { name: "ALWAYS_BUILD_INDEX", value: paramRef("build-image-index") },
    ],
    taskRef: bundleTaskRef("build-image-index", DEFAULT_BUNDLES["build-image-index"]),
  },
  source: {
    name: "build-source-image",
    params: [
      { name: "BINARY_IMAGE", value: resultRef("build-image-index", "IMAGE_URL") },
      { name: "BINARY_IMAGE_DIGEST", value: resultRef("build-image-index", "IMAGE_DIGEST") },
    ],
    taskRef: bundleTaskRef("source-build-oci-ta", DEFAULT_BUNDLES["source-build-oci-ta"]),
    when: [sourceBuildEnabled()],
  },
};

class PlanBuilder {
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
  stamp(role: Role, name: string, kind: string): PipelineTask {
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

type StrategyPlanner = (builder: PlanBuilder) => Pick<Plan, "equivalents">;

const first = <T>(items: readonly T[]): T => {
  const item = items[0];
  if (item === undefined) throw new Error("platforms resolved to an empty list");
  return item;
};

const taShared: StrategyPlanner = (b) => {
  b.unusedSourceInput("ta-shared has no source prefetch");
  const clone = b.clone("clone-repository", undefined, [b.init()]);
  const prefetch = b.prefetch("prefetch-dependencies", "prefetch-input", clone, undefined, "prefetch");
  const build = b.build("build-images", "matrix", { prefetch, clone, inputParam: "prefetch-input", after: [prefetch] });
  const index = b.index([build], true);
  b.source(index, {
    sourceArtifact: resultRef(prefetch, "SOURCE_ARTIFACT"),
    cachi2Artifact: resultRef(prefetch, "CACHI2_ARTIFACT"),
  });
  return {
    equivalents: {
      sourceArtifact: resultRef(prefetch, "SOURCE_ARTIFACT"),
      cachi2Artifact: resultRef(prefetch, "CACHI2_ARTIFACT"),
      clone,
      index,
    },
  };
};

const taSplit: StrategyPlanner = (b) => {
  const { platforms, prefetchSources } = b.request;
  b.perArchInputs(prefetchSources);
  const clone = b.clone("clone-repository", undefined, [b.init()]);
  const prefetches = platforms.map((target) =>
    b.prefetch(
      `prefetch-dependencies-${target.arch}`,
      `prefetch-input-${target.arch}`,
      clone,
      undefined,
      `prefetch-${target.arch}`,
    ),
  );
  const sourcePrefetch = prefetchSources
    ? b.prefetch("prefetch-dependencies-source", "prefetch-input-source", clone, undefined, "prefetch-source", true)
    : undefined;
  // A matrix fans out one param list: it cannot hand each TaskRun its own arch's artifact, so per-arch tasks.
  const builds = platforms.map((target, i) => {
    const prefetch = prefetches[i] ?? first(prefetches);
    return b.build(`build-${target.arch}`, target, {
      prefetch,
      clone,
      inputParam: `prefetch-input-${target.arch}`,
      after: [prefetch],
    });
  });
  const index = b.index(builds, false);
  const sourceFrom = sourcePrefetch ?? first(prefetches);
  b.source(index, {
    sourceArtifact: resultRef(sourceFrom, "SOURCE_ARTIFACT"),
    cachi2Artifact: resultRef(sourceFrom, "CACHI2_ARTIFACT"),
  });
  if (!prefetchSources) {
    b.unusedSourceInput("prefetchSources is off");
    b.warnings.push(
      `prefetchSources is off: build-source-image uses ${first(prefetches)}'s artifact, so SRPMs only other arches need are missing from the source image.`,
    );
  } else if (b.request.sourceInput === undefined) {
    b.warnings.push(
      "source-build-oci-ta restores one CACHI2_ARTIFACT: build-source-image uses prefetch-dependencies-source, which " +
        "fetches every selected arch's rpm entries to get the union of their SRPMs (hermeto has no sources-only " +
        "filter, so it downloads the binaries again, in parallel with the per-arch prefetches). Set sourceInput " +
        "(e.g. a lockfile holding only SRPMs) to avoid that.",
    );
  }
  return {
    equivalents: {
      sourceArtifact: resultRef(first(prefetches), "SOURCE_ARTIFACT"),
      cachi2Artifact: resultRef(first(prefetches), "CACHI2_ARTIFACT"),
      clone,
      index,
    },
  };
};

const pvcShared: StrategyPlanner = (b) => {
  b.unusedSourceInput("pvc-shared has no source prefetch");
  const { platforms } = b.request;
  const workspace = b.pvc("workspace", "all");
  const clone = b.clone(`clone-${workspace}`, workspace, [b.init()]);
  const prefetch = b.prefetch("prefetch-dependencies", "prefetch-input", clone, workspace, "prefetch");
  // Race-free form of build-definitions#1275: remote builds that rsync one workspace run one after another.
  const builds: string[] = [];
  for (const target of platforms) {
    const after = builds.length === 0 ? [prefetch] : [builds[builds.length - 1] ?? prefetch];
    builds.push(
      b.build(`build-${target.arch}`, target, { prefetch, clone, inputParam: "prefetch-input", workspace, after }),
    );
  }
  const index = b.index(builds, false);
  b.source(index, { workspace });
  if (builds.length > 1) {
    b.warnings.push(
      `pvc-shared: the ${builds.length} remote builds share one workspace, so they run in sequence (${builds.join(" → ")}) ` +
        "instead of in parallel: the build phase takes the sum of their times, not the longest one. Running them in " +
        "parallel corrupts the workspace (build-definitions#1275).",
    );
  }
  return { equivalents: { clone, index } };
};

const pvcPerArch =
  (split: boolean): StrategyPlanner =>
  (b) => {
    const { platforms, prefetchSources } = b.request;
    if (split) b.perArchInputs(prefetchSources);
    const init = b.init();
    const lanes = platforms.map((target) => {
      const workspace = b.pvc(`workspace-${target.arch}`, split ? target.arch : "all");
      const clone = b.clone(`clone-${workspace}`, workspace, [init]);
      const inputParam = split ? `prefetch-input-${target.arch}` : "prefetch-input";
      const prefetch = b.prefetch(
        `prefetch-dependencies-${target.arch}`,
        inputParam,
        clone,
        workspace,
        `prefetch-${target.arch}`,
      );
      return { target, workspace, clone, prefetch, inputParam };
    });
    const builds = lanes.map((lane) =>
      b.build(`build-${lane.target.arch}`, lane.target, { ...lane, after: [lane.prefetch] }),
    );
    const index = b.index(builds, false);
    const firstLane = first(lanes);
    if (split && prefetchSources) {
      // source-build mounts one workspace (it reads source/ and cachi2/ from it), so the SRPM union needs its own.
      const workspace = b.pvc("workspace-source", "source");
      const clone = b.clone(`clone-${workspace}`, workspace, [init], true);
      const prefetch = b.prefetch(
        "prefetch-dependencies-source",
        "prefetch-input-source",
        clone,
        workspace,
        "prefetch-source",
        true,
      );
      b.source(index, { workspace, after: [index, prefetch] });
      b.warnings.push(
        b.request.sourceInput === undefined
          ? "source-build mounts one workspace: build-source-image gets workspace-source, filled by its own clone and a " +
              "prefetch of every selected arch's rpm entries (the SRPM union; hermeto has no sources-only filter, so " +
              "the binaries are downloaded again). Set sourceInput (e.g. a lockfile holding only SRPMs) to avoid that."
          : "source-build mounts one workspace: build-source-image gets workspace-source, filled by its own clone and " +
              "a prefetch of sourceInput.",
      );
    } else {
      b.unusedSourceInput(split ? "prefetchSources is off" : `${b.request.strategy} has no source prefetch`);
      b.source(index, { workspace: firstLane.workspace });
      b.warnings.push(
        split
          ? `prefetchSources is off: build-source-image mounts ${firstLane.workspace}, so SRPMs only other arches need are missing from the source image.`
          : `build-source-image mounts ${firstLane.workspace}: every duplicated prefetch is complete, so it holds all SRPMs.`,
      );
    }
    if (!split && platforms.length > 1) {
      b.warnings.push(
        `pvc-per-arch-duplicated: each of the ${platforms.length} workspaces gets a full prefetch of every arch's ` +
          `dependencies: ${platforms.length}× the prefetch time, network and PVC storage of one shared prefetch.`,
      );
    }
    return { equivalents: { clone: firstLane.clone, index } };
  };

const PLANNERS: Record<StrategyId, StrategyPlanner> = {
  "ta-shared": taShared,
  "ta-split": taSplit,
  "pvc-shared": pvcShared,
  "pvc-per-arch-duplicated": pvcPerArch(false),
  "pvc-per-arch-split": pvcPerArch(true),
};

function baseParams(request: ResolvedRequest): PipelineParamSpec[] {
  const matrix = request.strategy === "ta-shared";
  const params: PipelineParamSpec[] = [
    { name: "git-url", type: "string", description: "Source Repository URL" },
    { name: "revision", type: "string", default: "", description: "Revision of the Source Repository" },
    { name: "output-image", type: "string", description: "Fully Qualified Output Image" },
    { name: "path-context", type: "string", default: ".", description: "Path to the source code of the component" },
    {
      name: "dockerfile",
      type: "string",
      default: "Dockerfile",
      description: "Path to the Dockerfile inside path-context",
    },
    { name: "hermetic", type: "string", default: "true", description: "Execute the build with network isolation" },
    {
      name: "prefetch-input",
      type: "string",
      default: request.prefetchInput,
      description: "Build dependencies to be prefetched (hermeto input)",
    },
    {
      name: "image-expires-after",
      type: "string",
      default: request.imageExpiresAfter,
      description: "Expiry of the image and of the Trusted Artifacts, e.g. 5d; empty for never",
    },
    { name: "build-source-image", type: "string", default: "true", description: "Build a source image" },
    {
      name: "build-image-index",
      type: "string",
      default: "true",
      description: "Add the built images into an OCI image index",
    },
  ];
  if (matrix) {
    params.push({
      name: "build-platforms",
      type: "array",
      default: request.platforms.map((target) => target.platform),
      description: "Platforms to build on (multi-platform-controller PLATFORM values)",
    });
  }
  return params;
}

function baseValues(request: ResolvedRequest): Param[] {
  const values: Param[] = [
    { name: "git-url", value: request.gitUrl },
    { name: "revision", value: request.revision },
    { name: "output-image", value: request.outputImage },
    { name: "image-expires-after", value: request.imageExpiresAfter },
    { name: "hermetic", value: "true" },
    { name: "prefetch-input", value: request.prefetchInput },
    { name: "build-source-image", value: "true" },
  ];
  if (request.strategy === "ta-shared") {
    values.push({ name: "build-platforms", value: request.platforms.map((target) => target.platform) });
  }
  return values;
}

function pvcBinding(name: string, accessMode: string, storage: string): PipelineRunWorkspaceBinding {
  return { name, volumeClaimTemplate: { spec: { accessModes: [accessMode], resources: { requests: { storage } } } } };
}

/** Plans the strategy's tasks from the templates (defaults, or the user's tasks in patch mode). */
export function planStrategy(request: ResolvedRequest, templates: TaskTemplates = DEFAULT_TEMPLATES): Plan {
  parsePrefetchInput(request.prefetchInput);
  if (request.sourceInput !== undefined) checkSourceInput(request.sourceInput);
  const builder = new PlanBuilder(request, templates);
  const { equivalents } = PLANNERS[request.strategy](builder);
  const pvcDeclarations = builder.pvcWorkspaces.map(({ name, share }) => ({
    name,
    description: share === "all" ? "PVC for the whole build" : `PVC for the ${share} lane`,
  }));
  return {
    tasks: builder.tasks,
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
