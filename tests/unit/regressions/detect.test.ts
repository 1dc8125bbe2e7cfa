// Properties of the regression detector (fast-check, fixed seeds): no more false flags than alpha allows when both
// windows come from one distribution, a doubled series is always flagged with its first run, the verdict does not
// depend on the order within a window, Holm and the minimum change both gate a flag.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectRegressions, firstSlowRun, median, type CellSeries } from "@/lib/regressions/detect";
import { DEFAULT_REGRESSION_SETTINGS, type RegressionSettings } from "@/lib/regressions/settings";

const settings = (overrides: Partial<RegressionSettings> = {}) => ({ ...DEFAULT_REGRESSION_SETTINGS, ...overrides });
const cell = (values: number[], phase = "rsync"): CellSeries => ({
  arch: "s390x",
  phase,
  kind: "seconds",
  points: values.map((value, i) => ({ runId: i + 1, value })),
});
/** A build-time-like value: log-normal around `scale` with spread sigma (from two uniforms, Box–Muller). */
const logNormal = (scale: number, sigma: number) =>
  fc
    .tuple(fc.double({ min: 1e-9, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([u, v]) => scale * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)));
const series = (length: number, scale = 100, sigma = 0.3) =>
  fc.array(logNormal(scale, sigma), { minLength: length, maxLength: length });

describe("detectRegressions", () => {
  it("flags a cell from one distribution at a rate within alpha (2,000 cells, fixed seed)", () => {
    const samples = fc.sample(series(40, 100, 0.6), { seed: 1275, numRuns: 2000 });
    const alpha = 0.05;
    const results = samples.map((values) => detectRegressions([cell(values)], settings({ alpha })).tested[0]!);
    const significant = results.filter((r) => r.significant).length / results.length;
    const flagged = results.filter((r) => r.flagged).length / results.length;
    // The test is conservative (continuity correction); a rate over alpha + 3 standard errors would be a bug.
    expect(significant).toBeLessThanOrEqual(alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / results.length));
    expect(flagged).toBeLessThanOrEqual(significant);
    // At the default alpha, with Holm over 30 such cells per component, a false flag is rarer still.
    const components = fc.sample(fc.array(series(40, 100, 0.6), { minLength: 30, maxLength: 30 }), {
      seed: 7,
      numRuns: 100,
    });
    const falseComponents = components.filter((cells) =>
      detectRegressions(
        cells.map((values) => cell(values)),
        settings(),
      ).tested.some((r) => r.flagged),
    ).length;
    expect(falseComponents).toBeLessThanOrEqual(3);
  });

  it("always flags a series whose last 10 values doubled, and names the first of them", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e9, noNaN: true }),
        fc.array(fc.double({ min: 1, max: 1.3, noNaN: true }), { minLength: 40, maxLength: 60 }),
        (scale, noise) => {
          const values = noise.map((n, i) => scale * n * (i >= noise.length - 10 ? 2 : 1));
          const [result] = detectRegressions([cell(values)], settings()).tested;
          expect(result).toMatchObject({ flagged: true, firstRunId: noise.length - 9 });
          expect(result!.changePct!).toBeGreaterThan(20);
          expect(result!.pValue).toBeLessThan(1e-5);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it("gives the same verdict when values are shuffled within each window", () => {
    fc.assert(
      fc.property(
        series(40),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        (values, keys, factor) => {
          const shifted = values.map((v, i) => (i >= 30 ? v * factor : v));
          const shuffle = (part: number[], offset: number) =>
            part
              .map((v, i) => ({ v, key: keys[i + offset]! }))
              .sort((a, b) => a.key - b.key)
              .map(({ v }) => v);
          const reordered = [...shuffle(shifted.slice(0, 30), 0), ...shuffle(shifted.slice(30), 30)];
          const [a] = detectRegressions([cell(shifted)], settings()).tested;
          const [b] = detectRegressions([cell(reordered)], settings()).tested;
          expect(b!.pValue).toBeCloseTo(a!.pValue, 12);
          expect(b!.changePct).toBeCloseTo(a!.changePct!, 9);
          expect(b!.flagged).toBe(a!.flagged);
        },
      ),
      { seed: 3, numRuns: 200 },
    );
  });

  it("uses only the latest recent + baseline values, and skips cells with too few", () => {
    const old = Array.from({ length: 100 }, () => 1000);
    const stable = Array.from({ length: 40 }, (_, i) => 100 + (i % 7));
    const [result] = detectRegressions([cell([...old, ...stable])], settings()).tested;
    expect(result).toMatchObject({ recentRuns: 10, baselineRuns: 30, flagged: false });
    const detection = detectRegressions([cell(stable.slice(0, 19))], settings());
    expect(detection).toEqual({ tested: [], skipped: 1 });
    expect(detectRegressions([cell(stable.slice(0, 20))], settings()).tested[0]).toMatchObject({ baselineRuns: 10 });
  });

  it("flags only a rise over the minimum change, even when it is significant", () => {
    // Strictly increasing by 0.1 % a run (a slowly growing lockfile): tiny p, a small rise.
    const growing = Array.from({ length: 40 }, (_, i) => 1000 * 1.001 ** i);
    const [result] = detectRegressions([cell(growing, "payload")], settings()).tested;
    expect(result!.significant).toBe(true);
    expect(result!.changePct!).toBeLessThan(5);
    expect(result).toMatchObject({ flagged: false, firstRunId: null });
  });

  it("adjusts over every cell of the component (Holm): one weak cell among many is not flagged", () => {
    // p ≈ 0.0014 and +41 % alone: flagged with one cell, not among 40 (Holm multiplies it by 40).
    const weak = [
      ...Array.from({ length: 30 }, (_, i) => 100 + i),
      ...[110.5, 111.5, 112.5, 160, 161, 162, 163, 164, 165, 166],
    ];
    expect(detectRegressions([cell(weak)], settings()).tested[0]!.flagged).toBe(true);
    const quiet = Array.from({ length: 39 }, () => cell(Array.from({ length: 40 }, (_, i) => 50 + ((i * 17) % 23))));
    const together = detectRegressions([cell(weak), ...quiet], settings()).tested[0]!;
    expect(together.pValue).toBeLessThan(0.01);
    expect(together.adjustedPValue).toBeGreaterThan(0.01);
    expect(together.flagged).toBe(false);
  });

  it("reports changePct null (never flagged) when the baseline median is 0", () => {
    const zeros = [...Array.from({ length: 30 }, () => 0), ...Array.from({ length: 10 }, () => 5)];
    expect(detectRegressions([cell(zeros, "queue")], settings()).tested[0]).toMatchObject({
      changePct: null,
      flagged: false,
    });
  });
});

describe("firstSlowRun", () => {
  const points = (values: number[]) => values.map((value, i) => ({ runId: 100 + i, value }));
  it("starts the step after the last value at or under the threshold; an early chance high does not move it", () => {
    expect(firstSlowRun(points([1, 1, 5, 5, 5]), 2)).toBe(102);
    expect(firstSlowRun(points([5, 1, 5, 5, 5]), 2)).toBe(102);
    expect(firstSlowRun(points([5, 5, 5]), 2)).toBe(100);
    expect(firstSlowRun(points([5, 5, 1, 5, 5, 1, 5, 5]), 2)).toBe(100);
    expect(firstSlowRun(points([1, 1]), 2)).toBeNull();
  });
});

describe("median", () => {
  it("averages the two middle values of an even count", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
