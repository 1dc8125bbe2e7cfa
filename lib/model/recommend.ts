// From measured inputs and what-if settings to a ranked, explained recommendation (docs/cost-model.md
// "Ranking and the decision"). Pure: lib/recommend reads the inputs from the database. The scenario is
// resolved in ./scenario.ts, the strategies predicted in ./predict.ts and the decision taken in ./decide.ts.
import { BUILD_ARCHES, type BuildArch } from "../domain/arch";
import type { StrategyId } from "../domain/strategies";
import { backtest, type BacktestResult } from "./backtest";
import { confidenceOf, type Confidence } from "./confidence";
import { decide, isTime, objectiveValue, reasonOf, samePipelineForOneArch, type Decision } from "./decide";
import { DEFAULT_SETTINGS, SHIPPED_DEFAULT_STRATEGY } from "./defaults";
import { withOverrides, type Fits } from "./fit";
import { predictAll } from "./predict";
import { predictDraws, rangeOfParts, savingsRanges, strategyRanges } from "./ranges";
import { hashSeed } from "./rng";
import { scenarioOf, type MissingInput, type Scenario } from "./scenario";
import type { ModelInputs, ModelSettings, Objective, PayloadArch, Ranges, StrategyPrediction } from "./types";
import { drawFits, estimateFits, prepareEstimate, type Estimate } from "./uncertainty";

export { DECISIONS, samePipelineForOneArch, type Decision } from "./decide";
export { CONFIDENCE_LEVELS, type Confidence } from "./confidence";
export type { MissingInput } from "./scenario";

export interface Recommendation {
  component: string;
  /** The strategy the component's runs were detected with; "unknown" when no selected run shows one. */
  current: StrategyId | "unknown";
  currentSource: string;
  /** What savings and Δ are measured against: `current`, or the shipped default when it is unknown. */
  baseline: StrategyId;
  /** `current` for keep and none (so "unknown" when nothing was detected); the best allowed strategy for switch. */
  recommended: StrategyId | "unknown";
  decision: Decision;
  /** The platforms are one build arch: shared and split prefetch are then the same pipeline (docs/cost-model.md). */
  singleArch: boolean;
  reason: string;
  savings: { wallS: number; taskS: number; bytesMoved: number; registryBytes: number; pvcBytes: number };
  /** p10–p90 of each saving (baseline − recommended, draw by draw); the decision switches only on the low end. */
  savingsRanges: Ranges;
  /** How sure the answer is, and why (docs/cost-model.md "Confidence"). */
  confidence: Confidence;
  confidenceReason: string;
  objective: Objective;
  threshold: { pct: number; seconds: number };
  settings: ModelSettings;
  /** Ranked by the objective, best first; ineligible strategies after the eligible ones; each with its p10–p90 ranges. */
  strategies: (StrategyPrediction & { rank: number; ranges: Ranges })[];
  inputs: {
    platforms: BuildArch[];
    remotePlatforms: { arches: BuildArch[]; source: string };
    payload: Partial<Record<PayloadArch, { bytes: number; source: string }>>;
    sharedBytes: { bytes: number; source: string };
    build: ModelInputs["buildS"];
    queue: ModelInputs["queueS"];
    fits: Fits;
    samples: number;
    /** The component's own runs with measured points, and the other components its rates were pooled with. */
    runs: number;
    pooled: { components: number; runs: number };
    missing: MissingInput[];
  };
  backtest: BacktestResult;
}

/** Settings with defaults filled in; platforms default to the measured ones (or all four when none). */
export function resolveSettings(inputs: ModelInputs, partial: Partial<ModelSettings> = {}): ModelSettings {
  const measured = inputs.measuredPlatforms.length > 0 ? inputs.measuredPlatforms : [...BUILD_ARCHES];
  const platforms = (partial.platforms ?? measured).filter((arch, i, all) => all.indexOf(arch) === i);
  return { ...DEFAULT_SETTINGS, ...partial, platforms: BUILD_ARCHES.filter((arch) => platforms.includes(arch)) };
}

