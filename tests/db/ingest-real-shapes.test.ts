// Uploads in the shapes real clusters and tools produce (tests/fixtures/real-shapes), ingested for real on SQLite and
// PostgreSQL: single-arch builds, TaskRuns without their PipelineRun, JSON Lines and mixed kinds, PaC templates,
// kindless and other apiVersions, impossible timestamps, logs or a lockfile uploaded on their own, component
// fallbacks and odd request bodies. Each test asserts the numbers a correct ingester derives.
import { afterEach, describe, expect, it } from "vitest";
import { getCostTable } from "@/lib/queries/get-cost-table";
import type { CostRow, CostTable } from "@/lib/queries/cost-table.types";
import type { Db } from "@/lib/db/connect";
import type { StoreBundleResult } from "@/lib/db/store-bundle";
import { AppError } from "@/lib/errors";
import { receiveUploadRequest } from "@/lib/http/receive-upload";
import type { FileSummary } from "@/lib/domain/upload";
import { ingestSpooled, type IngestOptions } from "@/lib/pipeline/ingest-upload";
import { DEFAULT_ARCHIVE_LIMITS } from "@/lib/ingest/types";
import {
  definitions,
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
  V1ALPHA1,
  v1alpha1Objects,
  v2PipelineRun,
  withoutRunLabels,
  type ComponentEvidence,
  type SkippedPrefetchHow,
} from "../fixtures/real-shapes/konflux";
import {
  LOCKFILE_BYTES,
  MANIFEST_LAYER_BYTES,
  prefetchManifestJson,
  rpmsLockYaml,
} from "../fixtures/real-shapes/lockfile";
import { buildStepLog, tknTaskRunLog } from "../fixtures/real-shapes/logs";
import {
  isoAt,
  kubectlList,
  pipelineRunObject,
  runObjects,
  taskRunObjects,
  type Json,
  type RunSpec,
} from "../fixtures/real-shapes/tekton";
import {
  concatenatedJsonFile,
  jsonFile,
  jsonLinesFile,
  runListFile,
  tarGzFile,
  textFile,
  yamlFile,
  yamlText,
  type ShapeFile,
} from "../fixtures/real-shapes/write";
import { DATABASE_KINDS, migratedDatabase, type DatabaseKind } from "./support";
import { spooled } from "./support-ingest";

const NOW = new Date("2026-12-01T00:00:00Z");
const BASE_OPTIONS: IngestOptions = { now: NOW, clusterArch: "amd64" };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function freshDb(kind: DatabaseKind): Promise<Db> {
  const database = await migratedDatabase(kind);
  cleanups.push(database.cleanup);
  return database.db;
}

function ingest(db: Db, files: ShapeFile[], options: IngestOptions = {}): Promise<StoreBundleResult> {
  return spooled(files).then((parts) =>
    ingestSpooled(db, parts, DEFAULT_ARCHIVE_LIMITS, { ...BASE_OPTIONS, ...options }),
  );
}

