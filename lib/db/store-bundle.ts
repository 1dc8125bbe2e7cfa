// Stores an analysed bundle in one transaction: the Upload (keyed on sha256: the same bundle twice is
// stored once), each PipelineRun (keyed on uid: a run seen again is updated in place, its TaskRuns,
// steps and measurements replaced), and its hand tables. On any error nothing of the bundle remains.
import type { BundleAnalysis, FileSummary, PlannedPayloadDraft, StorableRun } from "../ingest/ingest-bundle";
import { SNAPSHOT_VERSION } from "../measure/snapshot";
import { componentOf } from "../tekton/component";
import { serializeWrites, type Db } from "./client";
import { storeRunPhases } from "./store-run-phases";
import {
  isUniqueViolation,
  storeTablesInTransaction,
  type StoredRun,
  type Tx,
  type UploadedFile,
} from "./store-manual-tables";

export interface StoreBundleResult {
  upload: { id: number; sha256: string; status: "ingested" | "duplicate" };
  runs: StoredRun[];
  /** A lockfile or manifest uploaded on its own: the planned payload stored for the component. */
  planned?: PlannedPayloadDraft;
  files: FileSummary[];
  warnings: string[];
}

async function storeRun(tx: Tx, uploadId: number, derived: StorableRun, warnings: string[]): Promise<StoredRun> {
  const { run } = derived;
  const component = componentOf(run);
  if (component.warning) warnings.push(component.warning);
  const componentRow = await tx.component.upsert({
    where: { name: component.name },
    create: { name: component.name, application: run.application },
    update: run.application ? { application: run.application } : {},
  });
  const data = {
    uid: run.uid,
    name: run.name,
    namespace: run.namespace,
    origin: run.origin ?? "tekton",
    componentId: componentRow.id,
    uploadId,
    eventType: run.eventType,
    commitSha: run.commitSha,
    branch: run.branch,
    targetBranch: run.targetBranch,
    startTime: run.startTime,
    completionTime: run.completionTime,
    status: run.status,
    strategy: derived.strategy,
    strategyReason: derived.strategyReason,
    hazards: JSON.stringify(derived.hazards),
    platforms: derived.platforms.join(","),
    notes: JSON.stringify(derived.notes),
  };
  const existing =
    derived.storedRunId !== null
      ? await tx.pipelineRun.findUnique({ where: { id: derived.storedRunId }, select: { id: true } })
      : run.uid
        ? await tx.pipelineRun.findUnique({ where: { uid: run.uid }, select: { id: true } })
        : null;
  let runId: number;
  let storedAt: Date;
  if (existing) {
    // Seen before (a later export of the same run): replace what we derived, keep the id stable.
    await tx.taskRun.deleteMany({ where: { pipelineRunId: existing.id } });
    await tx.measurement.deleteMany({ where: { pipelineRunId: existing.id } });
    await tx.runPhase.deleteMany({ where: { pipelineRunId: existing.id } });
    storedAt = (await tx.pipelineRun.update({ where: { id: existing.id }, data, select: { createdAt: true } }))
      .createdAt;
    runId = existing.id;
    warnings.push(
      `PipelineRun ${run.name}${run.uid ? ` (uid ${run.uid})` : ""} was already stored; it was updated from this upload`,
    );
  } else {
    ({ id: runId, createdAt: storedAt } = await tx.pipelineRun.create({ data, select: { id: true, createdAt: true } }));
  }
  const snapshot = { version: SNAPSHOT_VERSION, data: derived.snapshot, updatedAt: new Date() };
  await tx.runSnapshot.upsert({
    where: { pipelineRunId: runId },
    create: { pipelineRunId: runId, ...snapshot },
    update: snapshot,
  });

  const taskRunIds = new Map<string, number>();
  for (const taskRun of derived.taskRuns) {
    const { record } = taskRun;
    const row = await tx.taskRun.create({
      data: {
        pipelineRunId: runId,
        uid: record.uid,
        name: record.name,
        pipelineTaskName: record.pipelineTaskName,
        taskName: record.taskName,
        arch: taskRun.arch,
        archEvidence: taskRun.archEvidence,
        role: taskRun.role,
        platform: record.platform,
        startTime: record.startTime,
        completionTime: record.completionTime,
        status: record.status,
        queueSeconds: record.queueSeconds,
      },
      select: { id: true },
    });
    taskRunIds.set(record.name, row.id);
    if (record.steps.length > 0) {
      await tx.step.createMany({
        data: record.steps.map((step) => ({
          taskRunId: row.id,
          name: step.name,
          startTime: step.startedAt,
          endTime: step.finishedAt,
          exitCode: step.exitCode,
          reason: step.reason,
        })),
      });
    }
  }
  if (derived.measurements.length > 0) {
    await tx.measurement.createMany({
      data: derived.measurements.map((m) => ({
        componentId: componentRow.id,
        pipelineRunId: runId,
        taskRunId: m.taskRunName ? (taskRunIds.get(m.taskRunName) ?? null) : null,
        arch: m.arch,
        phase: m.phase,
        seconds: m.seconds,
        bytes: m.bytes,
        source: m.source,
        sourceDetail: m.sourceDetail,
        locator: m.locator,
      })),
    });
    await storeRunPhases(tx, componentRow.id, runId, run.startTime ?? storedAt, derived.measurements);
  }
  return {
    id: runId,
    name: run.name,
    component: component.name,
    strategy: derived.strategy,
    arches: derived.platforms,
  };
}

