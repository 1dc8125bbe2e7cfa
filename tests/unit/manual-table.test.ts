import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIB } from "@/lib/domain/phases";
import { ManualTableError, parseManualTables } from "@/lib/ingest/manual-table";
import { markdownTable } from "../fixtures/manual-tables";

const demo = readFileSync(path.resolve(import.meta.dirname, "../../prisma/demo/build-definitions-1275.md"), "utf8");

describe("parseManualTables on the seed issue's tables", () => {
  const parsed = parseManualTables(demo);

  it("reads the front matter", () => {
    expect(parsed.meta.source).toBe("manual table (build-definitions#1275)");
    expect(parsed.meta.strategy).toBe("ta-split");
    expect(parsed.meta.measuredAt?.toISOString().slice(0, 10)).toBe("2024-08-12");
  });

  it("finds both components with five arches each, in file order", () => {
    expect(parsed.tables.map((t) => [t.component, t.rows.map((r) => r.arch).join(",")])).toEqual([
      ["flatpak-runtime", "amd64,arm64,ppc64le,s390x,source"],
      ["flatpak-sdk", "amd64,arm64,ppc64le,s390x,source"],
    ]);
  });

  it("converts MiB to bytes, keeps seconds, and leaves '---' cells out", () => {
    const sdk = parsed.tables.find((t) => t.component === "flatpak-sdk")!;
    const s390x = sdk.rows.find((r) => r.arch === "s390x")!;
    expect(s390x.values).toEqual({
      payload: 544 * MIB,
      prefetch: 530,
      "create-upload": 48,
      restore: 13,
      rsync: 11,
    });
    const source = sdk.rows.find((r) => r.arch === "source")!;
    expect(source.values.rsync).toBeUndefined();
    expect(source.values.payload).toBe(3552 * MIB);
  });

  it("checks the stated totals against the rows without warnings", () => {
    expect(parsed.warnings).toEqual([]);
    expect(parsed.tables[1]!.statedTotals).toMatchObject({ payload: 5750 * MIB, prefetch: 3019, rsync: 29 });
  });

  it("records the line of every row", () => {
    const runtimeAmd64 = parsed.tables[0]!.rows[0]!;
    expect(demo.split("\n")[runtimeAmd64.line - 1]).toContain("flatpak-runtime - amd64");
  });
});

describe("parseManualTables on other inputs", () => {
  it("accepts Component and Arch columns, RPM arch names, other units and comma-grouped numbers", () => {
    const text = [
      "| Component | Arch | Size (GiB) | Prefetch (min) | Build (s) |",
      "|---|---|---|---|---|",
      "| my-image | x86_64 | 1.5 | 2 | 1,200 |",
      "| my-image | aarch64 | 0.5 | 1.5 | n/a |",
    ].join("\n");
    const { tables, warnings } = parseManualTables(text);
    expect(warnings).toEqual([]);
    expect(tables).toEqual([
      {
        component: "my-image",
        statedTotals: null,
        rows: [
          { arch: "amd64", line: 3, values: { payload: 1.5 * 1024 ** 3, prefetch: 120, build: 1200 } },
          { arch: "arm64", line: 4, values: { payload: 0.5 * 1024 ** 3, prefetch: 90 } },
        ],
      },
    ]);
  });

  it("warns when a stated total disagrees with its rows", () => {
    const text = markdownTable("x", [{ arch: "amd64", prefetchS: 10 }]) + "| **Total:** | | 99 | | | |\n";
    expect(parseManualTables(text).warnings).toEqual([
      "x: the stated total for prefetch (99) differs from the sum of its rows (10)",
    ]);
  });

  it("warns when a column states no unit", () => {
    const text = "| | Prefetch |\n|---|---|\n| x - amd64 | 5 |\n";
    expect(parseManualTables(text).warnings).toEqual(['line 1: column "Prefetch" states no unit; assumed seconds']);
  });

  it.each([
    ["plain prose, no table", "no table here", /no Markdown table found/],
    [
      "an unknown architecture",
      "| | Prefetch (s) |\n|---|---|\n| x - mips | 4 |",
      /line 3: unknown architecture "mips"/,
    ],
    [
      "a label without an arch",
      "| | Prefetch (s) |\n|---|---|\n| just-a-name | 4 |",
      /line 3: row label "just-a-name"/,
    ],
    [
      "a non-numeric value",
      "| | Prefetch (s) |\n|---|---|\n| x - amd64 | fast |",
      /line 3: "fast" in column "Prefetch \(s\)"/,
    ],
    ["a negative value", "| | Prefetch (s) |\n|---|---|\n| x - amd64 | -4 |", /line 3: "-4"/],
    [
      "an unknown column",
      "| | Colour |\n|---|---|\n| x - amd64 | 4 |",
      /line 1: column "Colour" is not a known measurement/,
    ],
    ["an unknown unit", "| | Prefetch (fortnights) |\n|---|---|\n| x - amd64 | 4 |", /unit "fortnights"/],
    [
      "a repeated arch",
      "| | Prefetch (s) |\n|---|---|\n| x - amd64 | 4 |\n| x - x86_64 | 5 |",
      /line 4: x has a second row for amd64/,
    ],
    [
      "a Total before any row",
      "| | Prefetch (s) |\n|---|---|\n| Total | 4 |",
      /line 3: a Total row comes before any component row/,
    ],
    [
      "an unknown strategy",
      "---\nstrategy: carrier-pigeon\n---\n| | Prefetch (s) |\n|---|---|\n| x - amd64 | 4 |",
      /front matter: strategy/,
    ],
  ])("rejects %s with a message naming the line", (_name, text, message) => {
    expect(() => parseManualTables(text)).toThrow(ManualTableError);
    expect(() => parseManualTables(text)).toThrow(message);
  });
});

describe("parseManualTables properties", () => {
  const arches = ["amd64", "arm64", "ppc64le", "s390x", "source"] as const;
  const value = fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null });
  const rowSpec = fc.record({ sizeMiB: value, prefetchS: value, createUploadS: value, restoreS: value, rsyncS: value });

  it("reads back every number written into a table, and nothing else", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/),
        fc.subarray([...arches], { minLength: 1 }),
        fc.array(rowSpec, { minLength: 5, maxLength: 5 }),
        (component, chosen, specs) => {
          const rows = chosen.map((arch, i) => ({ arch, ...specs[i]! }));
          const { tables } = parseManualTables(markdownTable(component, rows));
          expect(tables).toHaveLength(1);
          expect(tables[0]!.component).toBe(component);
          tables[0]!.rows.forEach((parsedRow, i) => {
            const spec = rows[i]!;
            const expected: Record<string, number> = {};
            if (spec.sizeMiB !== null) expected.payload = spec.sizeMiB * MIB;
            if (spec.prefetchS !== null) expected.prefetch = spec.prefetchS;
            if (spec.createUploadS !== null) expected["create-upload"] = spec.createUploadS;
            if (spec.restoreS !== null) expected.restore = spec.restoreS;
            if (spec.rsyncS !== null) expected.rsync = spec.rsyncS;
            expect(parsedRow.arch).toBe(spec.arch);
            expect(parsedRow.values).toEqual(expected);
          });
        },
      ),
    );
  });

  it("never throws anything but ManualTableError on arbitrary text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("|", "-", " ", "\n", "a", "1", ":", "*", "T", "o", "t", "l") }),
        (text) => {
          try {
            parseManualTables(text);
          } catch (error) {
            expect(error).toBeInstanceOf(ManualTableError);
          }
        },
      ),
    );
  });
});
