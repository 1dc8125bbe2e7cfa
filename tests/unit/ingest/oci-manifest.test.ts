// OCI manifests of Trusted Artifacts: layer sizes by title, and the arch a manifest's file name names.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { archFromFileName, looksLikeOciManifest, ociManifestSizes } from "@/lib/ingest/oci-manifest";

// As `oras manifest fetch quay.io/…/flatpak-runtime@sha256:…` prints it for a `.prefetch` artifact.
const MANIFEST = {
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  artifactType: "application/vnd.konflux-ci.trusted-artifact",
  config: { mediaType: "application/vnd.oci.empty.v1+json", digest: `sha256:${"4".repeat(64)}`, size: 2 },
  layers: [
    {
      mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
      digest: `sha256:${"a".repeat(64)}`,
      size: 1_843_211,
      annotations: { "org.opencontainers.image.title": "SOURCE_ARTIFACT" },
    },
    {
      mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
      digest: `sha256:${"b".repeat(64)}`,
      size: 571_204_096,
      annotations: { "org.opencontainers.image.title": "CACHI2_ARTIFACT" },
    },
    { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: `sha256:${"c".repeat(64)}`, size: 10 },
  ],
  annotations: { "org.opencontainers.image.created": "2025-09-17T11:04:02Z" },
};

describe("ociManifestSizes", () => {
  it("returns every layer's title, digest and compressed size, and the arch of the file name", () => {
    expect(ociManifestSizes(MANIFEST, "bundle/prefetch-arm64.manifest.json")).toEqual({
      layers: [
        { title: "SOURCE_ARTIFACT", digest: `sha256:${"a".repeat(64)}`, bytes: 1_843_211 },
        { title: "CACHI2_ARTIFACT", digest: `sha256:${"b".repeat(64)}`, bytes: 571_204_096 },
        { title: null, digest: `sha256:${"c".repeat(64)}`, bytes: 10 },
      ],
      arch: "arm64",
    });
    expect(ociManifestSizes(MANIFEST, "prefetch.manifest.json").arch).toBeNull();
  });

  it("rejects a manifest without valid layers with an AppError naming the file and the field", () => {
    const broken = { ...MANIFEST, layers: [{ digest: "sha256:x", size: -1 }] };
    expect(() => ociManifestSizes(broken, "m.json")).toThrow(AppError);
    expect(() => ociManifestSizes(broken, "m.json")).toThrow(/^m\.json: not a valid OCI manifest: layers\.0\.size: /);
  });
});

describe("looksLikeOciManifest", () => {
  it("tells an image manifest from an image index and other documents", () => {
    expect(looksLikeOciManifest(MANIFEST)).toBe(true);
    expect(looksLikeOciManifest({ schemaVersion: 2, manifests: [] })).toBe(false);
    expect(looksLikeOciManifest({ lockfileVersion: 1, arches: [] })).toBe(false);
    expect(looksLikeOciManifest(null)).toBe(false);
  });
});

describe("archFromFileName", () => {
  it.each([
    ["prefetch-arm64.manifest.json", "arm64"],
    ["cachi2_x86_64.json", "amd64"],
    ["artifacts/prefetch-x86-64.json", "amd64"],
    ["Prefetch-AARCH64.manifest.json", "arm64"],
    ["prefetch.ppc64le.json", "ppc64le"],
    ["s390x.json", "s390x"],
    ["prefetch-source.manifest.json", "source"],
    ["prefetch-src.manifest.json", "source"],
    // cli/collect names manifests <taskrun>.prefetch.manifest.json; a per-arch prefetch TaskRun ends in its arch.
    ["flatpak-sdk-on-push-x7k2p-prefetch-dependencies-s390x.prefetch.manifest.json", "s390x"],
  ])("%s → %s", (name, arch) => {
    expect(archFromFileName(name)).toBe(arch);
  });

  it.each([
    "prefetch.manifest.json",
    "flatpak-runtime-on-push-x7k2p-prefetch-dependencies.prefetch.manifest.json",
    "arm64/prefetch.manifest.json", // only the base name counts
    "xarm64.json", // not a word of its own
    "arm64x.json",
    "sources.json",
  ])("%s → null", (name) => {
    expect(archFromFileName(name)).toBeNull();
  });

  it("takes the arch nearest the end when a component name holds an arch word", () => {
    // The pipeline task's arch suffix comes after the component-prefixed PipelineRun name.
    expect(archFromFileName("source-tools-on-push-x7k2p-prefetch-dependencies-arm64.prefetch.manifest.json")).toBe(
      "arm64",
    );
  });
});
