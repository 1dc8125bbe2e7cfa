// The Trusted Artifacts planners: ta-shared (one prefetch, a matrix build) and ta-split (a prefetch and a
// build per arch, plus a dedicated source prefetch when prefetchSources is on).
import { first, type StrategyPlanner } from "./plan-builder";
import { resultRef } from "./tekton";

export const taShared: StrategyPlanner = (b) => {
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

export const taSplit: StrategyPlanner = (b) => {
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
