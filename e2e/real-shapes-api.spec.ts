// The bundles API against uploads in the shapes real clusters and tools produce (tests/fixtures/real-shapes): raw
// bodies with content-type and x-filename, checked through the cost table and run APIs. Component names carry a
// per-run tag, so this spec never meets the demo data, other specs, or an earlier run on a reused database.
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import type { CostRow, CostTable } from "../lib/queries/cost-table.types";
import type { StoreBundleResult } from "../lib/db/store-bundle";
import type { RunDetail } from "../lib/runs/get-run";
import {
  impossibleTimestampsRun,
  IMPOSSIBLE,
  labelledRun,
  MINIMAL_BUILD_S,
  MULTI_ARCH,
  multiArchRemoteRun,
  multiArchTaskRunName,
  pacTemplate,
  podOf,
  remotePhases,
  runEvent,
  SINGLE_ARCH_PVC,
  SINGLE_ARCH_TA,
  singleArchPvcRun,
  singleArchTaRun,
  skippedPrefetchRun,
  v1alpha1Objects,
  v2PipelineRun,
  definitions,
  type ComponentEvidence,
} from "../tests/fixtures/real-shapes/konflux";
import { LOCKFILE_BYTES, rpmsLockYaml } from "../tests/fixtures/real-shapes/lockfile";
import { tknTaskRunLog } from "../tests/fixtures/real-shapes/logs";
import { pipelineRunObject, runObjects, taskRunObjects, type RunSpec } from "../tests/fixtures/real-shapes/tekton";
import {
  jsonFile,
  jsonLinesFile,
  runListFile,
  tarGzFile,
  textFile,
  yamlFile,
  type ShapeFile,
} from "../tests/fixtures/real-shapes/write";

/** Unique per run of the suite: the e2e database is shared by every spec and may be reused. */
const TAG = `rs${Date.now().toString(36)}`;
const component = (name: string) => `${TAG}-${name}`;
/** Ten days ago, on a whole minute: the server's clock decides what "the future" is. */
const BASE = Math.floor((Date.now() - 10 * 86_400_000) / 60_000) * 60_000;

interface ErrorJson {
  error: {
    code: string;
    message: string;
    file?: string;
    details?: { files?: { name: string; kind: string; message?: string }[] };
  };
}

async function post(
  request: APIRequestContext,
  file: ShapeFile,
  contentType: string,
  query = "",
): Promise<APIResponse> {
  return request.post(`/api/bundles${query}`, {
    headers: { "content-type": contentType, "x-filename": file.filename },
    data: file.bytes,
  });
}

async function ingested(response: APIResponse, status = 201): Promise<StoreBundleResult> {
  const body = (await response.json()) as StoreBundleResult | ErrorJson;
  expect(response.status(), JSON.stringify(body).slice(0, 2000)).toBe(status);
  return body as StoreBundleResult;
}

async function rejected(response: APIResponse, status = 422): Promise<ErrorJson["error"]> {
  const body = (await response.json()) as ErrorJson;
  expect(response.status(), JSON.stringify(body).slice(0, 2000)).toBe(status);
  return body.error;
}

async function costTable(request: APIRequestContext, name: string): Promise<CostTable> {
  const response = await request.get(`/api/components/${encodeURIComponent(name)}/table`);
  expect(response.status(), `table of ${name}`).toBe(200);
  return (await response.json()) as CostTable;
}

function row(table: CostTable, arch: string): CostRow {
  const found = table.rows.find((r) => r.arch === arch);
  expect(found, `row ${arch} of ${table.component}: ${table.rows.map((r) => r.arch).join(", ")}`).toBeDefined();
  return found!;
}

