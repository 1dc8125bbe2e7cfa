// Ranges, pooling, confidence and coverage (docs/cost-model.md "Ranges", "Pooled rates", "Confidence",
// "Coverage"), as fast-check properties and on the seed's tables: every range holds its estimate, the same data
// draws the same ranges, more runs of the same distribution never widen a range, pooled fits lie between the own
// and the pooled ones, and the decision switches only on the low end of the saving.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILD_ARCHES, type BuildArch } from "@/lib/domain/arch";
import { MIB } from "@/lib/domain/phases";
import { fitFromStats, groupStats, predictSeconds, type Fits, type GroupKey } from "@/lib/model/fit";
import { K_POOL, planPooling, pooledFitter, poolWeight } from "@/lib/model/pool";
import { rangeOf } from "@/lib/model/ranges";
import { recommend } from "@/lib/model/recommend";
import { RANGED_QUANTITIES, type Fit, type ModelInputs, type PhaseSample } from "@/lib/model/types";
import { drawFits, estimateFits, prepareEstimate } from "@/lib/model/uncertainty";
import { seedInputs } from "./seed-inputs";

const ARCHES: BuildArch[] = [...BUILD_ARCHES];

/** One run's points: every arch's prefetch, upload, restore and rsync, at that run's rates (s/MiB) and sizes. */
interface RunDraw {
  sizes: number[];
  rates: { prefetch: number; upload: number; restore: number; rsync: number };
}

const runArb: fc.Arbitrary<RunDraw> = fc.record({
  sizes: fc.array(fc.double({ min: 50, max: 3000, noNaN: true }), { minLength: 4, maxLength: 4 }),
  rates: fc.record({
    prefetch: fc.double({ min: 0.05, max: 2, noNaN: true }),
    upload: fc.double({ min: 0.01, max: 0.2, noNaN: true }),
    restore: fc.double({ min: 0.005, max: 0.1, noNaN: true }),
    rsync: fc.double({ min: 0.005, max: 0.1, noNaN: true }),
  }),
});

function samplesOf(runs: readonly RunDraw[], firstId = 1): PhaseSample[] {
  return runs.flatMap((run, i) =>
    ARCHES.flatMap((arch, a) => {
      const mib = run.sizes[a]!;
      const point = (phase: PhaseSample["phase"], overhead: number, rate: number): PhaseSample => ({
        phase,
        parts: 1,
        bytes: mib * MIB,
        seconds: overhead + mib * rate,
        ...(phase === "rsync" ? { arch } : {}),
        source: "generated",
        runId: firstId + i,
      });
      return [
        point("prefetch", 20, run.rates.prefetch),
        point("upload", 5, run.rates.upload),
        point("restore", 3, run.rates.restore),
        point("rsync", 1, run.rates.rsync),
      ];
    }),
  );
}

function inputsOf(samples: PhaseSample[], strategy: "ta-shared" | "ta-split" = "ta-split"): ModelInputs {
  return {
    component: "generated",
    measuredPlatforms: ARCHES,
    remotePlatforms: { arches: ARCHES, source: "generated" },
    payload: Object.fromEntries(ARCHES.map((arch) => [arch, { value: 800 * MIB, source: "generated" }])),
    sharedBytes: null,
    samples,
    buildS: {},
    queueS: {},
    current: { strategy, source: "generated" },
    detectedHazards: [],
    backtestRuns: [],
  };
}

/**
 * n ∈ [8, 12] runs (MIN_RESAMPLE_RUNS and up: fewer are not resampled) from one distribution: base rates per phase, each run at base × a factor in [0.7, 1.3] (one
 * cluster's run-to-run scatter), sizes 200–2,000 MiB.
 */
const sameDistributionArb: fc.Arbitrary<RunDraw[]> = fc
  .record({
    base: runArb.map((run) => run.rates),
    runs: fc.array(
      fc.record({
        sizes: fc.array(fc.double({ min: 200, max: 2000, noNaN: true }), { minLength: 4, maxLength: 4 }),
        factor: fc.double({ min: 0.7, max: 1.3, noNaN: true }),
      }),
      { minLength: 8, maxLength: 12 },
    ),
  })
  .map(({ base, runs }) =>
    runs.map(({ sizes, factor }) => ({
      sizes,
      rates: {
        prefetch: base.prefetch * factor,
        upload: base.upload * factor,
        restore: base.restore * factor,
        rsync: base.rsync * factor,
      },
    })),
  );

