// The pipeline params every strategy declares, the check tasks' too (with their defaults), the PipelineRun's
// values for them, and the volumeClaimTemplate binding of a PVC workspace.
import type { ResolvedRequest } from "./options";
import type { Param, PipelineParamSpec, PipelineRunWorkspaceBinding } from "./tekton";

export function baseParams(request: ResolvedRequest): PipelineParamSpec[] {
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
    // Referenced by the check tasks (./plan-checks.ts), with upstream's defaults.
    { name: "skip-checks", type: "string", default: "false", description: "Skip checks against the built image" },
    {
      name: "sast-target-dirs",
      type: "string",
      default: ".",
      description: "Target directories in the component's source code for the SAST scans; comma-separated",
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

export function baseValues(request: ResolvedRequest): Param[] {
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

export function pvcBinding(name: string, accessMode: string, storage: string): PipelineRunWorkspaceBinding {
  return { name, volumeClaimTemplate: { spec: { accessModes: [accessMode], resources: { requests: { storage } } } } };
}
