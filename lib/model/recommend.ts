// From measured inputs and what-if settings to a ranked, explained recommendation (docs/cost-model.md
// "Ranking and the decision"). Pure: lib/recommend reads the inputs from the database.
import { BUILD_ARCHES, type BuildArch } from "../domain/arch";
import { MIB } from "../domain/phases";
import type { StrategyId } from "../domain/strategies";
import { backtest, type BacktestResult } from "./backtest";
import { DEFAULT_SETTINGS, SHIPPED_DEFAULT_STRATEGY } from "./defaults";
import { fitAll, type Fits } from "./fit";
import { predictAll, type Scenario } from "./predict";
import type { ModelInputs, ModelSettings, Objective, PayloadArch, StrategyPrediction } from "./types";

export interface MissingInput {
  input: string;
  assumed: string;
  override: string | null;
}

/** keep the current strategy, switch (or, when it is unknown, "use") another, or none: nothing measured yet. */
export const DECISIONS = ["keep", "switch", "none"] as const;
export type Decision = (typeof DECISIONS)[number];

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
  objective: Objective;
  threshold: { pct: number; seconds: number };
  settings: ModelSettings;
  /** Ranked by the objective, best first; ineligible strategies after the eligible ones. */
  strategies: (StrategyPrediction & { rank: number })[];
  inputs: {
    platforms: BuildArch[];
    remotePlatforms: { arches: BuildArch[]; source: string };
    payload: Partial<Record<PayloadArch, { bytes: number; source: string }>>;
    sharedBytes: { bytes: number; source: string };
    build: ModelInputs["buildS"];
    queue: ModelInputs["queueS"];
    fits: Fits;
    samples: number;
    missing: MissingInput[];
  };
  backtest: BacktestResult;
}

const objectiveValue = (p: StrategyPrediction, objective: Objective): number =>
  objective === "wall"
    ? p.wallS
    : objective === "taskSeconds"
      ? p.taskS
      : objective === "bytesMoved"
        ? p.bytesMoved
        : p.registryBytes;

const isTime = (objective: Objective) => objective === "wall" || objective === "taskSeconds";

/** Settings with defaults filled in; platforms default to the measured ones (or all four when none). */
export function resolveSettings(inputs: ModelInputs, partial: Partial<ModelSettings> = {}): ModelSettings {
  const measured = inputs.measuredPlatforms.length > 0 ? inputs.measuredPlatforms : [...BUILD_ARCHES];
  const platforms = (partial.platforms ?? measured).filter((arch, i, all) => all.indexOf(arch) === i);
  return { ...DEFAULT_SETTINGS, ...partial, platforms: BUILD_ARCHES.filter((arch) => platforms.includes(arch)) };
}

