// How sure the answer is (docs/cost-model.md "Confidence"): high, medium or low, from how many runs the rates rest
// on, whether documented defaults stand in for a rate, how wide the recommended strategy's range is, and whether the
// saving's range straddles the decision threshold. The reason names each. Pure.
import type { Decision } from "./decide";
import type { Fits } from "./fit";
import type { Range } from "./types";

export const CONFIDENCE_LEVELS = ["high", "medium", "low"] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** Runs needed for "high" (with no default rate, a narrow range and a clear decision). */
export const HIGH_CONFIDENCE_RUNS = 10;
/** The recommended strategy's p10–p90 width on the objective, as a share of its estimate: at most this for "high" … */
export const HIGH_CONFIDENCE_SPREAD = 0.2;
/** … and more than this makes it "low". */
export const LOW_CONFIDENCE_SPREAD = 0.5;

export interface ConfidenceFacts {
  decision: Decision;
  /** The component's own runs with measured points. */
  runs: number;
  fits: Fits;
  /** The recommended strategy's range on the objective, and its estimate. */
  range: Range;
  point: number;
  objectiveLabel: string;
  /** Whether the gain's range straddles the threshold (its low end within, its estimate or high end beyond). */
  straddles: boolean;
}

export function confidenceOf(f: ConfidenceFacts): { confidence: Confidence; confidenceReason: string } {
  if (f.decision === "none") {
    return { confidence: "low", confidenceReason: "Nothing was measured: there is no prediction to be sure of." };
  }
  const defaults = [
    ...(["prefetch", "upload", "restore"] as const).filter((phase) => f.fits[phase].method === "default"),
    ...Object.entries(f.fits.rsync)
      .filter(([, fit]) => fit.method === "default")
      .map(([arch]) => `rsync to ${arch}`),
  ];
  const spread = f.point > 0 ? (f.range.high - f.range.low) / f.point : 0;
  const facts: string[] = [
    `${f.runs} run${f.runs === 1 ? "" : "s"} of this component measured`,
    `the p10–p90 range of the recommended strategy's ${f.objectiveLabel} spans ${(spread * 100).toFixed(0)}% of its estimate`,
  ];
  if (defaults.length > 0) facts.push(`documented default rates stand in for ${defaults.join(", ")}`);
  if (f.straddles) facts.push("the saving's range straddles the decision threshold");
  const low = f.runs <= 1 || defaults.length > 0 || spread > LOW_CONFIDENCE_SPREAD || f.straddles;
  const high = !low && f.runs >= HIGH_CONFIDENCE_RUNS && spread <= HIGH_CONFIDENCE_SPREAD;
  const confidence: Confidence = low ? "low" : high ? "high" : "medium";
  const rule =
    confidence === "low"
      ? "low: one run or fewer, a default rate, a range wider than 50%, or a decision the range could flip"
      : confidence === "high"
        ? `high: ${HIGH_CONFIDENCE_RUNS}+ runs, no default rate, a range within 20% and a clear decision`
        : `medium: more than one run, no default rate, but fewer than ${HIGH_CONFIDENCE_RUNS} runs or a range wider than 20%`;
  return { confidence, confidenceReason: `${facts.join("; ")} (${rule}).` };
}
