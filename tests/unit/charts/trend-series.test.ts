import { describe, expect, it } from "vitest";
import { toTrendSeries, trendPhases } from "@/lib/charts/trend-series";
import type { TrendPoint } from "@/lib/queries/get-trend";

const point = (
  bucket: number,
  arch: string,
  phase: string,
  p50S: number | null,
  p90S: number | null,
  extra: Partial<TrendPoint> = {},
): TrendPoint => ({
  bucket,
  from: `2025-0${bucket}-01T00:00:00.000Z`,
  to: `2025-0${bucket}-02T00:00:00.000Z`,
  arch,
  phase,
  runs: 3,
  p50S,
  p90S,
  p50Bytes: null,
  p90Bytes: null,
  ...extra,
});

describe("toTrendSeries", () => {
  const points = [
    point(1, "arm64", "prefetch", 40, 55),
    point(1, "amd64", "prefetch", 30, 35),
    point(2, "amd64", "prefetch", 32, 50),
    point(2, "amd64", "restore", 9, 12),
    point(1, "amd64", "payload", null, null, { p50Bytes: 100, p90Bytes: 120 }),
  ];

  it("makes one row per bucket with a median and a median–p90 band per arch, nulls where an arch has no data", () => {
    const { data, arches } = toTrendSeries(points, "prefetch", "seconds");
    expect(arches).toEqual(["amd64", "arm64"]);
    expect(data).toEqual([
      { bucket: 1, label: "2025-01-01", runs: 3, amd64: 30, amd64Band: [30, 35], arm64: 40, arm64Band: [40, 55] },
      { bucket: 2, label: "2025-02-01", runs: 3, amd64: 32, amd64Band: [32, 50], arm64: null, arm64Band: null },
    ]);
  });

  it("reads bytes for the payload and gives an empty series for an unmeasured phase", () => {
    expect(toTrendSeries(points, "payload", "bytes").data).toEqual([
      { bucket: 1, label: "2025-01-01", runs: 3, amd64: 100, amd64Band: [100, 120] },
    ]);
    expect(toTrendSeries(points, "rsync", "seconds")).toEqual({ data: [], arches: [] });
    expect(toTrendSeries([], "prefetch", "seconds")).toEqual({ data: [], arches: [] });
  });

  it("lists the phases with durations in table order", () => {
    expect(trendPhases(points)).toEqual(["prefetch", "restore"]);
  });
});
