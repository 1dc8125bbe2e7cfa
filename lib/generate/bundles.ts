// Which Tekton bundle each task kind comes from (./bundle-refs.json), and which results each kind declares.
// The checks use the result table to verify `$(tasks.X.results.Y)` without fetching any bundle.
import { BUNDLE_REFS } from "./bundle-refs";

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
  "deprecated-image-check",
  "clair-scan",
  "ecosystem-cert-preflight-checks",
  "sast-snyk-check-oci-ta",
  "sast-snyk-check",
  "clamav-scan",
  "sast-shell-check-oci-ta",
  "sast-shell-check",
  "sast-unicode-check-oci-ta",
  "sast-unicode-check",
  "apply-tags",
  "push-dockerfile-oci-ta",
  "push-dockerfile",
  "rpms-signature-scan",
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

function defaultBundles(): Record<TaskKind, string> {
  const bundles: Partial<Record<TaskKind, string>> = {};
  for (const kind of TASK_KINDS) {
    const entry = BUNDLE_REFS.refs[kind];
    if (entry === undefined) throw new Error(`lib/generate/bundle-refs.json has no ref for task kind ${kind}`);
    bundles[kind] = entry.ref;
  }
  return bundles as Record<TaskKind, string>;
}

/**
 * Default bundle references: every kind digest-pinned, from ./bundle-refs.json (provenance per ref, the date they
 * were taken, and `npm run bundles:refresh` to move them on; docs/generator.md "Bundle refs").
 */
export const DEFAULT_BUNDLES: Record<TaskKind, string> = defaultBundles();

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
  "deprecated-image-check": ["TEST_OUTPUT", "IMAGES_PROCESSED"],
  "clair-scan": ["TEST_OUTPUT", "SCAN_OUTPUT", "IMAGES_PROCESSED", "REPORTS"],
  "clamav-scan": ["TEST_OUTPUT", "IMAGES_PROCESSED"],
  "ecosystem-cert-preflight-checks": ["TEST_OUTPUT", "ARTIFACT_TYPE", "ARTIFACT_TYPE_SET_BY", "IMAGES_PROCESSED"],
};

/** A digest-pinned reference; anything else can change under the user's feet. */
export function isPinnedBundle(ref: string): boolean {
  return /@sha256:[0-9a-f]{64}$/.test(ref);
}