async function rejection(db: Db, files: ShapeFile[], options: IngestOptions = {}): Promise<AppError> {
  const error = await ingest(db, files, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function storedRun(db: Db, id: number) {
  return db.pipelineRun.findUniqueOrThrow({
    where: { id },
    include: {
      component: true,
      taskRuns: { include: { steps: { orderBy: { id: "asc" } } }, orderBy: { id: "asc" } },
    },
  });
}

const notesOf = (run: { notes: string }) => JSON.parse(run.notes) as string[];

/** `arch phase seconds bytes source`, sorted: the run's measurements as a comparable set. */
async function measurementsOf(db: Db, runId: number): Promise<string[]> {
  const rows = await db.measurement.findMany({ where: { pipelineRunId: runId } });
  return rows
    .map((m) => {
      const seconds = m.seconds === null ? "-" : String(Math.round(m.seconds * 1000) / 1000);
      const bytes = m.bytes === null ? "-" : String(m.bytes);
      return `${m.arch} ${m.phase} ${seconds} ${bytes} ${m.source}`;
    })
    .sort();
}

async function costTable(db: Db, component: string): Promise<CostTable> {
  const table = await getCostTable(db, component, { stat: "median" });
  expect(table, `cost table of ${component}`).not.toBeNull();
  return table!;
}

function row(table: CostTable, arch: string): CostRow {
  const found = table.rows.find((r) => r.arch === arch);
  expect(found, `row ${arch} of ${table.component} (rows: ${table.rows.map((r) => r.arch).join(", ")})`).toBeDefined();
  return found!;
}

function taskRunNamed<T extends { name: string }>(taskRuns: T[], name: string): T {
  const found = taskRuns.find((t) => t.name === name);
  expect(found, `TaskRun ${name}`).toBeDefined();
  return found!;
}

const at = (run: RunSpec, seconds: number) => new Date(isoAt(run.base, seconds));
const hasWarning = (result: StoreBundleResult, fragment: string) => result.warnings.some((w) => w.includes(fragment));
const SINGLE_ARCH_REASON = "single-arch: shared and split coincide";

/** The measurements the single-arch docker-build-oci-ta run stores, arch "amd64" for the build. */
function singleArchTaMeasurements(buildArch = "amd64"): string[] {
  return [
    `shared prefetch ${SINGLE_ARCH_TA.prefetchS} - step-timestamps`,
    `shared create-upload ${SINGLE_ARCH_TA.createUploadS} - step-timestamps`,
    `${buildArch} restore ${SINGLE_ARCH_TA.restoreS} - step-timestamps`,
    `${buildArch} build ${SINGLE_ARCH_TA.buildS} - step-timestamps`,
    `${buildArch} queue ${SINGLE_ARCH_TA.queueS} - step-timestamps`,
  ].sort();
}

// ---------------------------------------------------------------------------------------------------------------
describe.each(DATABASE_KINDS)("1. single-arch builds on %s", (kind) => {
  it("a docker-build-oci-ta run: build-container is amd64 (CLUSTER_ARCH) with its 95 s build step, ta-shared", async () => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-api" });
    const result = await ingest(db, [runListFile("ledger-api-run.json", run)]);

    expect(result.upload.status).toBe("ingested");
    expect(result.runs).toEqual([
      expect.objectContaining({ name: run.name, component: "ledger-api", strategy: "ta-shared", arches: ["amd64"] }),
    ]);
    expect(result.files).toEqual([
      expect.objectContaining({ name: "ledger-api-run.json", kind: "tekton", status: "ok" }),
    ]);
    const stored = await storedRun(db, result.runs[0]!.id);
    expect({
      uid: stored.uid,
      namespace: stored.namespace,
      origin: stored.origin,
      component: stored.component.name,
      application: stored.component.application,
      eventType: stored.eventType,
      status: stored.status,
      strategy: stored.strategy,
      platforms: stored.platforms,
      startTime: stored.startTime,
      completionTime: stored.completionTime,
    }).toEqual({
      uid: run.uid,
      namespace: run.namespace,
      origin: "tekton",
      component: "ledger-api",
      application: "ledger-api-app",
      eventType: "push",
      status: "Succeeded",
      strategy: "ta-shared",
      platforms: "amd64",
      startTime: at(run, SINGLE_ARCH_TA.runStart),
      completionTime: at(run, SINGLE_ARCH_TA.runEnd),
    });
    expect(stored.strategyReason).toMatch(/^single-arch: shared and split coincide; Trusted Artifacts/);
    // build-source-image was skipped by its when expression: that is not a skipped prefetch.
    expect(notesOf(stored)).toEqual([]);
    expect(stored.taskRuns).toHaveLength(SINGLE_ARCH_TA.taskRunCount);
    const build = taskRunNamed(stored.taskRuns, `${run.name}-build-container`);
    expect(build).toMatchObject({
      arch: "amd64",
      archEvidence: "CLUSTER_ARCH",
      role: "build",
      taskName: "buildah-oci-ta",
      platform: null,
      queueSeconds: SINGLE_ARCH_TA.queueS,
    });
    expect(taskRunNamed(stored.taskRuns, `${run.name}-prefetch-dependencies`)).toMatchObject({
      arch: "shared",
      role: "prefetch",
      taskName: "prefetch-dependencies-oci-ta",
    });
    expect(taskRunNamed(stored.taskRuns, `${run.name}-build-image-index`)).toMatchObject({ role: "other", arch: null });
    expect(await measurementsOf(db, stored.id)).toEqual(singleArchTaMeasurements());

    // The acceptance check: the cost table shows amd64 with a 95 s build.
    const table = await costTable(db, "ledger-api");
    expect(table.runs).toBe(1);
    expect(row(table, "amd64")).toMatchObject({
      buildS: 95,
      restoreS: SINGLE_ARCH_TA.restoreS,
      queueS: SINGLE_ARCH_TA.queueS,
      prefetchS: null,
      sizeBytes: null,
      rsyncS: null,
      n: 1,
    });
    expect(row(table, "shared")).toMatchObject({
      prefetchS: SINGLE_ARCH_TA.prefetchS,
      createUploadS: SINGLE_ARCH_TA.createUploadS,
      buildS: null,
    });
    expect(row(table, "amd64").sources.buildS).toEqual(["step-timestamps"]);
  });

  it("a build-platforms param naming one platform gives the arch, also when PLATFORM is localhost", async () => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-arm", buildPlatforms: ["linux/arm64"], platform: "localhost" });
    const result = await ingest(db, [runListFile("ledger-arm.json", run)]);
    expect(result.runs.map((r) => r.arches)).toEqual([["arm64"]]);
    const stored = await storedRun(db, result.runs[0]!.id);
    expect(taskRunNamed(stored.taskRuns, `${run.name}-build-container`)).toMatchObject({
      arch: "arm64",
      archEvidence: "build-platforms",
      platform: "localhost",
    });
    expect(stored.strategy).toBe("ta-shared");
    expect(stored.strategyReason!.startsWith(SINGLE_ARCH_REASON)).toBe(true);
    expect(await measurementsOf(db, stored.id)).toEqual(singleArchTaMeasurements("arm64"));
    const table = await costTable(db, "ledger-arm");
    expect(row(table, "arm64").buildS).toBe(95);
    expect(table.rows.some((r) => r.arch === "amd64")).toBe(false);
  });

  it("build-platforms naming two platforms leaves a local build on CLUSTER_ARCH", async () => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-s390x", buildPlatforms: ["linux/x86_64", "linux/arm64"] });
    const result = await ingest(db, [runListFile("ledger-s390x.json", run)], { clusterArch: "s390x" });
    const stored = await storedRun(db, result.runs[0]!.id);
    expect(taskRunNamed(stored.taskRuns, `${run.name}-build-container`)).toMatchObject({
      arch: "s390x",
      archEvidence: "CLUSTER_ARCH",
    });
    expect(stored.platforms).toBe("s390x");
    expect(row(await costTable(db, "ledger-s390x"), "s390x").buildS).toBe(95);
  });

  it("a docker-build run with clone, prefetch and build on one PVC is pvc-shared, without hazards", async () => {
    const db = await freshDb(kind);
    const run = singleArchPvcRun({ component: "ledger-worker" });
    const result = await ingest(db, [runListFile("ledger-worker.json", run)]);
    expect(result.runs).toEqual([expect.objectContaining({ strategy: "pvc-shared", arches: ["amd64"] })]);
    const stored = await storedRun(db, result.runs[0]!.id);
    expect(stored.strategy).toBe("pvc-shared");
    expect(stored.strategyReason).toBe(
      "single-arch: shared and split coincide; PVC workspaces: 1 build(s) on 1 volume(s), 1 prefetch task(s)",
    );
    expect(JSON.parse(stored.hazards)).toEqual([]);
    expect(taskRunNamed(stored.taskRuns, `${run.name}-build-container`)).toMatchObject({
      arch: "amd64",
      archEvidence: "CLUSTER_ARCH",
      role: "build",
      taskName: "buildah",
    });
    expect(await measurementsOf(db, stored.id)).toEqual(
      [
        `shared prefetch ${SINGLE_ARCH_PVC.prefetchS} - step-timestamps`,
        `amd64 build ${SINGLE_ARCH_PVC.buildS} - step-timestamps`,
        `amd64 queue ${SINGLE_ARCH_PVC.queueS} - step-timestamps`,
      ].sort(),
    );
    const table = await costTable(db, "ledger-worker");
    expect(row(table, "amd64")).toMatchObject({ buildS: 95, queueS: SINGLE_ARCH_PVC.queueS, restoreS: null });
    expect(row(table, "shared").prefetchS).toBe(SINGLE_ARCH_PVC.prefetchS);
  });

  const skippedCases: { how: SkippedPrefetchHow; note: string }[] = [
    { how: "when-expression", note: "prefetch skipped (prefetch-dependencies: When Expressions evaluated to false)" },
    { how: "no-taskrun", note: "prefetch skipped (prefetch-input is empty)" },
    { how: "empty-input", note: "prefetch skipped (empty prefetch input)" },
  ];
  it.each(skippedCases)(
    "a skipped prefetch ($how) keeps ta-shared, notes it, and stores no prefetch time (null, not 0)",
    async ({ how, note }) => {
      const db = await freshDb(kind);
      const component = `static-site-${how}`;
      const run = skippedPrefetchRun({ component, how });
      const result = await ingest(db, [runListFile(`${component}.json`, run)]);
      const stored = await storedRun(db, result.runs[0]!.id);
      expect(stored.strategy).toBe("ta-shared");
      expect(stored.strategyReason!.startsWith(SINGLE_ARCH_REASON)).toBe(true);
      expect(notesOf(stored)).toContain(note);
      expect(notesOf(stored).filter((n) => n.includes("prefetch skipped"))).toHaveLength(1);
      const measurements = await measurementsOf(db, stored.id);
      expect(measurements.filter((m) => / (prefetch|create-upload) /.test(m))).toEqual([]);
      expect(measurements).toEqual(
        [
          `amd64 restore ${SINGLE_ARCH_TA.restoreS} - step-timestamps`,
          `amd64 build ${SINGLE_ARCH_TA.buildS} - step-timestamps`,
          `amd64 queue ${SINGLE_ARCH_TA.queueS} - step-timestamps`,
        ].sort(),
      );
      const table = await costTable(db, component);
      expect(row(table, "amd64")).toMatchObject({ buildS: 95, prefetchS: null });
      expect(table.rows.every((r) => r.prefetchS === null)).toBe(true);
      expect(table.total.prefetchS).toBeNull();
    },
  );
});

