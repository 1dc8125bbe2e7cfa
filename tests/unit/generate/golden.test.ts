// Golden files for every strategy × platform count × format. Update after an intended change with
//   npx vitest run --project unit tests/unit/generate -u
// and review the diff of tests/unit/generate/golden/ like any other code change.
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { STRATEGY_IDS } from "@/lib/domain/strategies";
import { checkPipeline } from "@/lib/generate/checks";
import { generatePipeline } from "@/lib/generate/generate";
import type { PipelineTask } from "@/lib/generate/tekton";

const PLATFORM_SETS = {
  "2": ["amd64", "arm64"],
  "4": ["x86_64", "linux-m2xlarge/arm64", "ppc64le", "linux/s390x"],
} as const;
const FORMATS = ["pipelinerun", "tasks"] as const;

const cases = STRATEGY_IDS.flatMap((strategy) =>
  Object.entries(PLATFORM_SETS).flatMap(([count, platforms]) =>
    FORMATS.map((format) => ({ strategy, count, platforms: [...platforms], format })),
  ),
);

function tasksOf(yaml: string): PipelineTask[] {
  const value = parse(yaml) as { spec: { pipelineSpec: { tasks: PipelineTask[] } } } | PipelineTask[];
  return Array.isArray(value) ? value : value.spec.pipelineSpec.tasks;
}

describe("generated pipelines match their golden files", () => {
  it("covers 20 cases", () => expect(cases).toHaveLength(20));

  it.each(cases)("$strategy, $count platforms, $format", async ({ strategy, count, platforms, format }) => {
    const result = generatePipeline({ strategy, component: "demo", platforms, format });
    await expect(result.yaml).toMatchFileSnapshot(`golden/${strategy}.${count}-platforms.${format}.yaml`);
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    // The emitted text itself (tasks list or whole file) parses and passes too.
    expect(checkPipeline(result.yaml).every((check) => check.ok)).toBe(true);
    expect(tasksOf(result.yaml).length).toBeGreaterThan(4);
    // The whole upstream task set is there (the check's default list is the strategy's upstream pipeline).
    expect(result.checks.find((check) => check.name === "required-tasks")).toEqual({
      name: "required-tasks",
      ok: true,
    });
  });
});

describe("strategy wiring", () => {
  const tasks = (strategy: (typeof STRATEGY_IDS)[number], platforms: string[]) =>
    tasksOf(generatePipeline({ strategy, component: "demo", platforms }).yaml);
  const param = (task: PipelineTask | undefined, name: string) => task?.params?.find((p) => p.name === name)?.value;
  const byName = (list: PipelineTask[], name: string) => list.find((task) => task.name === name);

  it("ta-split: build-arm64 restores prefetch-dependencies-arm64's CACHI2_ARTIFACT", () => {
    const list = tasks("ta-split", ["amd64", "arm64"]);
    expect(param(byName(list, "build-arm64"), "CACHI2_ARTIFACT")).toBe(
      "$(tasks.prefetch-dependencies-arm64.results.CACHI2_ARTIFACT)",
    );
    expect(byName(list, "build-arm64")?.matrix).toBeUndefined();
    expect(param(byName(list, "prefetch-dependencies-arm64"), "input")).toBe("$(params.prefetch-input-arm64)");
  });

  it("ta-shared: one prefetch and a matrix build fed by it", () => {
    const list = tasks("ta-shared", ["amd64", "arm64"]);
    const build = byName(list, "build-images");
    expect(build?.matrix?.params?.[0]).toEqual({ name: "PLATFORM", value: ["$(params.build-platforms)"] });
    expect(param(build, "CACHI2_ARTIFACT")).toBe("$(tasks.prefetch-dependencies.results.CACHI2_ARTIFACT)");
    expect(param(byName(list, "build-image-index"), "IMAGES")).toEqual(["$(tasks.build-images.results.IMAGE_REF[*])"]);
  });

  it("pvc-shared: 4 builds share `workspace` and are chained by 3 runAfter links", () => {
    const list = tasks("pvc-shared", ["amd64", "arm64", "ppc64le", "s390x"]);
    const builds = list.filter(
      (task) =>
        task.name.startsWith("build-") && task.name !== "build-image-index" && task.name !== "build-source-image",
    );
    expect(builds.map((task) => task.name)).toEqual(["build-amd64", "build-arm64", "build-ppc64le", "build-s390x"]);
    expect(builds.every((task) => task.workspaces?.some((binding) => binding.workspace === "workspace"))).toBe(true);
    const links = builds.slice(1).map((task, i) => [builds[i]?.name, task.runAfter]);
    expect(links).toEqual([
      ["build-amd64", ["build-amd64"]],
      ["build-arm64", ["build-arm64"]],
      ["build-ppc64le", ["build-ppc64le"]],
    ]);
  });

  it("pvc per-arch strategies give every build its own workspace and run them in parallel", () => {
    for (const strategy of ["pvc-per-arch-duplicated", "pvc-per-arch-split"] as const) {
      const list = tasks(strategy, ["amd64", "arm64"]);
      expect(byName(list, "build-arm64")?.workspaces).toEqual([{ name: "source", workspace: "workspace-arm64" }]);
      expect(byName(list, "build-arm64")?.runAfter).toEqual(["prefetch-dependencies-arm64"]);
    }
    const split = tasks("pvc-per-arch-split", ["amd64", "arm64"]);
    expect(byName(split, "build-source-image")?.workspaces).toEqual([
      { name: "workspace", workspace: "workspace-source" },
    ]);
  });

  it("no strategy emits remote builds that can run in parallel on one PVC workspace", () => {
    for (const strategy of STRATEGY_IDS) {
      const { checks } = generatePipeline({
        strategy,
        component: "demo",
        platforms: ["amd64", "arm64", "ppc64le", "s390x"],
      });
      expect(checks.find((check) => check.name === "no-parallel-builds-on-shared-pvc")).toEqual({
        name: "no-parallel-builds-on-shared-pvc",
        ok: true,
      });
    }
  });

  it("warns about serialisation and duplication", () => {
    const shared = generatePipeline({
      strategy: "pvc-shared",
      component: "demo",
      platforms: ["amd64", "arm64", "s390x"],
    });
    expect(shared.warnings.join("\n")).toMatch(/run in sequence \(build-amd64 → build-arm64 → build-s390x\)/);
    expect(shared.warnings.join("\n")).not.toMatch(/Bundles without a digest/);
    const duplicated = generatePipeline({
      strategy: "pvc-per-arch-duplicated",
      component: "demo",
      platforms: ["amd64", "arm64"],
    });
    expect(duplicated.warnings.join("\n")).toMatch(/2× the prefetch time/);
    expect(generatePipeline({ strategy: "ta-shared", component: "demo" }).warnings).toEqual([]);
  });
});

