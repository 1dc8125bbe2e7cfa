// What lib/db/store-bundle.ts takes and answers: an analysed upload ready to store, and the result of storing
// it (or of finding it stored before). Types only.
import type { ParsedManualTables } from "../domain/manual-table";
import type { BundleFormat, FileSummary, PlannedPayloadDraft } from "../domain/upload";
import type { StorableRun } from "../measure/types";
import type { StoredRun } from "./store-manual-tables";

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
