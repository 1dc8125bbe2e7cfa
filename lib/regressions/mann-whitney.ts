// The one-sided Mann–Whitney U (Wilcoxon rank-sum) test: is the recent window stochastically larger than the
// baseline? Exact for small tie-free samples, else the normal approximation with tie and continuity corrections;
// optionally stratified (runs of different strategies move different bytes). Pure; docs/regressions.md.

/** One value with the group it may only be compared within (e.g. the run's strategy). */
export interface StratifiedValue {
  value: number;
  stratum?: string;
}

export interface RankTestResult {
  /** Σ over strata of U = #(recent > baseline) + ½·#(recent = baseline). */
  u: number;
  /** What U would be on average if both windows came from one distribution. */
  expectedU: number;
  /** One-sided p-value: P(U ≥ observed) under that hypothesis. */
  pValue: number;
  method: "exact" | "normal";
}

/** The exact distribution is used up to this many pairs (recent × baseline) when no value is tied. */
const EXACT_MAX_PAIRS = 2500;

/**
 * U of `recent` against `baseline`, with the tie sizes of their pooled sample (for the variance), in
 * O((m + n) log(m + n)) by ranking the pooled values once.
 */
function rankSum(recent: number[], baseline: number[]): { u: number; tieTerm: number } {
  const pooled = [
    ...recent.map((value) => ({ value, recent: true })),
    ...baseline.map((value) => ({ value, recent: false })),
  ].sort((a, b) => a.value - b.value);
  let recentRanks = 0;
  let tieTerm = 0;
  for (let i = 0; i < pooled.length;) {
    let j = i;
    while (j + 1 < pooled.length && pooled[j + 1]!.value === pooled[i]!.value) j++;
    const rank = (i + j + 2) / 2; // mid-rank of positions i..j (1-based)
    const size = j - i + 1;
    tieTerm += size ** 3 - size;
    for (let k = i; k <= j; k++) if (pooled[k]!.recent) recentRanks += rank;
    i = j + 1;
  }
  const m = recent.length;
  return { u: recentRanks - (m * (m + 1)) / 2, tieTerm };
}

/** P(U ≥ u) for tie-free samples of sizes m and n: counts of U by the recursion c(m, n, u) = c(m−1, n, u−n) + c(m, n−1, u). */
export function exactUpperTail(u: number, m: number, n: number): number {
  // counts[j][k]: arrangements of i recent and j baseline values with U = k, built up over i.
  let counts: number[][] = Array.from({ length: n + 1 }, () => [1]);
  for (let i = 1; i <= m; i++) {
    const next: number[][] = [];
    for (let j = 0; j <= n; j++) {
      const size = i * j + 1;
      const row = new Array<number>(size).fill(0);
      // The largest value is recent (it beats all j baseline values) or baseline (it adds nothing).
      const withRecentLast = counts[j]!;
      for (let k = 0; k < withRecentLast.length; k++) row[k + j]! += withRecentLast[k]!;
      if (j > 0) {
        const withBaselineLast = next[j - 1]!;
        for (let k = 0; k < withBaselineLast.length; k++) row[k]! += withBaselineLast[k]!;
      }
      next.push(row);
    }
    counts = next;
  }
  const distribution = counts[n]!;
  let total = 0;
  let tail = 0;
  for (let k = 0; k < distribution.length; k++) {
    total += distribution[k]!;
    if (k >= u - 1e-9) tail += distribution[k]!;
  }
  return tail / total;
}

/** The standard normal's upper tail, 1 − Φ(z), by erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
export function normalUpperTail(z: number): number {
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? erfc / 2 : 1 - erfc / 2;
}

function byStratum(values: StratifiedValue[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const { value, stratum = "" } of values) {
    const group = groups.get(stratum);
    if (group) group.push(value);
    else groups.set(stratum, [value]);
  }
  return groups;
}

/**
 * One-sided test that `recent` is larger than `baseline`. Values are compared only within their stratum; the
 * strata's U statistics, means and variances add up (the stratified Wilcoxon test). Strata present in one window
 * only carry no information and are left out. Returns p = 1 when nothing can be compared.
 */
export function mannWhitneyGreater(recent: StratifiedValue[], baseline: StratifiedValue[]): RankTestResult {
  const recentGroups = byStratum(recent);
  const baselineGroups = byStratum(baseline);
  let u = 0;
  let expectedU = 0;
  let variance = 0;
  let strata = 0;
  let tied = false;
  let only: { m: number; n: number } | null = null;
  for (const [stratum, x] of recentGroups) {
    const y = baselineGroups.get(stratum);
    if (!y) continue;
    const m = x.length;
    const n = y.length;
    const N = m + n;
    const ranked = rankSum(x, y);
    u += ranked.u;
    expectedU += (m * n) / 2;
    variance += ((m * n) / 12) * (N + 1 - ranked.tieTerm / (N * (N - 1)));
    if (ranked.tieTerm > 0) tied = true;
    strata++;
    only = { m, n };
  }
  if (strata === 0 || variance <= 0) return { u, expectedU, pValue: 1, method: "normal" };
  if (strata === 1 && !tied && only && only.m * only.n <= EXACT_MAX_PAIRS) {
    return { u, expectedU, pValue: exactUpperTail(u, only.m, only.n), method: "exact" };
  }
  // Continuity correction: U moves in steps of ½ (ties) or 1; subtracting ½ keeps the approximation conservative.
  const z = (u - expectedU - 0.5) / Math.sqrt(variance);
  return { u, expectedU, pValue: Math.min(1, normalUpperTail(z)), method: "normal" };
}

/**
 * Holm's step-down adjustment: controls the chance of any false flag among the family at the level it is compared
 * with, for any dependence between the tests. Returns adjusted p-values in the input's order.
 */
export function holmAdjust(pValues: number[]): number[] {
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(pValues.length);
  let running = 0;
  for (const [rank, { p, index }] of order.entries()) {
    running = Math.max(running, Math.min(1, (pValues.length - rank) * p));
    adjusted[index] = running;
  }
  return adjusted;
}
