// The pure parts of the cost table's SQL plan: which rank each statistic seeks, and how the first pass's
// counts become per-cell counts and per-source run counts.
import { describe, expect, it } from "vitest";
import { aggregatesFromSeeks, readCounts, seeksFor, type CellCount } from "@/lib/queries/cost-table-sql";

const cell = (nSeconds: number, nBytes = 0): CellCount => ({
  arch: "amd64",
  phase: "prefetch",
  n: Math.max(nSeconds, nBytes),
  nSeconds,
  nBytes,
});

describe("seeksFor", () => {
  it("takes the middle value of an odd count and the two middle values of an even count", () => {
    expect(seeksFor("median", [cell(5)])).toEqual([{ cell: 0, field: "seconds", order: "asc", limit: 1, offset: 2 }]);
    expect(seeksFor("median", [cell(6)])).toEqual([{ cell: 0, field: "seconds", order: "asc", limit: 2, offset: 2 }]);
    expect(seeksFor("median", [cell(1)])).toEqual([{ cell: 0, field: "seconds", order: "asc", limit: 1, offset: 0 }]);
  });

  it("reaches the nearest-rank p90 from the top", () => {
    // n = 10: rank ⌈9⌉ = 9 of 10 is the 2nd from the top (offset 1); n = 3: rank 3 is the top; n = 11: rank 10.
    expect(seeksFor("p90", [cell(10)])[0]).toMatchObject({ order: "desc", limit: 1, offset: 1 });
    expect(seeksFor("p90", [cell(3)])[0]).toMatchObject({ order: "desc", limit: 1, offset: 0 });
    expect(seeksFor("p90", [cell(11)])[0]).toMatchObject({ order: "desc", limit: 1, offset: 1 });
    expect(seeksFor("p90", [cell(100)])[0]).toMatchObject({ order: "desc", limit: 1, offset: 10 });
  });

  it("seeks only the kinds of value a cell has, and the latest run for 'last'", () => {
    expect(seeksFor("last", [cell(0, 4), cell(3)])).toEqual([
      { cell: 0, field: "bytes", order: "latest", limit: 1, offset: 0 },
      { cell: 1, field: "seconds", order: "latest", limit: 1, offset: 0 },
    ]);
    expect(seeksFor("median", [cell(0, 0)])).toEqual([]);
  });
});

describe("readCounts and aggregatesFromSeeks", () => {
  it("sums a cell over its source sets and counts each label's runs", () => {
    const { cells, sources } = readCounts([
      { arch: "amd64", phase: "payload", sources: "lockfile", n: 3, n_s: 0, n_b: 3 },
      { arch: "amd64", phase: "payload", sources: "lockfile\nmanifest", n: 2n, n_s: 0n, n_b: 2n },
    ]);
    expect(cells).toEqual([{ arch: "amd64", phase: "payload", n: 5, nSeconds: 0, nBytes: 5 }]);
    expect(sources).toEqual([
      { arch: "amd64", phase: "payload", source: "lockfile", runs: 5 },
      { arch: "amd64", phase: "payload", source: "manifest", runs: 2 },
    ]);
  });

  it("puts each answer on its cell and leaves unanswered cells null", () => {
    const cells = [cell(4), { ...cell(0, 2), phase: "payload" }];
    const seeks = seeksFor("median", cells);
    const aggregates = aggregatesFromSeeks(cells, seeks, [{ g: 1, value: 1024 }]);
    expect(aggregates.map((a) => [a.phase, a.seconds, a.bytes, a.n])).toEqual([
      ["prefetch", null, null, 4],
      ["payload", null, 1024, 2],
    ]);
  });
});
