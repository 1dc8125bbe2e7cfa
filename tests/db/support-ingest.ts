// Ingest helpers for integration tests: bytes in memory → spooled parts → the real ingest use case.
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { pack } from "tar-stream";
import type { Db } from "@/lib/db/connect";
import type { StoreBundleResult } from "@/lib/db/store-bundle";
import { spoolUpload } from "@/lib/ingest/archive";
import type { SpooledPart } from "@/lib/ingest/archive";
import { ingestSpooled } from "@/lib/pipeline/ingest-upload";
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from "@/lib/ingest/types";
import type { ExpectedMeasurement } from "../fixtures/bundles/expected";

export interface UploadFile {
  filename: string;
  bytes: Buffer;
}

/** Spools each file through the same code the API and the CLI use (so limits and empty checks apply). */
export async function spooled(files: UploadFile[]): Promise<SpooledPart[]> {
  const parts: SpooledPart[] = [];
  for (const file of files) {
    const part = await spoolUpload(Readable.from([file.bytes]), { maxBytes: 1024 ** 3, filename: file.filename });
    parts.push({ ...part, filename: file.filename });
  }
  return parts;
}

export async function ingestFiles(
  db: Db,
  files: UploadFile[],
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<StoreBundleResult> {
  return ingestSpooled(db, await spooled(files), limits);
}

/** The files as one .tar.gz, keeping their paths (e.g. logs/<taskrun>/<step>.log), as a user would upload them. */
export async function tarGz(files: UploadFile[]): Promise<Buffer> {
  const archive = pack();
  for (const file of files) archive.entry({ name: file.filename }, file.bytes);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive.pipe(createGzip())) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Canonical, sortable text of a measurement, so expected and stored rows compare as sets. */
export function measurementKey(m: ExpectedMeasurement): string {
  const value = [
    m.seconds !== undefined ? `${round(m.seconds)} s` : null,
    m.bytes !== undefined ? `${m.bytes} B` : null,
  ]
    .filter(Boolean)
    .join(" ");
  return `${m.run} | ${m.arch} | ${m.phase} | ${value} | ${m.source}`;
}

export async function storedMeasurements(db: Db, runIds: number[]): Promise<string[]> {
  const rows = await db.measurement.findMany({
    where: { pipelineRunId: { in: runIds } },
    select: {
      arch: true,
      phase: true,
      seconds: true,
      bytes: true,
      source: true,
      pipelineRun: { select: { name: true } },
    },
  });
  return rows
    .map((row) =>
      measurementKey({
        run: row.pipelineRun.name,
        arch: row.arch,
        phase: row.phase,
        ...(row.seconds !== null ? { seconds: row.seconds } : {}),
        ...(row.bytes !== null ? { bytes: row.bytes } : {}),
        source: row.source as ExpectedMeasurement["source"],
      }),
    )
    .sort();
}

export async function snapshotCounts(db: Db) {
  return {
    uploads: await db.upload.count(),
    components: await db.component.count(),
    runs: await db.pipelineRun.count(),
    taskRuns: await db.taskRun.count(),
    steps: await db.step.count(),
    measurements: await db.measurement.count(),
  };
}
