// Each check must catch the mistake it exists for: hand-written broken pipelines, one fault each.
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { checkPipeline, type CheckName } from "@/lib/generate/checks";
import { generatePipeline } from "@/lib/generate/generate";
import type { PipelineTask } from "@/lib/generate/tekton";
import { upstreamTaskKinds } from "@/lib/generate/upstream";

const ref = (kind: string) => `
        taskRef:
          resolver: bundles
          params:
            - {name: name, value: ${kind}}
            - {name: bundle, value: quay.io/konflux-ci/tekton-catalog/task-${kind}:0.1}
            - {name: kind, value: task}`;

/** A small valid PVC pipeline; each test swaps one piece for a broken one. */
function pipeline(parts: { tasks?: string; workspaces?: string; bindings?: string; params?: string } = {}): string {
  return `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata: {name: demo-on-push}
spec:
  pipelineSpec:
    params:
${parts.params ?? "      - {name: output-image, type: string}"}
    workspaces:
${parts.workspaces ?? "      - {name: workspace}"}
    tasks:
${
  parts.tasks ??
  `      - name: prefetch
        params: [{name: input, value: "$(params.output-image)"}]
        workspaces: [{name: source, workspace: workspace}]${ref("prefetch-dependencies")}
      - name: build-amd64
        runAfter: [prefetch]
        params: [{name: PLATFORM, value: linux/x86_64}]
        workspaces: [{name: source, workspace: workspace}]${ref("buildah-remote")}
      - name: build-arm64
        runAfter: [build-amd64]
        params: [{name: PLATFORM, value: linux/arm64}]
        workspaces: [{name: source, workspace: workspace}]${ref("buildah-remote")}`
}
  workspaces:
${parts.bindings ?? "    - {name: workspace, volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce]}}}"}
`;
}

const failing = (yaml: string) =>
  checkPipeline(yaml)
    .filter((check) => !check.ok)
    .map((check) => check.name);

function expectOnly(yaml: string, name: CheckName, detail: RegExp) {
  const checks = checkPipeline(yaml);
  expect(failing(yaml)).toEqual([name]);
  expect(checks.find((check) => check.name === name)?.detail).toMatch(detail);
}

