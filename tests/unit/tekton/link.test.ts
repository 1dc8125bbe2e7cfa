import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { linkRuns } from "@/lib/tekton/link";
import { parseTektonText } from "@/lib/tekton/parse-documents";
import {
  buildImagesTaskRun,
  pipelineRun,
  prefetchTaskRun,
  resultsRecord,
  RUN_NAME,
  RUN_UID,
  sourceBuildTaskRun,
  V1BETA1_PIPELINE_RUN_YAML,
  V1BETA1_TASK_RUN_YAML,
} from "./fixtures";

const json = (value: unknown, file = "f.json") => parseTektonText(JSON.stringify(value), file);

describe("linkRuns across the files of one bundle", () => {
  const linked = linkRuns([
    json(pipelineRun(), "pipelinerun.json"),
    json({ kind: "List", items: [prefetchTaskRun(), buildImagesTaskRun(0), buildImagesTaskRun(1)] }, "taskruns.json"),
    json(buildImagesTaskRun(2), "taskruns/build-images-2.json"),
    json(buildImagesTaskRun(3), "taskruns/build-images-3.json"),
    json(sourceBuildTaskRun(), "taskruns/source.json"),
  ]);

  it("puts every TaskRun under its PipelineRun, ordered by start time", () => {
    expect(linked.pipelineRuns).toHaveLength(1);
    expect(linked.orphanTaskRuns).toEqual([]);
    expect(linked.warnings).toEqual([]);
    expect(linked.pipelineRuns[0]!.taskRuns.map((t) => t.name.slice(RUN_NAME.length + 1))).toEqual([
      "prefetch-dependencies",
      "build-images-0",
      "build-images-1",
      "build-images-2",
      "build-images-3",
      "build-source-image",
    ]);
  });

  it("keeps the matrix TaskRuns' arches", () => {
    const arches = linked.pipelineRuns[0]!.taskRuns.map((t) => t.arch);
    expect(arches).toEqual([null, "amd64", "arm64", "ppc64le", "s390x", "source"]);
  });
});

