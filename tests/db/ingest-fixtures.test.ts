// Every fixture scenario, in every upload format, ingested for real: each derived number, the strategy,
// hazards, platforms and task-run arches must equal what the fixture generator says (tests/fixtures/bundles).
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { allScenarios } from "../fixtures/bundles/scenarios";
import { bundleBuffer, UPLOAD_FORMATS } from "../fixtures/bundles/write-bundles";
import type { Scenario } from "../fixtures/bundles/expected";
import { DATABASE_KINDS, migratedDatabase, type DatabaseKind } from "./support";
import { ingestFiles, measurementKey, storedMeasurements, type UploadFile } from "./support-ingest";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function uploadsOf(scenario: Scenario): Promise<{ label: string; files: UploadFile[] }[]> {
  const formats = UPLOAD_FORMATS[scenario.name] ?? ["tar.gz"];
  if (formats === "plain") {
    return [
      {
        label: "plain files",
        files: scenario.files.map((file) => ({
          filename: path.basename(file.path),
          bytes: Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
        })),
      },
    ];
  }
  return Promise.all(
    formats.map(async (format) => ({
      label: format,
      files: [{ filename: `${scenario.name}.${format}`, bytes: await bundleBuffer(scenario, format) }],
    })),
  );
}

const cases = await Promise.all(
  allScenarios().map(async (scenario) => ({ scenario, uploads: await uploadsOf(scenario) })),
);

async function checkScenario(kind: DatabaseKind, scenario: Scenario, files: UploadFile[]) {
  const database = await migratedDatabase(kind);
  cleanups.push(database.cleanup);
  const result = await ingestFiles(database.db, files);
  expect(result.upload.status).toBe("ingested");
  const expected = scenario.expected;
  expect(result.runs.map((r) => r.name).sort()).toEqual(expected.pipelineRuns.map((r) => r.name).sort());

  for (const want of expected.pipelineRuns) {
    const run = await database.db.pipelineRun.findFirstOrThrow({
      where: { name: want.name },
      include: { component: true, taskRuns: true },
    });
    expect({
      uid: run.uid,
      component: run.component.name,
      application: run.component.application,
      eventType: run.eventType,
      commitSha: run.commitSha,
      status: run.status,
      strategy: run.strategy,
      hazards: (JSON.parse(run.hazards) as { code: string }[]).map((h) => h.code).sort(),
      platforms: run.platforms.split(",").filter(Boolean),
    }).toEqual({
      uid: want.uid,
      component: want.component,
      application: want.application,
      eventType: want.eventType,
      commitSha: want.commitSha,
      status: want.status,
      strategy: want.strategy,
      hazards: want.hazards,
      platforms: want.platforms,
    });
    const taskRuns = run.taskRuns
      .map((t) => ({ name: t.name, arch: t.arch, role: t.role, queueSeconds: t.queueSeconds }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(taskRuns).toEqual([...want.taskRuns].sort((a, b) => a.name.localeCompare(b.name)));
  }

  const stored = await storedMeasurements(
    database.db,
    result.runs.map((r) => r.id),
  );
  expect(stored).toEqual(expected.measurements.map(measurementKey).sort());
  for (const fragment of expected.warnings ?? []) {
    expect(
      result.warnings.some((w) => w.includes(fragment)),
      `a warning mentioning ${fragment}`,
    ).toBe(true);
  }
}

describe("ingesting the fixture bundles (SQLite, every format)", () => {
  for (const { scenario, uploads } of cases) {
    for (const upload of uploads) {
      it(`${scenario.name} as ${upload.label}`, () => checkScenario("sqlite", scenario, upload.files));
    }
  }
});

describe("ingesting the fixture bundles (PostgreSQL)", () => {
  for (const { scenario, uploads } of cases) {
    it(`${scenario.name} as ${uploads[0]!.label}`, () => checkScenario("postgresql", scenario, uploads[0]!.files));
  }
});

describe.each(DATABASE_KINDS)("re-ingesting on %s", (kind) => {
  it("stores the same upload once and updates a PipelineRun that comes again in another upload", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const scenario = cases.find((c) => c.scenario.name === "pvc-shared-race-objects")!;
    const [yaml, yamlGz] = scenario.uploads;
    const first = await ingestFiles(database.db, yaml!.files);
    const again = await ingestFiles(database.db, yaml!.files);
    expect(again.upload).toEqual({ id: first.upload.id, sha256: first.upload.sha256, status: "duplicate" });
    expect(again.runs.map((r) => r.id)).toEqual(first.runs.map((r) => r.id));
    const before = await database.db.measurement.count();
    const other = await ingestFiles(database.db, yamlGz!.files);
    expect(other.upload.status).toBe("ingested");
    expect(other.runs.map((r) => r.id)).toEqual(first.runs.map((r) => r.id));
    expect(other.warnings.some((w) => w.includes("was already stored; it was updated"))).toBe(true);
    expect(await database.db.pipelineRun.count()).toBe(1);
    expect(await database.db.measurement.count()).toBe(before);
    expect(await database.db.upload.count()).toBe(2);
  });
});
