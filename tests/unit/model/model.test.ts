// The cost model on realistic and edge inputs: fitting, the small-payload "keep", the race, missing inputs,
// and the backtest.
import { describe, expect, it } from "vitest";
import { MIB } from "@/lib/domain/phases";
import { predictRunPhases } from "@/lib/model/backtest";
import { fitAll, fitSamples } from "@/lib/model/fit";
import { criticalPath } from "@/lib/model/predict";
import { recommend } from "@/lib/model/recommend";
import type { BacktestRun, ModelInputs, PhaseSample } from "@/lib/model/types";
import { seedInputs } from "./seed-inputs";

const sample = (phase: PhaseSample["phase"], mib: number, seconds: number, parts = 1): PhaseSample => ({
  phase,
  parts,
  bytes: mib * MIB,
  seconds,
  source: "test",
});

/** A component with a few MiB of RPMs, built with the shipped default (shared prefetch, TA). */
function smallComponent(): ModelInputs {
  const samples: PhaseSample[] = [];
  for (let run = 0; run < 6; run++) {
    const total = 9 + run * 0.5;
    samples.push(sample("prefetch", total, 38 + run, 5), sample("upload", total, 6), sample("restore", total, 4));
    for (const arch of ["arm64", "ppc64le", "s390x"] as const) samples.push({ ...sample("rsync", total, 2), arch });
  }
  const sourced = (value: number) => ({ value, source: "test" });
  return {
    component: "tiny",
    measuredPlatforms: ["amd64", "arm64", "ppc64le", "s390x"],
    remotePlatforms: { arches: ["arm64", "ppc64le", "s390x"], source: "test" },
    payload: {
      amd64: sourced(2 * MIB),
      arm64: sourced(2 * MIB),
      ppc64le: sourced(2 * MIB),
      s390x: sourced(2 * MIB),
      source: sourced(1 * MIB),
    },
    sharedBytes: null,
    samples,
    buildS: {
      amd64: sourced(300),
      arm64: sourced(420),
      ppc64le: sourced(500),
      s390x: sourced(480),
      source: sourced(60),
    },
    queueS: { arm64: sourced(30), ppc64le: sourced(90), s390x: sourced(60) },
    current: { strategy: "ta-shared", source: "test" },
    detectedHazards: [],
    backtestRuns: [],
  };
}

describe("fitSamples", () => {
  it("separates overhead from rate by least squares when sizes vary", () => {
    const fit = fitSamples("prefetch", [
      sample("prefetch", 100, 30),
      sample("prefetch", 300, 50),
      sample("prefetch", 500, 70),
    ]);
    expect(fit.method).toBe("least-squares");
    expect(fit.overheadS).toBeCloseTo(20, 6);
    expect(1 / fit.secondsPerByte / MIB).toBeCloseTo(10, 6);
  });

  it("uses the measured ratio when every point has the same size, and a named default with none", () => {
    const ratio = fitSamples("restore", [sample("restore", 200, 10), sample("restore", 200, 30)]);
    expect(ratio).toMatchObject({ method: "ratio", overheadS: 0 });
    expect(1 / ratio.secondsPerByte / MIB).toBeCloseTo(10, 6);
    const none = fitSamples("upload", []);
    expect(none.method).toBe("default");
    expect(none.source).toMatch(/^default: 5 s \+ bytes \/ 25 MiB\/s/);
  });

  it("falls back to the ratio when least squares would give a negative overhead", () => {
    const fit = fitSamples("restore", [sample("restore", 100, 1), sample("restore", 1000, 100)]);
    expect(fit.method).toBe("ratio");
    expect(fit.overheadS).toBe(0);
  });
});

