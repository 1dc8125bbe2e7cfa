// Collects a run's measurement drafts: an unbelievable value is not stored (a note says why), and of the times
// of one arch and phase only the first is (one warning counts the others). docs/measurements.md "Impossible
// timestamps".
import { MAX_DURATION_SECONDS } from "./sanity";
import type { MeasurementDraft } from "./types";

/** Why a measured value cannot be stored, or null when it is believable. */
function implausible(draft: MeasurementDraft): string | null {
  if (draft.seconds !== null) {
    if (!Number.isFinite(draft.seconds)) return "is not a number";
    if (draft.seconds < 0) return `is negative (${draft.seconds.toFixed(0)} s)`;
    if (draft.seconds > MAX_DURATION_SECONDS) return `is ${draft.seconds.toFixed(0)} s, over ${MAX_DURATION_SECONDS} s`;
  }
  if (draft.bytes !== null && (!Number.isFinite(draft.bytes) || draft.bytes < 0)) return "is not a size";
  return null;
}

export interface MeasurementCollector {
  /** The drafts kept, in the order they were added. */
  measurements: MeasurementDraft[];
  add(draft: MeasurementDraft): void;
  /** One warning per arch and phase whose later times were not stored. */
  repeatWarnings(): string[];
}

/** A collector for the run `runName`; notes of values not stored go to `notes`. */
export function measurementCollector(runName: string, notes: string[]): MeasurementCollector {
  const measurements: MeasurementDraft[] = [];
  /** (arch, phase) pairs that already have a duration: at most one is stored. */
  const timed = new Set<string>();
  const extraTimes = new Map<string, { draft: MeasurementDraft; count: number }>();
  const add = (draft: MeasurementDraft) => {
    const problem = implausible(draft);
    if (problem !== null) {
      notes.push(
        `${runName}: ${draft.phase} of ${draft.arch} from ${draft.sourceDetail} ${problem}; it was not stored`,
      );
      return;
    }
    const key = `${draft.arch}\u0000${draft.phase}`;
    if (draft.seconds !== null && timed.has(key)) {
      // One warning per arch and phase, however many TaskRuns repeat it (a matrix of thousands of builds).
      const seen = extraTimes.get(key);
      if (seen) seen.count += 1;
      else extraTimes.set(key, { draft, count: 1 });
      return;
    }
    if (draft.seconds !== null) timed.add(key);
    measurements.push(draft);
  };
  const repeatWarnings = () =>
    [...extraTimes.values()].map(({ draft, count }) =>
      count === 1
        ? `${runName}: a second ${draft.phase} time for ${draft.arch} (${draft.sourceDetail}) was not stored; the first one was kept`
        : `${runName}: ${count} more ${draft.phase} times for ${draft.arch} (e.g. ${draft.sourceDetail}) were not stored; the first one was kept`,
    );
  return { measurements, add, repeatWarnings };
}
