import { readFileSync } from "node:fs";
import { parseDocument, type YAMLMap, type YAMLSeq } from "yaml";
import { describe, expect, it } from "vitest";
import { STRATEGY_IDS } from "@/lib/domain/strategies";
import { GenerateError } from "@/lib/generate/errors";
import { generatePipeline } from "@/lib/generate/generate";
import type { PipelineTask } from "@/lib/generate/tekton";

const BASE = readFileSync(new URL("../../fixtures/tekton/multi-platform-oci-ta-push.yaml", import.meta.url), "utf8");

const patch = (strategy: (typeof STRATEGY_IDS)[number], extra: Record<string, unknown> = {}) =>
  generatePipeline({ strategy, component: "rpm-heavy", base: BASE, ...extra });

/** The exact source text of every task, keyed by name. */
function taskTexts(text: string): Map<string, string> {
  const document = parseDocument(text);
  const tasks = document.getIn(["spec", "pipelineSpec", "tasks"], true) as YAMLSeq<YAMLMap>;
  return new Map(
    tasks.items.map((item) => {
      const range = item.range ?? [0, 0, 0];
      return [String(item.get("name")), text.slice(range[0], range[1])];
    }),
  );
}

function tasksOf(text: string): PipelineTask[] {
  return (parseDocument(text).toJS() as { spec: { pipelineSpec: { tasks: PipelineTask[] } } }).spec.pipelineSpec.tasks;
}

const UNTOUCHED = [
  "init",
  "clone-repository",
  "deprecated-base-image-check",
  "clair-scan",
  "clamav-scan",
  "apply-tags",
  "rpms-signature-scan",
];
const COMMENTS = [
  "# Only pushes to main build a release candidate.",
  "# Keep in sync with the RPM lockfile arches.",
  "# custom param used by the notification task",
  "# Shows the SBOM of the index in the PipelineRun's logs.",
];