/** A lockfile or manifest uploaded on its own: the component's planned payload, replacing older rows of its kind. */
async function storePlannedPayload(
  tx: Tx,
  uploadId: number,
  planned: PlannedPayloadDraft,
): Promise<PlannedPayloadDraft> {
  const component = await tx.component.upsert({
    where: { name: planned.component },
    create: { name: planned.component },
    update: {},
  });
  const kinds = [...new Set(planned.rows.map((row) => row.source))];
  await tx.plannedPayload.deleteMany({ where: { componentId: component.id, source: { in: kinds } } });
  // One row per (source kind, arch): two lockfiles in one upload add up per arch like one lockfile would.
  const merged = new Map<string, PlannedPayloadDraft["rows"][number]>();
  for (const row of planned.rows) {
    const key = `${row.source}\u0000${row.arch}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, bytes: seen.bytes + row.bytes, file: `${seen.file}, ${row.file}` } : row);
  }
  const takenAt = new Date();
  const rows = [...merged.values()];
  await tx.plannedPayload.createMany({
    data: rows.map((row) => ({ componentId: component.id, uploadId, takenAt, ...row })),
  });
  return { component: planned.component, rows };
}

/** What an earlier ingest of the same upload stored, answered as a duplicate; null when it is new. */
export async function findDuplicate(db: Db, sha256: string): Promise<StoreBundleResult | null> {
  const upload = await db.upload.findUnique({
    where: { sha256 },
    select: {
      id: true,
      files: true,
      warnings: true,
      runs: {
        select: { id: true, name: true, strategy: true, platforms: true, component: { select: { name: true } } },
      },
    },
  });
  if (!upload) return null;
  return {
    upload: { id: upload.id, sha256, status: "duplicate" },
    runs: upload.runs.map((run) => ({
      id: run.id,
      name: run.name,
      component: run.component.name,
      strategy: run.strategy,
      arches: run.platforms.split(",").filter(Boolean),
    })),
    files: JSON.parse(upload.files) as FileSummary[],
    warnings: ["this exact upload was ingested before; nothing was changed"],
  };
}

const MAX_ATTEMPTS = 4;

export function storeBundle(db: Db, file: UploadedFile, analysis: BundleAnalysis): Promise<StoreBundleResult> {
  return serializeWrites(db, async () => {
    for (let attempt = 1; ; attempt++) {
      const duplicate = await findDuplicate(db, file.sha256);
      if (duplicate) return duplicate;
      try {
        return await db.$transaction(
          async (tx) => {
            const warnings = [...analysis.warnings];
            const upload = await tx.upload.create({
              data: {
                sha256: file.sha256,
                filename: file.filename,
                bytes: file.bytes,
                status: "ingested",
                format: analysis.format,
                files: JSON.stringify(analysis.files),
                warnings: "[]",
              },
            });
            const runs: StoredRun[] = [];
            for (const derived of analysis.runs) runs.push(await storeRun(tx, upload.id, derived, warnings));
            const planned = analysis.planned ? await storePlannedPayload(tx, upload.id, analysis.planned) : undefined;
            for (const table of analysis.tables) {
              runs.push(...(await storeTablesInTransaction(tx, upload.id, table.file, table.parsed)));
            }
            await tx.upload.update({ where: { id: upload.id }, data: { warnings: JSON.stringify(warnings) } });
            return {
              upload: { id: upload.id, sha256: file.sha256, status: "ingested" as const },
              runs,
              ...(planned ? { planned } : {}),
              files: analysis.files,
              warnings,
            };
          },
          { timeout: 120_000, maxWait: 60_000 },
        );
      } catch (error) {
        // A concurrent upload created the same upload, run or component first: try again, now seeing it.
        if (isUniqueViolation(error) && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  });
}
