// Uploads a hostile or just very large user sends: thousands of TaskRuns racing on one PVC (bounded hazard
// text, no parameter-limit failures reading the run back), and an older export sent again (duplicate, then force).
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/connect";
import { getRun } from "@/lib/runs/get-run";
import { DATABASE_KINDS, migratedDatabase } from "./support";
import { ingestFiles, spooled } from "./support-ingest";
import { ingestSpooled } from "@/lib/pipeline/ingest-upload";
import { DEFAULT_ARCHIVE_LIMITS } from "@/lib/ingest/types";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const T0 = Date.UTC(2026, 10, 2, 8, 0, 0);
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const RUN = "wide-component-on-push-abcde";
const UID = "7d1c2e4a-0000-4000-8000-00000000c0de";
const ARCHES = ["linux/arm64", "linux/s390x", "linux/ppc64le", "linux-m2xlarge/arm64"];

/** A v1 PipelineRun whose matrix build task ran `n` remote builds on one volumeClaimTemplate workspace. */
function pipelineRun(n: number, completion = 3600) {
  return {
    apiVersion: "tekton.dev/v1",
    kind: "PipelineRun",
    metadata: {
      name: RUN,
      namespace: "wide-tenant",
      uid: UID,
      labels: { "appstudio.openshift.io/component": "wide-component", "pipelinesascode.tekton.dev/event-type": "push" },
    },
    spec: {
      params: [{ name: "build-platforms", value: ARCHES }],
      pipelineSpec: {
        tasks: [
          {
            name: "build-images",
            taskRef: { name: "buildah-remote" },
            matrix: { params: [{ name: "PLATFORM", value: ARCHES }] },
            workspaces: [{ name: "source", workspace: "workspace" }],
          },
        ],
      },
      workspaces: [
        {
          name: "workspace",
          volumeClaimTemplate: {
            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
          },
        },
      ],
    },
    status: {
      startTime: iso(0),
      completionTime: iso(completion),
      conditions: [{ type: "Succeeded", status: "True", reason: "Succeeded" }],
      childReferences: Array.from({ length: n }, (_, i) => ({
        kind: "TaskRun",
        name: `${RUN}-build-images-${i}`,
        pipelineTaskName: "build-images",
      })),
    },
  };
}

function taskRun(i: number) {
  const start = 10 + (i % 50);
  return {
    apiVersion: "tekton.dev/v1",
    kind: "TaskRun",
    metadata: {
      name: `${RUN}-build-images-${i}`,
      namespace: "wide-tenant",
      uid: `tr-${i}`,
      labels: {
        "tekton.dev/pipelineRun": RUN,
        "tekton.dev/pipelineRunUID": UID,
        "tekton.dev/pipelineTask": "build-images",
        "appstudio.openshift.io/component": "wide-component",
      },
    },
    spec: {
      params: [{ name: "PLATFORM", value: ARCHES[i % ARCHES.length] }],
      taskRef: { name: "buildah-remote" },
      workspaces: [{ name: "source", persistentVolumeClaim: { claimName: "pvc-0a1b2c3d4e" } }],
    },
    status: {
      startTime: iso(start),
      completionTime: iso(start + 600),
      podName: `${RUN}-build-images-${i}-pod`,
      conditions: [{ type: "Succeeded", status: "True", reason: "Succeeded" }],
      steps: ["use-trusted-artifact", "build", "push"].map((name, s) => ({
        name,
        container: `step-${name}`,
        terminated: { startedAt: iso(start + 5 + s * 100), finishedAt: iso(start + 100 + s * 100), exitCode: 0 },
      })),
    },
  };
}

const list = (items: unknown[]) => Buffer.from(JSON.stringify({ apiVersion: "v1", kind: "List", items }));

async function ingestWide(db: Db, n: number) {
  return ingestFiles(db, [
    { filename: "pipelinerun.json", bytes: list([pipelineRun(n)]) },
    { filename: "taskruns.json", bytes: list(Array.from({ length: n }, (_, i) => taskRun(i))) },
  ]);
}