describe("the upstream check tasks", () => {
  const tasks = (strategy: (typeof STRATEGY_IDS)[number], platforms: string[]) =>
    tasksOf(generatePipeline({ strategy, component: "demo", platforms }).yaml);
  const param = (task: PipelineTask | undefined, name: string) => task?.params?.find((p) => p.name === name)?.value;
  const byName = (list: PipelineTask[], name: string) => list.find((task) => task.name === name);
  const SCANS = ["deprecated-base-image-check", "clair-scan", "sast-snyk-check", "clamav-scan", "rpms-signature-scan"];

  it.each(STRATEGY_IDS)("%s: every scan takes the image from build-image-index and runs after it", (strategy) => {
    const list = tasks(strategy, ["amd64", "arm64"]);
    for (const name of [...SCANS, "ecosystem-cert-preflight-checks", "apply-tags", "push-dockerfile"]) {
      const task = byName(list, name);
      expect(task?.runAfter, name).toEqual(["build-image-index"]);
      const values = (task?.params ?? []).map((p) => p.value).join(" ");
      expect(values, name).toMatch(/\$\(tasks\.build-image-index\.results\.IMAGE_URL\)/);
    }
  });

  it("runs clair-scan, ecosystem-cert-preflight-checks and clamav-scan per platform, as upstream does", () => {
    const shared = tasks("ta-shared", ["amd64", "arm64"]);
    expect(byName(shared, "clair-scan")?.matrix).toEqual({
      params: [{ name: "image-platform", value: ["$(params.build-platforms)"] }],
    });
    const split = tasks("ta-split", ["amd64", "linux-m2xlarge/arm64", "s390x"]);
    expect(byName(split, "clamav-scan")?.matrix).toEqual({
      params: [{ name: "image-arch", value: ["linux/x86_64", "linux-m2xlarge/arm64", "linux/s390x"] }],
    });
    expect(byName(split, "ecosystem-cert-preflight-checks")?.matrix?.params?.[0]?.name).toBe("platform");
    expect(byName(split, "sast-snyk-check")?.matrix).toBeUndefined();
  });

  it("ta-split: the source scans restore the first lane's SOURCE_ARTIFACT and CACHI2_ARTIFACT", () => {
    const list = tasks("ta-split", ["arm64", "amd64"]);
    for (const name of ["sast-snyk-check", "sast-shell-check", "sast-unicode-check"]) {
      expect(param(byName(list, name), "SOURCE_ARTIFACT"), name).toBe(
        "$(tasks.prefetch-dependencies-amd64.results.SOURCE_ARTIFACT)",
      );
      expect(param(byName(list, name), "CACHI2_ARTIFACT"), name).toBe(
        "$(tasks.prefetch-dependencies-amd64.results.CACHI2_ARTIFACT)",
      );
    }
    const push = byName(list, "push-dockerfile");
    expect(param(push, "SOURCE_ARTIFACT")).toBe("$(tasks.prefetch-dependencies-amd64.results.SOURCE_ARTIFACT)");
    expect(param(push, "CACHI2_ARTIFACT")).toBeUndefined();
  });

  it("PVC strategies: the source scans mount the (first lane's) workspace and use non-TA kinds", () => {
    const kindOf = (task: PipelineTask | undefined) => task?.taskRef?.params?.find((p) => p.name === "name")?.value;
    const shared = tasks("pvc-shared", ["amd64", "arm64"]);
    expect(byName(shared, "sast-snyk-check")?.workspaces).toEqual([{ name: "workspace", workspace: "workspace" }]);
    expect(kindOf(byName(shared, "sast-snyk-check"))).toBe("sast-snyk-check");
    const split = tasks("pvc-per-arch-split", ["amd64", "arm64"]);
    expect(byName(split, "push-dockerfile")?.workspaces).toEqual([{ name: "workspace", workspace: "workspace-amd64" }]);
    expect(param(byName(split, "sast-snyk-check"), "CACHI2_ARTIFACT")).toBeUndefined();
  });
});
