// readBundle: the one entry point for reading an untrusted upload. It picks the reader for the format,
// charges every byte and entry to the limits, and hands regular files to the caller one at a time.
import { stat } from "node:fs/promises";
import type { ArchiveLimits, BundleReadSummary, EntryHandler } from "../types";
import { Budget } from "./budget";
import type { ReadContext } from "./context";
import { detectFormat } from "./detect-format";
import { HandlerFailure } from "./failures";
import { readSingle } from "./read-single";
import { readTar } from "./read-tar";
import { readZip } from "./read-zip";

/**
 * Calls `onEntry` for each regular file, awaiting each before reading on. Rejects with AppError for
 * unsafe, oversized or corrupt input (the whole bundle, not just the entry), and with whatever
 * `onEntry` threw, unchanged, if it throws.
 */
export async function readBundle(
  filePath: string,
  filename: string,
  limits: ArchiveLimits,
  onEntry: EntryHandler,
): Promise<BundleReadSummary> {
  const format = await detectFormat(filePath, filename);
  const { size } = await stat(filePath);
  const summary: BundleReadSummary = { format, entries: 0, bytes: 0, skipped: [] };
  const context: ReadContext = {
    filePath,
    upload: filename,
    limits,
    budget: new Budget(filename, limits, size),
    onEntry,
    summary,
  };
  try {
    switch (format) {
      case "tar":
      case "tar.gz":
        await readTar(context, format === "tar.gz");
        break;
      case "zip":
        await readZip(context);
        break;
      case "gz":
      case "plain":
        await readSingle(context, format === "gz", size);
        break;
    }
  } catch (error) {
    throw error instanceof HandlerFailure ? error.error : error;
  }
  return summary;
}
