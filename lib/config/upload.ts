// Upload settings for POST /api/bundles and the ingest CLI: the upload token, CLUSTER_ARCH, the spool limit
// and the archive limits, from the variables lib/config/env.ts validates, with the limits' defaults applied.
import type { BuildArch } from "../domain/arch";
import { readEnv, readUploadLimitVariables } from "./env";

/** Largest upload accepted, as compressed bytes on the wire (UPLOAD_MAX_BYTES when unset). */
export const DEFAULT_UPLOAD_MAX_BYTES = 1024 ** 3;

/** The limits an upload's archive is read under (lib/ingest's ArchiveLimits is this type). */
export interface UploadLimits {
  /** Total uncompressed bytes over all entries. */
  maxTotalBytes: number;
  /** Uncompressed bytes of one entry. */
  maxEntryBytes: number;
  maxEntries: number;
  /** Uncompressed ÷ compressed bytes, for the whole upload and for each zip entry. */
  maxCompressionRatio: number;
  /** Not configurable: longest path inside an archive, in characters. */
  maxPathLength: number;
}

/** The archive limits when no variable overrides them: the values README.md documents. */
export const DEFAULT_UPLOAD_LIMITS: Readonly<UploadLimits> = {
  maxTotalBytes: 4 * 1024 ** 3,
  maxEntryBytes: 2 * 1024 ** 3,
  maxEntries: 20_000,
  maxCompressionRatio: 200,
  maxPathLength: 1024,
};

export interface UploadSettings {
  uploadToken: string | undefined;
  /** CLUSTER_ARCH: where local builds run. */
  clusterArch: BuildArch;
  uploadMaxBytes: number;
  limits: UploadLimits;
}

/**
 * UPLOAD_MAX_BYTES and the BUNDLE_MAX_* limits, each overriding one default; an empty variable counts as unset.
 * A bad value is a ConfigError whose message starts `Invalid NAME="value":`.
 */
export function limitsFromEnv(env: Record<string, string | undefined> = process.env): {
  uploadMaxBytes: number;
  limits: UploadLimits;
} {
  const values = readUploadLimitVariables(env);
  return {
    uploadMaxBytes: values.UPLOAD_MAX_BYTES ?? DEFAULT_UPLOAD_MAX_BYTES,
    limits: {
      maxTotalBytes: values.BUNDLE_MAX_TOTAL_BYTES ?? DEFAULT_UPLOAD_LIMITS.maxTotalBytes,
      maxEntryBytes: values.BUNDLE_MAX_ENTRY_BYTES ?? DEFAULT_UPLOAD_LIMITS.maxEntryBytes,
      maxEntries: values.BUNDLE_MAX_ENTRIES ?? DEFAULT_UPLOAD_LIMITS.maxEntries,
      maxCompressionRatio: values.BUNDLE_MAX_RATIO ?? DEFAULT_UPLOAD_LIMITS.maxCompressionRatio,
      maxPathLength: DEFAULT_UPLOAD_LIMITS.maxPathLength,
    },
  };
}

export function uploadSettings(env: Record<string, string | undefined> = process.env): UploadSettings {
  const { uploadMaxBytes, limits } = limitsFromEnv(env);
  const { UPLOAD_TOKEN, CLUSTER_ARCH } = readEnv(env);
  return { uploadToken: UPLOAD_TOKEN, clusterArch: CLUSTER_ARCH, uploadMaxBytes, limits };
}
