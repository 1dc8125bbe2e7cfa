// Stores an analysed bundle in one transaction: the Upload (keyed on sha256: the same bundle twice is
// stored once), each PipelineRun (keyed on uid: a run seen again is updated in place, its TaskRuns,
// steps and measurements replaced), and its hand tables. On any error nothing of the bundle remains.
import type { ParsedManualTables } from "../domain/manual-table";
import type { BundleFormat, FileSummary, PlannedPayloadDraft } from "../domain/upload";
import { SNAPSHOT_VERSION } from "../measure/snapshot";
import { componentOf } from "../measure/component";
import type { StorableRun } from "../measure/types";
import { insertRows, insertRowsReturning, type Column, type Value } from "./bulk-insert";
import { databaseKind, isUniqueViolation, serializeWrites, type Db, type Tx } from "./client";
import type { DatabaseTarget } from "./database-url";
import { storeRunPhases } from "./store-run-phases";
import { storeTablesInTransaction, type StoredRun, type UploadedFile } from "./store-manual-tables";

/** An upload ready to store: derived runs (new, or stored ones derived again), tables, planned payload. */
export interface BundleAnalysis {
  format: BundleFormat | "multiple";
  runs: StorableRun[];
  tables: { file: string; parsed: ParsedManualTables }[];
  planned: PlannedPayloadDraft | null;
  files: FileSummary[];
  warnings: string[];
}

export interface StoreBundleResult {
  upload: { id: number; sha256: string; status: "ingested" | "duplicate" };
  runs: StoredRun[];
  /** A lockfile or manifest uploaded on its own: the planned payload stored for the component. */
  planned?: PlannedPayloadDraft;
  /** For a repeat of an earlier upload: when it was stored, and the runs later uploads have changed since. */
  duplicate?: {
    uploadId: number;
    ingestedAt: string;
    updatedSince: { run: { id: number; name: string }; byUpload: { id: number; filename: string; at: string } }[];
  };
  files: FileSummary[];
  warnings: string[];
}

const TASK_RUN_COLUMNS: Column[] = [
  { name: "pipelineRunId", type: "int" },
  { name: "uid", type: "text" },
  { name: "name", type: "text" },
  { name: "pipelineTaskName", type: "text" },
  { name: "taskName", type: "text" },
  { name: "arch", type: "text" },
  { name: "archEvidence", type: "text" },
  { name: "role", type: "text" },
  { name: "platform", type: "text" },
  { name: "startTime", type: "time" },
  { name: "completionTime", type: "time" },
  { name: "status", type: "text" },
  { name: "queueSeconds", type: "float" },
];
const STEP_COLUMNS: Column[] = [
  { name: "taskRunId", type: "int" },
  { name: "name", type: "text" },
  { name: "startTime", type: "time" },
  { name: "endTime", type: "time" },
  { name: "exitCode", type: "int" },
  { name: "reason", type: "text" },
];
const MEASUREMENT_COLUMNS: Column[] = [
  { name: "componentId", type: "int" },
  { name: "pipelineRunId", type: "int" },
  { name: "taskRunId", type: "int" },
  { name: "arch", type: "text" },
  { name: "phase", type: "text" },
  { name: "seconds", type: "float" },
  { name: "bytes", type: "float" },
  { name: "source", type: "text" },
  { name: "sourceDetail", type: "text" },
  { name: "locator", type: "text" },
  { name: "createdAt", type: "time" },
];