const width = (range: { low: number; high: number }) => range.high - range.low;

describe("ranges", () => {
  it("contain the point estimate: every strategy's five quantities and every saving", () => {
    fc.assert(
      fc.property(fc.array(runArb, { minLength: 1, maxLength: 6 }), fc.boolean(), (runs, unknown) => {
        const inputs = inputsOf(samplesOf(runs));
        const r = recommend(unknown ? { ...inputs, current: { strategy: null, source: "none" } } : inputs);
        for (const s of r.strategies) {
          for (const q of RANGED_QUANTITIES) {
            expect(s.ranges[q].low).toBeLessThanOrEqual(s[q]);
            expect(s.ranges[q].high).toBeGreaterThanOrEqual(s[q]);
          }
        }
        for (const q of RANGED_QUANTITIES) {
          expect(r.savingsRanges[q].low).toBeLessThanOrEqual(r.savings[q]);
          expect(r.savingsRanges[q].high).toBeGreaterThanOrEqual(r.savings[q]);
        }
      }),
      { numRuns: 60, seed: 15 },
    );
  }, 60_000);

  it("are deterministic: the same data draws the same ranges", () => {
    const a = recommend(seedInputs("flatpak-sdk"));
    const b = recommend(seedInputs("flatpak-sdk"));
    expect(b.strategies.map((s) => s.ranges)).toEqual(a.strategies.map((s) => s.ranges));
    expect(b.savingsRanges).toEqual(a.savingsRanges);
    // Sizes are measured, not fitted: the bytes carry no range.
    for (const s of a.strategies) expect(s.ranges.bytesMoved).toEqual({ low: s.bytesMoved, high: s.bytesMoved });
  });

  // What is asserted, exactly. A range has two parts (docs/cost-model.md "Ranges"): the fitted rates' uncertainty,
  // which more runs shrink, and one build's scatter around the fit, which they do not; each side of the whole range
  // is the parts' distances added in quadrature, so it narrows whenever the rates' part does. The data: n ∈ [8, 12]
  // distinct runs of one distribution (sameDistributionArb; fast-check, fixed seed 15), against the same runs each
  // copied 4 times (4n runs: the same empirical distribution, so the same point fits and the same scatter
  // quantiles, draw by draw). (1) The rates' part alone, per group, at 800 MiB (the payload the ranges are for,
  // inside the data). (2) The whole answer: every strategy's wall and task seconds and every saving. The
  // resampling spread halves with 4× the runs, so the margin (≈ 50% of the rates' width) dwarfs the Monte Carlo
  // noise of 200 seeded draws (≈ 7%); every group is measured, so no default (whose spread never shrinks) enters.
  it("never widen with more runs of the same distribution (n runs against each run copied 4 times)", () => {
    const arches = ARCHES;
    fc.assert(
      fc.property(sameDistributionArb, (runs) => {
        const mib = 800;
        const copies = [0, 1, 2, 3].flatMap((copy) => samplesOf(runs, 1 + copy * runs.length));
        const fewE = prepareEstimate(samplesOf(runs));
        const manyE = prepareEstimate(copies);
        const few = drawFits(fewE, arches, {}, 15, "rates");
        const many = drawFits(manyE, arches, {}, 15, "rates");
        const widthOf = (draws: Fits[], pick: (f: Fits) => Fit) => {
          const point = predictSeconds(pick(estimateFits(fewE, arches)), mib * MIB);
          return width(
            rangeOf(
              point,
              draws.map((f) => predictSeconds(pick(f), mib * MIB)),
            ),
          );
        };
        const picks: ((f: Fits) => Fit)[] = [
          (f) => f.prefetch,
          (f) => f.upload,
          (f) => f.restore,
          (f) => f.rsync.s390x!,
        ];
        for (const pick of picks) expect(widthOf(many, pick)).toBeLessThanOrEqual(widthOf(few, pick) + 1e-9);

        const a = recommend(inputsOf(samplesOf(runs)));
        const b = recommend(inputsOf(copies));
        const notWider = (wide: { low: number; high: number }, narrow: { low: number; high: number }) => {
          const slack = 1e-9 * Math.max(1, Math.abs(wide.high), Math.abs(wide.low));
          expect(narrow.high - narrow.low).toBeLessThanOrEqual(wide.high - wide.low + slack);
        };
        for (const s of a.strategies) {
          const t = b.strategies.find((x) => x.id === s.id)!;
          expect(t.wallS).toBeCloseTo(s.wallS, 6);
          for (const q of ["wallS", "taskS"] as const) notWider(s.ranges[q], t.ranges[q]);
        }
        for (const q of ["wallS", "taskS"] as const) notWider(a.savingsRanges[q], b.savingsRanges[q]);
      }),
      { numRuns: 40, seed: 15, endOnFailure: true },
    );
  }, 120_000);

  it("narrow toward one build's scatter: the rates' part shrinks with 16× the runs, the scatter's part does not", () => {
    const runs = fc.sample(sameDistributionArb, { numRuns: 1, seed: 7 })[0]!;
    const copies = (k: number) => Array.from({ length: k }, (_, c) => samplesOf(runs, 1 + c * runs.length)).flat();
    const wall = (k: number) => recommend(inputsOf(copies(k))).strategies.find((s) => s.id === "ta-split")!;
    const one = wall(1);
    const sixteen = wall(16);
    expect(width(sixteen.ranges.wallS)).toBeLessThan(width(one.ranges.wallS));
    // The scatter alone is what is left: the whole range stays wider than nothing.
    expect(width(sixteen.ranges.wallS)).toBeGreaterThan(0.05 * sixteen.wallS);
  });
});

