// Which Tekton bundle each task kind comes from, and which results each kind declares. Pure tables.
// The checks use the result table to verify `$(tasks.X.results.Y)` without fetching any bundle.

/** Task kinds (the `name` param of a bundles-resolver taskRef) the generator emits. */
export const TASK_KINDS = [
  "init",
  "git-clone-oci-ta",
  "git-clone",
  "prefetch-dependencies-oci-ta",
  "prefetch-dependencies",
  "buildah-remote-oci-ta",
  "buildah-remote",
  "build-image-index",
  "source-build-oci-ta",
  "source-build",
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/**
 * Default bundle references.
 *
 * Trusted-Artifact kinds, `init` and `build-image-index` are pinned digests copied from the public Konflux
 * component file konflux-ci/multi-platform-controller `.tekton/multi-platform-controller-push.yaml` at commit
 * eb2e29c03f88f595bb1e367a7429fa239efb37d8 (2026-08-01), which MintMaker keeps up to date.
 *
 * The PVC (non-TA) kinds appear in no public `.tekton` file we could find with a current pinned digest, so
 * they are tag-only, at the versions konflux-ci/build-definitions `pipelines/docker-build/docker-build.yaml`
 * used at commit 6904ca204e66889a2dc35ad7d860d56632fd17be (2026-08-20). A tag-only ref makes the generator
 * warn: pin it (MintMaker or `skopeo inspect`) before merging.
 */
export const DEFAULT_BUNDLES: Record<TaskKind, string> = {
  init: "quay.io/konflux-ci/tekton-catalog/task-init:0.4.3@sha256:b8465d543589b1238f6911626657f5766e279a0f33a5f70de68073401e031184",
  "git-clone-oci-ta":
    "quay.io/konflux-ci/tekton-catalog/task-git-clone-oci-ta:0.2.5@sha256:510daad5648d37936b9b2c599a35c8e59b7389de8e1a4e58f6c6d079957d730d",
  "prefetch-dependencies-oci-ta":
    "quay.io/konflux-ci/tekton-catalog/task-prefetch-dependencies-oci-ta:0.6.0@sha256:01158b939522c276ba36804c2cc7ef641a572fb6c27f001819ea287dd708cd13",
  "buildah-remote-oci-ta":
    "quay.io/konflux-ci/tekton-catalog/task-buildah-remote-oci-ta:0.10.7@sha256:94f129a97242995d647b1d23a5d53e7022e0c3dc00aff764a4da4be263263cbf",
  "build-image-index":
    "quay.io/konflux-ci/tekton-catalog/task-build-image-index:0.3.1@sha256:a355355b7fcd0ba8de4ba85a162a2e6893f53236b943f79cb03ae0ae9c5ef53c",
  "source-build-oci-ta":
    "quay.io/konflux-ci/tekton-catalog/task-source-build-oci-ta:0.3@sha256:6081c4167e87a9167f7db4cda9ff0110607b7b9fc404c3daa076247475a4affa",
  "git-clone": "quay.io/konflux-ci/tekton-catalog/task-git-clone:0.2",
  "prefetch-dependencies": "quay.io/konflux-ci/tekton-catalog/task-prefetch-dependencies:0.10",
  "buildah-remote": "quay.io/konflux-ci/tekton-catalog/task-buildah-remote:0.10",
  "source-build": "quay.io/konflux-ci/tekton-catalog/task-source-build:0.3",
};

/**
 * Results each known task kind declares (read from the task definitions in konflux-ci/build-definitions).
 * `init` keeps `build` from its 0.2 line besides the proxy results of 0.4.
 */
export const KNOWN_TASK_RESULTS: Record<string, readonly string[]> = {
  init: ["build", "http-proxy", "no-proxy"],
  "git-clone-oci-ta": [
    "SOURCE_ARTIFACT",
    "commit",
    "commit-timestamp",
    "short-commit",
    "url",
    "merged_sha",
    "CHAINS-GIT_URL",
    "CHAINS-GIT_COMMIT",
  ],
  "git-clone": [
    "commit",
    "commit-timestamp",
    "short-commit",
    "url",
    "merged_sha",
    "CHAINS-GIT_URL",
    "CHAINS-GIT_COMMIT",
  ],
  "prefetch-dependencies-oci-ta": ["SOURCE_ARTIFACT", "CACHI2_ARTIFACT"],
  "prefetch-dependencies": [],
  "buildah-remote-oci-ta": ["IMAGE_DIGEST", "IMAGE_URL", "IMAGE_REF", "SBOM_BLOB_URL"],
  "buildah-remote": ["IMAGE_DIGEST", "IMAGE_URL", "IMAGE_REF", "SBOM_BLOB_URL"],
  "buildah-oci-ta": ["IMAGE_DIGEST", "IMAGE_URL", "IMAGE_REF", "SBOM_BLOB_URL"],
  buildah: ["IMAGE_DIGEST", "IMAGE_URL", "IMAGE_REF", "SBOM_BLOB_URL"],
  "build-image-index": ["IMAGE_DIGEST", "IMAGE_URL", "IMAGE_REF", "IMAGES", "SBOM_BLOB_URL"],
  "source-build-oci-ta": ["BUILD_RESULT", "IMAGE_REF", "SOURCE_IMAGE_DIGEST", "SOURCE_IMAGE_URL"],
  "source-build": ["BUILD_RESULT", "IMAGE_REF", "SOURCE_IMAGE_DIGEST", "SOURCE_IMAGE_URL"],
};

/** A digest-pinned reference; anything else can change under the user's feet. */
export function isPinnedBundle(ref: string): boolean {
  return /@sha256:[0-9a-f]{64}$/.test(ref);
}
