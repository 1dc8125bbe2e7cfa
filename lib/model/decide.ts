// The keep / switch / none decision between the current strategy and the best allowed one, and the reason
// given for it (docs/cost-model.md "Ranking and the decision"). Pure.
import { BUILD_ARCHES, type BuildArch } from "../domain/arch";
import { MIB } from "../domain/phases";
import type { StrategyId } from "../domain/strategies";
import { SHIPPED_DEFAULT_STRATEGY } from "./defaults";
import type { ModelInputs, ModelSettings, Objective, PayloadArch, StrategyPrediction } from "./types";

/** keep the current strategy, switch (or, when it is unknown, "use") another, or none: nothing measured yet. */
export const DECISIONS = ["keep", "switch", "none"] as const;
export type Decision = (typeof DECISIONS)[number];

export const objectiveValue = (p: StrategyPrediction, objective: Objective): number =>
  objective === "wall"
    ? p.wallS
    : objective === "taskSeconds"
      ? p.taskS
      : objective === "bytesMoved"
        ? p.bytesMoved
        : p.registryBytes;

export const isTime = (objective: Objective) => objective === "wall" || objective === "taskSeconds";

/**
 * For one build arch, shared and split prefetch are one pipeline (one prefetch, one artifact or workspace, one
 * build), and so are the three PVC strategies: only Trusted Artifacts against PVC is a choice.
 */
export function samePipelineForOneArch(a: StrategyId, b: StrategyId): boolean {
  return a.startsWith("ta-") === b.startsWith("ta-");
}

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

/** What the decision compares: the baseline's and the best allowed strategy's predictions, and the gain. */
export interface DecisionContext {
  inputs: ModelInputs;
  settings: ModelSettings;
  /** The detected strategy, null when none was. */
  known: StrategyId | null;
  current: StrategyId | "unknown";
  baseline: StrategyId;
  byId: (id: StrategyId) => StrategyPrediction;
  basePrediction: StrategyPrediction;
  best: StrategyPrediction;
  gain: number;
  pct: number;
  /** The low end (p10) of the gain's range, and that as a percentage of the baseline: what a switch must clear. */
  gainLow: number;
  pctLow: number;
  singleArch: boolean;
  measuredAnything: boolean;
}

export interface Decided {
  decision: Decision;
  recommended: StrategyId | "unknown";
  because: string;
}

const unit = (c: DecisionContext, value: number) =>
  isTime(c.settings.objective) ? `${value.toFixed(0)} s` : `${(value / MIB).toFixed(0)} MiB`;
const blockerOf = (p: StrategyPrediction) => p.hazards.find((h) => h.severity === "blocker")?.code;

/** Nothing measured: no decision, unless the current strategy is not allowed whatever the numbers. */
function decideWithoutData(c: DecisionContext): Decided {
  const { basePrediction, best, current } = c;
  if (c.known === null || basePrediction.eligible) {
    // Ranking zero bytes at default rates says nothing about this component: no decision until data arrives.
    const timed = c.inputs.timedPhases ?? [];
    const because =
      timed.length > 0
        ? `The selected runs timed ${timed.join(", ")}, but no run says how much was prefetched (no rpms.lock.yaml ` +
          "or OCI manifest of the prefetch artifact came with them, and there is no planned payload): without sizes " +
          "the strategies cannot be compared. Upload the lockfile with the runs, or on its own for this component " +
          "as its planned payload, and the recommendation follows."
        : "Nothing about this component's dependencies was measured (no payload sizes and no phase timings in the " +
          "selected runs, and no planned payload), so there is nothing to compare yet. Upload runs with their logs " +
          "and the lockfile (rpms.lock.yaml) or OCI manifests of their prefetch, or the lockfile alone as a planned " +
          "payload, and the recommendation follows.";
    return { decision: "none", recommended: current, because };
  }
  // The current strategy is not allowed whatever the numbers: switch, to the shipped default unless it is blocked too.
  const fallback = basePrediction.id !== SHIPPED_DEFAULT_STRATEGY ? c.byId(SHIPPED_DEFAULT_STRATEGY) : best;
  const recommended = (fallback.eligible ? fallback : best).id;
  const because =
    `${current} is not allowed (${blockerOf(basePrediction)}). Nothing about this component's dependencies was ` +
    `measured yet, so ${recommended} is recommended as ${recommended === SHIPPED_DEFAULT_STRATEGY ? "the shipped default" : "the best allowed strategy"}; ` +
    "upload runs with their prefetch logs and lockfile, or the lockfile alone, to compare the allowed strategies.";
  return { decision: "switch", recommended, because };
}