async function storeRun(
  tx: Tx,
  kind: DatabaseTarget["kind"],
  uploadId: number,
  derived: StorableRun,
  warnings: string[],
): Promise<StoredRun> {
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

  // Plain multi-row INSERTs, a thousand rows each: a run may hold thousands of TaskRuns and their steps.
  const taskRunRows = derived.taskRuns.map(({ record, arch, archEvidence, role }): Value[] => [
    runId,
    record.uid,
    record.name,
    record.pipelineTaskName,
    record.taskName,
    arch,
    archEvidence,
    role,
    record.platform,
    record.startTime,
    record.completionTime,
    record.status,
    record.queueSeconds,
  ]);
  const taskRunIds = new Map<string, number>();
  for (const row of await insertRowsReturning(tx, kind, "TaskRun", TASK_RUN_COLUMNS, taskRunRows, "name")) {
    taskRunIds.set(row.key, row.id);
  }
  const steps = derived.taskRuns.flatMap(({ record }) =>
    record.steps.map((step): Value[] => [
      taskRunIds.get(record.name)!,
      step.name,
      step.startedAt,
      step.finishedAt,
      step.exitCode,
      step.reason,
    ]),
  );
  await insertRows(tx, kind, "Step", STEP_COLUMNS, steps);
  if (derived.measurements.length > 0) {
    const createdAt = new Date();
    await insertRows(
      tx,
      kind,
      "Measurement",
      MEASUREMENT_COLUMNS,
      derived.measurements.map((m): Value[] => [
        componentRow.id,
        runId,
        m.taskRunName ? (taskRunIds.get(m.taskRunName) ?? null) : null,
        m.arch,
        m.phase,
        m.seconds,
        m.bytes,
        m.source,
        m.sourceDetail,
        m.locator,
        createdAt,
      ]),
    );
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

/** A run an upload stored, as Upload.storedRuns keeps it. */
interface UploadRunRef {
  id: number;
  name: string;
}

/**
 * What an earlier ingest of the same upload stored, answered as a duplicate; null when it is new. Names the runs
 * a later upload changed since (so this one would have changed them back) and how to apply it again.
 */
export async function findDuplicate(db: Db, sha256: string): Promise<StoreBundleResult | null> {
  const upload = await db.upload.findUnique({
    where: { sha256 },
    select: {
      id: true,
      createdAt: true,
      files: true,
      storedRuns: true,
      runs: { select: { id: true, name: true } },
    },
  });
  if (!upload) return null;
  const refs = JSON.parse(upload.storedRuns) as UploadRunRef[];
  // Uploads stored before storedRuns was kept: the runs that still name this upload.
  const ids = (refs.length > 0 ? refs : upload.runs).map((ref) => ref.id);
  const current = await db.pipelineRun.findMany({
    where: { id: { in: ids.slice(0, 1000) } },
    select: {
      id: true,
      name: true,
      strategy: true,
      platforms: true,
      uploadId: true,
      component: { select: { name: true } },
      upload: { select: { id: true, filename: true, createdAt: true } },
    },
    orderBy: { id: "asc" },
  });
  const updatedSince = current
    .filter((run) => run.uploadId !== upload.id && run.upload !== null)
    .map((run) => ({
      run: { id: run.id, name: run.name },
      byUpload: { id: run.upload!.id, filename: run.upload!.filename, at: run.upload!.createdAt.toISOString() },
    }));
  const gone = refs.filter((ref) => !current.some((run) => run.id === ref.id));
  const warnings = [
    `this exact upload was ingested before (upload ${upload.id}, ${upload.createdAt.toISOString()}); nothing was changed`,
    ...updatedSince.map(
      ({ run, byUpload }) =>
        `PipelineRun ${run.name} (run ${run.id}) was updated since by upload ${byUpload.id} (${byUpload.filename}, ${byUpload.at}): ` +
        `this older upload was not applied again; send it with ?force=1 (CLI: --force) to apply it`,
    ),
    ...gone.map((ref) => `PipelineRun ${ref.name} (run ${ref.id}) that this upload stored is no longer stored`),
  ];
  return {
    upload: { id: upload.id, sha256, status: "duplicate" },
    runs: current.map((run) => ({
      id: run.id,
      name: run.name,
      component: run.component.name,
      strategy: run.strategy,
      arches: run.platforms.split(",").filter(Boolean),
    })),
    duplicate: { uploadId: upload.id, ingestedAt: upload.createdAt.toISOString(), updatedSince },
    files: JSON.parse(upload.files) as FileSummary[],
    warnings,
  };
}

const MAX_ATTEMPTS = 4;

export interface StoreOptions {
  /** Store even when this exact upload was stored before (re-applies an older export over later updates). */
  force?: boolean;
}

export function storeBundle(
  db: Db,
  file: UploadedFile,
  analysis: BundleAnalysis,
  options: StoreOptions = {},
): Promise<StoreBundleResult> {
  return serializeWrites(db, async () => {
    for (let attempt = 1; ; attempt++) {
      if (!options.force) {
        const duplicate = await findDuplicate(db, file.sha256);
        if (duplicate) return duplicate;
      }
      try {
        return await db.$transaction(
          async (tx) => {
            const warnings = [...analysis.warnings];
            const fields = {
              filename: file.filename,
              bytes: file.bytes,
              status: "ingested",
              format: analysis.format,
              files: JSON.stringify(analysis.files),
              warnings: "[]",
            };
            const earlier = options.force
              ? await tx.upload.findUnique({ where: { sha256: file.sha256 }, select: { id: true } })
              : null;
            let upload: { id: number };
            if (earlier) {
              // Applied again on request: the same Upload row, its hand tables stored afresh.
              upload = await tx.upload.update({ where: { id: earlier.id }, data: fields, select: { id: true } });
              await tx.pipelineRun.deleteMany({ where: { uploadId: earlier.id, origin: "manual-table" } });
              warnings.push(`this upload was ingested before (upload ${earlier.id}); applied again because of force`);
            } else {
              upload = await tx.upload.create({ data: { sha256: file.sha256, ...fields }, select: { id: true } });
            }
            const runs: StoredRun[] = [];
            for (const derived of analysis.runs) {
              runs.push(await storeRun(tx, databaseKind(db), upload.id, derived, warnings));
            }
            const planned = analysis.planned ? await storePlannedPayload(tx, upload.id, analysis.planned) : undefined;
            for (const table of analysis.tables) {
              runs.push(...(await storeTablesInTransaction(tx, upload.id, table.file, table.parsed)));
            }
            await tx.upload.update({
              where: { id: upload.id },
              data: {
                warnings: JSON.stringify(warnings),
                storedRuns: JSON.stringify(runs.map((run) => ({ id: run.id, name: run.name }))),
              },
            });
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
