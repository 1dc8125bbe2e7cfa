// The ingest use case shared by the API route and the CLI: spooled parts in, stored bundle out.
// Checks for a duplicate before the (possibly long) analysis, and always deletes the spooled files.
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import { findDuplicate, storeBundle, type StoreBundleResult } from "../db/store-bundle";
import { analyseBundle } from "./ingest-bundle";
import type { ArchiveLimits } from "./types";

export interface SpooledPart {
  path: string;
  filename: string;
  sha256: string;
  bytes: number;
  cleanup(): Promise<void>;
}

/** One part: the file's own sha256 (so `sha256sum bundle.tgz` matches); several: a digest of the parts' digests. */
export function uploadDigest(parts: Pick<SpooledPart, "sha256">[]): string {
  if (parts.length === 1) return parts[0]!.sha256;
  const digests = parts.map((part) => part.sha256).sort();
  return createHash("sha256").update(digests.join("\n")).digest("hex");
}

export function uploadName(parts: Pick<SpooledPart, "filename">[]): string {
  if (parts.length === 1) return parts[0]!.filename;
  return `${parts[0]!.filename} and ${parts.length - 1} more`;
}

export async function ingestSpooled(db: Db, parts: SpooledPart[], limits: ArchiveLimits): Promise<StoreBundleResult> {
  try {
    const file = {
      filename: uploadName(parts),
      sha256: uploadDigest(parts),
      bytes: parts.reduce((sum, part) => sum + part.bytes, 0),
    };
    const duplicate = await findDuplicate(db, file.sha256);
    if (duplicate) return duplicate;
    const analysis = await analyseBundle(parts, limits);
    return await storeBundle(db, file, analysis);
  } finally {
    await Promise.all(parts.map((part) => part.cleanup()));
  }
}
