// Upload settings from the environment: the token, the spool limit and the archive limits.
import { readEnv } from "../config/env";
import type { BuildArch } from "../domain/arch";
import { limitsFromEnv } from "./archive";
import type { ArchiveLimits } from "./types";

export interface UploadSettings {
  uploadToken: string | undefined;
  /** CLUSTER_ARCH: where local builds run. */
  clusterArch: BuildArch;
  uploadMaxBytes: number;
  limits: ArchiveLimits;
}

export function uploadSettings(env: Record<string, string | undefined> = process.env): UploadSettings {
  const { uploadMaxBytes, limits } = limitsFromEnv(env);
  const { UPLOAD_TOKEN, CLUSTER_ARCH } = readEnv(env);
  return { uploadToken: UPLOAD_TOKEN, clusterArch: CLUSTER_ARCH, uploadMaxBytes, limits };
}