function scenarioOf(
  inputs: ModelInputs,
  settings: ModelSettings,
  fits: Fits,
  current: StrategyId,
  missing: MissingInput[],
): Scenario {
  const payload = {} as Record<PayloadArch, number>;
  const payloadSource: Partial<Record<PayloadArch, string>> = {};
  // The mean of the measured build arches stands in for a built arch that was never measured.
  const measuredArches = BUILD_ARCHES.map((arch) => inputs.payload[arch]?.value).filter(
    (value): value is number => value !== undefined,
  );
  const archMean = measuredArches.length > 0 ? measuredArches.reduce((a, b) => a + b, 0) / measuredArches.length : null;
  const nothingMeasured = Object.keys(inputs.payload).length === 0;
  if (nothingMeasured) {
    missing.push({ input: "payload sizes", assumed: "0 MiB for every arch", override: "payloadMiB.<arch> (MiB)" });
  }
  for (const part of [...BUILD_ARCHES, "source"] as PayloadArch[]) {
    const override = settings.payloadMiB[part];
    const measured = inputs.payload[part];
    if (override !== undefined && override >= 0) {
      payload[part] = override * MIB;
      payloadSource[part] = `what-if: ${override} MiB`;
    } else if (measured) {
      payload[part] = measured.value;
      payloadSource[part] = measured.source;
    } else if (part !== "source" && archMean !== null) {
      payload[part] = archMean;
      payloadSource[part] = "mean of the measured arches";
      if (settings.platforms.includes(part)) {
        missing.push({
          input: `payload size of ${part}`,
          assumed: `${(archMean / MIB).toFixed(0)} MiB, the mean of the measured arches`,
          override: `payloadMiB.${part} (MiB)`,
        });
      }
    } else {
      payload[part] = 0;
      payloadSource[part] = "not measured";
      if (part !== "source" && !nothingMeasured && settings.platforms.includes(part)) {
        missing.push({ input: `payload size of ${part}`, assumed: "0 MiB", override: `payloadMiB.${part} (MiB)` });
      }
    }
  }
  const source = payload.source > 0 || inputs.buildS.source !== undefined;
  let shared = 0;
  let sharedSource = "not measured: 0 MiB";
  if (settings.sharedMiB !== null && settings.sharedMiB >= 0) {
    shared = settings.sharedMiB * MIB;
    sharedSource = `what-if: ${settings.sharedMiB} MiB`;
  } else if (inputs.sharedBytes) {
    shared = inputs.sharedBytes.value;
    sharedSource = inputs.sharedBytes.source;
  } else {
    missing.push({
      input: "shared bytes (source code, non-RPM dependencies)",
      assumed: "0 MiB (the same for every strategy, so it shifts predictions, not their order)",
      override: "sharedMiB",
    });
  }
  for (const arch of settings.platforms) {
    if (!inputs.buildS[arch]) {
      missing.push({
        input: `build time of ${arch}`,
        assumed: "0 s (the comparison covers data passing only)",
        override: null,
      });
    }
  }
  return {
    settings,
    fits,
    arches: settings.platforms,
    remote: new Set(inputs.remotePlatforms.arches),
    payload,
    payloadSource,
    source,
    shared,
    sharedSource,
    build: inputs.buildS,
    queue: inputs.queueS,
    // Hazards seen on runs belong to the detected strategy; with none detected there is nothing to attach.
    detected: inputs.current.strategy ? inputs.detectedHazards : [],
    current,
  };
}

/**
 * For one build arch, shared and split prefetch are one pipeline (one prefetch, one artifact or workspace, one
 * build), and so are the three PVC strategies: only Trusted Artifacts against PVC is a choice.
 */
export function samePipelineForOneArch(a: StrategyId, b: StrategyId): boolean {
  return a.startsWith("ta-") === b.startsWith("ta-");
}

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

