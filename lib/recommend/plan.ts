// The seed's question before any run exists — "should I split before I migrate?" — answered for a planned payload
// (an rpms.lock.yaml's sizes per arch, or sizes given): the recommendation's model with no own runs, every rate
// pooled from the components of the database (or the documented defaults on an empty one). POST /api/plan.
import type { Db } from "../db/connect";
import type { BuildArch } from "../domain/arch";
import type { StrategyId } from "../domain/strategies";
import { DEFAULT_REMOTE_ARCHES } from "../model/defaults";
import { recommend, type Recommendation } from "../model/recommend";
import type { ModelInputs, Objective, PayloadArch, Sourced } from "../model/types";
import { POOLED_RUNS } from "./get-inputs";
import { getPooledSamples } from "./get-pooled";

export interface PlanInput {
  /** Bytes per payload part, each with where it came from. */
  payload: Partial<Record<PayloadArch, Sourced>>;
  platforms: BuildArch[];
  current?: StrategyId;
  objective?: Objective;
  requireTrustedArtifacts?: boolean;
  /** What reading the input assumed (a lockfile's unknown arches, platforms without a size). */
  warnings: string[];
}

export type PlanAnswer = Recommendation & { planWarnings: string[] };

/** The model's inputs for a planned payload: sizes known, nothing timed, every rate pooled or a default. */
export async function planInputs(db: Db, plan: PlanInput): Promise<ModelInputs> {
  // No component has id 0: every component of the database lends its points.
  const pooled = await getPooledSamples(db, 0, {}, POOLED_RUNS);
  return {
    component: "plan",
    measuredPlatforms: plan.platforms,
    remotePlatforms: {
      arches: [...DEFAULT_REMOTE_ARCHES],
      source: "default: amd64 builds in the TaskRun pod, every other arch on a remote VM (Konflux multi-platform)",
    },
    payload: plan.payload,
    plannedPayload: Object.keys(plan.payload) as PayloadArch[],
    timedPhases: [],
    sharedBytes: null,
    samples: [],
    buildS: {},
    queueS: {},
    current: plan.current
      ? { strategy: plan.current, source: "given in the request" }
      : { strategy: null, source: "not given: savings are against ta-shared, the shipped default" },
    detectedHazards: [],
    backtestRuns: [],
    pooled,
  };
}

export async function planRecommendation(db: Db, plan: PlanInput): Promise<PlanAnswer> {
  const inputs = await planInputs(db, plan);
  const settings = {
    platforms: plan.platforms,
    ...(plan.objective ? { objective: plan.objective } : {}),
    ...(plan.requireTrustedArtifacts !== undefined ? { requireTrustedArtifacts: plan.requireTrustedArtifacts } : {}),
  };
  return { ...recommend(inputs, settings), planWarnings: plan.warnings };
}
