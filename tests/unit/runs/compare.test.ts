// Comparing two runs: one value per (arch, phase) and kind, B − A with a percentage, nulls (never 0)
// where one run did not measure something, and each run's wall time.
import { describe, expect, it } from "vitest";
import { compareRuns, delta } from "@/lib/runs/compare";
import { at, matrixRun, measurement, run } from "./run-details";

/** A later pull-request run of the same component: amd64 and arm64 only, a faster prefetch. */
function twoArchRun() {
  return run({
    name: "flatpak-runtime-on-pull-request-q2vxt",
    startTime: at(10_000),
    completionTime: at(11_900),
    strategy: "ta-shared",
    measurements: [
      measurement("amd64", "payload", { bytes: 1_101_004_800 }),
      measurement("amd64", "restore", { seconds: 39 }),
      measurement("amd64", "build", { seconds: 577 }),
      measurement("arm64", "restore", { seconds: 51 }),
      measurement("arm64", "rsync-back", { bytes: 611_004_337 }),
      measurement("arm64", "rsync-back", { seconds: 35.117 }),
      measurement("shared", "prefetch", { seconds: 598 }),
      measurement("shared", "create-upload", { seconds: 176 }),
      measurement("shared", "queue", { seconds: 3 }),
    ],
  });
}

describe("compareRuns", () => {
  const a = matrixRun();
  const b = twoArchRun();
  const comparison = compareRuns(a, b);
  const row = (arch: string, phase: string) => comparison.rows.find((r) => r.arch === arch && r.phase === phase);

  it("summarises both runs with their wall times and the wall-time change", () => {
    expect(comparison.a).toEqual({
      id: a.id,
      name: "flatpak-runtime-on-push-x7k2p",
      component: "flatpak-runtime",
      startTime: at(0),
      strategy: "ta-shared",
      wallSeconds: 2122,
    });
    expect(comparison.b.wallSeconds).toBe(1900);
    expect(comparison.wallDelta?.value).toBe(-222);
    expect(comparison.wallDelta?.percent).toBeCloseTo(-10.462, 3);
  });

  it("has one row per (arch, phase) of either run, by arch then phase order", () => {
    expect(comparison.rows.map((r) => `${r.arch} ${r.phase}`)).toEqual([
      "amd64 payload",
      "amd64 restore",
      "amd64 build",
      "arm64 restore",
      "arm64 rsync",
      "arm64 rsync-back",
      "arm64 build",
      "ppc64le restore",
      "s390x restore",
      "source restore",
      "shared prefetch",
      "shared create-upload",
      "shared queue",
    ]);
  });

  it("gives B − A in seconds and percent, and in bytes where both runs have bytes", () => {
    expect(row("shared", "prefetch")).toEqual({
      arch: "shared",
      phase: "prefetch",
      a: { seconds: 612, bytes: null },
      b: { seconds: 598, bytes: null },
      secondsDelta: { value: -14, percent: (-14 / 612) * 100 },
      bytesDelta: null,
    });
    expect(row("amd64", "payload")?.bytesDelta).toEqual({ value: 52_428_800, percent: 5 });
    expect(row("amd64", "payload")?.secondsDelta).toBeNull();
    expect(row("arm64", "restore")?.secondsDelta).toEqual({ value: 0, percent: 0 });
  });

  it("takes seconds from the seconds row and bytes from the bytes row when a phase has both", () => {
    const rsyncBack = row("arm64", "rsync-back");
    expect(rsyncBack?.a).toEqual({ seconds: 38.904, bytes: 612_400_118 });
    expect(rsyncBack?.b).toEqual({ seconds: 35.117, bytes: 611_004_337 });
    expect(rsyncBack?.secondsDelta?.value).toBeCloseTo(-3.787, 6);
    expect(rsyncBack?.bytesDelta?.value).toBe(611_004_337 - 612_400_118);
  });

  it("answers null without a delta where one run did not measure the arch or the phase", () => {
    expect(row("ppc64le", "restore")).toEqual({
      arch: "ppc64le",
      phase: "restore",
      a: { seconds: 58, bytes: null },
      b: null,
      secondsDelta: null,
      bytesDelta: null,
    });
    expect(row("arm64", "rsync")?.b).toBeNull();
    expect(row("arm64", "build")?.secondsDelta).toBeNull();
  });

  it("has no percentage when A is 0", () => {
    expect(row("shared", "queue")?.secondsDelta).toEqual({ value: 3, percent: null });
  });

  it("is symmetric in its deltas when the runs swap", () => {
    const swapped = compareRuns(b, a);
    const prefetch = swapped.rows.find((r) => r.arch === "shared" && r.phase === "prefetch");
    expect(prefetch?.secondsDelta?.value).toBe(14);
    expect(swapped.rows.find((r) => r.arch === "ppc64le")?.a).toBeNull();
  });

  it("compares runs without measurements or times", () => {
    const empty = run({ name: "empty", startTime: null });
    expect(compareRuns(empty, empty)).toMatchObject({ rows: [], wallDelta: null, a: { wallSeconds: null } });
    expect(compareRuns(empty, b).rows.every((r) => r.a === null && r.secondsDelta === null)).toBe(true);
  });
});

describe("delta", () => {
  it("is null when either side is missing", () => {
    expect(delta(null, 3)).toBeNull();
    expect(delta(3, null)).toBeNull();
    expect(delta(200, 150)).toEqual({ value: -50, percent: -25 });
  });
});
