// A file of an upload that holds nothing to read (empty, or binary content): its stream is dropped and the
// per-file answer says why it was passed over.
import type { Readable } from "node:stream";
import type { BundleCollector } from "./collector";

/** Why a file's content was not read at all. */
export const SKIP_EMPTY = "empty file";
export const SKIP_BINARY = "binary content, not a log or document";

/** Destroys the file's stream and records it as skipped with `message`. */
export function handleSkipped(collector: BundleCollector, file: string, content: Readable, message: string): void {
  content.destroy();
  collector.files.push({ name: file, kind: "skipped", status: "skipped", message });
}
