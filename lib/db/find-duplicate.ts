// The answer for an upload stored before (same sha256): what the earlier ingest stored, the runs later uploads
// changed since, and how to apply it again. Read outside any transaction.
import type { FileSummary } from "../domain/upload";
import type { Db } from "./connect";
import type { StoreBundleResult } from "./store-bundle-types";

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