async function runDetail(request: APIRequestContext, id: number): Promise<RunDetail> {
  const response = await request.get(`/api/runs/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as RunDetail;
}

const taskRun = (detail: RunDetail, name: string) => {
  const found = detail.taskRuns.find((t) => t.name === name);
  expect(found, `TaskRun ${name}`).toBeDefined();
  return found!;
};

const SINGLE_ARCH_REASON = /^single-arch: shared and split coincide; /;

test.describe("1. single-arch builds", () => {
  test("a docker-build-oci-ta run shows amd64 with its 95 s build in the cost table", async ({ request }) => {
    const name = component("ledger-api");
    const run = singleArchTaRun({ component: name, base: BASE });
    const result = await ingested(await post(request, runListFile(`${name}.json`, run), "application/json"));
    expect(result.runs).toEqual([
      expect.objectContaining({ name: run.name, component: name, strategy: "ta-shared", arches: ["amd64"] }),
    ]);
    const detail = await runDetail(request, result.runs[0]!.id);
    expect(detail.strategyReason).toMatch(SINGLE_ARCH_REASON);
    expect(detail.origin).toBe("tekton");
    expect(detail.notes).toEqual([]);
    expect(taskRun(detail, `${run.name}-build-container`)).toMatchObject({
      arch: "amd64",
      archEvidence: "CLUSTER_ARCH",
      role: "build",
    });
    const table = await costTable(request, name);
    expect(row(table, "amd64")).toMatchObject({
      buildS: 95,
      restoreS: SINGLE_ARCH_TA.restoreS,
      queueS: SINGLE_ARCH_TA.queueS,
      prefetchS: null,
    });
    expect(row(table, "shared")).toMatchObject({
      prefetchS: SINGLE_ARCH_TA.prefetchS,
      createUploadS: SINGLE_ARCH_TA.createUploadS,
    });
  });

  test("build-platforms with one platform names the arch; a PVC docker-build is pvc-shared", async ({ request }) => {
    const arm = component("ledger-arm");
    const armRun = singleArchTaRun({ component: arm, base: BASE, buildPlatforms: ["linux/arm64"] });
    await ingested(await post(request, runListFile(`${arm}.json`, armRun), "application/json"));
    expect(row(await costTable(request, arm), "arm64").buildS).toBe(95);

    const pvc = component("ledger-worker");
    const pvcRun = singleArchPvcRun({ component: pvc, base: BASE });
    const result = await ingested(await post(request, runListFile(`${pvc}.json`, pvcRun), "application/json"));
    expect(result.runs[0]).toMatchObject({ strategy: "pvc-shared", arches: ["amd64"] });
    const detail = await runDetail(request, result.runs[0]!.id);
    expect(detail.strategyReason).toMatch(SINGLE_ARCH_REASON);
    expect(detail.hazards).toEqual([]);
    const table = await costTable(request, pvc);
    expect(row(table, "amd64")).toMatchObject({ buildS: SINGLE_ARCH_PVC.buildS, queueS: SINGLE_ARCH_PVC.queueS });
    expect(row(table, "shared").prefetchS).toBe(SINGLE_ARCH_PVC.prefetchS);
  });

  test("a skipped prefetch keeps the strategy, is noted, and leaves the prefetch cell null", async ({ request }) => {
    const name = component("static-site");
    const run = skippedPrefetchRun({ component: name, base: BASE, how: "when-expression" });
    const result = await ingested(await post(request, runListFile(`${name}.json`, run), "application/json"));
    expect(result.runs[0]!.strategy).toBe("ta-shared");
    const detail = await runDetail(request, result.runs[0]!.id);
    expect(detail.notes).toContain("prefetch skipped (prefetch-dependencies: When Expressions evaluated to false)");
    expect(detail.measurements.filter((m) => m.phase === "prefetch")).toEqual([]);
    const table = await costTable(request, name);
    expect(row(table, "amd64")).toMatchObject({ buildS: 95, prefetchS: null });
    expect(table.rows.every((r) => r.prefetchS === null)).toBe(true);
    expect(table.total.prefetchS).toBeNull();
  });
});

test.describe("2. TaskRuns without their PipelineRun", () => {
  test("TaskRuns alone make a taskruns-only run; the same file again is a duplicate; the PipelineRun completes it", async ({
    request,
  }) => {
    const name = component("ledger-tr-only");
    const run = singleArchTaRun({ component: name, base: BASE });
    const taskRuns = jsonFile("taskruns.json", taskRunObjects(run));
    const first = await ingested(await post(request, taskRuns, "application/json"));
    expect(first.runs).toEqual([expect.objectContaining({ name: run.name, component: name })]);
    expect(first.warnings.join("\n")).toContain("the PipelineRun object was missing");
    const runId = first.runs[0]!.id;
    let detail = await runDetail(request, runId);
    expect(detail).toMatchObject({
      origin: "taskruns-only",
      uid: run.uid,
      namespace: run.namespace,
      eventType: "push",
    });
    expect(detail.status).toBe("Succeeded");
    expect(detail.startTime).toBe(new Date(BASE + SINGLE_ARCH_TA.firstTaskRunStart * 1000).toISOString());
    expect(detail.completionTime).toBe(new Date(BASE + SINGLE_ARCH_TA.lastTaskRunEnd * 1000).toISOString());

    const again = await ingested(await post(request, taskRuns, "application/json"), 200);
    expect(again.upload).toEqual({ ...first.upload, status: "duplicate" });
    expect(again.runs.map((r) => r.id)).toEqual([runId]);

    const completed = await ingested(
      await post(request, jsonFile("pipelinerun.json", pipelineRunObject(run)), "application/json"),
    );
    expect(completed.runs.map((r) => r.id)).toEqual([runId]);
    detail = await runDetail(request, runId);
    expect(detail.origin).toBe("tekton");
    expect(detail.completionTime).toBe(new Date(BASE + SINGLE_ARCH_TA.runEnd * 1000).toISOString());
    expect(detail.taskRuns).toHaveLength(SINGLE_ARCH_TA.taskRunCount);
    const table = await costTable(request, name);
    expect(table.runs).toBe(1);
    expect(row(table, "amd64").buildS).toBe(95);
  });
});

test.describe("3. JSON Lines and mixed kinds", () => {
  test("a .jsonl export with a PipelineRun, TaskRuns, Pods and an Event is read; the other kinds are counted", async ({
    request,
  }) => {
    const name = component("ledger-jsonl");
    const run = singleArchTaRun({ component: name, base: BASE });
    const byTask = (task: string) => run.taskRuns.find((t) => t.pipelineTask === task)!;
    const objects = [
      ...runObjects(run),
      podOf(run, byTask("init")),
      podOf(run, byTask("build-container")),
      runEvent(run),
    ];
    const result = await ingested(
      await post(request, jsonLinesFile("export.jsonl", objects), "application/octet-stream"),
    );
    expect(result.files).toEqual([expect.objectContaining({ name: "export.jsonl", kind: "tekton", status: "ok" })]);
    expect(result.files[0]!.message).toContain("skipped: 2 Pod, 1 Event");
    expect(row(await costTable(request, name), "amd64").buildS).toBe(95);
  });

  test("a bare JSON array mixing kinds is read the same way", async ({ request }) => {
    const name = component("ledger-array");
    const run = singleArchTaRun({ component: name, base: BASE });
    const objects = [...runObjects(run), podOf(run, run.taskRuns[0]!), runEvent(run)];
    const result = await ingested(await post(request, jsonFile("objects.json", objects), "application/json"));
    expect(result.files[0]!.message).toContain("skipped: 1 Pod, 1 Event");
    expect(result.runs).toHaveLength(1);
  });
});

test.describe("4. templates and definitions", () => {
  test("a .tekton template alone is a 422 saying it is a template, not a run", async ({ request }) => {
    const name = component("ledger-template");
    const error = await rejected(
      await post(request, yamlFile(`${name}-pull-request.yaml`, [pacTemplate(name)]), "application/yaml"),
    );
    expect(error.code).toBe("unprocessable");
    expect(error.message).toContain("holds only PipelineRun templates (no status)");
    expect(error.message).toContain("not runs");
    expect(error.details?.files?.[0]).toMatchObject({ kind: "template" });
    expect(error.details?.files?.[0]?.message).toContain("patch mode");
    expect((await request.get(`/api/components/${name}/table`)).status()).toBe(404);
  });

  test("a Pipeline and Task definition alone is a 422 naming definitions", async ({ request }) => {
    const error = await rejected(await post(request, yamlFile("pipeline.yaml", definitions()), "application/yaml"));
    expect(error.message).toContain("Pipeline/Task definitions, not runs");
    expect(error.details?.files?.[0]).toMatchObject({ kind: "definition" });
  });
});

test.describe("5. kindless objects, v1alpha1 and tekton.dev/v2", () => {
  test("kindless (Tekton Chains style) objects are read by their shape", async ({ request }) => {
    const name = component("ledger-chains");
    const run = singleArchTaRun({ component: name, base: BASE });
    const result = await ingested(
      await post(request, jsonFile("chains.json", runObjects(run, { kindless: true })), "application/json"),
    );
    expect(result.files[0]!.message).toContain("7 without apiVersion/kind, read by their shape");
    expect(row(await costTable(request, name), "amd64").buildS).toBe(95);
  });

  test("a tekton.dev/v1alpha1 run is read", async ({ request }) => {
    const name = component("legacy-portal");
    const result = await ingested(
      await post(
        request,
        yamlFile("legacy.yaml", v1alpha1Objects({ component: name, base: BASE })),
        "application/yaml",
      ),
    );
    expect(result.runs).toEqual([
      expect.objectContaining({ component: name, strategy: "pvc-shared", arches: ["amd64"] }),
    ]);
    const detail = await runDetail(request, result.runs[0]!.id);
    expect(detail.taskRuns.find((t) => t.role === "build")).toMatchObject({ platform: "localhost", arch: "amd64" });
  });

  test("an upload of only a tekton.dev/v2 PipelineRun is a 422 naming the version", async ({ request }) => {
    const run = v2PipelineRun({ component: component("future-service"), base: BASE });
    const error = await rejected(await post(request, jsonFile("future.json", run), "application/json"));
    expect(error.message).toContain("tekton.dev/v2");
  });
});

test.describe("6. impossible timestamps", () => {
  test("impossible times are dropped with notes naming TaskRun and step; nothing negative or absurd is stored", async ({
    request,
  }) => {
    const name = component("clock-skew");
    const run = impossibleTimestampsRun({ component: name, base: BASE });
    const result = await ingested(await post(request, runListFile("clock-skew.json", run), "application/json"));
    const detail = await runDetail(request, result.runs[0]!.id);
    const notes = detail.notes.join("\n");
    expect(notes).toContain(`TaskRun ${run.name}-prefetch-dependencies step prefetch-dependencies lasts`);
    expect(notes).toContain(
      `TaskRun ${run.name}-build-container step build ends ${IMPOSSIBLE.buildStepBackwardsS} s before it starts`,
    );
    expect(notes).toContain(`TaskRun ${run.name}-build-container step use-trusted-artifact finish`);
    expect(notes).toContain(
      `TaskRun ${run.name}-build-image-index ends ${IMPOSSIBLE.indexBackwardsS} s before it starts`,
    );
    for (const m of detail.measurements) {
      if (m.seconds === null) continue;
      expect(m.seconds).toBeGreaterThanOrEqual(0);
      expect(m.seconds).toBeLessThanOrEqual(172_800);
    }
    expect(detail.measurements.map((m) => `${m.arch} ${m.phase} ${m.seconds}`).sort()).toEqual(
      [`amd64 queue ${IMPOSSIBLE.queueS}`, `shared create-upload ${IMPOSSIBLE.createUploadS}`].sort(),
    );
    expect(detail.status).toBe("Succeeded");
    expect(row(await costTable(request, name), "amd64")).toMatchObject({ buildS: null, queueS: IMPOSSIBLE.queueS });
  });
});

test.describe("7. logs and lockfiles on their own", () => {
  test("a tkn log uploaded after its remote multi-arch run adds the arm64 rsync and build times", async ({
    request,
  }) => {
    const name = component("ledger-gateway");
    const run: RunSpec = multiArchRemoteRun({ component: name, base: BASE });
    const first = await ingested(await post(request, runListFile(`${name}.json`, run), "application/json"));
    expect(first.runs[0]).toMatchObject({ strategy: "ta-shared", arches: ["amd64", "arm64", "ppc64le"] });
    let table = await costTable(request, name);
    expect(row(table, "arm64")).toMatchObject({ buildS: null, rsyncS: null });
    expect(row(table, "amd64").buildS).toBe(MULTI_ARCH.amd64.buildS);

    const arm64 = MULTI_ARCH.remote[0]!;
    const taskRunName = multiArchTaskRunName(run, arm64.index);
    const logs = await ingested(
      await post(
        request,
        textFile(`${taskRunName}.log`, tknTaskRunLog(run.base, arm64, `quay.io/x/${name}:1`)),
        "text/plain",
      ),
    );
    expect(logs.runs.map((r) => r.id)).toEqual([first.runs[0]!.id]);
    table = await costTable(request, name);
    const phases = remotePhases(arm64.marks);
    expect(row(table, "arm64").rsyncS).toBeCloseTo(phases.rsyncS, 3);
    expect(row(table, "arm64").buildS).toBeCloseTo(phases.buildS, 3);
    expect(row(table, "ppc64le").buildS).toBeNull();
    expect(table.runs).toBe(1);
  });

  test("logs of an unknown TaskRun are a 422 naming it", async ({ request }) => {
    const taskRunName = `${component("nobody")}-on-push-abcde-build-images-1`;
    const error = await rejected(
      await post(
        request,
        textFile(`${taskRunName}.log`, tknTaskRunLog(BASE, MULTI_ARCH.remote[0]!, "quay.io/x/y:z")),
        "text/plain",
      ),
    );
    expect(error.message).toContain(taskRunName);
  });

  test("a 4-arch rpms.lock.yaml with ?component= is the component's planned payload; without one it is a 422", async ({
    request,
  }) => {
    const name = component("ledger-planned");
    const lockfile = textFile("rpms.lock.yaml", rpmsLockYaml());
    const result = await ingested(await post(request, lockfile, "application/yaml", `?component=${name}`));
    expect(result.runs).toEqual([]);
    expect(result.planned?.component).toBe(name);
    expect(Object.fromEntries(result.planned!.rows.map((r) => [r.arch, r.bytes]))).toEqual(LOCKFILE_BYTES);
    expect(result.planned!.rows.every((r) => r.source === "lockfile")).toBe(true);
    expect((await request.get(`/api/components/${name}/table`)).status()).toBe(200);

    const viaForm = await ingested(
      await request.post("/api/bundles", {
        multipart: {
          file: { name: "rpms.lock.yaml", mimeType: "application/yaml", buffer: lockfile.bytes },
          component: component("ledger-planned-form"),
        },
      }),
    );
    expect(viaForm.planned?.component).toBe(component("ledger-planned-form"));

    const error = await rejected(await post(request, lockfile, "application/yaml"));
    expect(error.message).toContain("say which component");
  });
});

test.describe("8. component fallbacks", () => {
  const cases: { evidence: ComponentEvidence; stem: string }[] = [
    { evidence: "konflux-build-label", stem: "fb-konflux-label" },
    { evidence: "pac-original-prname", stem: "fb-original-prname" },
    { evidence: "pac-repository", stem: "fb-repository" },
    { evidence: "tekton-pipeline", stem: "fb-pipeline" },
    { evidence: "generate-name", stem: "fb-generate-name" },
    { evidence: "run-name", stem: "fb-run-name" },
  ];
  for (const { evidence, stem } of cases) {
    test(`a run with only ${evidence} is filed under ${stem}`, async ({ request }) => {
      const name = component(stem);
      const run = labelledRun(evidence, name, { base: BASE });
      const result = await ingested(await post(request, runListFile(`${name}.json`, run), "application/json"));
      expect(result.runs).toEqual([expect.objectContaining({ name: run.name, component: name })]);
      expect(row(await costTable(request, name), "amd64").buildS).toBe(MINIMAL_BUILD_S);
    });
  }
});

test.describe("9. request bodies and archives", () => {
  test("an application/x-www-form-urlencoded body (curl --data-binary) is ingested like octet-stream", async ({
    request,
  }) => {
    const name = component("ledger-curl");
    const run = singleArchTaRun({ component: name, base: BASE });
    const result = await ingested(
      await post(request, runListFile("run.json", run), "application/x-www-form-urlencoded"),
    );
    expect(result.files).toEqual([expect.objectContaining({ name: "run.json", kind: "tekton" })]);
    expect(row(await costTable(request, name), "amd64").buildS).toBe(95);
  });

  test("folder entries of a tar.gz are not listed among the upload's files", async ({ request }) => {
    const name = component("ledger-archive");
    const run = singleArchTaRun({ component: name, base: BASE });
    const archive = await tarGzFile("export.tar.gz", [
      { path: "export/" },
      { path: "export/objects/" },
      { path: "export/objects/run.json", content: JSON.stringify(runObjects(run)) },
      { path: "export/logs/" },
      { path: `export/logs/${run.name}-build-container/` },
      { path: `export/logs/${run.name}-build-container/step-build.log`, content: "STEP 1/2: FROM ubi9\nCOMMIT\n" },
    ]);
    const result = await ingested(await post(request, archive, "application/gzip"));
    expect(result.files.map((f) => f.name)).toEqual([
      "export/objects/run.json",
      `export/logs/${run.name}-build-container/step-build.log`,
    ]);
    expect(result.runs).toHaveLength(1);
  });
});
