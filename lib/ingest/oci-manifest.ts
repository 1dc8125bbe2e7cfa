// OCI image manifests of Trusted Artifacts (`oras manifest fetch`, `skopeo inspect --raw` of
// `<output-image>.prefetch`): the compressed size of each artifact layer, by its title annotation.
import type { ManifestSizes } from "../measure/types";
import { z } from "zod";
import { normalizeArch, type Arch } from "../domain/arch";
import { AppError } from "../errors";

const TITLE = "org.opencontainers.image.title";

const manifestSchema = z
  .object({
    schemaVersion: z.number().int(),
    layers: z.array(
      z
        .object({
          digest: z.string(),
          size: z.number().int().nonnegative(),
          annotations: z.record(z.string(), z.string()).optional(),
        })
        .loose(),
    ),
  })
  .loose();

export function looksLikeOciManifest(value: unknown): boolean {
  return typeof value === "object" && value !== null && "layers" in value && "schemaVersion" in value;
}

// An arch spelled as its own word in a file name, e.g. "prefetch-arm64.manifest.json", "cachi2_x86_64.json".
const ARCH_IN_NAME = /(?:^|[^a-z0-9])(amd64|x86[_-]64|arm64|aarch64|ppc64le|s390x|source|src)(?=$|[^a-z0-9])/g;

/**
 * The arch a file name names as a separate word, or null. The last one wins: in cli/collect's
 * `<component>-on-push-…-prefetch-dependencies-arm64.prefetch.manifest.json` the component comes first.
 */
export function archFromFileName(path: string): Arch | null {
  const base = (path.split("/").pop() ?? path).toLowerCase();
  const word = [...base.matchAll(ARCH_IN_NAME)].at(-1)?.[1];
  return word ? normalizeArch(word === "src" ? "source" : word) : null;
}

export function ociManifestSizes(value: unknown, file: string): ManifestSizes {
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "unprocessable",
      `${file}: not a valid OCI manifest: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "unknown problem"}`,
      { file },
    );
  }
  return {
    layers: parsed.data.layers.map((layer) => ({
      title: layer.annotations?.[TITLE] ?? null,
      digest: layer.digest,
      bytes: layer.size,
    })),
    arch: archFromFileName(file),
  };
}
