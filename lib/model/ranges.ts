// p10–p90 ranges of every predicted quantity (docs/cost-model.md "Ranges"): each bootstrap draw of the fits
// (./uncertainty.ts) predicts every strategy again; a range is the draws' 10th and 90th percentiles, widened to
// contain the point estimate. Savings are taken draw by draw (both strategies under the same draw). Pure.
import { STRATEGY_IDS, type StrategyId } from "../domain/strategies";
import type { Fits } from "./fit";
import { predictNumbers } from "./predict";
import { quantileSorted } from "./rng";
import type { Scenario } from "./scenario";
import { RANGED_QUANTITIES, type Range, type RangedQuantity, type Ranges } from "./types";

export type DrawPredictions = Record<StrategyId, Record<RangedQuantity, number>>[];

/** Every strategy's numbers under each draw of the fits. */
export function predictDraws(s: Scenario, draws: readonly Fits[]): DrawPredictions {
  return draws.map(
    (fits) =>
      Object.fromEntries(STRATEGY_IDS.map((id) => [id, predictNumbers(id, { ...s, fits })])) as Record<
        StrategyId,
        Record<RangedQuantity, number>
      >,
  );
}

/** p10–p90 of the values, widened to contain the point (a range always holds its estimate). */
export function rangeOf(point: number, values: readonly number[]): Range {
  if (values.length === 0) return { low: point, high: point };
  const sorted = [...values].sort((a, b) => a - b);
  return { low: Math.min(point, quantileSorted(sorted, 0.1)), high: Math.max(point, quantileSorted(sorted, 0.9)) };
}

export function strategyRanges(id: StrategyId, point: Record<RangedQuantity, number>, draws: DrawPredictions): Ranges {
  return Object.fromEntries(
    RANGED_QUANTITIES.map((q) => [
      q,
      rangeOf(
        point[q],
        draws.map((d) => d[id][q]),
      ),
    ]),
  ) as Ranges;
}

/** Ranges of base − other, draw by draw: what switching from `base` to `other` saves. */
export function savingsRanges(
  base: StrategyId,
  other: StrategyId,
  point: Record<RangedQuantity, number>,
  draws: DrawPredictions,
): Ranges {
  return Object.fromEntries(
    RANGED_QUANTITIES.map((q) => [
      q,
      rangeOf(
        point[q],
        draws.map((d) => d[base][q] - d[other][q]),
      ),
    ]),
  ) as Ranges;
}