/** Ranked by the objective, best first; ineligible strategies after the eligible ones. */
function rank(predictions: StrategyPrediction[], objective: Objective): (StrategyPrediction & { rank: number })[] {
  const ranked = [...predictions].sort(
    (a, b) =>
      Number(b.eligible) - Number(a.eligible) ||
      objectiveValue(a, objective) - objectiveValue(b, objective) ||
      a.wallS - b.wallS ||
      a.taskS - b.taskS,
  );
  return ranked.map((p, i) => ({ ...p, rank: i + 1 }));
}

/** The inputs part of the answer: what the prediction read, each with its source. */
function inputsUsed(
  inputs: ModelInputs,
  estimate: Estimate,
  settings: ModelSettings,
  scenario: Scenario,
  fits: Fits,
  missing: MissingInput[],
): Recommendation["inputs"] {
  return {
    platforms: settings.platforms,
    remotePlatforms: { arches: inputs.remotePlatforms.arches, source: inputs.remotePlatforms.source },
    payload: Object.fromEntries(
      (Object.keys(scenario.payloadSource) as PayloadArch[])
        .filter((part) => (part === "source" ? scenario.source : settings.platforms.includes(part as BuildArch)))
        .map((part) => [part, { bytes: scenario.payload[part], source: scenario.payloadSource[part]! }]),
    ),
    sharedBytes: { bytes: scenario.shared, source: scenario.sharedSource },
    build: inputs.buildS,
    queue: inputs.queueS,
    fits,
    samples: inputs.samples.length,
    runs: estimate.runs,
    pooled: {
      components: (inputs.pooled ?? []).filter((c) => c.samples.length > 0).length,
      runs: new Set((inputs.pooled ?? []).flatMap((c) => c.samples.map((sample) => `${c.component} ${sample.runId}`)))
        .size,
    },
    missing,
  };
}

const QUANTITY_OF = {
  wall: "wallS",
  taskSeconds: "taskS",
  bytesMoved: "bytesMoved",
  registryBytes: "registryBytes",
} as const;

/** The bootstrap's seed: the component and a digest of its data, so the same data draws the same ranges. */
function seedOf(inputs: ModelInputs): number {
  const digest = (samples: ModelInputs["samples"]) =>
    `${samples.length}:${samples.reduce((sum, s) => sum + s.seconds * 7 + s.bytes / 1e6, 0).toFixed(6)}`;
  const pooled = (inputs.pooled ?? []).map((c) => `${c.component}=${digest(c.samples)}`).join(",");
  return hashSeed(`${inputs.component}|${digest(inputs.samples)}|${pooled}`);
}

/**
 * `options.backtest: false` skips the backtest (its `results` empty): the decision alone, as the components list's
 * badges read it (`?fields=summary`), costs about a third less.
 */
