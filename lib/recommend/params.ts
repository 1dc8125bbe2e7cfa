// The URL parameters the recommendation reads, as plain names (no zod, no database): the run filters it
// shares with the cost table, and its own what-if settings. Used by the query contract (./query.ts) and by
// the browser panel, which must not import the database-side modules.

export const RUN_FILTER_KEYS = ["from", "to", "event", "status", "strategy", "branch"] as const;

export const WHAT_IF_KEYS = [
  "objective",
  "platforms",
  "requireTrustedArtifacts",
  "thresholdPct",
  "thresholdS",
  "prefetchMiBps",
  "registryUpMiBps",
  "registryDownMiBps",
  "prefetchContention",
  "expiryDays",
  "pvcSizeGiB",
  "pvcAccessMode",
  "splitSource",
  "sharedMiB",
] as const;

/** Per-arch what-if parameters are `<name>.<arch>`. */
export const PER_ARCH_WHAT_IF_KEYS = ["rsyncMiBps", "payloadMiB"] as const;

export function isWhatIfParam(key: string): boolean {
  return (
    (WHAT_IF_KEYS as readonly string[]).includes(key) ||
    PER_ARCH_WHAT_IF_KEYS.some((name) => key.startsWith(`${name}.`))
  );
}

export function isRunFilterParam(key: string): boolean {
  return (RUN_FILTER_KEYS as readonly string[]).includes(key);
}
