// Bundles: what a user uploads (an archive, a compressed file or a plain file) and the limits under
// which lib/ingest/archive reads it. Untrusted input: nothing here is ever written to a path taken
// from an entry name.
import type { Readable } from "node:stream";
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from "../config/upload";
import type { BundleFormat } from "../domain/upload";

/** The limits an archive is read under (configured in lib/config/upload.ts, which documents each). */
export type ArchiveLimits = UploadLimits;

/** Defaults, documented in the README; each can be overridden by an environment variable. */
export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = DEFAULT_UPLOAD_LIMITS;

/** One file found in an upload. */
export interface BundleEntry {
  /** Normalised "/"-separated relative path inside the bundle (the upload's own name for a plain file). */
  path: string;
  /** Uncompressed size when the container states it (tar, zip), else null. */
  size: number | null;
}

/**
 * Called once per regular-file entry, in archive order, with a stream of its uncompressed bytes.
 * The handler must consume (or destroy) the stream before its promise resolves.
 */
export type EntryHandler = (entry: BundleEntry, content: Readable) => Promise<void>;

export interface BundleReadSummary {
  format: BundleFormat;
  entries: number;
  /** Uncompressed bytes handed to the handler. */
  bytes: number;
  /** Entries passed over (directories, nested archives, …) with the reason, for the per-file summary. */
  skipped: { path: string; reason: string }[];
}