describe("linkRuns de-duplication", () => {
  it("merges the same TaskRun from kubectl and from Tekton Results, keeping the richer record", () => {
    const full = buildImagesTaskRun(1);
    // Results stored this copy while the TaskRun was still running.
    const { completionTime: _completionTime, ...runningStatus } = full.status;
    const running = {
      ...runningStatus,
      conditions: [{ type: "Succeeded", status: "Unknown", reason: "Running" }],
      steps: full.status.steps.slice(0, 1),
      results: [],
    };
    const sparse = { ...full, status: running };
    const linked = linkRuns([
      json(pipelineRun()),
      json({ records: [resultsRecord(sparse)] }, "results.json"),
      json(full, "kubectl.json"),
    ]);
    const taskRuns = linked.pipelineRuns[0]!.taskRuns;
    expect(taskRuns).toHaveLength(1);
    expect(taskRuns[0]).toMatchObject({ status: "Succeeded", completionTime: new Date("2025-09-17T11:10:00Z") });
    expect(taskRuns[0]!.steps).toHaveLength(3);
    expect(taskRuns[0]!.results.IMAGE_DIGEST).toBeDefined();
  });

  it("merges a v1beta1 embedded TaskRun with its standalone export of the same name", () => {
    const linked = linkRuns([
      parseTektonText(V1BETA1_PIPELINE_RUN_YAML, "pr.yaml"),
      parseTektonText(V1BETA1_TASK_RUN_YAML, "tr.yaml"),
    ]);
    const run = linked.pipelineRuns[0]!;
    expect(run.taskRuns).toHaveLength(3);
    const build = run.taskRuns.find((t) => t.pipelineTaskName === "build-container-arm64")!;
    expect(build).toMatchObject({
      uid: "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
      platform: "linux/arm64",
      archEvidence: "PLATFORM",
      queueSeconds: 90,
      results: {
        IMAGE_DIGEST: "",
        IMAGE_URL: "quay.io/redhat-user-workloads/flatpak-tenant/flatpak-runtime:on-pr-9f8e7d6-linux-arm64",
      },
    });
    expect(linked.warnings).toEqual([]);
  });

  it("fills pipeline workspaces and the volumeClaimTemplate's access modes into a TaskRun's PVC binding", () => {
    const linked = linkRuns([
      parseTektonText(V1BETA1_TASK_RUN_YAML, "tr.yaml"),
      parseTektonText(V1BETA1_PIPELINE_RUN_YAML, "pr.yaml"),
    ]);
    const build = linked.pipelineRuns[0]!.taskRuns.find((t) => t.pipelineTaskName === "build-container-arm64")!;
    expect(build.workspaces).toEqual([
      {
        name: "source",
        pipelineWorkspace: "workspace-arm64",
        kind: "persistentVolumeClaim",
        claimName: "pvc-3f9a1c2b7e",
        accessModes: ["ReadWriteOnce"],
        storage: "2Gi",
      },
    ]);
  });

  it("merges the same PipelineRun exported twice", () => {
    const sparse = { ...pipelineRun(), status: { startTime: "2025-09-17T10:50:00Z" } };
    const linked = linkRuns([json(sparse, "a.json"), json(pipelineRun(), "b.json"), json(prefetchTaskRun())]);
    expect(linked.pipelineRuns).toHaveLength(1);
    expect(linked.pipelineRuns[0]).toMatchObject({ status: "Succeeded", uid: RUN_UID });
    expect(linked.pipelineRuns[0]!.children).toHaveLength(6);
  });

  it("rejects two different PipelineRuns with the same uid, naming both", () => {
    const other = { ...pipelineRun(), metadata: { ...pipelineRun().metadata, name: "my-component-on-push-zzzzz" } };
    let error: unknown;
    try {
      linkRuns([json(pipelineRun()), json(other)]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("unprocessable");
    expect((error as AppError).message).toContain(RUN_NAME);
    expect((error as AppError).message).toContain("my-component-on-push-zzzzz");
    expect((error as AppError).message).toContain(RUN_UID);
  });

  it("keeps re-created runs with the same name but different uids apart, with a warning", () => {
    const rerun = {
      ...pipelineRun(),
      metadata: { ...pipelineRun().metadata, uid: "ffffffff-0000-4000-8000-000000000000" },
    };
    const linked = linkRuns([json(pipelineRun()), json(rerun), json(prefetchTaskRun())]);
    expect(linked.pipelineRuns).toHaveLength(2);
    expect(linked.warnings.some((w) => w.includes("different uids"))).toBe(true);
    // The TaskRun's pipelineRunUID label picks its own run.
    const owner = linked.pipelineRuns.find((run) => run.taskRuns.length === 1)!;
    expect(owner.uid).toBe(RUN_UID);
  });
});

describe("linkRuns attachment", () => {
  it("attaches a TaskRun without labels because its PipelineRun lists it as a child", () => {
    const bare = prefetchTaskRun();
    const metadata = { name: bare.metadata.name, namespace: bare.metadata.namespace, uid: bare.metadata.uid };
    const linked = linkRuns([json(pipelineRun()), json({ ...bare, metadata })]);
    const [taskRun] = linked.pipelineRuns[0]!.taskRuns;
    expect(taskRun).toMatchObject({
      pipelineRunName: RUN_NAME,
      pipelineRunUid: RUN_UID,
      pipelineTaskName: "prefetch-dependencies",
      taskName: "prefetch-dependencies-oci-ta",
    });
  });

  it("builds the run of TaskRuns uploaded without their PipelineRun (origin taskruns-only)", () => {
    const linked = linkRuns([json(buildImagesTaskRun(0))]);
    expect(linked.orphanTaskRuns).toEqual([]);
    expect(linked.pipelineRuns).toHaveLength(1);
    const [run] = linked.pipelineRuns;
    expect(run!.origin).toBe("taskruns-only");
    expect(run!.name).toBe(RUN_NAME);
    expect(run!.taskRuns.map((t) => t.name)).toEqual([`${RUN_NAME}-build-images-0`]);
    expect(linked.warnings).toEqual([expect.stringContaining("the PipelineRun object was missing from the upload")]);
  });

  it("does not attach across namespaces", () => {
    const elsewhere = {
      ...pipelineRun(),
      metadata: { ...pipelineRun().metadata, namespace: "other-tenant", uid: "x" },
    };
    const linked = linkRuns([json(elsewhere), json(buildImagesTaskRun(0))]);
    const other = linked.pipelineRuns.find((run) => run.namespace === "other-tenant");
    expect(other?.taskRuns).toEqual([]);
    // The TaskRun's own namespace gets a run built from it instead.
    expect(linked.pipelineRuns.find((run) => run.origin === "taskruns-only")?.namespace).not.toBe("other-tenant");
  });

  it("warns about children that are not in the upload", () => {
    const linked = linkRuns([json(pipelineRun()), json(prefetchTaskRun())]);
    expect(linked.warnings).toEqual([
      expect.stringMatching(new RegExp(`${RUN_NAME}: 5 of 6 TaskRuns are not in the upload`)),
    ]);
  });
});
