// Upload settings from the environment: the token, the spool limit and the archive limits.
import { readEnv } from "../config/env";
import { limitsFromEnv } from "./archive";
import type { ArchiveLimits } from "./types";

export interface UploadSettings {
  uploadToken: string | undefined;
  uploadMaxBytes: number;
  limits: ArchiveLimits;
}

export function uploadSettings(env: Record<string, string | undefined> = process.env): UploadSettings {
  const { uploadMaxBytes, limits } = limitsFromEnv(env);
  return { uploadToken: readEnv(env).UPLOAD_TOKEN, uploadMaxBytes, limits };
}
