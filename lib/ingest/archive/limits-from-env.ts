// Upload and bundle limits from the environment: each variable overrides one default and must be a
// positive integer; an empty variable counts as unset.
import { z } from "zod";
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from "../types";

/** Largest upload accepted, as compressed bytes on the wire. */
export const DEFAULT_UPLOAD_MAX_BYTES = 1024 ** 3;

const positiveInteger = z
  .string()
  .trim()
  .regex(/^\d+$/, "expected a positive integer (bytes or a count, digits only)")
  .transform(Number)
  .pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));

export function limitsFromEnv(env: Record<string, string | undefined> = process.env): {
  uploadMaxBytes: number;
  limits: ArchiveLimits;
} {
  const read = (name: string, fallback: number): number => {
    const value = env[name];
    if (value === undefined || value === "") return fallback;
    const parsed = positiveInteger.safeParse(value);
    if (!parsed.success) {
      throw new Error(`Invalid ${name}="${value}": ${parsed.error.issues[0]?.message ?? "not a positive integer"}`);
    }
    return parsed.data;
  };
  return {
    uploadMaxBytes: read("UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES),
    limits: {
      maxTotalBytes: read("BUNDLE_MAX_TOTAL_BYTES", DEFAULT_ARCHIVE_LIMITS.maxTotalBytes),
      maxEntryBytes: read("BUNDLE_MAX_ENTRY_BYTES", DEFAULT_ARCHIVE_LIMITS.maxEntryBytes),
      maxEntries: read("BUNDLE_MAX_ENTRIES", DEFAULT_ARCHIVE_LIMITS.maxEntries),
      maxCompressionRatio: read("BUNDLE_MAX_RATIO", DEFAULT_ARCHIVE_LIMITS.maxCompressionRatio),
      maxPathLength: DEFAULT_ARCHIVE_LIMITS.maxPathLength,
    },
  };
}
