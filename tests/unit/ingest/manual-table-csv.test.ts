// Hand-measured timing tables as CSV (parseCsvTables): units as header suffixes, `# key: value`
// metadata, a "<component> - <arch>" label column, and errors that name the file's line.
import { describe, expect, it } from "vitest";
import { ManualTableError, parseCsvTables } from "@/lib/ingest/manual-table";

const MiB = 1024 ** 2;

describe("parseCsvTables", () => {
  it("reads component/arch columns, converts size_mib and *_s headers, and takes `# key: value` metadata", () => {
    const text = [
      "# Timings from build-definitions#1275, taken by hand on the staging cluster.",
      "# source: hand-timed on stone-prd-rh01",
      "# strategy: ta-split",
      "# measuredAt: 2025-09-17",
      "component,arch,size_mib,prefetch_s,create_upload_s,restore_s,rsync_s,build_min",
      "flatpak-runtime,amd64,295,40,35,9,4,12.5",
      "flatpak-runtime,aarch64,290,41,33,8,,",
      "flatpak-sdk,s390x,1048,530,120,31,---,",
      "",
    ].join("\n");
    const parsed = parseCsvTables(text);
    expect(parsed.meta).toEqual({
      source: "hand-timed on stone-prd-rh01",
      strategy: "ta-split",
      measuredAt: new Date("2025-09-17T00:00:00Z"),
    });
    expect(parsed.warnings).toEqual([]);
    expect(parsed.tables).toEqual([
      {
        component: "flatpak-runtime",
        statedTotals: null,
        rows: [
          {
            arch: "amd64",
            line: 6,
            values: {
              payload: 295 * MiB,
              prefetch: 40,
              "create-upload": 35,
              restore: 9,
              rsync: 4,
              build: 750,
            },
          },
          { arch: "arm64", line: 7, values: { payload: 290 * MiB, prefetch: 41, "create-upload": 33, restore: 8 } },
        ],
      },
      {
        component: "flatpak-sdk",
        statedTotals: null,
        rows: [
          { arch: "s390x", line: 8, values: { payload: 1048 * MiB, prefetch: 530, "create-upload": 120, restore: 31 } },
        ],
      },
    ]);
  });

  it("reads a first column labelled `<component> - <arch>` and checks a Total row against the rows", () => {
    const text = [
      "Component - Arch,Size (GiB),Prefetch (s),Queue (min)",
      "flatpak-sdk - x86_64,1.5,530,2",
      "flatpak-sdk - source,0.25,61,",
      "Total,1.75,600,2",
    ].join("\n");
    const parsed = parseCsvTables(text);
    expect(parsed.tables).toEqual([
      {
        component: "flatpak-sdk",
        rows: [
          { arch: "amd64", line: 2, values: { payload: 1.5 * 1024 ** 3, prefetch: 530, queue: 120 } },
          { arch: "source", line: 3, values: { payload: 0.25 * 1024 ** 3, prefetch: 61 } },
        ],
        statedTotals: { payload: 1.75 * 1024 ** 3, prefetch: 600, queue: 120 },
      },
    ]);
    expect(parsed.warnings).toEqual([
      "flatpak-sdk: the stated total for prefetch (600) differs from the sum of its rows (591)",
    ]);
  });

  it("warns about a header without a known unit suffix and assumes seconds (MiB for sizes)", () => {
    // In CSV only a known suffix is a unit ("create_upload" is a name), so "_furlongs" is part of the name.
    const parsed = parseCsvTables("component,arch,size,prefetch_furlongs\nflatpak-runtime,arm64,100,7\n");
    expect(parsed.tables[0]?.rows[0]?.values).toEqual({ payload: 100 * MiB, prefetch: 7 });
    expect(parsed.warnings).toEqual([
      'line 1: column "size" states no unit; assumed MiB',
      'line 1: column "prefetch_furlongs" states no unit; assumed seconds',
    ]);
  });

  it("names the file's line in errors, counting metadata, blank lines and quoted line breaks", () => {
    const error = (text: string) => {
      try {
        parseCsvTables(text);
      } catch (caught) {
        expect(caught).toBeInstanceOf(ManualTableError);
        return (caught as ManualTableError).message;
      }
      throw new Error("parseCsvTables accepted the input");
    };
    expect(error("# source: x\n\ncomponent,arch,prefetch_s\n\nrt,amd64,5\nrt,arm64,abc\n")).toBe(
      'line 6: "abc" in column "prefetch_s" is not a non-negative number',
    );
    expect(error('component,arch,prefetch_s\r\nrt,amd64,"5"\r\nrt,mips,6\r\n')).toBe(
      'line 3: unknown architecture "mips" (expected amd64, arm64, ppc64le, s390x or source)',
    );
    expect(error("component,arch,prefetch_s\nrt,amd64,5\nrt,x86_64,6\n")).toBe("line 3: rt has a second row for amd64");
    expect(error("label,prefetch_s\nflatpak-runtime amd64,5\n")).toMatch(
      /^line 2: row label "flatpak-runtime amd64" is not "<component> - <arch>"/,
    );
    expect(error("component,arch,colour\nrt,amd64,red\n")).toMatch(
      /^line 1: column "colour" is not a known measurement/,
    );
    expect(error("# strategy: carrier-pigeon\ncomponent,arch,prefetch_s\nrt,amd64,5\n")).toMatch(
      /^line 1: front matter: strategy: /,
    );
    expect(error("# only a comment\n\n")).toBe("the CSV has no header row");
  });
});
