// The rank test's numbers: exact tails against hand-counted cases, the normal approximation against the exact
// distribution, ties, strata, and Holm's adjustment.
import { describe, expect, it } from "vitest";
import { exactUpperTail, holmAdjust, mannWhitneyGreater, normalUpperTail } from "@/lib/regressions/mann-whitney";

const values = (...numbers: number[]) => numbers.map((value) => ({ value }));

describe("mannWhitneyGreater", () => {
  it("is exact for small tie-free samples: 3 above 3 is 1 arrangement of C(6,3) = 20", () => {
    const result = mannWhitneyGreater(values(7, 8, 9), values(1, 2, 3));
    expect(result).toMatchObject({ u: 9, expectedU: 4.5, method: "exact" });
    expect(result.pValue).toBeCloseTo(1 / 20, 12);
  });

  it("counts the exact tail: P(U ≥ 8) for m = n = 3 is 2/20 (U = 8 and U = 9)", () => {
    expect(exactUpperTail(8, 3, 3)).toBeCloseTo(2 / 20, 12);
    expect(exactUpperTail(0, 3, 3)).toBe(1);
    // Complete separation of 10 over 30: one arrangement of C(40, 10).
    expect(exactUpperTail(300, 10, 30)).toBeCloseTo(1 / 847_660_528, 18);
  });

  it("agrees with the exact distribution within 0.01 where the normal approximation is used", () => {
    const recent = Array.from({ length: 10 }, (_, i) => 100 + 7.3 * i);
    const baseline = Array.from({ length: 30 }, (_, i) => 80.05 + 2.9 * i);
    const exact = mannWhitneyGreater(values(...recent), values(...baseline));
    expect(exact.method).toBe("exact");
    // A second stratum of one value each (U + 1, mean + ½, variance + ¼) forces the normal approximation.
    const stratified = mannWhitneyGreater(
      [...recent.map((value) => ({ value, stratum: "a" })), { value: 1000, stratum: "b" }],
      [...baseline.map((value) => ({ value, stratum: "a" })), { value: 0, stratum: "b" }],
    );
    expect(stratified.method).toBe("normal");
    expect(stratified.u).toBe(exact.u + 1);
    expect(exact.pValue).toBeGreaterThan(0.001);
    expect(Math.abs(stratified.pValue - exact.pValue)).toBeLessThan(0.01);
  });

  it("uses mid-ranks for ties and answers p = 1 when every value is equal", () => {
    expect(mannWhitneyGreater(values(5, 5, 5), values(5, 5, 5, 5))).toMatchObject({ u: 6, pValue: 1 });
    const tied = mannWhitneyGreater(values(2, 3, 3), values(1, 2, 3));
    expect(tied.method).toBe("normal");
    expect(tied.u).toBe(6.5);
  });

  it("compares values only within their stratum; a stratum in one window only carries nothing", () => {
    // Recent runs are all "split" (small values), the baseline mostly "shared" (large): pooled, recent looks smaller;
    // within "split" it is larger.
    const recent = [11, 12, 13, 14, 15].map((value) => ({ value, stratum: "split" }));
    const baseline = [
      ...[5, 6, 7, 8, 9].map((value) => ({ value, stratum: "split" })),
      ...[50, 60, 70].map((value) => ({ value, stratum: "shared" })),
    ];
    const result = mannWhitneyGreater(recent, baseline);
    expect(result.u).toBe(25);
    expect(result.pValue).toBeLessThan(0.01);
    expect(mannWhitneyGreater(values(1, 2), [{ value: 0, stratum: "x" }]).pValue).toBe(1);
  });
});

describe("normalUpperTail", () => {
  it("matches the standard normal", () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(-1.644854)).toBeCloseTo(0.95, 6);
    expect(normalUpperTail(4.753424)).toBeCloseTo(1e-6, 9);
  });
});

describe("holmAdjust", () => {
  it("multiplies the k-th smallest p by (m − k + 1), keeps the order monotone and caps at 1", () => {
    expect(holmAdjust([0.01, 0.04, 0.03, 0.5])).toEqual([0.04, 0.09, 0.09, 0.5]);
    expect(holmAdjust([0.6, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
  });
});