export function recommend(
  inputs: ModelInputs,
  partial: Partial<ModelSettings> = {},
  options: { backtest?: boolean } = {},
): Recommendation {
  const settings = resolveSettings(inputs, partial);
  const missing: MissingInput[] = [];
  const estimate = prepareEstimate(inputs.samples, inputs.pooled);
  const fits = estimateFits(estimate, inputs.remotePlatforms.arches, settings);
  const defaultRates = (["prefetch", "upload", "restore"] as const).filter((phase) => fits[phase].method === "default");
  for (const phase of defaultRates)
    missing.push({ input: `${phase} rate`, assumed: fits[phase].source, override: null });
  const known = inputs.current.strategy;
  const current: StrategyId | "unknown" = known ?? "unknown";
  // Savings and Δ need something to be measured against: with no detected strategy, the shipped default.
  const baseline: StrategyId = known ?? SHIPPED_DEFAULT_STRATEGY;
  const currentSource = known
    ? inputs.current.source
    : `${inputs.current.source}; savings are against the shipped default ${SHIPPED_DEFAULT_STRATEGY}`;
  const scenario = scenarioOf(inputs, settings, fits, baseline, missing);
  const { objective } = settings;
  // Draws are taken without the what-if rates (so a what-if does not reshuffle them), which apply to each draw.
  const seed = seedOf(inputs);
  const rawDraws = {
    rates: drawFits(estimate, inputs.remotePlatforms.arches, {}, seed, "rates"),
    scatter: drawFits(estimate, inputs.remotePlatforms.arches, {}, seed, "scatter"),
  };
  const draws = predictDraws(scenario, {
    rates: rawDraws.rates.map((draw) => withOverrides(draw, settings)),
    scatter: rawDraws.scatter.map((draw) => withOverrides(draw, settings)),
  });
  const strategies = rank(predictAll(scenario), objective).map((p) => ({
    ...p,
    ranges: strategyRanges(p.id, p, draws),
  }));
  const byId = (id: StrategyId) => strategies.find((p) => p.id === id)!;
  const basePrediction = byId(baseline);
  const best = strategies.find((p) => p.eligible) ?? basePrediction;
  const gain = objectiveValue(basePrediction, objective) - objectiveValue(best, objective);
  const base = objectiveValue(basePrediction, objective);
  const pct = base > 0 ? (gain / base) * 100 : 0;
  const key = QUANTITY_OF[objective];
  const gainRange = rangeOfParts(gain, draws, (d) => d[basePrediction.id][key] - d[best.id][key], false);
  const pctOf = (g: number) => (base > 0 ? (g / base) * 100 : 0);
  const clears = (g: number) => pctOf(g) > settings.thresholdPct && (!isTime(objective) || g > settings.thresholdS);

  const singleArch = settings.platforms.length === 1;
  // Sizes typed as what-if values count as known: the user has stated them, and asks what they imply.
  const whatIfSizes = (Object.keys(settings.payloadMiB) as PayloadArch[]).filter(
    (part) =>
      (settings.payloadMiB[part] ?? -1) >= 0 && (part === "source" || settings.platforms.includes(part as BuildArch)),
  );
  const measuredAnything =
    inputs.samples.length > 0 || Object.keys(inputs.payload).length > 0 || whatIfSizes.length > 0;

  const context = {
    inputs,
    settings,
    known,
    current,
    baseline,
    byId,
    basePrediction,
    best,
    gain,
    pct,
    gainLow: gainRange.low,
    pctLow: pctOf(gainRange.low),
    singleArch,
    measuredAnything,
  };
  const { decision, recommended, because } = decide(context);
  const reason = reasonOf(context, because, { source: scenario.source, defaultRates, whatIfSizes });

  const recommendedPrediction = recommended === "unknown" ? basePrediction : byId(recommended);
  const savings = {
    wallS: basePrediction.wallS - recommendedPrediction.wallS,
    taskS: basePrediction.taskS - recommendedPrediction.taskS,
    bytesMoved: basePrediction.bytesMoved - recommendedPrediction.bytesMoved,
    registryBytes: basePrediction.registryBytes - recommendedPrediction.registryBytes,
    pvcBytes: basePrediction.pvcBytes - recommendedPrediction.pvcBytes,
  };
  const comparable =
    known !== null &&
    best.id !== known &&
    basePrediction.eligible &&
    !(singleArch && samePipelineForOneArch(best.id, known));
  const { confidence, confidenceReason } = confidenceOf({
    decision,
    runs: estimate.runs,
    fits,
    range: recommendedPrediction.ranges[key],
    point: recommendedPrediction[key],
    objectiveLabel: objective === "wall" ? "wall time" : objective,
    straddles: comparable && measuredAnything && clears(Math.max(gain, gainRange.high)) && !clears(gainRange.low),
  });
  return {
    component: inputs.component,
    current,
    currentSource,
    baseline,
    recommended,
    decision,
    singleArch,
    reason,
    savings,
    savingsRanges: savingsRanges(baseline, recommendedPrediction.id, savings, draws),
    confidence,
    confidenceReason,
    objective,
    threshold: { pct: settings.thresholdPct, seconds: settings.thresholdS },
    settings,
    strategies,
    inputs: inputsUsed(inputs, estimate, settings, scenario, fits, missing),
    backtest: backtest(options.backtest === false ? { ...inputs, backtestRuns: [] } : inputs, estimate, rawDraws),
  };
}