describe("checkPipeline", () => {
  it("passes the valid base pipeline", () => expect(failing(pipeline())).toEqual([]));

  it("reports YAML that does not parse", () => {
    expect(checkPipeline("a: [1,\n").find((check) => check.name === "yaml-parses")?.ok).toBe(false);
    expect(failing("kind: ConfigMap\n")).toContain("yaml-parses");
  });

  it("catches a result reference to a task that does not exist", () => {
    const tasks = `      - name: build
        params: [{name: SOURCE_ARTIFACT, value: "$(tasks.prefetch-dependencies.results.SOURCE_ARTIFACT)"}]${ref("buildah-remote-oci-ta")}`;
    expectOnly(pipeline({ tasks }), "result-references", /prefetch-dependencies, which is not a task/);
  });

  it("catches a result the referenced task does not declare (also in [*] form)", () => {
    const tasks = `      - name: clone-repository${ref("git-clone-oci-ta")}
      - name: build-image-index
        params: [{name: IMAGES, value: ["$(tasks.clone-repository.results.IMAGE_REF[*])"]}]${ref("build-image-index")}`;
    expectOnly(
      pipeline({ tasks }),
      "result-references",
      /clone-repository\.results\.IMAGE_REF, which git-clone-oci-ta does not declare/,
    );
  });

  it("catches a runAfter target that does not exist", () => {
    const tasks = `      - name: build
        runAfter: [prefetch-dependencies-arm64]${ref("build-image-index")}`;
    expectOnly(pipeline({ tasks }), "run-after-targets", /prefetch-dependencies-arm64, which is not a task/);
  });

  it("catches a workspace the pipeline does not declare", () => {
    const tasks = `      - name: prefetch
        workspaces: [{name: source, workspace: workspace-arm64}]${ref("prefetch-dependencies")}`;
    expectOnly(pipeline({ tasks }), "workspaces-declared", /workspace-arm64, which the pipeline does not declare/);
  });

  it("catches a declared workspace the PipelineRun does not bind", () => {
    const workspaces =
      "      - {name: workspace}\n      - {name: workspace-source}\n      - {name: netrc, optional: true}";
    expectOnly(pipeline({ workspaces }), "workspaces-bound", /workspace-source is declared but not bound/);
  });

  it("catches a param that is not declared", () => {
    expectOnly(
      pipeline({ params: "      - {name: revision, type: string}" }),
      "params-declared",
      /\$\(params\.output-image\)/,
    );
  });

  it("catches two remote builds that can run in parallel on one PVC", () => {
    const tasks = `      - name: build-amd64
        workspaces: [{name: source, workspace: workspace}]${ref("buildah-remote")}
      - name: build-arm64
        workspaces: [{name: source, workspace: workspace}]${ref("buildah-remote")}`;
    expectOnly(
      pipeline({ tasks }),
      "no-parallel-builds-on-shared-pvc",
      /build-amd64 and build-arm64 can run in parallel/,
    );
  });

  it("counts a result reference as ordering: a build consuming another's result is not parallel", () => {
    const tasks = `      - name: build-amd64
        workspaces: [{name: source, workspace: workspace}]${ref("buildah-remote")}
      - name: build-arm64
        params: [{name: COMMIT_SHA, value: "$(tasks.build-amd64.results.IMAGE_DIGEST)"}]
        workspaces: [{name: source, workspace: workspace}]${ref("buildah-remote")}`;
    expect(failing(pipeline({ tasks }))).toEqual([]);
  });

  it("does not flag parallel builds on workspaces that are not PVCs", () => {
    const tasks = `      - name: build-amd64
        workspaces: [{name: source, workspace: workspace}]${ref("buildah-remote")}
      - name: build-arm64
        workspaces: [{name: source, workspace: workspace}]${ref("buildah-remote")}`;
    expect(failing(pipeline({ tasks, bindings: "    - {name: workspace, emptyDir: {}}" }))).toEqual([]);
  });

  it("catches a matrix task on a PVC workspace", () => {
    const tasks = `      - name: prefetch
        matrix: {params: [{name: input, value: [a, b]}]}
        workspaces: [{name: source, workspace: workspace}]${ref("prefetch-dependencies")}`;
    expectOnly(pipeline({ tasks }), "matrix-safe", /matrix task prefetch uses PVC workspace workspace/);
  });

  it("catches a matrix build on a PVC as parallel builds too", () => {
    const tasks = `      - name: build-images
        matrix: {params: [{name: PLATFORM, value: [linux/x86_64, linux/arm64]}]}
        workspaces: [{name: source, workspace: workspace}]${ref("buildah-remote")}`;
    expect(failing(pipeline({ tasks }))).toEqual(["no-parallel-builds-on-shared-pvc", "matrix-safe"]);
  });

  it("catches a matrix build that gives every platform one arch's artifact", () => {
    const tasks = `      - name: prefetch-dependencies-arm64${ref("prefetch-dependencies-oci-ta")}
      - name: build-images
        matrix: {params: [{name: PLATFORM, value: [linux/x86_64, linux/arm64]}]}
        params: [{name: CACHI2_ARTIFACT, value: "$(tasks.prefetch-dependencies-arm64.results.CACHI2_ARTIFACT)"}]${ref("buildah-remote-oci-ta")}`;
    expectOnly(pipeline({ tasks }), "matrix-safe", /prefetch-dependencies-arm64's CACHI2_ARTIFACT/);
  });

  it("checks a bare tasks list without declarations", () => {
    const checks = checkPipeline(
      `- name: a${ref("init")}\n- name: b\n  runAfter: [a]${ref("init")}\n`.replace(/\n {8}/g, "\n  "),
    );
    expect(checks.every((check) => check.ok)).toBe(true);
    expect(checks.find((check) => check.name === "params-declared")?.detail).toMatch(/tasks list/);
  });
});

describe("required-tasks", () => {
  const required = (yaml: unknown, requiredTasks?: string[]) =>
    checkPipeline(yaml, requiredTasks === undefined ? {} : { requiredTasks }).find(
      (check) => check.name === "required-tasks",
    );
  /** A generated whole file, parsed, with the named tasks taken out. */
  function generatedWithout(strategy: "ta-shared" | "pvc-shared", ...names: string[]) {
    const run = parse(generatePipeline({ strategy, component: "demo" }).yaml) as {
      spec: { pipelineSpec: { tasks: PipelineTask[] } };
    };
    run.spec.pipelineSpec.tasks = run.spec.pipelineSpec.tasks.filter((task) => !names.includes(task.name));
    return run;
  }

  it("fails a file missing clair-scan and names it (the upstream list of its variant)", () => {
    for (const [strategy, variant] of [
      ["ta-shared", "ta"],
      ["pvc-shared", "pvc"],
    ] as const) {
      const check = required(generatedWithout(strategy, "clair-scan"), upstreamTaskKinds(variant));
      expect(check, strategy).toEqual({
        name: "required-tasks",
        ok: false,
        detail: "missing required tasks: clair-scan",
      });
    }
    const both = required(generatedWithout("ta-shared", "clair-scan", "sast-snyk-check"), upstreamTaskKinds("ta"));
    expect(both?.detail).toBe("missing required tasks: clair-scan, sast-snyk-check-oci-ta");
  });

  it("passes every generated whole file with the upstream lists of both variants (-oci-ta and remote builds match)", () => {
    for (const strategy of ["ta-shared", "pvc-shared"] as const) {
      const file = generatedWithout(strategy);
      expect(required(file, upstreamTaskKinds("ta"))?.ok, strategy).toBe(true);
      expect(required(file, upstreamTaskKinds("pvc"))?.ok, strategy).toBe(true);
    }
  });

  it("without a list reports what the inferred variant's upstream set lacks, without failing", () => {
    expect(required(generatedWithout("ta-shared", "clair-scan"))).toEqual({
      name: "required-tasks",
      ok: true,
      detail: "not enforced (no list given); missing from the upstream TA pipeline: clair-scan",
    });
    expect(required(generatedWithout("pvc-shared", "push-dockerfile"))?.detail).toMatch(
      /upstream PVC pipeline: push-dockerfile$/,
    );
    expect(required(generatedWithout("ta-shared"))).toEqual({ name: "required-tasks", ok: true });
  });

  it("takes a custom list of kinds (any variant) or task names", () => {
    expect(required(pipeline(), ["prefetch-dependencies-oci-ta", "buildah", "build-arm64"])?.ok).toBe(true);
    expect(required(pipeline(), ["prefetch-dependencies", "show-sbom", "notify"])).toEqual({
      name: "required-tasks",
      ok: false,
      detail: "missing required tasks: show-sbom, notify",
    });
    expect(failing(pipeline())).toEqual([]);
  });

  it("is off with an empty list", () => {
    expect(required("- name: lonely\n  taskRef: {name: init}\n", [])).toEqual({
      name: "required-tasks",
      ok: true,
      detail: "disabled (an empty requiredTasks list)",
    });
  });

  it("is configured through the generate request", () => {
    const checkOf = (requiredTasks: string[] | undefined) =>
      generatePipeline({ strategy: "ta-split", component: "demo", options: { requiredTasks } }).checks.find(
        (check) => check.name === "required-tasks",
      );
    expect(checkOf(undefined)).toEqual({ name: "required-tasks", ok: true });
    expect(checkOf(["show-sbom"])).toEqual({
      name: "required-tasks",
      ok: false,
      detail: "missing required tasks: show-sbom",
    });
    expect(checkOf([])?.ok).toBe(true);
  });
});
