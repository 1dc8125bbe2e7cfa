// The Pipeline YAML panel's pure helpers: what the form sends to POST /api/generate, and that the API takes it.
import { describe, expect, it } from "vitest";
import {
  countLines,
  diffLineKind,
  downloadFileName,
  generateRequestBody,
  initialFormState,
  suggestedPvcSizes,
} from "@/components/generator-form";
import { generatePipeline } from "@/lib/generate/generate";

describe("generator form", () => {
  it("starts from the measured platforms (table order) and a known default strategy", () => {
    expect(initialFormState(["s390x", "amd64", "source"], "ta-split")).toMatchObject({
      strategy: "ta-split",
      platforms: ["amd64", "s390x"],
      format: "pipelinerun",
      event: "push",
    });
    expect(initialFormState([], "unknown")).toMatchObject({
      strategy: "ta-shared",
      platforms: ["amd64", "arm64", "ppc64le", "s390x"],
    });
  });

  it("sends only the options the strategy uses, with whole-byte size hints", () => {
    const form = {
      ...initialFormState(["amd64", "arm64"], "ta-shared"),
      sourceInput: '{"type":"rpm","path":"srpms"}',
      pvcSizeGi: "20",
      imageExpiresAfter: " 5d ",
    };
    const hints = { payloadBytes: 1234.6, payloadBytesByArch: { amd64: 10.2, shared: 3, source: 7 } };
    expect(generateRequestBody("demo", form, hints)).toEqual({
      strategy: "ta-shared",
      component: "demo",
      platforms: ["amd64", "arm64"],
      format: "pipelinerun",
      options: { event: "push", imageExpiresAfter: "5d" },
    });
    expect(generateRequestBody("demo", { ...form, strategy: "pvc-per-arch-split" }, hints).options).toEqual({
      event: "push",
      imageExpiresAfter: "5d",
      perArchInput: "hermeto-binary-arch",
      sourceInput: '{"type":"rpm","path":"srpms"}',
      pvcAccessMode: "ReadWriteOnce",
      pvcSize: "20Gi",
      payloadBytes: 1235,
      payloadBytesByArch: { amd64: 10, source: 7 },
    });
  });

  it("patch mode sends the base and always asks for the whole file", () => {
    const form = { ...initialFormState(["amd64"], "ta-split"), format: "tasks" as const, base: "kind: PipelineRun\n" };
    expect(generateRequestBody("demo", form)).toMatchObject({ format: "pipelinerun", base: "kind: PipelineRun\n" });
    expect(generateRequestBody("demo", { ...form, base: "  \n" })).not.toHaveProperty("base");
  });

  it("every strategy's default body is a request the generator accepts", () => {
    for (const strategy of ["ta-shared", "ta-split", "pvc-shared", "pvc-per-arch-duplicated", "pvc-per-arch-split"]) {
      const body = generateRequestBody("demo", initialFormState(["amd64", "arm64"], strategy), {
        payloadBytes: 5 * 1024 ** 3,
        payloadBytesByArch: { amd64: 1024 ** 3, source: 3 * 1024 ** 3 },
      });
      expect(generatePipeline(body).checks.every((check) => check.ok)).toBe(true);
    }
  });

  it("suggests the PVC sizes the generator will use: the total, or each split lane's share", () => {
    const GIB = 1024 ** 3;
    const hints = { payloadBytes: 6 * GIB, payloadBytesByArch: { amd64: 2 * GIB, source: 3 * GIB } };
    const form = initialFormState(["amd64", "arm64"], "pvc-shared");
    expect(suggestedPvcSizes(form, hints)).toEqual([{ workspace: "every workspace", size: "10Gi" }]);
    expect(suggestedPvcSizes({ ...form, strategy: "pvc-per-arch-split" }, hints)).toEqual([
      { workspace: "amd64", size: "4Gi" },
      { workspace: "arm64", size: "10Gi" }, // unmeasured: the total, as the generator does
      { workspace: "source", size: "6Gi" },
    ]);
    expect(suggestedPvcSizes(form, {})).toEqual([{ workspace: "every workspace", size: "1Gi" }]);
  });

  it("names downloads as Konflux names .tekton files, counts lines and classifies diff lines", () => {
    expect(downloadFileName("demo", "pipelinerun", "push")).toBe("demo-push.yaml");
    expect(downloadFileName("demo", "pipelinerun", "pull_request")).toBe("demo-pull-request.yaml");
    expect(downloadFileName("demo", "tasks", "push")).toBe("demo-tasks.yaml");
    expect(countLines("a\nb\n")).toBe(2);
    expect(countLines("a\nb")).toBe(2);
    expect(countLines("")).toBe(0);
    expect(["+++ b.yaml", "--- a.yaml", "@@ -1 +1 @@", "+  - x", "-  - y", "   z"].map(diffLineKind)).toEqual([
      "header",
      "header",
      "hunk",
      "added",
      "removed",
      "context",
    ]);
  });
});
