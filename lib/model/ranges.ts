// p10–p90 ranges of every predicted quantity (docs/cost-model.md "Ranges"): each bootstrap draw of the fits
// (./uncertainty.ts) predicts every strategy again, once for the rates' part and once for one build's scatter; a
// range holds the point estimate, and each side's distance from it is the two parts' distances added in quadrature.
// Savings are taken draw by draw (both strategies under the same draw). Pure.
import { STRATEGY_IDS, type StrategyId } from "../domain/strategies";
import type { Fits } from "./fit";
import { predictNumbers } from "./predict";
import { quantileSorted } from "./rng";
import type { Scenario } from "./scenario";
import { RANGED_QUANTITIES, type Range, type RangedQuantity, type Ranges } from "./types";

type DrawNumbers = Record<StrategyId, Record<RangedQuantity, number>>;

/** Every strategy's numbers under each draw of each part. */
export interface DrawPredictions {
  rates: DrawNumbers[];
  scatter: DrawNumbers[];
}

/** The draws of both parts, as ./uncertainty.ts drawFits gives them. */
export interface PartDraws {
  rates: readonly Fits[];
  scatter: readonly Fits[];
}

function numbersOf(s: Scenario, draws: readonly Fits[]): DrawNumbers[] {
  return draws.map(
    (fits) => Object.fromEntries(STRATEGY_IDS.map((id) => [id, predictNumbers(id, { ...s, fits })])) as DrawNumbers,
  );
}

export function predictDraws(s: Scenario, draws: PartDraws): DrawPredictions {
  return { rates: numbersOf(s, draws.rates), scatter: numbersOf(s, draws.scatter) };
}

/** p10–p90 of the values, widened to contain the point (a range always holds its estimate). */
export function rangeOf(point: number, values: readonly number[]): Range {
  if (values.length === 0) return { low: point, high: point };
  const sorted = [...values].sort((a, b) => a - b);
  return { low: Math.min(point, quantileSorted(sorted, 0.1)), high: Math.max(point, quantileSorted(sorted, 0.9)) };
}

/**
 * The range of a quantity from its two independent parts: each side's distance from the point is √(a² + b²), a and
 * b that side's distance in the rates' range and in the scatter's. So a part that narrows (more runs narrow the
 * rates' part) never widens the whole. A positive quantity combines as factors (its distances are logs of ratios:
 * a scatter is a factor, and the low end stays above 0); one that may be 0 or negative (a saving) as differences.
 */
export function combineRanges(point: number, rates: Range, scatter: Range, factors: boolean): Range {
  if (factors && point > 0 && rates.low > 0 && scatter.low > 0) {
    const down = Math.hypot(Math.log(point / rates.low), Math.log(point / scatter.low));
    const up = Math.hypot(Math.log(rates.high / point), Math.log(scatter.high / point));
    return { low: point * Math.exp(-down), high: point * Math.exp(up) };
  }
  return {
    low: point - Math.hypot(point - rates.low, point - scatter.low),
    high: point + Math.hypot(rates.high - point, scatter.high - point),
  };
}

/** The combined range of the values `pick` reads from each draw of both parts. */
export function rangeOfParts(
  point: number,
  draws: DrawPredictions,
  pick: (d: DrawNumbers) => number,
  factors: boolean,
): Range {
  return combineRanges(point, rangeOf(point, draws.rates.map(pick)), rangeOf(point, draws.scatter.map(pick)), factors);
}

export function strategyRanges(id: StrategyId, point: Record<RangedQuantity, number>, draws: DrawPredictions): Ranges {
  return Object.fromEntries(
    RANGED_QUANTITIES.map((q) => [q, rangeOfParts(point[q], draws, (d) => d[id][q], true)]),
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
    RANGED_QUANTITIES.map((q) => [q, rangeOfParts(point[q], draws, (d) => d[base][q] - d[other][q], false)]),
  ) as Ranges;
}
