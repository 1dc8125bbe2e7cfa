import { describe, expect, it } from "vitest";
import { generatePipeline } from "@/lib/generate/generate";
import { statusOf } from "./support";
import { parseGenerateRequest, resolvePlatforms, resolveRequest, suggestPvcSize } from "@/lib/generate/options";
import { derivePerArchInputs } from "@/lib/generate/prefetch-input";

describe("generate request", () => {
  it("rejects an unknown strategy with 400 and impossible requests with 422", () => {
    expect(statusOf(() => generatePipeline({ strategy: "pvc-magic", component: "demo" }))).toBe(400);
    expect(() => generatePipeline({ component: "demo" })).toThrow(/^strategy is missing; expected one of ta-shared/);
    expect(() => generatePipeline(["ta-split"])).toThrow(/^The request must be a JSON object/);
    expect(statusOf(() => generatePipeline("ta-split"))).toBe(400);
    expect(statusOf(() => generatePipeline({ strategy: "ta-split", component: "demo", platforms: [] }))).toBe(422);
    expect(statusOf(() => generatePipeline({ strategy: "ta-split", component: "Demo_App" }))).toBe(422);
    expect(statusOf(() => generatePipeline({ strategy: "ta-split", component: "demo", platforms: ["riscv64"] }))).toBe(
      422,
    );
    expect(
      statusOf(() => generatePipeline({ strategy: "ta-split", component: "demo", platforms: ["amd64", "x86_64"] })),
    ).toBe(422);
    const pathPattern = { perArchInput: "path-pattern", prefetchInput: '{"type":"rpm","path":"."}' };
    expect(statusOf(() => generatePipeline({ strategy: "ta-split", component: "demo", options: pathPattern }))).toBe(
      422,
    );
    expect(
      statusOf(() => generatePipeline({ strategy: "ta-split", component: "demo", base: "kind: ConfigMap\n" })),
    ).toBe(422);
    expect(
      statusOf(() => generatePipeline({ strategy: "ta-split", component: "demo", options: { pvcSize: "lots" } })),
    ).toBe(422);
  });

  it("maps aliases and PLATFORM strings to arches, in table order, with overridable PLATFORM values", () => {
    expect(resolvePlatforms(["linux/s390x", "aarch64", "x86_64"], { arm64: "linux-m2xlarge/arm64" })).toEqual([
      { arch: "amd64", platform: "linux/x86_64", rpmArch: "x86_64" },
      { arch: "arm64", platform: "linux-m2xlarge/arm64", rpmArch: "aarch64" },
      { arch: "s390x", platform: "linux/s390x", rpmArch: "s390x" },
    ]);
    expect(resolvePlatforms(["linux-m2xlarge/arm64"], {})[0]?.platform).toBe("linux-m2xlarge/arm64");
  });

  it("defaults images, expiry and names by event", () => {
    const push = resolveRequest(parseGenerateRequest({ strategy: "ta-shared", component: "demo" }));
    expect(push.outputImage).toBe("quay.io/redhat-user-workloads/demo-tenant/demo:{{revision}}");
    expect(push.imageExpiresAfter).toBe("");
    const pr = resolveRequest(
      parseGenerateRequest({ strategy: "ta-shared", component: "demo", options: { event: "pull_request" } }),
    );
    expect(pr.outputImage).toBe("quay.io/redhat-user-workloads/demo-tenant/demo:on-pr-{{revision}}");
    expect(pr.imageExpiresAfter).toBe("5d");
    expect(
      generatePipeline({ strategy: "ta-shared", component: "demo", options: { event: "pull_request" } }).yaml,
    ).toMatch(/name: demo-on-pull-request/);
  });

  it("sizes PVCs from the payload hint with headroom", () => {
    expect(suggestPvcSize(undefined)).toBe("1Gi");
    expect(suggestPvcSize(10 * 1024 ** 3)).toBe("16Gi");
    const resolved = resolveRequest(
      parseGenerateRequest({
        strategy: "pvc-per-arch-split",
        component: "demo",
        options: { payloadBytesByArch: { amd64: 2 * 1024 ** 3, source: 4 * 1024 ** 3 } },
      }),
    );
    expect(resolved.pvcSizeFor("amd64")).toBe("4Gi");
    expect(resolved.pvcSizeFor("source")).toBe("7Gi");
    expect(resolved.pvcSizeFor("all")).toBe("10Gi");
    const yaml = generatePipeline({
      strategy: "pvc-shared",
      component: "demo",
      options: { pvcSize: "20Gi", pvcAccessMode: "ReadWriteMany" },
    }).yaml;
    expect(yaml).toMatch(/storage: 20Gi/);
    expect(yaml).toMatch(/- ReadWriteMany/);
  });

  it("uses a user's bundle for a task kind", () => {
    const bundle = `quay.io/me/task-buildah-remote-oci-ta:0.9@sha256:${"f".repeat(64)}`;
    const yaml = generatePipeline({
      strategy: "ta-split",
      component: "demo",
      options: { bundles: { "buildah-remote-oci-ta": bundle } },
    }).yaml;
    expect(yaml).toContain(bundle);
  });
});