// ---------------------------------------------------------------------------------------------------------------
describe.each(DATABASE_KINDS)("2. TaskRuns without their PipelineRun on %s", (kind) => {
  it("a bare JSON array of TaskRuns is stored as one run of origin taskruns-only, named by its labels", async () => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-tr-only" });
    const result = await ingest(db, [jsonFile("taskruns.json", taskRunObjects(run))]);
    expect(result.runs).toHaveLength(1);
    expect(hasWarning(result, "the PipelineRun object was missing")).toBe(true);
    const stored = await storedRun(db, result.runs[0]!.id);
    expect({
      name: stored.name,
      namespace: stored.namespace,
      uid: stored.uid,
      origin: stored.origin,
      component: stored.component.name,
      application: stored.component.application,
      eventType: stored.eventType,
      status: stored.status,
      startTime: stored.startTime,
      completionTime: stored.completionTime,
      strategy: stored.strategy,
    }).toEqual({
      name: run.name,
      namespace: run.namespace,
      uid: run.uid,
      origin: "taskruns-only",
      component: "ledger-tr-only",
      application: "ledger-tr-only-app",
      eventType: "push",
      status: "Succeeded",
      startTime: at(run, SINGLE_ARCH_TA.firstTaskRunStart),
      completionTime: at(run, SINGLE_ARCH_TA.lastTaskRunEnd),
      strategy: "ta-shared",
    });
    expect(notesOf(stored).some((n) => n.includes("the PipelineRun object was missing"))).toBe(true);
    expect(await measurementsOf(db, stored.id)).toEqual(singleArchTaMeasurements());
    expect(await db.pipelineRun.count()).toBe(1);
  });

  it("a run built from TaskRuns failed when one of them failed, and ended with the last of them", async () => {
    const db = await freshDb(kind);
    const base = singleArchTaRun({ component: "ledger-tr-failed" });
    const run: RunSpec = {
      ...base,
      taskRuns: base.taskRuns.map((tr) =>
        tr.pipelineTask === "apply-tags"
          ? {
              ...tr,
              failed: true,
              steps: tr.steps.map((s, i) => (i === tr.steps.length - 1 ? { ...s, exitCode: 1 } : s)),
            }
          : tr,
      ),
    };
    const result = await ingest(db, [jsonFile("taskruns.json", taskRunObjects(run))]);
    const stored = await storedRun(db, result.runs[0]!.id);
    expect(stored).toMatchObject({ origin: "taskruns-only", status: "Failed" });
    expect(stored.completionTime).toEqual(at(run, SINGLE_ARCH_TA.lastTaskRunEnd));
    expect(taskRunNamed(stored.taskRuns, `${run.name}-apply-tags`).status).toBe("Failed");
  });

  it("a kubectl List of TaskRuns that name their run only by ownerReferences is grouped into one run", async () => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-owner-refs" });
    const result = await ingest(db, [
      jsonFile("taskruns-list.json", kubectlList(withoutRunLabels(taskRunObjects(run)))),
    ]);
    expect(result.runs).toHaveLength(1);
    const stored = await storedRun(db, result.runs[0]!.id);
    expect(stored).toMatchObject({ name: run.name, uid: run.uid, namespace: run.namespace, origin: "taskruns-only" });
    expect(stored.component.name).toBe("ledger-owner-refs");
    expect(stored.taskRuns).toHaveLength(SINGLE_ARCH_TA.taskRunCount);
    expect(row(await costTable(db, "ledger-owner-refs"), "amd64").buildS).toBe(95);
  });

  it("the same TaskRuns file again is a duplicate; the PipelineRun uploaded later completes the same run", async () => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-completed" });
    const taskRunsFile = jsonFile("taskruns.json", taskRunObjects(run));
    const first = await ingest(db, [taskRunsFile]);
    const runId = first.runs[0]!.id;
    const measurementsBefore = await measurementsOf(db, runId);

    const again = await ingest(db, [taskRunsFile]);
    expect(again.upload).toEqual({ id: first.upload.id, sha256: first.upload.sha256, status: "duplicate" });
    expect(again.runs.map((r) => r.id)).toEqual([runId]);
    expect(await db.pipelineRun.count()).toBe(1);
    expect(await db.upload.count()).toBe(1);

    const completed = await ingest(db, [jsonFile("pipelinerun.json", pipelineRunObject(run))]);
    expect(completed.upload.status).toBe("ingested");
    expect(completed.runs.map((r) => r.id)).toEqual([runId]);
    expect(await db.pipelineRun.count()).toBe(1);
    const stored = await storedRun(db, runId);
    expect(stored).toMatchObject({ origin: "tekton", uid: run.uid, name: run.name, strategy: "ta-shared" });
    expect(stored.startTime).toEqual(at(run, SINGLE_ARCH_TA.runStart));
    expect(stored.completionTime).toEqual(at(run, SINGLE_ARCH_TA.runEnd));
    expect(stored.taskRuns).toHaveLength(SINGLE_ARCH_TA.taskRunCount);
    expect(notesOf(stored).some((n) => n.includes("PipelineRun object was missing"))).toBe(false);
    expect(await measurementsOf(db, runId)).toEqual(measurementsBefore);
    expect(row(await costTable(db, "ledger-completed"), "amd64").buildS).toBe(95);
  });

  it("TaskRuns carrying only the run's name are completed by the PipelineRun of that name and namespace", async () => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-by-name" });
    const byNameOnly = taskRunObjects(run).map((tr) => {
      const metadata = tr.metadata as Json & { labels: Record<string, string> };
      const { "tekton.dev/pipelineRunUID": _uid, ...labels } = metadata.labels;
      const { ownerReferences: _owners, ...rest } = metadata;
      return { ...tr, metadata: { ...rest, labels } };
    });
    const first = await ingest(db, [jsonFile("taskruns.json", byNameOnly)]);
    const runId = first.runs[0]!.id;
    expect(await storedRun(db, runId)).toMatchObject({ name: run.name, uid: null, origin: "taskruns-only" });

    const completed = await ingest(db, [jsonFile("pipelinerun.json", pipelineRunObject(run))]);
    expect(completed.runs.map((r) => r.id)).toEqual([runId]);
    expect(await db.pipelineRun.count()).toBe(1);
    expect(await storedRun(db, runId)).toMatchObject({ uid: run.uid, origin: "tekton" });
    expect(await measurementsOf(db, runId)).toEqual(singleArchTaMeasurements());
  });
});

