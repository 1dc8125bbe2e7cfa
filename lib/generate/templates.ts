// The generator's own task templates (one per role), stamped into every planned task unless patch mode
// supplies the user's tasks instead; and which strategies pass data as Trusted Artifacts.
import type { StrategyId } from "../domain/strategies";
import { DEFAULT_BUNDLES } from "./bundles";
import type { TaskTemplates } from "./plan-types";
import { bundleTaskRef, paramRef, resultRef, type WhenExpression } from "./tekton";

const TA_STRATEGIES: readonly StrategyId[] = ["ta-shared", "ta-split"];
export const isTrustedArtifacts = (strategy: StrategyId) => TA_STRATEGIES.includes(strategy);

/** A fresh object each time: a shared one would be emitted as a YAML anchor and alias. */
export const sourceBuildEnabled = (): WhenExpression => ({
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
