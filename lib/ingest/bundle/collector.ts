// What the per-kind handlers of an upload's files add to: the per-file summaries, warnings, Tekton documents,
// log/lockfile/manifest facts and timing tables found so far, and the upload's one reusable read buffer.
import type { ParsedManualTables } from "../../domain/manual-table";
import type { FileSummary } from "../../domain/upload";
import type { BundleFacts } from "../../measure/types";
import type { TektonDocuments } from "../../tekton/types";
import { ScratchBuffer } from "../scratch-buffer";

/** One timing table file of an upload, parsed. */
export interface BundleTable {
  file: string;
  parsed: ParsedManualTables;
}

/** Shared by every handler of one upload; handlers only append, so files and warnings keep entry order. */
export interface BundleCollector {
  files: FileSummary[];
  warnings: string[];
  tekton: TektonDocuments[];
  facts: Omit<BundleFacts, "runs">;
  tables: BundleTable[];
  /** Reused for every structured file of the upload (see lib/ingest/scratch-buffer.ts). */
  scratch: ScratchBuffer;
}

/** An empty collector with a fresh scratch buffer: one per upload. */
export function newCollector(): BundleCollector {
  return {
    files: [],
    warnings: [],
    tekton: [],
    facts: { logs: [], lockfiles: [], manifests: [] },
    tables: [],
    // Nothing read from a file keeps its bytes (decoding and JSON.parse copy), so each file may reuse the buffer.
    scratch: new ScratchBuffer(),
  };
}