describe("recommend", () => {
  it("tells a component with a few MiB of dependencies to keep what it has", () => {
    const r = recommend(smallComponent());
    expect(r).toMatchObject({ current: "ta-shared", recommended: "ta-shared", decision: "keep" });
    expect(r.reason).toMatch(/within the threshold/);
    const split = r.strategies.find((s) => s.id === "ta-split")!;
    const shared = r.strategies.find((s) => s.id === "ta-shared")!;
    expect(shared.wallS - split.wallS).toBeLessThan(60);
  });

  it("flags the current shared PVC with the race and recommends a Trusted Artifacts strategy", () => {
    const inputs: ModelInputs = {
      ...seedInputs("flatpak-runtime"),
      current: { strategy: "pvc-shared", source: "detected" },
      detectedHazards: [
        { code: "shared-workspace-race", message: "parallel remote builds share a workspace", run: "r1" },
      ],
    };
    for (const requireTrustedArtifacts of [true, false]) {
      const r = recommend(inputs, { requireTrustedArtifacts });
      const current = r.strategies.find((s) => s.id === "pvc-shared")!;
      expect(current.hazards.map((h) => h.code)).toContain("shared-workspace-race");
      expect(current.eligible).toBe(false);
      expect(r.decision).toBe("switch");
      expect(r.recommended).not.toBe("pvc-shared");
    }
  });

  it("names every missing input and the default it used", () => {
    const inputs: ModelInputs = { ...smallComponent(), samples: [], buildS: {}, payload: {} };
    const r = recommend(inputs);
    const missing = r.inputs.missing.map((m) => m.input);
    expect(missing).toEqual(
      expect.arrayContaining(["payload sizes", "prefetch rate", "upload rate", "restore rate", "build time of amd64"]),
    );
    for (const s of r.strategies) expect(Number.isFinite(s.wallS)).toBe(true);
  });

  it("does not recommend a change from defaults alone when nothing was measured", () => {
    const inputs: ModelInputs = {
      ...smallComponent(),
      samples: [],
      payload: {},
      current: { strategy: null, source: "none" },
    };
    const r = recommend(inputs);
    // No detected strategy and nothing measured: no decision ("none"), and no strategy named as current.
    expect(r).toMatchObject({ current: "unknown", recommended: "unknown", decision: "none" });
    expect(r.reason).toMatch(/^Nothing about this component's dependencies was measured/);
  });

  it("keeps unless the gain clears both the percentage and the seconds threshold", () => {
    const inputs = { ...seedInputs("flatpak-runtime"), current: { strategy: "ta-shared" as const, source: "x" } };
    expect(recommend(inputs).decision).toBe("switch");
    expect(recommend(inputs, { thresholdS: 10_000 }).decision).toBe("keep");
    expect(recommend(inputs, { thresholdPct: 90 }).decision).toBe("keep");
  });

  it("backtests each run with rates fitted on the other runs (leave one out)", () => {
    const seed = seedInputs("flatpak-sdk");
    const run = (id: number): BacktestRun => ({
      id,
      name: `table-${id}`,
      strategy: "ta-split",
      platforms: ["amd64", "arm64", "ppc64le", "s390x"],
      payload: { amd64: 572 * MIB, arm64: 536 * MIB, ppc64le: 546 * MIB, s390x: 544 * MIB, source: 3552 * MIB },
      measured: { prefetch: 3019, upload: 547, restore: 235, rsync: 29 },
    });
    // Two identical runs: each is predicted from the other's points, which reproduce its sums.
    const twice: ModelInputs = {
      ...seed,
      samples: [...seed.samples.map((s) => ({ ...s, runId: 1 })), ...seed.samples.map((s) => ({ ...s, runId: 2 }))],
      backtestRuns: [run(1), run(2)],
    };
    const both = recommend(twice).backtest;
    expect(both.runs).toBe(2);
    expect(both.medianErrorPct).toBeLessThan(1);
    // One run: nothing else to fit on, so the documented default rates predict it, and the error shows it.
    const once: ModelInputs = {
      ...seed,
      samples: seed.samples.map((s) => ({ ...s, runId: 1 })),
      backtestRuns: [run(1)],
    };
    const alone = recommend(once).backtest;
    const defaults = predictRunPhases(
      "ta-split",
      run(1).platforms,
      run(1).payload,
      new Set(seed.remotePlatforms.arches),
      fitAll([], []),
    );
    const expected = defaults.prefetch + defaults.upload + defaults.restore + defaults.rsync;
    expect(alone.results[0]!.predictedS).toBeCloseTo(expected, 6);
    expect(alone.results[0]!.measuredS).toBe(3019 + 547 + 235 + 29);
    expect(alone.medianErrorPct).toBeCloseTo(Math.abs((expected - 3830) / 3830) * 100, 6);
  });
});

describe("criticalPath", () => {
  it("follows the longest chain, counting queue time", () => {
    const { wallS, path } = criticalPath([
      { name: "a", seconds: 10, queueS: 0, after: [] },
      { name: "b", seconds: 5, queueS: 20, after: ["a"] },
      { name: "c", seconds: 15, queueS: 0, after: ["a"] },
    ]);
    expect(wallS).toBe(35);
    expect(path).toEqual([
      { task: "a", seconds: 10 },
      { task: "b", seconds: 25 },
    ]);
  });

  it("is empty for no tasks", () => {
    expect(criticalPath([])).toEqual({ wallS: 0, path: [] });
  });
});