describe("pooled rates", () => {
  const groupArb = fc.array(runArb, { minLength: 1, maxLength: 5 });

  it("lie between the own and the pooled fits, in every parameter and every prediction", () => {
    fc.assert(
      fc.property(groupArb, groupArb, fc.double({ min: 1, max: 10_000, noNaN: true }), (own, other, mib) => {
        const ownStats = groupStats(samplesOf(own));
        const pooledStats = groupStats(samplesOf(other, 1000));
        const components = Object.fromEntries(Object.keys(pooledStats).map((key) => [key, 1]));
        const plan = planPooling(ownStats, pooledStats, components);
        const fitter = pooledFitter(ownStats, pooledStats, plan);
        for (const phase of ["prefetch", "upload", "restore", "rsync"] as const) {
          const key: GroupKey = phase;
          const a = fitFromStats(phase, ownStats[key]!);
          const b = fitFromStats(phase, pooledStats[key]!);
          const blended = fitter(phase)!;
          const between = (x: number, lo: number, hi: number) =>
            x >= Math.min(lo, hi) - 1e-12 && x <= Math.max(lo, hi) + 1e-12;
          expect(between(blended.overheadS, a.overheadS, b.overheadS)).toBe(true);
          expect(between(blended.secondsPerByte, a.secondsPerByte, b.secondsPerByte)).toBe(true);
          const at = (fit: typeof a) => predictSeconds(fit, mib * MIB);
          expect(between(at(blended), at(a), at(b))).toBe(true);
          expect(blended.origin?.ownWeight).toBe(plan.weights[key]);
        }
      }),
      { numRuns: 100, seed: 15 },
    );
  });

  it("weigh the own fit by its runs (w = n / (n + k)), not at all when the rates are unlike, fully with no pool", () => {
    const alike = (runs: number) =>
      poolWeight(
        { points: runs, runs, sumK: runs, kk: runs, ks: runs, ss: runs, kt: runs, st: runs, sumT: runs, sumS: runs },
        { points: 50, runs: 50, sumK: 50, kk: 50, ks: 50, ss: 50, kt: 50, st: 50, sumT: 50, sumS: 50 },
      );
    // Equal rates: k = K_POOL, so w = n / (n + 3).
    expect(alike(1)).toBeCloseTo(1 / (1 + K_POOL), 9);
    expect(alike(3)).toBeCloseTo(0.5, 9);
    expect(alike(12)).toBeGreaterThan(alike(3));
    const ten = { points: 1, runs: 1, sumK: 1, kk: 1, ks: 1, ss: 1, kt: 1, st: 1, sumT: 10, sumS: 1 };
    const one = { ...ten, sumT: 1 };
    expect(poolWeight(ten, one)).toBe(1); // ×10 apart: not pooled
    expect(poolWeight(ten, undefined)).toBe(1);
    expect(poolWeight(undefined, one)).toBe(0);
  });

  it("say where each rate came from", () => {
    const r = recommend({
      ...seedInputs("flatpak-sdk"),
      pooled: [{ component: "flatpak-runtime", samples: seedInputs("flatpak-runtime").samples }],
    });
    // The SDK's prefetch is ×7 slower than the runtime's: it keeps its own; upload rates are alike: pooled.
    expect(r.inputs.fits.prefetch.origin?.text).toBe("own: 1 run (unlike the 1 component, 1 run: not pooled)");
    expect(r.inputs.fits.upload.origin?.text).toMatch(/^own: 1 run × 0\.2\d \+ pooled: 1 component, 1 run × 0\.7\d$/);
    expect(r.inputs.pooled).toEqual({ components: 1, runs: 1 });
    // The seed's arithmetic holds: the shared prefetch is still the sum of the per-arch prefetches.
    const shared = r.strategies.find((s) => s.id === "ta-shared")!;
    expect(shared.explanation.find((e) => e.quantity === "prefetch-dependencies: prefetch")!.value).toBe("3,019 s");
    const alone = recommend({ ...seedInputs("flatpak-sdk"), samples: [] });
    expect(alone.inputs.fits.prefetch.origin?.text).toBe("default");
  });
});