describe.each(DATABASE_KINDS)("hostile scale on %s", (kind) => {
  it("stores 5,000 TaskRuns racing on one PVC with a bounded hazard, and reads the run back", async () => {
    const { db, cleanup } = await migratedDatabase(kind);
    cleanups.push(cleanup);
    const result = await ingestWide(db, 5000);
    expect(result.runs).toHaveLength(1);
    const stored = await db.pipelineRun.findUniqueOrThrow({ where: { uid: UID }, select: { id: true, hazards: true } });
    // A few examples and counts, never every pair: 5,000 builds make 12.5 million pairs.
    expect(stored.hazards.length).toBeLessThan(2048);
    const hazards = JSON.parse(stored.hazards) as { code: string; message: string }[];
    expect(hazards.map((h) => h.code).sort()).toEqual(["rwo-node-pinning", "shared-workspace-race"]);
    expect(hazards.find((h) => h.code === "shared-workspace-race")!.message).toMatch(
      /^5,?000 of 5,?000 remote builds share one PVC workspace/,
    );
    // No IN list of 5,000 TaskRun ids: both databases' parameter limits would refuse it.
    const run = await getRun(db, stored.id);
    expect(run?.taskRuns).toHaveLength(5000);
    expect(run?.taskRuns.every((t) => t.steps.length === 3)).toBe(true);
    expect(run?.taskRuns[0]?.steps.map((s) => s.name)).toEqual(["use-trusted-artifact", "build", "push"]);
    expect(await db.step.count()).toBe(15000);
  });
});

describe.each(DATABASE_KINDS)("an older export sent again on %s", (kind) => {
  it("answers duplicate naming the run a later upload changed, and ?force re-applies the older version", async () => {
    const { db, cleanup } = await migratedDatabase(kind);
    cleanups.push(cleanup);
    const older = [{ filename: "older.json", bytes: list([pipelineRun(2, 1800), taskRun(0), taskRun(1)]) }];
    const newer = [{ filename: "newer.json", bytes: list([pipelineRun(2, 3600), taskRun(0), taskRun(1)]) }];
    const first = await ingestFiles(db, older);
    const second = await ingestFiles(db, newer);
    expect(second.runs.map((r) => r.id)).toEqual(first.runs.map((r) => r.id));
    const runId = first.runs[0]!.id;
    const completion = async () =>
      (await db.pipelineRun.findUniqueOrThrow({ where: { id: runId } })).completionTime?.toISOString();
    expect(await completion()).toBe(iso(3600));

    const again = await ingestFiles(db, older);
    expect(again.upload).toMatchObject({ id: first.upload.id, status: "duplicate" });
    // Before: `runs: []` and no word on why. Now the run, who changed it, and how to apply this upload anyway.
    expect(again.runs.map((r) => r.id)).toEqual([runId]);
    expect(again.duplicate?.updatedSince).toEqual([
      {
        run: { id: runId, name: RUN },
        byUpload: { id: second.upload.id, filename: "newer.json", at: expect.any(String) },
      },
    ]);
    expect(again.warnings.join("\n")).toMatch(
      /was updated since by upload \d+ \(newer\.json.*\?force=1 \(CLI: --force\)/,
    );
    expect(await completion()).toBe(iso(3600));

    const forced = await ingestSpooled(db, await spooled(older), DEFAULT_ARCHIVE_LIMITS, { force: true });
    expect(forced.upload).toMatchObject({ id: first.upload.id, status: "ingested" });
    expect(forced.runs.map((r) => r.id)).toEqual([runId]);
    expect(await completion()).toBe(iso(1800));
    expect(await db.upload.count()).toBe(2);
    expect(await db.pipelineRun.count()).toBe(1);
    // The newer upload, sent again, is now the one that names a run changed since.
    const newerAgain = await ingestFiles(db, newer);
    expect(newerAgain.duplicate?.updatedSince.map((u) => u.byUpload.filename)).toEqual(["older.json"]);
  });
});
