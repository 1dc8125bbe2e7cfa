// The trend's arithmetic (lib/queries/trend-buckets.ts): NTILE's grouping, nearest-rank p90, the median's two
// middle values, start times per group, and runs that are not selected left out.
import { describe, expect, it } from "vitest";
import { ntile, trendPoints } from "@/lib/queries/trend-buckets";

describe("ntile", () => {
  it("gives the first count mod buckets groups one row more, like SQL's NTILE", () => {
    expect(ntile(7, 3)).toEqual([1, 1, 1, 2, 2, 3, 3]);
    expect(ntile(6, 3)).toEqual([1, 1, 2, 2, 3, 3]);
    expect(ntile(2, 5)).toEqual([1, 2]);
    expect(ntile(0, 4)).toEqual([]);
  });
});

describe("trendPoints", () => {
  it("takes median and p90 per bucket and cell over the selected runs only", () => {
    const runs = [1, 2, 3, 4, 5, 6].map((id) => ({ id, started: id === 1 ? null : id * 1000 }));
    const points = trendPoints(runs, 2, [
      {
        arch: "amd64",
        phase: "prefetch",
        runIds: [3, 1, 2, 6, 5, 4, 99],
        seconds: { runIds: [3, 1, 2, 6, 5, 99], values: [30, 10, 20, 60, 50, 1e9] },
        bytes: null,
      },
    ]);
    expect(points).toEqual([
      {
        bucket: 1,
        from: new Date(2000).toISOString(),
        to: new Date(3000).toISOString(),
        arch: "amd64",
        phase: "prefetch",
        runs: 3,
        p50S: 20,
        p90S: 30,
        p50Bytes: null,
        p90Bytes: null,
      },
      {
        bucket: 2,
        from: new Date(4000).toISOString(),
        to: new Date(6000).toISOString(),
        arch: "amd64",
        phase: "prefetch",
        runs: 3,
        p50S: 55,
        p90S: 60,
        p50Bytes: null,
        p90Bytes: null,
      },
    ]);
  });
});