// ---------------------------------------------------------------------------------------------------------------
function mixedObjects(run: RunSpec): Json[] {
  const byTask = (pipelineTask: string) => run.taskRuns.find((t) => t.pipelineTask === pipelineTask)!;
  const [pipelineRun, ...taskRuns] = runObjects(run);
  return [
    pipelineRun!,
    ...taskRuns.slice(0, 3),
    podOf(run, byTask("init")),
    ...taskRuns.slice(3),
    podOf(run, byTask("build-container")),
    runEvent(run),
  ];
}

describe.each(DATABASE_KINDS)("3. JSON arrays, JSON Lines, concatenated JSON and mixed kinds on %s", (kind) => {
  const formats: { label: string; file: (run: RunSpec) => ShapeFile }[] = [
    { label: "JSON Lines (.jsonl)", file: (run) => jsonLinesFile("export.jsonl", mixedObjects(run)) },
    { label: "JSON Lines (.ndjson)", file: (run) => jsonLinesFile("export.ndjson", mixedObjects(run)) },
    { label: "JSON Lines without an extension", file: (run) => jsonLinesFile("pipelinerun-dump", mixedObjects(run)) },
    {
      label: "concatenated JSON (jq without -c)",
      file: (run) => concatenatedJsonFile("objects.json", mixedObjects(run)),
    },
    { label: "a bare JSON array", file: (run) => jsonFile("objects.json", mixedObjects(run)) },
    { label: "a kubectl List", file: (run) => jsonFile("list.json", kubectlList(mixedObjects(run))) },
  ];
  it.each(formats)("$label with a PipelineRun, TaskRuns, Pods and an Event", async ({ file }) => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-mixed" });
    const upload = file(run);
    const result = await ingest(db, [upload]);
    expect(result.runs).toHaveLength(1);
    expect(result.files).toHaveLength(1);
    const summary = result.files[0]!;
    expect(summary).toMatchObject({ name: upload.filename, kind: "tekton", status: "ok" });
    expect(summary.message).toContain("1 PipelineRun(s), 6 TaskRun(s)");
    expect(summary.message).toContain("skipped: 2 Pod, 1 Event");
    const stored = await storedRun(db, result.runs[0]!.id);
    expect(stored.origin).toBe("tekton");
    expect(stored.taskRuns).toHaveLength(SINGLE_ARCH_TA.taskRunCount);
    expect(await measurementsOf(db, stored.id)).toEqual(singleArchTaMeasurements());
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe.each(DATABASE_KINDS)("4. PipelineRun templates and definitions on %s", (kind) => {
  it("an upload of only .tekton templates and definitions is a 422 saying it holds no runs", async () => {
    const db = await freshDb(kind);
    const files = [
      yamlFile("ledger-api-pull-request.yaml", [pacTemplate("ledger-api")]),
      yamlFile("ledger-api-push.yaml", [pacTemplate("ledger-api", { event: "push", emptyStatus: true })]),
      yamlFile("pipeline.yaml", definitions()),
    ];
    const error = await rejection(db, files);
    expect(error.status).toBe(422);
    expect(error.code).toBe("unprocessable");
    expect(error.message).toContain(
      "holds only PipelineRun templates (no status) and Pipeline/Task definitions, not runs",
    );
    const summaries = (error.details as { files: FileSummary[] }).files;
    expect(summaries.map((f) => [f.name, f.kind])).toEqual([
      ["ledger-api-pull-request.yaml", "template"],
      ["ledger-api-push.yaml", "template"],
      ["pipeline.yaml", "definition"],
    ]);
    expect(summaries[0]!.message).toContain("patch mode");
    expect(summaries[2]!.message).toContain("Pipeline docker-build-oci-ta, Task buildah-oci-ta");
    expect(await db.pipelineRun.count()).toBe(0);
    expect(await db.upload.count()).toBe(0);
  });

  it("a repository's .tekton folder in a tar.gz is a 422 listing the templates, not the folder", async () => {
    const db = await freshDb(kind);
    const archive = await tarGzFile("tekton-dir.tar.gz", [
      { path: ".tekton/" },
      { path: ".tekton/ledger-api-pull-request.yaml", content: yamlText([pacTemplate("ledger-api")]) },
      {
        path: ".tekton/ledger-api-push.yaml",
        content: yamlText([pacTemplate("ledger-api", { event: "push", emptyStatus: true })]),
      },
    ]);
    const error = await rejection(db, [archive]);
    expect(error.status).toBe(422);
    expect(error.message).toContain("not runs");
    expect((error.details as { files: FileSummary[] }).files.map((f) => [f.name, f.kind])).toEqual([
      [".tekton/ledger-api-pull-request.yaml", "template"],
      [".tekton/ledger-api-push.yaml", "template"],
    ]);
  });

  it("only a template: the 422 names templates and the generator's patch mode", async () => {
    const db = await freshDb(kind);
    const error = await rejection(db, [yamlFile("ledger-api-pull-request.yaml", [pacTemplate("ledger-api")])]);
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/holds only PipelineRun templates \(no status\), not runs/);
    expect(error.message).toContain("patch mode");
  });

  it("only definitions: the 422 names Pipeline/Task definitions", async () => {
    const db = await freshDb(kind);
    const error = await rejection(db, [yamlFile("pipeline.yaml", definitions())]);
    expect(error.status).toBe(422);
    expect(error.message).toContain("holds only Pipeline/Task definitions, not runs");
  });

  it("a template next to a run: the run is stored and the template is listed, never stored as a run", async () => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-with-template" });
    const result = await ingest(db, [
      yamlFile("ledger-with-template-pull-request.yaml", [pacTemplate("ledger-with-template")]),
      runListFile("run.json", run),
    ]);
    expect(result.runs.map((r) => r.name)).toEqual([run.name]);
    expect(result.files.map((f) => [f.name, f.kind])).toEqual([
      ["ledger-with-template-pull-request.yaml", "template"],
      ["run.json", "tekton"],
    ]);
    expect(await db.pipelineRun.count()).toBe(1);
    expect(await db.pipelineRun.count({ where: { name: "ledger-with-template-on-pull-request" } })).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe.each(DATABASE_KINDS)("5. kindless objects, v1alpha1 and tekton.dev/v2 on %s", (kind) => {
  it("PipelineRun and TaskRuns without apiVersion/kind (Tekton Chains style) are read by their shape", async () => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-chains" });
    const result = await ingest(db, [jsonFile("chains.json", runObjects(run, { kindless: true }))]);
    expect(result.files[0]).toMatchObject({ kind: "tekton", status: "ok" });
    expect(result.files[0]!.message).toContain("1 PipelineRun(s), 6 TaskRun(s)");
    expect(result.files[0]!.message).toContain("7 without apiVersion/kind, read by their shape");
    const stored = await storedRun(db, result.runs[0]!.id);
    expect(stored).toMatchObject({ name: run.name, uid: run.uid, origin: "tekton", strategy: "ta-shared" });
    expect(await measurementsOf(db, stored.id)).toEqual(singleArchTaMeasurements());
  });

  it("a tekton.dev/v1alpha1 run with params under spec.inputs is read", async () => {
    const db = await freshDb(kind);
    const objects = v1alpha1Objects({ component: "legacy-portal" });
    const result = await ingest(db, [yamlFile("legacy-portal.yaml", objects)]);
    expect(result.runs).toHaveLength(1);
    const stored = await storedRun(db, result.runs[0]!.id);
    const name = (objects[0]!.metadata as { name: string }).name;
    expect(stored).toMatchObject({ name, origin: "tekton", status: "Succeeded", strategy: "pvc-shared" });
    expect(stored.component.name).toBe("legacy-portal");
    expect(taskRunNamed(stored.taskRuns, `${name}-build-container`)).toMatchObject({
      platform: "localhost",
      arch: "amd64",
      archEvidence: "CLUSTER_ARCH",
      role: "build",
      taskName: "buildah",
    });
    expect(await measurementsOf(db, stored.id)).toEqual(
      [`amd64 build ${V1ALPHA1.buildS} - step-timestamps`, `amd64 queue ${V1ALPHA1.queueS} - step-timestamps`].sort(),
    );
  });

  it("an upload holding only a tekton.dev/v2 PipelineRun is a 422 naming the version", async () => {
    const db = await freshDb(kind);
    const error = await rejection(db, [jsonFile("future.json", v2PipelineRun())]);
    expect(error.status).toBe(422);
    expect(error.message).toContain("tekton.dev/v2");
    expect(await db.upload.count()).toBe(0);
  });

  it("a tekton.dev/v2 PipelineRun next to a v1 run: the v1 run is stored and the v2 one reported by version", async () => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-v1" });
    const result = await ingest(db, [jsonFile("mixed.json", [...runObjects(run), v2PipelineRun()])]);
    expect(result.runs.map((r) => r.name)).toEqual([run.name]);
    expect(result.files[0]!.message).toContain("tekton.dev/v2");
    expect(hasWarning(result, "tekton.dev/v2")).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe.each(DATABASE_KINDS)("6. impossible timestamps on %s", (kind) => {
  it("each impossible time is dropped with a note naming the TaskRun and step; the rest of the run is kept", async () => {
    const db = await freshDb(kind);
    const run = impossibleTimestampsRun({ component: "clock-skew-demo" });
    const result = await ingest(db, [runListFile("clock-skew.json", run)]);
    const stored = await storedRun(db, result.runs[0]!.id);
    const notes = notesOf(stored);
    const expected = [
      `TaskRun ${run.name}-prefetch-dependencies step prefetch-dependencies lasts ${IMPOSSIBLE.prefetchStepSeconds} s`,
      `TaskRun ${run.name}-build-container step build ends ${IMPOSSIBLE.buildStepBackwardsS} s before it starts`,
      `TaskRun ${run.name}-build-container step use-trusted-artifact finish: 2031-03-14T09:26:53.000Z is in the future`,
      `TaskRun ${run.name}-build-image-index ends ${IMPOSSIBLE.indexBackwardsS} s before it starts`,
    ];
    for (const fragment of expected) {
      expect(
        notes.some((n) => n.includes(fragment)),
        `a note containing "${fragment}" in ${JSON.stringify(notes)}`,
      ).toBe(true);
      expect(hasWarning(result, fragment), `a warning containing "${fragment}"`).toBe(true);
    }
    expect(stored).toMatchObject({ status: "Succeeded", strategy: "ta-shared", origin: "tekton" });
    expect(stored.taskRuns).toHaveLength(SINGLE_ARCH_TA.taskRunCount);
    // Only what the bad clocks did not touch is measured.
    expect(await measurementsOf(db, stored.id)).toEqual(
      [
        `shared create-upload ${IMPOSSIBLE.createUploadS} - step-timestamps`,
        `amd64 queue ${IMPOSSIBLE.queueS} - step-timestamps`,
      ].sort(),
    );
    const seconds = (await db.measurement.findMany({ select: { seconds: true } })).flatMap((m) =>
      m.seconds === null ? [] : [m.seconds],
    );
    expect(seconds.length).toBeGreaterThan(0);
    for (const value of seconds) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(172_800);
    }
    const build = taskRunNamed(stored.taskRuns, `${run.name}-build-container`);
    expect(build.steps.find((s) => s.name === "build")!.endTime).toBeNull();
    expect(build.steps.find((s) => s.name === "use-trusted-artifact")!.endTime).toBeNull();
    expect(build.steps.find((s) => s.name === "push")!.endTime).toEqual(at(run, 291));
    expect(taskRunNamed(stored.taskRuns, `${run.name}-build-image-index`).completionTime).toBeNull();
    const table = await costTable(db, "clock-skew-demo");
    expect(row(table, "amd64")).toMatchObject({ buildS: null, restoreS: null, queueS: IMPOSSIBLE.queueS });
    expect(row(table, "shared")).toMatchObject({ prefetchS: null, createUploadS: IMPOSSIBLE.createUploadS });
  });

  it("times after the upload's `now` plus a day are dropped; the same times are kept when `now` is later", async () => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-future", base: Date.UTC(2026, 11, 5, 9, 0, 0) });
    const result = await ingest(db, [runListFile("future.json", run)]);
    const stored = await storedRun(db, result.runs[0]!.id);
    expect(notesOf(stored).some((n) => n.includes("is in the future"))).toBe(true);
    expect(stored.startTime).toBeNull();
    expect(await db.measurement.count({ where: { pipelineRunId: stored.id } })).toBe(0);

    // The same objects in another file (the same bytes again would be a duplicate upload).
    const later = await ingest(db, [yamlFile("future-again.yaml", runObjects(run))], {
      now: new Date("2026-12-06T00:00:00Z"),
    });
    expect(later.runs.map((r) => r.id)).toEqual([stored.id]);
    expect(await measurementsOf(db, stored.id)).toEqual(singleArchTaMeasurements());
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe.each(DATABASE_KINDS)("7. logs, lockfiles and manifests on their own on %s", (kind) => {
  it("logs uploaded after a remote multi-arch run attach to it and add the rsync/build phases", async () => {
    const db = await freshDb(kind);
    const run = multiArchRemoteRun({ component: "ledger-gateway" });
    const image = `quay.io/redhat-user-workloads/${run.namespace}/ledger-gateway:${run.labels["pipelinesascode.tekton.dev/sha"]}`;
    const first = await ingest(db, [runListFile("ledger-gateway.json", run)]);
    const runId = first.runs[0]!.id;
    expect(first.runs[0]!.arches).toEqual(["amd64", "arm64", "ppc64le"]);
    expect(first.runs[0]!.strategy).toBe("ta-shared");
    let table = await costTable(db, "ledger-gateway");
    expect(row(table, "amd64")).toMatchObject({ buildS: MULTI_ARCH.amd64.buildS, restoreS: MULTI_ARCH.amd64.restoreS });
    for (const remote of MULTI_ARCH.remote) {
      // A remote build without its log: the step time includes the rsyncs, so no build time yet.
      expect(row(table, remote.arch)).toMatchObject({
        buildS: null,
        rsyncS: null,
        restoreS: remote.restoreS,
        queueS: remote.queueS,
      });
    }
    const [arm64, ppc64le] = MULTI_ARCH.remote;
    const armTaskRun = multiArchTaskRunName(run, arm64!.index);
    const ppcTaskRun = multiArchTaskRunName(run, ppc64le!.index);

    // `tkn tr logs <taskrun> > <taskrun>.log`, uploaded alone.
    const armLog = await ingest(db, [textFile(`${armTaskRun}.log`, tknTaskRunLog(run.base, arm64!, image))]);
    expect(armLog.runs.map((r) => r.id)).toEqual([runId]);
    expect(hasWarning(armLog, "attached to the stored PipelineRun")).toBe(true);
    expect(armLog.files).toEqual([expect.objectContaining({ name: `${armTaskRun}.log`, kind: "log", status: "ok" })]);
    table = await costTable(db, "ledger-gateway");
    const armPhases = remotePhases(arm64!.marks);
    expect(row(table, "arm64").rsyncS).toBeCloseTo(armPhases.rsyncS, 3);
    expect(row(table, "arm64").buildS).toBeCloseTo(armPhases.buildS, 3);
    expect(row(table, "ppc64le").buildS).toBeNull();

    // A log collector's tree: logs/<taskrun>/step-build.log, in a tar.gz.
    const ppcLog = await ingest(db, [
      await tarGzFile("ppc-logs.tar.gz", [
        { path: "logs/" },
        { path: `logs/${ppcTaskRun}/` },
        { path: `logs/${ppcTaskRun}/step-build.log`, content: buildStepLog(run.base, ppc64le!, image) },
      ]),
    ]);
    expect(ppcLog.runs.map((r) => r.id)).toEqual([runId]);
    expect(ppcLog.files.map((f) => f.name)).toEqual([`logs/${ppcTaskRun}/step-build.log`]);
    expect(await db.pipelineRun.count()).toBe(1);

    table = await costTable(db, "ledger-gateway");
    const ppcPhases = remotePhases(ppc64le!.marks);
    expect(row(table, "ppc64le").rsyncS).toBeCloseTo(ppcPhases.rsyncS, 3);
    expect(row(table, "ppc64le").buildS).toBeCloseTo(ppcPhases.buildS, 3);
    // The arm64 log attached before is still part of the run.
    expect(row(table, "arm64").buildS).toBeCloseTo(armPhases.buildS, 3);
    expect(row(table, "amd64").buildS).toBe(MULTI_ARCH.amd64.buildS);
    expect(row(table, "shared").prefetchS).toBe(MULTI_ARCH.prefetchS);

    const measurements = await measurementsOf(db, runId);
    for (const [remote, phases] of [
      [arm64!, armPhases],
      [ppc64le!, ppcPhases],
    ] as const) {
      expect(measurements).toContain(`${remote.arch} rsync ${phases.rsyncS} - log-marker`);
      expect(measurements).toContain(`${remote.arch} build ${phases.buildS} - log-marker`);
      expect(measurements).toContain(`${remote.arch} rsync-back ${phases.rsyncBackS} - log-marker`);
      expect(measurements).toContain(`${remote.arch} rsync-back - ${remote.rsyncBackBytes} rsync-stats`);
    }
    expect(measurements.filter((m) => m.startsWith("amd64 build "))).toEqual([
      `amd64 build ${MULTI_ARCH.amd64.buildS} - step-timestamps`,
    ]);
  });

  it("an unprefixed `<taskrun>.log` of a remote build attaches to its stored run too", async () => {
    const db = await freshDb(kind);
    const run = multiArchRemoteRun({ component: "ledger-plain-log" });
    const first = await ingest(db, [runListFile("run.json", run)]);
    const arm64 = MULTI_ARCH.remote[0]!;
    const taskRun = multiArchTaskRunName(run, arm64.index);
    const logs = await ingest(db, [textFile(`${taskRun}.log`, buildStepLog(run.base, arm64, "quay.io/x/y:z"))]);
    expect(logs.runs.map((r) => r.id)).toEqual([first.runs[0]!.id]);
    const phases = remotePhases(arm64.marks);
    const table = await costTable(db, "ledger-plain-log");
    expect(row(table, "arm64").rsyncS).toBeCloseTo(phases.rsyncS, 3);
    expect(row(table, "arm64").buildS).toBeCloseTo(phases.buildS, 3);
    expect(row(table, "ppc64le").buildS).toBeNull();
  });

  it("logs of TaskRuns that are neither uploaded nor stored are a 422 naming them", async () => {
    const db = await freshDb(kind);
    const run = multiArchRemoteRun({ component: "ledger-unknown-logs" });
    const taskRun = multiArchTaskRunName(run, 1);
    const error = await rejection(db, [
      textFile(`${taskRun}.log`, tknTaskRunLog(run.base, MULTI_ARCH.remote[0]!, "quay.io/x/y:z")),
    ]);
    expect(error.status).toBe(422);
    expect(error.message).toContain(taskRun);
    expect(error.message).toContain("neither in this upload nor stored");
    expect(await db.upload.count()).toBe(0);
  });

  it("a 4-arch rpms.lock.yaml with a component is stored as that component's planned payload", async () => {
    const db = await freshDb(kind);
    const result = await ingest(db, [textFile("rpms.lock.yaml", rpmsLockYaml())], { component: "ledger-planned" });
    expect(result.runs).toEqual([]);
    expect(result.files).toEqual([expect.objectContaining({ name: "rpms.lock.yaml", kind: "lockfile", status: "ok" })]);
    const expected = Object.entries(LOCKFILE_BYTES).map(([arch, bytes]) => ({
      arch,
      bytes,
      source: "lockfile",
      file: "rpms.lock.yaml",
    }));
    expect(result.planned?.component).toBe("ledger-planned");
    expect([...result.planned!.rows].sort((a, b) => a.arch.localeCompare(b.arch))).toEqual(
      [...expected].sort((a, b) => a.arch.localeCompare(b.arch)),
    );
    const component = await db.component.findUniqueOrThrow({ where: { name: "ledger-planned" } });
    const rows = await db.plannedPayload.findMany({ where: { componentId: component.id }, orderBy: { arch: "asc" } });
    expect(rows.map((r) => ({ arch: r.arch, bytes: r.bytes, source: r.source, file: r.file }))).toEqual(
      [...expected].sort((a, b) => a.arch.localeCompare(b.arch)),
    );
    expect(await db.pipelineRun.count()).toBe(0);
  });

  it("an OCI manifest of a .prefetch artifact with a component is stored as its planned artifact size", async () => {
    const db = await freshDb(kind);
    const filename = "ledger-api-arm64.prefetch.manifest.json";
    const result = await ingest(db, [textFile(filename, prefetchManifestJson("ledger-manifest"))], {
      component: "ledger-manifest",
    });
    expect(result.files).toEqual([expect.objectContaining({ name: filename, kind: "manifest", status: "ok" })]);
    expect(result.planned).toEqual({
      component: "ledger-manifest",
      rows: [{ arch: "arm64", bytes: MANIFEST_LAYER_BYTES.CACHI2_ARTIFACT, source: "manifest", file: filename }],
    });
    const component = await db.component.findUniqueOrThrow({ where: { name: "ledger-manifest" } });
    expect(await db.plannedPayload.count({ where: { componentId: component.id, source: "manifest" } })).toBe(1);
  });

  it("a lockfile on its own without a component is a 422 asking for one", async () => {
    const db = await freshDb(kind);
    const error = await rejection(db, [textFile("rpms.lock.yaml", rpmsLockYaml())]);
    expect(error.status).toBe(422);
    expect(error.message).toContain("rpms.lock.yaml");
    expect(error.message).toMatch(/say which component/);
    expect(await db.component.count()).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe.each(DATABASE_KINDS)("8. component fallbacks on %s", (kind) => {
  const cases: { evidence: ComponentEvidence; stem: string; source: string | null }[] = [
    { evidence: "konflux-build-label", stem: "fb-konflux-label", source: null },
    {
      evidence: "pac-original-prname",
      stem: "fb-original-prname",
      source: "pipelinesascode.tekton.dev/original-prname",
    },
    { evidence: "pac-repository", stem: "fb-repository", source: "pipelinesascode.tekton.dev/repository" },
    { evidence: "tekton-pipeline", stem: "fb-pipeline", source: "tekton.dev/pipeline" },
    { evidence: "generate-name", stem: "fb-generate-name", source: "metadata.generateName" },
    { evidence: "run-name", stem: "fb-run-name", source: "the run's name" },
  ];
  it.each(cases)("a run with only $evidence is filed under its component", async ({ evidence, stem, source }) => {
    const db = await freshDb(kind);
    const run = labelledRun(evidence, stem);
    const result = await ingest(db, [runListFile(`${stem}.json`, run)]);
    expect(result.runs).toEqual([expect.objectContaining({ name: run.name, component: stem, arches: ["amd64"] })]);
    const guessed = result.warnings.filter((w) => w.includes("has no component label"));
    if (source === null) expect(guessed).toEqual([]);
    else expect(guessed).toEqual([expect.stringContaining(`filed under "${stem}" from ${source}`)]);
    expect(row(await costTable(db, stem), "amd64").buildS).toBe(MINIMAL_BUILD_S);
  });

  it("the strongest evidence wins: component label, then original-prname, repository, tekton.dev/pipeline, generateName", async () => {
    const db = await freshDb(kind);
    const evidence = {
      "appstudio.openshift.io/component": "p-appstudio",
      "build.konflux-ci.dev/component": "p-konflux",
      "pipelinesascode.tekton.dev/original-prname": "p-original-on-push",
      "pipelinesascode.tekton.dev/repository": "p-repository",
      "tekton.dev/pipeline": "p-pipeline",
    };
    const keys = Object.keys(evidence) as (keyof typeof evidence)[];
    const expected = ["p-appstudio", "p-konflux", "p-original", "p-repository", "p-pipeline", "p-generated"];
    const runs = expected.map((_, index) => {
      const base = labelledRun("generate-name", "p-generated", { base: Date.UTC(2026, 10, 20, 10 + index, 0, 0) });
      const labels = { ...base.labels };
      delete labels["tekton.dev/pipeline"];
      for (const key of keys.slice(index)) labels[key] = evidence[key];
      return { ...base, labels };
    });
    const result = await ingest(db, [jsonFile("precedence.json", kubectlList(runs.flatMap((run) => runObjects(run))))]);
    const byName = new Map(result.runs.map((r) => [r.name, r.component]));
    expect(runs.map((run) => byName.get(run.name))).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe.each(DATABASE_KINDS)("9. request bodies and archive folders on %s", (kind) => {
  it("an application/x-www-form-urlencoded body (curl --data-binary) is read like octet-stream", async () => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-curl" });
    const body = new Uint8Array(runListFile("run.json", run).bytes);
    const received = await receiveUploadRequest(
      new Request("http://localhost/api/bundles", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-filename": "run.json" },
        body,
      }),
      { maxBytes: 64 * 1024 * 1024 },
    );
    expect(received.parts.map((p) => p.filename)).toEqual(["run.json"]);
    expect(received.component).toBeNull();
    const result = await ingestSpooled(db, received.parts, DEFAULT_ARCHIVE_LIMITS, BASE_OPTIONS);
    expect(result.files).toEqual([expect.objectContaining({ name: "run.json", kind: "tekton", status: "ok" })]);
    expect(result.runs).toEqual([
      expect.objectContaining({ name: run.name, component: "ledger-curl", arches: ["amd64"] }),
    ]);
    expect(row(await costTable(db, "ledger-curl"), "amd64").buildS).toBe(95);
  });

  it("a form-urlencoded lockfile with ?component= becomes the planned payload", async () => {
    const db = await freshDb(kind);
    const received = await receiveUploadRequest(
      new Request("http://localhost/api/bundles?component=ledger-curl-planned", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-filename": "rpms.lock.yaml" },
        body: new TextEncoder().encode(rpmsLockYaml()),
      }),
      { maxBytes: 64 * 1024 * 1024 },
    );
    expect(received.component).toBe("ledger-curl-planned");
    const result = await ingestSpooled(db, received.parts, DEFAULT_ARCHIVE_LIMITS, {
      ...BASE_OPTIONS,
      component: received.component,
    });
    expect(result.planned?.rows.find((r) => r.arch === "amd64")?.bytes).toBe(LOCKFILE_BYTES.amd64);
  });

  it("folder entries of an archive are not listed among its files", async () => {
    const db = await freshDb(kind);
    const run = singleArchTaRun({ component: "ledger-archive" });
    const build = `${run.name}-build-container`;
    const archive = await tarGzFile("export.tar.gz", [
      { path: "export/" },
      { path: "export/objects/" },
      { path: "export/objects/pipelinerun.json", content: JSON.stringify(pipelineRunObject(run), null, 2) },
      { path: "export/objects/taskruns.json", content: JSON.stringify(kubectlList(taskRunObjects(run)), null, 2) },
      { path: "export/logs/" },
      { path: `export/logs/${build}/` },
      {
        path: `export/logs/${build}/step-build.log`,
        content: "STEP 1/3: FROM registry.access.redhat.com/ubi9/ubi-minimal:9.5\nCOMMIT\n",
      },
    ]);
    const result = await ingest(db, [archive]);
    expect(result.files.map((f) => [f.name, f.kind])).toEqual([
      ["export/objects/pipelinerun.json", "tekton"],
      ["export/objects/taskruns.json", "tekton"],
      [`export/logs/${build}/step-build.log`, "log"],
    ]);
    expect(result.files.some((f) => f.message === "directory")).toBe(false);
    expect(result.runs).toHaveLength(1);
    expect(await measurementsOf(db, result.runs[0]!.id)).toEqual(singleArchTaMeasurements());
  });
});