describe("the decision and its confidence", () => {
  it("switches only when the low end of the saving clears the threshold", () => {
    // One run of a shared pipeline: ta-split is predicted well ahead, but one run leaves the range wide.
    const one = samplesOf([
      { sizes: [900, 900, 900, 900], rates: { prefetch: 0.4, upload: 0.05, restore: 0.02, rsync: 0.02 } },
    ]);
    const few = recommend(inputsOf(one, "ta-shared"), { thresholdPct: 60 });
    const gainPct =
      (few.strategies.find((s) => s.id === "ta-shared")!.wallS - few.strategies[0]!.wallS) /
      few.strategies.find((s) => s.id === "ta-shared")!.wallS;
    expect(few.strategies[0]!.id).toBe("ta-split");
    expect(gainPct * 100).toBeGreaterThan(60);
    expect(few).toMatchObject({ decision: "keep", recommended: "ta-shared", confidence: "low" });
    expect(few.reason).toMatch(/low end of that saving's range/);
    expect(few.confidenceReason).toMatch(/1 run of this component/);
    // 40 identical runs: no spread left, and the same saving now clears the threshold at its low end.
    const runs = Array.from({ length: 40 }, (_, i) => one.map((p) => ({ ...p, runId: i + 1 }))).flat();
    const many = recommend(inputsOf(runs, "ta-shared"), { thresholdPct: 60 });
    expect(many).toMatchObject({ decision: "switch", recommended: "ta-split", confidence: "high" });
    expect(many.savingsRanges.wallS.low).toBeGreaterThan(0);
  });

  it("is low for a component with one run (the seed's tables are one run each)", () => {
    const r = recommend(seedInputs("flatpak-sdk"));
    expect(r).toMatchObject({ decision: "keep", recommended: "ta-split", confidence: "low" });
    expect(r.confidenceReason).toMatch(/^1 run of this component measured/);
  });
});

describe("coverage", () => {
  it("counts, per strategy, the runs whose measured seconds fell inside their predicted range", () => {
    const runs = fc.sample(runArb, { numRuns: 12, seed: 15 });
    const samples = samplesOf(runs);
    const inputs: ModelInputs = {
      ...inputsOf(samples),
      backtestRuns: runs.map((run, i) => ({
        id: i + 1,
        name: `run-${i + 1}`,
        strategy: i % 3 === 0 ? "ta-shared" : "ta-split",
        platforms: ARCHES,
        payload: Object.fromEntries(ARCHES.map((arch, a) => [arch, run.sizes[a]! * MIB])),
        measured: {
          prefetch: ARCHES.reduce((sum, _, a) => sum + 20 + run.sizes[a]! * run.rates.prefetch, 0),
          upload: null,
          restore: null,
          rsync: null,
        },
      })),
    };
    const { backtest } = recommend(inputs);
    expect(backtest.coverageTarget).toBe(80);
    expect(backtest.coverage.map((c) => c.strategy)).toEqual(["ta-shared", "ta-split"]);
    expect(backtest.coverage.reduce((sum, c) => sum + c.runs, 0)).toBe(backtest.runs);
    for (const row of backtest.results) {
      expect(row.low).toBeLessThanOrEqual(row.predictedS);
      expect(row.high).toBeGreaterThanOrEqual(row.predictedS);
      expect(row.inside).toBe(row.measuredS >= row.low && row.measuredS <= row.high);
    }
    const inside = backtest.results.filter((row) => row.inside).length;
    expect(backtest.coveragePct).toBeCloseTo((inside / backtest.runs) * 100, 9);
  });
});