describe("per-arch prefetch inputs", () => {
  const platforms = resolvePlatforms(["amd64", "arm64"], {});

  it("injects binary.arch into rpm entries only and lists every arch for the source prefetch", () => {
    const input = '[{"type":"rpm","path":"."},{"type":"gomod","path":"tools"}]';
    const derived = derivePerArchInputs(input, platforms, "hermeto-binary-arch", "rpm");
    expect(JSON.parse(derived.byArch.get("arm64") ?? "")).toEqual([
      { type: "rpm", path: ".", binary: { arch: "aarch64" } },
      { type: "gomod", path: "tools" },
    ]);
    expect(JSON.parse(derived.source)[0]).toEqual({ type: "rpm", path: ".", binary: { arch: "x86_64,aarch64" } });
    expect(derived.warnings.join(" ")).toMatch(/gomod/);
  });

  it("keeps the {packages, flags} wrapper and accepts the bare shorthand", () => {
    const wrapped = derivePerArchInputs(
      '{"packages":[{"type":"rpm"}],"flags":["cgo-disable"]}',
      platforms,
      "hermeto-binary-arch",
      "rpm",
    );
    expect(JSON.parse(wrapped.byArch.get("amd64") ?? "")).toEqual({
      packages: [{ type: "rpm", binary: { arch: "x86_64" } }],
      flags: ["cgo-disable"],
    });
    expect(derivePerArchInputs("rpm", platforms, "hermeto-binary-arch", "rpm").byArch.get("amd64")).toBe(
      '{"type":"rpm","path":".","binary":{"arch":"x86_64"}}',
    );
  });

  it("substitutes @arch@ and unions the arches for the source prefetch", () => {
    const input = '[{"type":"rpm","path":"rpms/@arch@"},{"type":"pip","path":"."}]';
    const derived = derivePerArchInputs(input, platforms, "path-pattern", "oci");
    expect(derived.byArch.get("arm64")).toBe('[{"type":"rpm","path":"rpms/arm64"},{"type":"pip","path":"."}]');
    expect(JSON.parse(derived.source)).toEqual([
      { type: "rpm", path: "rpms/amd64" },
      { type: "pip", path: "." },
      { type: "rpm", path: "rpms/arm64" },
    ]);
  });
});

describe("requiredTasks", () => {
  const resolved = (strategy: "ta-split" | "pvc-per-arch-split", requiredTasks?: unknown) =>
    resolveRequest(parseGenerateRequest({ strategy, component: "demo", options: { requiredTasks } })).requiredTasks;

  it("defaults to the upstream pipeline of the strategy's variant", () => {
    expect(resolved("ta-split")).toContain("sast-snyk-check-oci-ta");
    expect(resolved("ta-split")).toContain("ecosystem-cert-preflight-checks");
    expect(resolved("pvc-per-arch-split")).toContain("sast-snyk-check");
    expect(resolved("pvc-per-arch-split")).not.toContain("sast-snyk-check-oci-ta");
    expect(resolved("pvc-per-arch-split")).toHaveLength(16);
  });

  it("takes the caller's list (trimmed), [] included, and rejects blank entries with 422", () => {
    expect(resolved("ta-split", [" clair-scan ", "show-sbom"])).toEqual(["clair-scan", "show-sbom"]);
    expect(resolved("ta-split", [])).toEqual([]);
    expect(
      statusOf(() => generatePipeline({ strategy: "ta-split", component: "demo", options: { requiredTasks: [" "] } })),
    ).toBe(422);
    expect(
      statusOf(() => generatePipeline({ strategy: "ta-split", component: "demo", options: { requiredTasks: "x" } })),
    ).toBe(422);
  });
});