/** No strategy detected: use the best allowed one (or the shipped default, when that is the same pipeline). */
function decideForUnknown(c: DecisionContext): Decided {
  const { baseline, best, gain, pct } = c;
  const { objective } = c.settings;
  if (c.singleArch && best.id !== baseline && samePipelineForOneArch(best.id, baseline)) {
    // One arch: the split twin of the shipped default is the same pipeline, so the shipped default it is.
    const because =
      `No strategy was detected on this component's runs (${c.inputs.current.source}): use ${baseline}, the shipped ` +
      `default; ${best.id} is the same pipeline for one arch` +
      (gain > 0
        ? ` (predicted ${unit(c, gain)} better by ${objective} only because it fetches the SRPMs in a prefetch of their own).`
        : ".");
    return { decision: "switch", recommended: baseline, because };
  }
  const because =
    `No strategy was detected on this component's runs (${c.inputs.current.source}): use ${best.id}, the best ` +
    `allowed strategy by ${objective}` +
    (best.id === baseline
      ? ` (it is also the shipped default).`
      : `; it beats the shipped default ${baseline} by ${unit(c, Math.max(0, gain))} (${Math.max(0, pct).toFixed(0)}%) of ${objective}.`);
  return { decision: "switch", recommended: best.id, because };
}

/** A detected strategy: keep it unless the best allowed one beats it by more than the threshold. */
function decideForKnown(c: DecisionContext, known: StrategyId): Decided {
  const { best, gain, pct, settings } = c;
  const { objective } = settings;
  const thresholdText = `${settings.thresholdPct}%${isTime(objective) ? ` and ${settings.thresholdS} s` : ""}`;
  if (best.id === known) {
    return {
      decision: "keep",
      recommended: known,
      because: `${known} is already the best allowed strategy by ${objective}.`,
    };
  }
  if (!c.basePrediction.eligible) {
    const because = `${known} is not allowed (${blockerOf(c.basePrediction)}); ${best.id} is the best allowed strategy by ${objective}.`;
    return { decision: "switch", recommended: best.id, because };
  }
  if (c.singleArch && samePipelineForOneArch(best.id, known)) {
    const because =
      gain > 0
        ? `${best.id} is predicted ${unit(c, gain)} (${pct.toFixed(0)}%) better by ${objective} only because it fetches the ` +
          `SRPMs in a prefetch of their own; for one arch it is the same pipeline as ${known}: keep ${known}.`
        : `${best.id} and ${known} are the same pipeline for one arch and predict the same ${objective}: keep ${known}.`;
    return { decision: "keep", recommended: known, because };
  }
  const clears = (g: number, p: number) => p > settings.thresholdPct && (!isTime(objective) || g > settings.thresholdS);
  if (clears(c.gainLow, c.pctLow)) {
    const because =
      `${best.id} beats ${known} by ${unit(c, gain)} (${pct.toFixed(0)}%) of ${objective}, at least ` +
      `${unit(c, c.gainLow)} (${c.pctLow.toFixed(0)}%) at the low end of its range: more than the threshold (${thresholdText}).`;
    return { decision: "switch", recommended: best.id, because };
  }
  if (clears(gain, pct)) {
    const because =
      `${best.id} is predicted to beat ${known} by ${unit(c, gain)} (${pct.toFixed(0)}%) of ${objective}, but the low end ` +
      `of that saving's range is ${unit(c, Math.max(0, c.gainLow))} (${Math.max(0, c.pctLow).toFixed(0)}%), within the ` +
      `threshold (${thresholdText}): keep what you have until more runs narrow the range.`;
    return { decision: "keep", recommended: known, because };
  }
  const because = `${best.id} would save only ${unit(c, Math.max(0, gain))} (${Math.max(0, pct).toFixed(0)}%) of ${objective}, within the threshold (${thresholdText}): keep what you have.`;
  return { decision: "keep", recommended: known, because };
}

export function decide(c: DecisionContext): Decided {
  if (!c.measuredAnything) return decideWithoutData(c);
  return c.known === null ? decideForUnknown(c) : decideForKnown(c, c.known);
}

/**
 * The whole reason: a lead for one build arch, the decision's `because`, and a trailer naming what rests on
 * planned sizes, what-if sizes or default rates.
 */
export function reasonOf(
  c: DecisionContext,
  because: string,
  facts: { source: boolean; defaultRates: string[]; whatIfSizes: PayloadArch[] },
): string {
  const { inputs, settings, singleArch } = c;
  const { defaultRates, whatIfSizes } = facts;
  const lead: string[] = [];
  if (singleArch) {
    lead.push(
      `One build arch (${settings.platforms[0]}): shared and split prefetch make no difference for one arch ` +
        "(they are the same pipeline: one prefetch, one artifact or workspace, one build), so what can differ is " +
        "Trusted Artifacts against PVC." +
        // Why the ranking may still show a split twin ahead, unless the decision already says so.
        (facts.source && !because.includes("SRPMs")
          ? " A split pipeline differs only in fetching the source container's SRPMs in a prefetch of their own."
          : ""),
    );
  }
  const trailer: string[] = [];
  if (c.measuredAnything) {
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
  return [...lead, because, ...trailer].join(" ");
}
