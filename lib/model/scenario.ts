// The scenario a prediction reads: payload sizes, shared bytes, build and queue times and fits, resolved from
// the measured inputs and the what-if settings, with a note for every input that had to be assumed. Pure.
import { BUILD_ARCHES, type BuildArch } from "../domain/arch";
import { MIB } from "../domain/phases";
import type { StrategyId } from "../domain/strategies";
import type { Fits } from "./fit";
import type { ModelInputs, ModelSettings, PayloadArch, Sourced } from "./types";

export interface MissingInput {
  input: string;
  assumed: string;
  override: string | null;
}

/** Everything a strategy's prediction reads, resolved from inputs, settings and fits. */
export interface Scenario {
  settings: ModelSettings;
  fits: Fits;
  arches: BuildArch[];
  remote: ReadonlySet<BuildArch>;
  /** Bytes per payload part (0 when unknown; see `inputs.missing`). */
  payload: Record<PayloadArch, number>;
  payloadSource: Partial<Record<PayloadArch, string>>;
  /** Whether a source container is built (the sources are a payload part). */
  source: boolean;
  shared: number;
  sharedSource: string;
  build: Partial<Record<PayloadArch, Sourced>>;
  queue: Partial<Record<PayloadArch, Sourced>>;
  /** Hazards seen on the measured runs, by code, for the strategy that was current (none when it is unknown). */
  detected: { code: string; message: string; run: string }[];
  /** The detected strategy, or the shipped default it is compared with when none was detected. */
  current: StrategyId;
  /** Numbers only, no "show the arithmetic" (the bootstrap's draws, ./uncertainty.ts). */
  quiet?: boolean;
}

/** Bytes of every payload part: the what-if value, else the measured one, else the measured arches' mean, else 0. */
function payloadOf(
  inputs: ModelInputs,
  settings: ModelSettings,
  missing: MissingInput[],
): Pick<Scenario, "payload" | "payloadSource"> {
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
  return { payload, payloadSource };
}

/** The bytes every build restores whatever the strategy (source code, non-RPM dependencies). */
function sharedOf(
  inputs: ModelInputs,
  settings: ModelSettings,
  missing: MissingInput[],
): Pick<Scenario, "shared" | "sharedSource"> {
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
  return { shared, sharedSource };
}

/** The scenario of `inputs` under `settings`; every input it had to assume is added to `missing`. */
export function scenarioOf(
  inputs: ModelInputs,
  settings: ModelSettings,
  fits: Fits,
  current: StrategyId,
  missing: MissingInput[],
): Scenario {
  const { payload, payloadSource } = payloadOf(inputs, settings, missing);
  const source = payload.source > 0 || inputs.buildS.source !== undefined;
  const { shared, sharedSource } = sharedOf(inputs, settings, missing);
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