describe("patch mode", () => {
  it("patching to the strategy the file already uses changes nothing", () => {
    const result = patch("ta-shared");
    expect(result.yaml).toBe(BASE);
    expect(result.diff?.split("\n").filter((line) => line.startsWith("@@"))).toEqual([]);
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
  });

  it("ta-split rewires only the prefetch/build/source tasks and keeps every other task byte for byte", () => {
    const result = patch("ta-split");
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    const before = taskTexts(BASE);
    const after = taskTexts(result.yaml);
    for (const name of UNTOUCHED) expect(after.get(name), name).toBe(before.get(name));
    for (const comment of COMMENTS) expect(result.yaml).toContain(comment);
    const tasks = tasksOf(result.yaml);
    expect(tasks.map((task) => task.name)).toEqual([
      "init",
      "clone-repository",
      "prefetch-dependencies-amd64",
      "prefetch-dependencies-arm64",
      "prefetch-dependencies-source",
      "build-amd64",
      "build-arm64",
      "build-image-index",
      "build-source-image",
      "deprecated-base-image-check",
      "clair-scan",
      "ecosystem-cert-preflight-checks",
      "sast-snyk-check",
      "sast-shell-check",
      "sast-unicode-check",
      "clamav-scan",
      "apply-tags",
      "push-dockerfile",
      "rpms-signature-scan",
    ]);
    const arm = tasks.find((task) => task.name === "build-arm64");
    // The base's PLATFORM value and the user's own build params survive.
    expect(arm?.params).toContainEqual({ name: "PLATFORM", value: "linux-m2xlarge/arm64" });
    expect(arm?.params).toContainEqual({ name: "BUILD_ARGS", value: ["$(params.build-args[*])"] });
    expect(arm?.params).toContainEqual({
      name: "CACHI2_ARTIFACT",
      value: "$(tasks.prefetch-dependencies-arm64.results.CACHI2_ARTIFACT)",
    });
    // Bundles pinned in the base stay for tasks of the same kind.
    expect(result.yaml).toContain(`task-buildah-remote-oci-ta:0.10.7@sha256:${"4".repeat(64)}`);
    expect(result.diff).toMatch(/^-\s+- \$\(tasks\.build-images\.results\.IMAGE_REF\[\*\]\)$/m);
    const snyk = tasks.find((task) => task.name === "sast-snyk-check");
    expect(snyk?.params).toContainEqual({
      name: "SOURCE_ARTIFACT",
      value: "$(tasks.prefetch-dependencies-amd64.results.SOURCE_ARTIFACT)",
    });
  });

  it("pvc-shared adds the PVC workspace, chains the builds and keeps the TA clone for TA scanners", () => {
    const result = patch("pvc-shared");
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    const document = parseDocument(result.yaml).toJS() as {
      spec: { workspaces: { name: string }[]; pipelineSpec: { workspaces: { name: string }[] } };
    };
    expect(document.spec.pipelineSpec.workspaces.map((workspace) => workspace.name)).toContain("workspace");
    expect(document.spec.workspaces.find((binding) => binding.name === "workspace")).toMatchObject({
      volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"] } },
    });
    const tasks = tasksOf(result.yaml);
    expect(tasks.find((task) => task.name === "build-arm64")?.runAfter).toEqual(["build-amd64"]);
    expect(tasks.find((task) => task.name === "build-amd64")?.workspaces).toEqual([
      { name: "source", workspace: "workspace" },
    ]);
    expect(tasks.find((task) => task.name === "clone-repository")).toBeDefined();
    expect(tasks.find((task) => task.name === "push-dockerfile")?.params).toContainEqual({
      name: "SOURCE_ARTIFACT",
      value: "$(tasks.clone-repository.results.SOURCE_ARTIFACT)",
    });
    expect(result.warnings.join("\n")).toMatch(/sast-snyk-check: removed param CACHI2_ARTIFACT/);
    for (const comment of COMMENTS) expect(result.yaml).toContain(comment);
  });

  it("every strategy patches the fixture into a pipeline that passes every check", () => {
    for (const strategy of STRATEGY_IDS) {
      expect(
        patch(strategy).checks.filter((check) => !check.ok),
        strategy,
      ).toEqual([]);
    }
  });

  it("goes back from a split pipeline to the shared one and drops the derived inputs", () => {
    const split = patch("ta-split").yaml;
    const back = generatePipeline({ strategy: "ta-shared", component: "rpm-heavy", base: split });
    expect(back.checks.filter((check) => !check.ok)).toEqual([]);
    expect(back.yaml).not.toMatch(/prefetch-input-arm64/);
    expect(tasksOf(back.yaml).find((task) => task.name === "build-images")?.matrix).toBeDefined();
  });

  it("patches the PipelineRun document of a multi-document file and leaves the others alone", () => {
    const other = "# notes for humans\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra # keep me\n";
    const base = `${other}---\n${BASE}`;
    const result = generatePipeline({ strategy: "ta-split", component: "rpm-heavy", base });
    expect(result.yaml.startsWith(other)).toBe(true);
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
  });

  it("rejects a base that cannot be patched with 422", () => {
    const reject = (base: string) => {
      try {
        generatePipeline({ strategy: "ta-split", component: "rpm-heavy", base });
      } catch (error) {
        return error instanceof GenerateError ? [error.status, error.message] : error;
      }
      return "accepted";
    };
    expect(reject("kind: PipelineRun\nspec:\n  pipelineRef: {name: x}\n")).toEqual([
      422,
      expect.stringMatching(/pipelineRef/),
    ]);
    expect(reject("kind: Pipeline\nspec:\n  tasks: []\n")).toEqual([422, expect.stringMatching(/no tasks/)]);
    expect(reject("kind: [\n")).toEqual([422, expect.stringMatching(/invalid YAML/)]);
    expect(() => generatePipeline({ strategy: "ta-split", component: "x", base: BASE, format: "tasks" })).toThrow(
      GenerateError,
    );
  });
});
