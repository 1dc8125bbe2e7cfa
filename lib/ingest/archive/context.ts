// What every format reader needs for one readBundle call: the file, the caller's handler, the limits
// being spent, and the summary it fills in.
import type { ArchiveLimits, BundleReadSummary, EntryHandler } from "../types";
import type { Budget } from "./budget";

export interface ReadContext {
  filePath: string;
  /** The upload's name as the user gave it: used in messages, never as a path. */
  upload: string;
  limits: ArchiveLimits;
  budget: Budget;
  onEntry: EntryHandler;
  summary: BundleReadSummary;
}

export function recordDelivery(context: ReadContext, bytes: number): void {
  context.summary.entries += 1;
  context.summary.bytes += bytes;
}

export function recordSkip(context: ReadContext, path: string, reason: string): void {
  context.summary.skipped.push({ path, reason });
}
