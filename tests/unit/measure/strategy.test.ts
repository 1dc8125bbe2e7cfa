// detectStrategy on small hand-built runs: Trusted Artifacts shared/split, PVC shared (with and without the
// race and RWO hazards), PVC per arch duplicated/split, and unknown with its reason.
import { describe, expect, it } from "vitest";
import { detectStrategy } from "@/lib/measure/strategy";
import type { DerivedTaskRun, LinkedPipelineRun, MeasuredArch } from "@/lib/measure/types";
import type { TaskRole } from "@/lib/tekton/arch";
import type { PipelineTaskSpec, WorkspaceBinding } from "@/lib/tekton/types";

const RUN = "flatpak-sdk-on-push-q8x2m";
const T0 = Date.UTC(2025, 8, 17, 10, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const RPM_INPUT = '{"type": "rpm", "path": "."}';

function volumeClaimTemplate(name: string, accessModes = ["ReadWriteOnce"]): WorkspaceBinding {
  return { name, pipelineWorkspace: null, kind: "volumeClaimTemplate", claimName: null, accessModes, storage: "10Gi" };
}

/** How a TaskRun created from a volumeClaimTemplate sees its workspace: a PVC Tekton made for the run. */
const claimOf = (workspace: string): WorkspaceBinding => ({
  name: "source",
  pipelineWorkspace: null,
  kind: "persistentVolumeClaim",
  claimName: `pvc-${workspace}-5f3a9c1e2d`,
  accessModes: [],
  storage: null,
});

interface TaskOptions {
  pipelineTask: string;
  task: string;
  role: TaskRole;
  arch: MeasuredArch | null;
  platform?: string;
  start: number;
  end: number;
  params?: Record<string, string>;
  /** Pipeline workspace bound as the task's `source` workspace. */
  workspace?: string;
  emptyDir?: boolean;
  runAfter?: string[];
}

function build(tasks: TaskOptions[], runWorkspaces: WorkspaceBinding[]): [LinkedPipelineRun, DerivedTaskRun[]] {
  const pipelineTasks: PipelineTaskSpec[] = tasks.map((t) => ({
    name: t.pipelineTask,
    taskName: t.task,
    runAfter: t.runAfter ?? [],
    params: t.params ?? {},
    workspaces: t.workspace ? [{ name: "source", workspace: t.workspace }] : [],
    matrixParams: [],
  }));
  const taskRuns: DerivedTaskRun[] = tasks.map((t) => ({
    role: t.role,
    arch: t.arch,
    archEvidence: t.platform ? "PLATFORM" : null,
    record: {
      uid: null,
      name: `${RUN}-${t.pipelineTask}`,
      namespace: "flatpak-tenant",
      pipelineRunName: RUN,
      pipelineTaskName: t.pipelineTask,
      taskName: t.task,
      platform: t.platform ?? null,
      arch: t.arch === "shared" ? null : t.arch,
      archEvidence: t.platform ? "PLATFORM" : null,
      startTime: at(t.start),
      completionTime: at(t.end),
      status: "Succeeded",
      podName: `${RUN}-${t.pipelineTask}-pod`,
      steps: [],
      params: { ...(t.platform ? { PLATFORM: t.platform } : {}), ...t.params },
      results: {},
      workspaces: t.workspace
        ? [claimOf(t.workspace)]
        : t.emptyDir
          ? [
              {
                name: "source",
                pipelineWorkspace: null,
                kind: "emptyDir",
                claimName: null,
                accessModes: [],
                storage: null,
              },
            ]
          : [],
      labels: {},
      queueSeconds: null,
    },
  }));
  const run: LinkedPipelineRun = {
    uid: "0b5e8f0a-3c1d-4e7f-9a2b-6c8d0e1f2a3b",
    name: RUN,
    namespace: "flatpak-tenant",
    component: "flatpak-sdk",
    application: "flatpak",
    eventType: "push",
    commitSha: "3f2a9c1e".repeat(5),
    branch: "refs/heads/main",
    targetBranch: "main",
    startTime: at(0),
    completionTime: at(Math.max(...tasks.map((t) => t.end)) + 5),
    status: "Succeeded",
    params: {},
    children: taskRuns.map((t) => ({ name: t.record.name, pipelineTaskName: t.record.pipelineTaskName })),
    embeddedTaskRuns: [],
    pipelineTasks,
    workspaces: runWorkspaces,
    taskRuns: taskRuns.map((t) => t.record),
  };
  return [run, taskRuns];
}

const verdict = (tasks: TaskOptions[], workspaces: WorkspaceBinding[] = []) =>
  detectStrategy(...build(tasks, workspaces));
const hazardCodes = (v: ReturnType<typeof detectStrategy>) => v.hazards.map((h) => h.code).sort();

function prefetch(arch: MeasuredArch, o: Partial<TaskOptions> & Pick<TaskOptions, "start" | "end">): TaskOptions {
  return {
    pipelineTask: arch === "shared" ? "prefetch-dependencies" : `prefetch-dependencies-${arch}`,
    task: "prefetch-dependencies",
    role: "prefetch",
    arch,
    params: { input: RPM_INPUT },
    ...o,
  };
}

function remoteBuild(
  arch: "arm64" | "s390x" | "ppc64le",
  o: Partial<TaskOptions> & Pick<TaskOptions, "start" | "end">,
) {
  return {
    pipelineTask: `build-${arch}`,
    task: "buildah-remote",
    role: "build" as const,
    arch,
    platform: `linux/${arch}`,
    ...o,
  };
}

describe("detectStrategy", () => {
  it("Trusted Artifacts with one prefetch → ta-shared, with several → ta-split", () => {
    const ta = (t: TaskOptions): TaskOptions => ({ ...t, task: `${t.task}-oci-ta` });
    const shared = verdict([
      ta(prefetch("shared", { start: 0, end: 600 })),
      ta(remoteBuild("arm64", { start: 610, end: 1400, runAfter: ["prefetch-dependencies"] })),
      ta(remoteBuild("s390x", { start: 610, end: 1500, runAfter: ["prefetch-dependencies"] })),
    ]);
    expect(shared).toEqual({
      strategy: "ta-shared",
      reason: "Trusted Artifacts (*-oci-ta tasks or *_ARTIFACT params), 1 prefetch task(s)",
      hazards: [],
    });

    const split = verdict([
      ta(prefetch("arm64", { start: 0, end: 528 })),
      ta(prefetch("s390x", { start: 0, end: 530 })),
      ta(remoteBuild("arm64", { start: 540, end: 2100 })),
      ta(remoteBuild("s390x", { start: 540, end: 2400 })),
    ]);
    expect(split.strategy).toBe("ta-split");
    expect(split.reason).toContain("2 prefetch task(s)");
  });

  it("recognises Trusted Artifacts by a CACHI2_ARTIFACT param when the task names do not say so", () => {
    const v = verdict([
      prefetch("shared", { start: 0, end: 600 }),
      remoteBuild("arm64", {
        start: 610,
        end: 1400,
        params: { CACHI2_ARTIFACT: "oci:quay.io/org/flatpak-sdk@sha256:" + "c".repeat(64) },
      }),
    ]);
    expect(v.strategy).toBe("ta-shared");
  });

  it("pvc-shared with overlapping remote builds on a ReadWriteOnce workspace → race and RWO hazards", () => {
    const v = verdict(
      [
        prefetch("shared", { start: 0, end: 600, workspace: "workspace" }),
        remoteBuild("arm64", { start: 610, end: 1400, workspace: "workspace", runAfter: ["prefetch-dependencies"] }),
        remoteBuild("s390x", { start: 615, end: 1500, workspace: "workspace", runAfter: ["prefetch-dependencies"] }),
      ],
      [volumeClaimTemplate("workspace")],
    );
    expect(v.strategy).toBe("pvc-shared");
    expect(v.reason).toBe("PVC workspaces: 2 build(s) on 1 volume(s), 1 prefetch task(s)");
    expect(hazardCodes(v)).toEqual(["rwo-node-pinning", "shared-workspace-race"]);
    const race = v.hazards.find((h) => h.code === "shared-workspace-race")!;
    expect(race.message).toContain(`${RUN}-build-arm64 and ${RUN}-build-s390x`);
    expect(v.hazards.find((h) => h.code === "rwo-node-pinning")!.message).toMatch(/^workspace is ReadWriteOnce /);
  });

  it("a volume without access modes is ReadWriteOnce (the volumeClaimTemplate default)", () => {
    const v = verdict(
      [
        prefetch("shared", { start: 0, end: 600, workspace: "workspace" }),
        remoteBuild("arm64", { start: 610, end: 1400, workspace: "workspace", runAfter: ["prefetch-dependencies"] }),
        remoteBuild("s390x", { start: 615, end: 1500, workspace: "workspace", runAfter: ["build-arm64"] }),
      ],
      [volumeClaimTemplate("workspace", [])],
    );
    expect(hazardCodes(v)).toEqual(["rwo-node-pinning", "shared-workspace-race"]);
    expect(v.hazards.find((h) => h.code === "rwo-node-pinning")!.message).toContain(
      "workspace is ReadWriteOnce (no access mode given)",
    );
  });

  it("pvc-shared with remote builds chained by runAfter that did not overlap → no hazard", () => {
    const v = verdict(
      [
        prefetch("shared", { start: 0, end: 600, workspace: "workspace" }),
        remoteBuild("arm64", { start: 610, end: 1400, workspace: "workspace", runAfter: ["prefetch-dependencies"] }),
        remoteBuild("s390x", { start: 1405, end: 2300, workspace: "workspace", runAfter: ["build-arm64"] }),
        remoteBuild("ppc64le", { start: 2305, end: 3300, workspace: "workspace", runAfter: ["build-s390x"] }),
      ],
      [volumeClaimTemplate("workspace")],
    );
    expect(v.strategy).toBe("pvc-shared");
    expect(v.hazards).toEqual([]);
  });

  it("pvc-shared builds that happened not to overlap but have no runAfter path between them still race", () => {
    const v = verdict(
      [
        prefetch("shared", { start: 0, end: 600, workspace: "workspace" }),
        remoteBuild("arm64", { start: 610, end: 1400, workspace: "workspace", runAfter: ["prefetch-dependencies"] }),
        remoteBuild("s390x", { start: 1500, end: 2300, workspace: "workspace", runAfter: ["prefetch-dependencies"] }),
      ],
      [volumeClaimTemplate("workspace", ["ReadWriteMany"])],
    );
    expect(v.strategy).toBe("pvc-shared");
    expect(hazardCodes(v)).toEqual(["shared-workspace-race"]);
  });

  it("a local build overlapping one remote build on the shared workspace is no race, but pins an RWO volume", () => {
    const v = verdict(
      [
        prefetch("shared", { start: 0, end: 600, workspace: "workspace" }),
        {
          pipelineTask: "build-amd64",
          task: "buildah",
          role: "build",
          arch: "amd64",
          platform: "linux/x86_64",
          start: 610,
          end: 1200,
          workspace: "workspace",
          runAfter: ["prefetch-dependencies"],
        },
        remoteBuild("arm64", { start: 610, end: 1400, workspace: "workspace", runAfter: ["prefetch-dependencies"] }),
      ],
      [volumeClaimTemplate("workspace")],
    );
    expect(v.strategy).toBe("pvc-shared");
    expect(hazardCodes(v)).toEqual(["rwo-node-pinning"]);
  });

  it("per-arch PVCs whose prefetches have identical inputs → pvc-per-arch-duplicated; different inputs → split", () => {
    const perArch = (inputs: [string, string]) =>
      verdict(
        [
          prefetch("arm64", { start: 0, end: 528, workspace: "workspace-arm64", params: { input: inputs[0] } }),
          prefetch("s390x", { start: 0, end: 530, workspace: "workspace-s390x", params: { input: inputs[1] } }),
          remoteBuild("arm64", {
            start: 535,
            end: 2100,
            workspace: "workspace-arm64",
            runAfter: ["prefetch-dependencies-arm64"],
          }),
          remoteBuild("s390x", {
            start: 535,
            end: 2400,
            workspace: "workspace-s390x",
            runAfter: ["prefetch-dependencies-s390x"],
          }),
        ],
        [volumeClaimTemplate("workspace-arm64"), volumeClaimTemplate("workspace-s390x")],
      );
    const duplicated = perArch([RPM_INPUT, RPM_INPUT]);
    expect(duplicated).toEqual({
      strategy: "pvc-per-arch-duplicated",
      reason: "PVC workspaces: 2 build(s) on 2 volume(s), 2 prefetch task(s)",
      hazards: [],
    });
    const split = perArch([
      '{"type": "rpm", "path": ".", "options": {"arch": "aarch64"}}',
      '{"type": "rpm", "path": ".", "options": {"arch": "s390x"}}',
    ]);
    expect(split.strategy).toBe("pvc-per-arch-split");
  });

  it("neither Trusted Artifacts nor a PVC → unknown, with the reason", () => {
    const emptyDir = verdict([
      prefetch("shared", { start: 0, end: 600 }),
      remoteBuild("arm64", { start: 610, end: 1400, emptyDir: true }),
    ]);
    expect(emptyDir).toEqual({
      strategy: "unknown",
      reason: "the build tasks neither use Trusted Artifacts nor bind a PVC workspace",
      hazards: [],
    });
    expect(verdict([prefetch("shared", { start: 0, end: 600 })])).toEqual({
      strategy: "unknown",
      reason: "no build TaskRun found in the bundle",
      hazards: [],
    });
  });
});
