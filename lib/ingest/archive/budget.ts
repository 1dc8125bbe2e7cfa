// Limit accounting for one bundle read: entry count, bytes actually decompressed (never the sizes a
// header claims) and expansion ratios, each checked the moment it is exceeded.
import { AppError } from "../../errors";
import { formatMiB } from "../../format";
import type { ArchiveLimits } from "../types";

/**
 * Expansion below this is never called a bomb: a tar's zero padding alone compresses more than 200-fold,
 * so a tiny honest tar.gz would otherwise be rejected, and a few MiB cannot hurt anyone.
 */
export const BOMB_FLOOR_BYTES = 1024 ** 2;

/** Counts one entry's bytes as they are read; throws AppError("too_large") when a limit is crossed. */
export type EntryMeter = (chunk: Uint8Array) => void;

export class Budget {
  private entriesSeen = 0;
  private contentBytes = 0;

  /** `compressedBytes` is the size of the uploaded file, the denominator of the whole-upload ratio. */
  constructor(
    private readonly upload: string,
    private readonly limits: ArchiveLimits,
    private readonly compressedBytes: number,
  ) {}

  /** Every member counts, handed on or passed over, so a million empty entries cannot slip through. */
  countEntry(): void {
    this.entriesSeen += 1;
    if (this.entriesSeen > this.limits.maxEntries) this.tooManyEntries();
  }

  /** zip states its entry count up front, so a bundle with too many entries fails before any reading. */
  checkEntryCount(declared: number): void {
    if (declared > this.limits.maxEntries) this.tooManyEntries();
  }

  /** A header that already admits to more than the limit is rejected before anything is decompressed. */
  checkDeclaredSize(path: string, declaredBytes: number, compressedBytes?: number): void {
    if (declaredBytes > this.limits.maxEntryBytes) this.entryTooLarge(path);
    if (compressedBytes !== undefined) this.checkEntryRatio(path, declaredBytes, compressedBytes);
  }

  /** Whole-upload ratio: bytes decompressed so far ÷ size of the uploaded file. */
  checkExpansion(uncompressedBytes: number): void {
    if (this.isBomb(uncompressedBytes, this.compressedBytes)) {
      throw new AppError(
        "too_large",
        `${this.upload} looks like a decompression bomb: it expands more than ` +
          `${this.limits.maxCompressionRatio}-fold (BUNDLE_MAX_RATIO)`,
        { file: this.upload },
      );
    }
  }

  /** `compressedBytes`, for zip entries, adds the per-entry ratio check. */
  meter(path: string, compressedBytes?: number): EntryMeter {
    let entryBytes = 0;
    return (chunk) => {
      entryBytes += chunk.byteLength;
      this.contentBytes += chunk.byteLength;
      if (entryBytes > this.limits.maxEntryBytes) this.entryTooLarge(path);
      if (this.contentBytes > this.limits.maxTotalBytes) {
        throw new AppError(
          "too_large",
          `${this.upload} expands to more than ${formatMiB(this.limits.maxTotalBytes)} (BUNDLE_MAX_TOTAL_BYTES)`,
          { file: this.upload },
        );
      }
      if (compressedBytes !== undefined) this.checkEntryRatio(path, entryBytes, compressedBytes);
      this.checkExpansion(this.contentBytes);
    };
  }

  private checkEntryRatio(path: string, uncompressedBytes: number, compressedBytes: number): void {
    if (this.isBomb(uncompressedBytes, compressedBytes)) {
      throw new AppError(
        "too_large",
        `"${path}" in ${this.upload} looks like a decompression bomb: it expands more than ` +
          `${this.limits.maxCompressionRatio}-fold (BUNDLE_MAX_RATIO)`,
        { file: path },
      );
    }
  }

  private isBomb(uncompressedBytes: number, compressedBytes: number): boolean {
    return (
      uncompressedBytes > BOMB_FLOOR_BYTES &&
      uncompressedBytes > this.limits.maxCompressionRatio * Math.max(compressedBytes, 1)
    );
  }

  private tooManyEntries(): never {
    throw new AppError(
      "too_large",
      `${this.upload} has more than ${this.limits.maxEntries} entries (BUNDLE_MAX_ENTRIES)`,
      { file: this.upload },
    );
  }

  private entryTooLarge(path: string): never {
    throw new AppError(
      "too_large",
      `"${path}" in ${this.upload} is larger than ${formatMiB(this.limits.maxEntryBytes)} (BUNDLE_MAX_ENTRY_BYTES)`,
      { file: path },
    );
  }
}
