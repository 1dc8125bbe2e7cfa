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

export interface Recommendation {
  component: string;
  current: StrategyId;
  currentSource: string;
  recommended: StrategyId;
  decision: "keep" | "switch";
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
    detected: inputs.detectedHazards,
    current,
  };
}

export function recommend(inputs: ModelInputs, partial: Partial<ModelSettings> = {}): Recommendation {
  const settings = resolveSettings(inputs, partial);
  const missing: MissingInput[] = [];
  const fits = fitAll(inputs.samples, inputs.remotePlatforms.arches, settings);
  for (const phase of ["prefetch", "upload", "restore"] as const) {
    if (fits[phase].method === "default")
      missing.push({ input: `${phase} rate`, assumed: fits[phase].source, override: null });
  }
  const current = inputs.current.strategy ?? SHIPPED_DEFAULT_STRATEGY;
  const currentSource = inputs.current.strategy
    ? inputs.current.source
    : `${inputs.current.source}; compared with the shipped default ${SHIPPED_DEFAULT_STRATEGY}`;
  const scenario = scenarioOf(inputs, settings, fits, current, missing);
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
  const currentPrediction = strategies.find((p) => p.id === current)!;
  const best = strategies.find((p) => p.eligible) ?? currentPrediction;
  const gain = objectiveValue(currentPrediction, objective) - objectiveValue(best, objective);
  const base = objectiveValue(currentPrediction, objective);
  const pct = base > 0 ? (gain / base) * 100 : 0;
  const unit = (value: number) => (isTime(objective) ? `${value.toFixed(0)} s` : `${(value / MIB).toFixed(0)} MiB`);
  let decision: "keep" | "switch" = "keep";
  let reason: string;
  const measuredAnything = inputs.samples.length > 0 || Object.keys(inputs.payload).length > 0;
  if (!measuredAnything && currentPrediction.eligible) {
    reason =
      "Nothing about this component's dependencies was measured (no sizes, no phase timings), so the " +
      "predictions rest on defaults alone: keep what you have until runs with prefetch data are ingested.";
  } else if (best.id === current) {
    reason = `${current} is already the best allowed strategy by ${objective}.`;
  } else if (!currentPrediction.eligible) {
    decision = "switch";
    const blocker = currentPrediction.hazards.find((h) => h.severity === "blocker");
    reason = `${current} is not allowed (${blocker?.code}); ${best.id} is the best allowed strategy by ${objective}.`;
  } else if (pct > settings.thresholdPct && (!isTime(objective) || gain > settings.thresholdS)) {
    decision = "switch";
    reason = `${best.id} beats ${current} by ${unit(gain)} (${pct.toFixed(0)}%) of ${objective}, more than the threshold (${settings.thresholdPct}%${isTime(objective) ? ` and ${settings.thresholdS} s` : ""}).`;
  } else {
    reason = `${best.id} would save only ${unit(Math.max(0, gain))} (${Math.max(0, pct).toFixed(0)}%) of ${objective}, within the threshold (${settings.thresholdPct}%${isTime(objective) ? ` and ${settings.thresholdS} s` : ""}): keep what you have.`;
  }
  const recommendedPrediction = decision === "switch" ? best : currentPrediction;
  const remoteSource = inputs.remotePlatforms.source;
  return {
    component: inputs.component,
    current,
    currentSource,
    recommended: recommendedPrediction.id,
    decision,
    reason,
    savings: {
      wallS: currentPrediction.wallS - recommendedPrediction.wallS,
      taskS: currentPrediction.taskS - recommendedPrediction.taskS,
      bytesMoved: currentPrediction.bytesMoved - recommendedPrediction.bytesMoved,
      registryBytes: currentPrediction.registryBytes - recommendedPrediction.registryBytes,
      pvcBytes: currentPrediction.pvcBytes - recommendedPrediction.pvcBytes,
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
