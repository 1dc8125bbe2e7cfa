import { describe, expect, it } from "vitest";
import { toPhaseBars } from "@/lib/charts/phase-series";
import { buildCostTable, totalRow, type PhaseAggregate } from "@/lib/queries/cost-table";
import { compareArches, normalizeArch } from "@/lib/domain/arch";
import { formatMiB, formatSeconds, formatTimestamp } from "@/lib/format";

const agg = (arch: string, phase: string, value: number, n = 3): PhaseAggregate => ({
  arch,
  phase,
  seconds: phase === "payload" ? null : value,
  bytes: phase === "payload" ? value : null,
  n,
});

describe("buildCostTable", () => {
  it("pivots aggregates into ordered arch rows with sources, and totals them", () => {
    const table = buildCostTable(
      "c",
      4,
      "median",
      [
        agg("source", "prefetch", 130, 2),
        agg("arm64", "prefetch", 40),
        agg("amd64", "prefetch", 44, 4),
        agg("amd64", "payload", 1024),
      ],
      [
        { arch: "amd64", phase: "prefetch", source: "step-timestamps", runs: 4 },
        { arch: "amd64", phase: "prefetch", source: "manual table (x)", runs: 1 },
        { arch: "arm64", phase: "prefetch", source: "step-timestamps", runs: 3 },
      ],
    );
    expect(table.rows.map((r) => r.arch)).toEqual(["amd64", "arm64", "source"]);
    expect(table.rows[0]).toMatchObject({ prefetchS: 44, sizeBytes: 1024, restoreS: null, n: 4 });
    expect(table.rows[0]!.sources).toEqual({ prefetchS: ["step-timestamps", "manual table (x)"] });
    expect(table.rows[0]!.sourceRuns).toEqual({ prefetchS: { "step-timestamps": 4, "manual table (x)": 1 } });
    expect(table.total).toMatchObject({ arch: "total", prefetchS: 214, sizeBytes: 1024, restoreS: null, n: 4 });
    expect(table.total.sources.prefetchS).toEqual(["step-timestamps", "manual table (x)"]);
  });

  it("counts runs of phases outside the table without adding a column", () => {
    const table = buildCostTable("c", 2, "median", [agg("amd64", "rsync-back", 9, 2)], []);
    expect(table.rows).toEqual([expect.objectContaining({ arch: "amd64", n: 2, rsyncS: null })]);
  });

  it("gives an empty table with null totals, never zeros", () => {
    const table = buildCostTable("c", 0, "median", [], []);
    expect(table.rows).toEqual([]);
    expect(table.total).toMatchObject({ sizeBytes: null, prefetchS: null, queueS: null, n: 0 });
    expect(totalRow([], 0).buildS).toBeNull();
  });
});

describe("toPhaseBars", () => {
  it("keeps only phases that some arch measured, one datum per arch", () => {
    const table = buildCostTable("c", 1, "median", [agg("amd64", "prefetch", 10), agg("arm64", "restore", 5)], []);
    const { data, series } = toPhaseBars(table.rows);
    expect(series.map((s) => s.key)).toEqual(["prefetchS", "restoreS"]);
    expect(data).toEqual([
      expect.objectContaining({ arch: "amd64", prefetchS: 10, restoreS: null }),
      expect.objectContaining({ arch: "arm64", prefetchS: null, restoreS: 5 }),
    ]);
    expect(toPhaseBars([]).series).toEqual([]);
  });
});

describe("arch names", () => {
  it("normalises RPM, Go and task-suffix spellings", () => {
    expect(
      ["x86_64", "X86-64", "amd64", "aarch64", "arm64", "ppc64le", "s390x", "SRPM", "mips"].map(normalizeArch),
    ).toEqual(["amd64", "amd64", "amd64", "arm64", "arm64", "ppc64le", "s390x", "source", null]);
  });

  it("orders the seed's arches first, unknown ones after", () => {
    expect(["source", "zz", "s390x", "amd64", "aa", "arm64"].sort(compareArches)).toEqual([
      "amd64",
      "arm64",
      "s390x",
      "source",
      "aa",
      "zz",
    ]);
  });
});

describe("formatting", () => {
  it("always shows units", () => {
    expect(formatMiB(3552 * 1024 * 1024)).toBe("3,552 MiB");
    expect(formatMiB(1.25 * 1024 * 1024)).toBe("1.3 MiB");
    expect(formatSeconds(3019)).toBe("3,019 s");
    expect(formatSeconds(4.44)).toBe("4.4 s");
    expect(formatTimestamp("2024-08-12T14:03:59.000Z")).toBe("2024-08-12 14:03 UTC");
  });
});
