// Stores an analysed bundle in one transaction: the Upload (keyed on sha256: the same bundle twice is
// stored once), each PipelineRun (keyed on uid: a run seen again is updated in place, its TaskRuns,
// steps and measurements replaced), and its hand tables. On any error nothing of the bundle remains.
// One run is stored by store-run.ts; a repeat of an earlier upload is answered by find-duplicate.ts.
import type { PlannedPayloadDraft } from "../domain/upload";
import { databaseKind, isUniqueViolation, serializeWrites, type Db, type Tx } from "./connect";
import { bumpDataVersion } from "./data-version";
import { findDuplicate } from "./find-duplicate";
import type { DatabaseTarget } from "./database-url";
import type { BundleAnalysis, StoreBundleResult } from "./store-bundle-types";
import { storeTablesInTransaction, type StoredRun, type UploadedFile } from "./store-manual-tables";
import { breathe } from "./sqlite-gate";
import { storeRun } from "./store-run";

export { findDuplicate };
export type { BundleAnalysis, StoreBundleResult };

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

const MAX_ATTEMPTS = 4;

export interface StoreOptions {
  /** Store even when this exact upload was stored before (re-applies an older export over later updates). */
  force?: boolean;
  /** Runs inside the same transaction after everything is stored (a sync moves its source's cursor there). */
  alsoInTransaction?: (tx: Tx) => Promise<void>;
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
        return await db.$transaction((tx) => storeInTransaction(tx, databaseKind(db), file, analysis, options), {
          timeout: 120_000,
          maxWait: 60_000,
        });
      } catch (error) {
        // A concurrent upload created the same upload, run or component first: try again, now seeing it.
        if (isUniqueViolation(error) && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  });
}

/** The Upload row (created, or the earlier one again under force), its runs, planned payload and hand tables. */
async function storeInTransaction(
  tx: Tx,
  kind: DatabaseTarget["kind"],
  file: UploadedFile,
  analysis: BundleAnalysis,
  options: StoreOptions,
): Promise<StoreBundleResult> {
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
    const replaced = await tx.component.findMany({
      where: { runs: { some: { uploadId: earlier.id, origin: "manual-table" } } },
      select: { name: true },
    });
    await bumpDataVersion(
      tx,
      replaced.map((component) => component.name),
    );
    await tx.pipelineRun.deleteMany({ where: { uploadId: earlier.id, origin: "manual-table" } });
    warnings.push(`this upload was ingested before (upload ${earlier.id}); applied again because of force`);
  } else {
    upload = await tx.upload.create({ data: { sha256: file.sha256, ...fields }, select: { id: true } });
  }
  const runs: StoredRun[] = [];
  for (const derived of analysis.runs) {
    // Other requests get a turn between runs (the transaction stays whole: ./sqlite-gate.ts).
    await breathe();
    runs.push(await storeRun(tx, kind, upload.id, derived, warnings));
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
  // The components written here answer with a new ETag from now on (lib/db/data-version.ts).
  await bumpDataVersion(tx, [...runs.map((run) => run.component), ...(planned ? [planned.component] : [])]);
  await options.alsoInTransaction?.(tx);
  return {
    upload: { id: upload.id, sha256: file.sha256, status: "ingested" as const },
    runs,
    ...(planned ? { planned } : {}),
    files: analysis.files,
    warnings,
  };
}
