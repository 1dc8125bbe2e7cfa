// The PVC planners: pvc-shared (one workspace, builds in sequence) and the per-arch workspace strategies
// pvc-per-arch-duplicated and pvc-per-arch-split (one lane of clone, prefetch and build per arch).
import { first, type StrategyPlanner } from "./plan-builder";

export const pvcShared: StrategyPlanner = (b) => {
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
  return { equivalents: { clone, index }, checkWorkspace: workspace };
};

export const pvcPerArch =
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
    // The scans read the first lane's workspace: the source tree and its deps. workspace-source is filled only
    // when build-source-image is "true", so a scan on it would see an empty tree otherwise.
    return { equivalents: { clone: firstLane.clone, index }, checkWorkspace: firstLane.workspace };
  };
