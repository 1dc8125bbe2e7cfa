// The five ways of passing prefetched dependencies between tasks (docs/cost-model.md "Strategies"). Ids are public.

export const STRATEGY_IDS = [
  "ta-shared",
  "ta-split",
  "pvc-shared",
  "pvc-per-arch-duplicated",
  "pvc-per-arch-split",
] as const;
export type StrategyId = (typeof STRATEGY_IDS)[number];

/** Strategies whose builds each receive the whole payload (every arch and the sources), not their own part. */
export const SHARED_PAYLOAD_STRATEGIES: ReadonlySet<string> = new Set<StrategyId>([
  "ta-shared",
  "pvc-shared",
  "pvc-per-arch-duplicated",
]);

export const STRATEGY_LABELS: Record<StrategyId | "unknown", string> = {
  "ta-shared": "Trusted Artifacts, shared prefetch",
  "ta-split": "Trusted Artifacts, split prefetch",
  "pvc-shared": "PVC, one shared workspace",
  "pvc-per-arch-duplicated": "PVC per arch, duplicated prefetch",
  "pvc-per-arch-split": "PVC per arch, split prefetch",
  unknown: "Unknown",
};

export function strategyLabel(id: string | null): string {
  if (id === null) return STRATEGY_LABELS.unknown;
  return (STRATEGY_LABELS as Record<string, string>)[id] ?? id;
}
