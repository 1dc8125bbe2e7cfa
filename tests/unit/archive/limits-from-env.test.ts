import { describe, expect, it } from "vitest";
import { DEFAULT_UPLOAD_MAX_BYTES, limitsFromEnv } from "@/lib/config/upload";
import { DEFAULT_ARCHIVE_LIMITS } from "@/lib/ingest/types";

describe("limitsFromEnv", () => {
  it("defaults to a 1 GiB upload and the documented archive limits", () => {
    expect(limitsFromEnv({})).toEqual({ uploadMaxBytes: 1024 ** 3, limits: DEFAULT_ARCHIVE_LIMITS });
    expect(DEFAULT_UPLOAD_MAX_BYTES).toBe(1024 ** 3);
  });

  it("reads each override, treating empty variables as unset", () => {
    expect(
      limitsFromEnv({
        UPLOAD_MAX_BYTES: "1000",
        BUNDLE_MAX_TOTAL_BYTES: "2000",
        BUNDLE_MAX_ENTRY_BYTES: " 300 ",
        BUNDLE_MAX_ENTRIES: "40",
        BUNDLE_MAX_RATIO: "",
      }),
    ).toEqual({
      uploadMaxBytes: 1000,
      limits: {
        maxTotalBytes: 2000,
        maxEntryBytes: 300,
        maxEntries: 40,
        maxCompressionRatio: DEFAULT_ARCHIVE_LIMITS.maxCompressionRatio,
        maxPathLength: DEFAULT_ARCHIVE_LIMITS.maxPathLength,
      },
    });
  });

  it.each([
    ["UPLOAD_MAX_BYTES", "1GiB"],
    ["BUNDLE_MAX_TOTAL_BYTES", "-5"],
    ["BUNDLE_MAX_ENTRY_BYTES", "1.5"],
    ["BUNDLE_MAX_ENTRIES", "0"],
    ["BUNDLE_MAX_RATIO", "1e3"],
    ["BUNDLE_MAX_RATIO", "99999999999999999999"],
  ])("rejects %s=%j naming the variable", (name, value) => {
    expect(() => limitsFromEnv({ [name]: value })).toThrow(new RegExp(`^Invalid ${name}=`));
  });
});