export function recommend(inputs: ModelInputs, partial: Partial<ModelSettings> = {}): Recommendation {
  const settings = resolveSettings(inputs, partial);
  const missing: MissingInput[] = [];
  const fits = fitAll(inputs.samples, inputs.remotePlatforms.arches, settings);
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
  const predictions = predictAll(scenario);
  const { objective } = settings;
  const ranked = [...predictions].sort(
    (a, b) =>
      Number(b.eligible) - Number(a.eligible) ||
      objectiveValue(a, objective) - objectiveValue(b, objective) ||
      a.wallS - b.wallS ||
      a.taskS - b.taskS,
  );
  const strategies = ranked.map((p, i) => ({ ...p, rank: i + 1 }));
  const byId = (id: StrategyId) => strategies.find((p) => p.id === id)!;
  const basePrediction = byId(baseline);
  const best = strategies.find((p) => p.eligible) ?? basePrediction;
  const gain = objectiveValue(basePrediction, objective) - objectiveValue(best, objective);
  const base = objectiveValue(basePrediction, objective);
  const pct = base > 0 ? (gain / base) * 100 : 0;
  const unit = (value: number) => (isTime(objective) ? `${value.toFixed(0)} s` : `${(value / MIB).toFixed(0)} MiB`);
  const thresholdText = `${settings.thresholdPct}%${isTime(objective) ? ` and ${settings.thresholdS} s` : ""}`;
  const blockerOf = (p: StrategyPrediction) => p.hazards.find((h) => h.severity === "blocker")?.code;

  const singleArch = settings.platforms.length === 1;
  // Sizes typed as what-if values count as known: the user has stated them, and asks what they imply.
  const whatIfSizes = (Object.keys(settings.payloadMiB) as PayloadArch[]).filter(
    (part) =>
      (settings.payloadMiB[part] ?? -1) >= 0 && (part === "source" || settings.platforms.includes(part as BuildArch)),
  );
  const measuredAnything =
    inputs.samples.length > 0 || Object.keys(inputs.payload).length > 0 || whatIfSizes.length > 0;

  let decision: Decision;
  let recommended: StrategyId | "unknown";
  let because: string;
  if (!measuredAnything && (known === null || basePrediction.eligible)) {
    // Ranking zero bytes at default rates says nothing about this component: no decision until data arrives.
    decision = "none";
    recommended = current;
    const timed = inputs.timedPhases ?? [];
    because =
      timed.length > 0
        ? `The selected runs timed ${timed.join(", ")}, but no run says how much was prefetched (no rpms.lock.yaml ` +
          "or OCI manifest of the prefetch artifact came with them, and there is no planned payload): without sizes " +
          "the strategies cannot be compared. Upload the lockfile with the runs, or on its own for this component " +
          "as its planned payload, and the recommendation follows."
        : "Nothing about this component's dependencies was measured (no payload sizes and no phase timings in the " +
          "selected runs, and no planned payload), so there is nothing to compare yet. Upload runs with their logs " +
          "and the lockfile (rpms.lock.yaml) or OCI manifests of their prefetch, or the lockfile alone as a planned " +
          "payload, and the recommendation follows.";
  } else if (!measuredAnything) {
    // The current strategy is not allowed whatever the numbers: switch, to the shipped default unless it is blocked too.
    decision = "switch";
    const fallback = basePrediction.id !== SHIPPED_DEFAULT_STRATEGY ? byId(SHIPPED_DEFAULT_STRATEGY) : best;
    recommended = (fallback.eligible ? fallback : best).id;
    because =
      `${current} is not allowed (${blockerOf(basePrediction)}). Nothing about this component's dependencies was ` +
      `measured yet, so ${recommended} is recommended as ${recommended === SHIPPED_DEFAULT_STRATEGY ? "the shipped default" : "the best allowed strategy"}; ` +
      "upload runs with their prefetch logs and lockfile, or the lockfile alone, to compare the allowed strategies.";
  } else if (known === null && singleArch && best.id !== baseline && samePipelineForOneArch(best.id, baseline)) {
    // One arch: the split twin of the shipped default is the same pipeline, so the shipped default it is.
    decision = "switch";
    recommended = baseline;
    because =
      `No strategy was detected on this component's runs (${inputs.current.source}): use ${baseline}, the shipped ` +
      `default; ${best.id} is the same pipeline for one arch` +
      (gain > 0
        ? ` (predicted ${unit(gain)} better by ${objective} only because it fetches the SRPMs in a prefetch of their own).`
        : ".");
  } else if (known === null) {
    decision = "switch";
    recommended = best.id;
    because =
      `No strategy was detected on this component's runs (${inputs.current.source}): use ${best.id}, the best ` +
      `allowed strategy by ${objective}` +
      (best.id === baseline
        ? ` (it is also the shipped default).`
        : `; it beats the shipped default ${baseline} by ${unit(Math.max(0, gain))} (${Math.max(0, pct).toFixed(0)}%) of ${objective}.`);
  } else if (best.id === known) {
    decision = "keep";
    recommended = known;
    because = `${known} is already the best allowed strategy by ${objective}.`;
  } else if (!basePrediction.eligible) {
    decision = "switch";
    recommended = best.id;
    because = `${known} is not allowed (${blockerOf(basePrediction)}); ${best.id} is the best allowed strategy by ${objective}.`;
  } else if (singleArch && samePipelineForOneArch(best.id, known)) {
    decision = "keep";
    recommended = known;
    because =
      gain > 0
        ? `${best.id} is predicted ${unit(gain)} (${pct.toFixed(0)}%) better by ${objective} only because it fetches the ` +
          `SRPMs in a prefetch of their own; for one arch it is the same pipeline as ${known}: keep ${known}.`
        : `${best.id} and ${known} are the same pipeline for one arch and predict the same ${objective}: keep ${known}.`;
  } else if (pct > settings.thresholdPct && (!isTime(objective) || gain > settings.thresholdS)) {
    decision = "switch";
    recommended = best.id;
    because = `${best.id} beats ${known} by ${unit(gain)} (${pct.toFixed(0)}%) of ${objective}, more than the threshold (${thresholdText}).`;
  } else {
    decision = "keep";
    recommended = known;
    because = `${best.id} would save only ${unit(Math.max(0, gain))} (${Math.max(0, pct).toFixed(0)}%) of ${objective}, within the threshold (${thresholdText}): keep what you have.`;
  }

  const lead: string[] = [];
  if (singleArch) {
    lead.push(
      `One build arch (${settings.platforms[0]}): shared and split prefetch make no difference for one arch ` +
        "(they are the same pipeline: one prefetch, one artifact or workspace, one build), so what can differ is " +
        "Trusted Artifacts against PVC." +
        // Why the ranking may still show a split twin ahead, unless the decision already says so.
        (scenario.source && !because.includes("SRPMs")
          ? " A split pipeline differs only in fetching the source container's SRPMs in a prefetch of their own."
          : ""),
    );
  }
  const trailer: string[] = [];
  if (measuredAnything) {
    const planned = (inputs.plannedPayload ?? []).filter(
      (part) => (part === "source" || settings.platforms.includes(part as BuildArch)) && !whatIfSizes.includes(part),
    );
    if (Object.keys(inputs.payload).length === 0 && inputs.samples.length === 0) {
      trailer.push(`Nothing was measured: the payload sizes are the what-if values of ${list(whatIfSizes)}.`);
    }
    if (planned.length > 0) {
      trailer.push(
        `The payload size${planned.length === 1 ? "" : "s"} of ${list(planned)} ${planned.length === 1 ? "is" : "are"} planned ` +
          "(a lockfile or OCI manifest uploaded on its own; no selected run measured them).",
      );
    }
    if (defaultRates.length > 0) {
      trailer.push(
        `The ${list(defaultRates)} rate${defaultRates.length === 1 ? " is the documented default" : "s are the documented defaults"} ` +
          "(no selected run timed them): the prediction rests on the sizes and typical rates.",
      );
    }
  }
  const nextArch = BUILD_ARCHES.find((arch) => !settings.platforms.includes(arch));
  if (singleArch && nextArch) {
    const example = BUILD_ARCHES.filter((arch) => arch === nextArch || settings.platforms.includes(arch));
    trailer.push(
      `To see what adding platforms would cost, set the platforms what-if (e.g. platforms=${example.join(",")}).`,
    );
  }
  const reason = [...lead, because, ...trailer].join(" ");

  const recommendedPrediction = recommended === "unknown" ? basePrediction : byId(recommended);
  const remoteSource = inputs.remotePlatforms.source;
  return {
    component: inputs.component,
    current,
    currentSource,
    baseline,
    recommended,
    decision,
    singleArch,
    reason,
    savings: {
      wallS: basePrediction.wallS - recommendedPrediction.wallS,
      taskS: basePrediction.taskS - recommendedPrediction.taskS,
      bytesMoved: basePrediction.bytesMoved - recommendedPrediction.bytesMoved,
      registryBytes: basePrediction.registryBytes - recommendedPrediction.registryBytes,
      pvcBytes: basePrediction.pvcBytes - recommendedPrediction.pvcBytes,
    },
    objective,
    threshold: { pct: settings.thresholdPct, seconds: settings.thresholdS },
    settings,
    strategies,
    inputs: {
      platforms: settings.platforms,
      remotePlatforms: { arches: inputs.remotePlatforms.arches, source: remoteSource },
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
      missing,
    },
    backtest: backtest(inputs),
  };
}
