// Reads one upload end to end — archive entries, classification, parsing, log scanning — and derives
// the runs, measurements and tables it holds. No database: lib/db/store-bundle.ts stores the result.
// Any unusable file rejects the whole bundle with an AppError naming that file. Each kind of file has its
// handler under lib/ingest/bundle/.
import { Readable } from "node:stream";
import type { BundleFormat, FileSummary } from "../domain/upload";
import type { BundleFacts, LinkedPipelineRun } from "../measure/types";
import { linkRuns } from "../tekton/link";
import { readBundle } from "./archive";
import { newCollector, type BundleCollector, type BundleTable } from "./bundle/collector";
import { handleDocument } from "./bundle/handle-document";
import { handleLog } from "./bundle/handle-log";
import { handleSkipped, SKIP_BINARY, SKIP_EMPTY } from "./bundle/handle-skipped";
import { handleTable } from "./bundle/handle-table";
import { readBytes } from "./bundle/read-bytes";
import { HEAD_BYTES, peek, sniff } from "./bundle/sniff";
import type { ArchiveLimits, BundleEntry } from "./types";

export { sniff } from "./bundle/sniff";
export { tektonFileSummary } from "./bundle/summary";

/** What one upload holds, read and linked but not yet derived (that needs the runs already stored). */
export interface BundleContents {
  /** The container format, or "multiple" for an upload of several files. */
  format: BundleFormat | "multiple";
  /** PipelineRuns (and runs built from TaskRuns alone) with their TaskRuns. */
  linked: LinkedPipelineRun[];
  /** Logs, lockfiles and manifests of the whole upload. */
  facts: Omit<BundleFacts, "runs">;
  tables: BundleTable[];
  files: FileSummary[];
  warnings: string[];
}

export interface BundlePart {
  /** Spooled temp file holding the part's bytes. */
  path: string;
  /** The name the user gave it. */
  filename: string;
}

/** Sniffs one file of the upload and hands it to the handler of its kind. */
async function handleEntry(collector: BundleCollector, entry: BundleEntry, stream: Readable): Promise<void> {
  const { head, content } = await peek(stream, HEAD_BYTES);
  const kind = sniff(entry.path, head);
  if (head.length === 0) return handleSkipped(collector, entry.path, content, SKIP_EMPTY);
  if (kind === "binary") return handleSkipped(collector, entry.path, content, SKIP_BINARY);
  if (kind === "log") return handleLog(collector, entry.path, head, content);
  const bytes = await readBytes(content, entry.path, collector.scratch);
  if (kind === "markdown" || kind === "csv") return handleTable(collector, entry.path, kind, bytes);
  return handleDocument(collector, entry.path, bytes);
}

/**
 * Analyses an upload made of one or more parts (several files picked at once are one bundle, so a
 * PipelineRun in one file and its logs in another are linked). Limits apply to the whole upload.
 */
export async function analyseBundle(parts: BundlePart[], limits: ArchiveLimits): Promise<BundleContents> {
  const collector = newCollector();
  const formats: BundleFormat[] = [];
  let entriesSoFar = 0;
  let bytesSoFar = 0;
  for (const part of parts) {
    const remaining: ArchiveLimits = {
      ...limits,
      maxEntries: limits.maxEntries - entriesSoFar,
      maxTotalBytes: limits.maxTotalBytes - bytesSoFar,
    };
    const summary = await readBundle(part.path, part.filename, remaining, (entry, stream) =>
      handleEntry(collector, entry, stream),
    );
    for (const skipped of summary.skipped) {
      // A folder of an archive is not a file the user sent: listing it only adds noise.
      if (skipped.reason === "directory") continue;
      collector.files.push({ name: skipped.path, kind: "skipped", status: "skipped", message: skipped.reason });
    }
    formats.push(summary.format);
    entriesSoFar += summary.entries;
    bytesSoFar += summary.bytes;
  }
  return linkedContents(collector, formats.length === 1 ? formats[0]! : "multiple");
}

/** A file fetched from a source (lib/sources), read as if it came in an upload. */
export interface FetchedEntry {
  path: string;
  content: Buffer;
}

/**
 * Analyses files a source fetched exactly as the files of an upload: the same sniffing, handlers and linking, so
 * a synced run is the run an upload of the same files would give. No archive limits: a source's client reads
 * every answer with its own byte limit.
 */
export async function analyseFiles(files: readonly FetchedEntry[]): Promise<BundleContents> {
  const collector = newCollector();
  for (const file of files) {
    await handleEntry(collector, { path: file.path, size: file.content.length }, Readable.from([file.content]));
  }
  return linkedContents(collector, "sync");
}

/** Links the upload's Tekton documents into runs and assembles the contents, warnings de-duplicated. */
function linkedContents(collector: BundleCollector, format: BundleContents["format"]): BundleContents {
  const { files, warnings, tekton, facts, tables } = collector;
  const linked = linkRuns(tekton);
  warnings.push(...linked.warnings);
  for (const orphan of linked.orphanTaskRuns) {
    warnings.push(
      `TaskRun ${orphan.name} names no PipelineRun (no tekton.dev/pipelineRun label or owner); it was not stored`,
    );
  }
  return { format, linked: linked.pipelineRuns, facts, tables, files, warnings: [...new Set(warnings)] };
}
