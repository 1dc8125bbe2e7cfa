// Timestamp sanity (docs/measurements.md "Impossible timestamps"): times that cannot be true are removed from a
// run before anything is measured from them, each with a note naming the TaskRun and step. Pure.
import { queueSeconds } from "../tekton/records";
import type { StepRecord, TaskRunRecord } from "../tekton/types";
import type { LinkedPipelineRun } from "./types";

/** Longer than any real Tekton task or step (Konflux pipelines time out after hours): a wrong clock, not work. */
export const MAX_DURATION_SECONDS = 2 * 24 * 3600;
/** Clocks of cluster nodes and of the machine reading the export may disagree a little; more is not a clock. */
const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000;
/** Before Tekton existed: a zero or epoch timestamp, not a run. */
const EARLIEST = Date.UTC(2018, 0, 1);

export interface SanityOptions {
  /** What "the future" is measured against (the time of the upload). */
  now: Date;
}

export interface SaneRun {
  run: LinkedPipelineRun;
  /** One per removed timestamp, naming the run, TaskRun and step. */
  notes: string[];
}

function impossible(date: Date | null, now: Date): string | null {
  if (date === null) return null;
  const time = date.getTime();
  if (!Number.isFinite(time)) return "is not a time";
  if (time > now.getTime() + FUTURE_TOLERANCE_MS) return `${date.toISOString()} is in the future`;
  if (time < EARLIEST) return `${date.toISOString()} is before Tekton existed`;
  return null;
}

/** Removes the end of an interval that ends before it starts or lasts longer than any real work. */
function badSpan(start: Date | null, end: Date | null): string | null {
  if (start === null || end === null) return null;
  const seconds = (end.getTime() - start.getTime()) / 1000;
  if (seconds < 0) return `ends ${Math.abs(seconds).toFixed(0)} s before it starts`;
  if (seconds > MAX_DURATION_SECONDS) return `lasts ${seconds.toFixed(0)} s (over ${MAX_DURATION_SECONDS} s)`;
  return null;
}

export function saneRun(run: LinkedPipelineRun, options: SanityOptions): SaneRun {
  const notes: string[] = [];
  const checkTime = (date: Date | null, what: string): Date | null => {
    const problem = impossible(date, options.now);
    if (problem === null) return date;
    notes.push(`${what}: ${problem}; it was dropped`);
    return null;
  };
  const checkEnd = (start: Date | null, end: Date | null, what: string): Date | null => {
    const problem = badSpan(start, end);
    if (problem === null) return end;
    notes.push(`${what} ${problem}; its end time was dropped and nothing was measured from it`);
    return null;
  };

  const runStart = checkTime(run.startTime, `PipelineRun ${run.name} start`);
  const runEnd = checkEnd(
    runStart,
    checkTime(run.completionTime, `PipelineRun ${run.name} completion`),
    `PipelineRun ${run.name}`,
  );
  const taskRuns = run.taskRuns.map((taskRun): TaskRunRecord => {
    const label = `TaskRun ${taskRun.name}`;
    const start = checkTime(taskRun.startTime, `${label} start`);
    const end = checkEnd(start, checkTime(taskRun.completionTime, `${label} completion`), label);
    const steps = taskRun.steps.map((step): StepRecord => {
      const stepLabel = `${label} step ${step.name}`;
      const stepStart = checkTime(step.startedAt, `${stepLabel} start`);
      const stepEnd = checkEnd(stepStart, checkTime(step.finishedAt, `${stepLabel} finish`), stepLabel);
      return stepStart === step.startedAt && stepEnd === step.finishedAt
        ? step
        : { ...step, startedAt: stepStart, finishedAt: stepEnd };
    });
    const timesKept = start === taskRun.startTime && steps.every((s, i) => s === taskRun.steps[i]);
    let queue = timesKept ? taskRun.queueSeconds : queueSeconds(start, steps);
    if (queue !== null && queue > MAX_DURATION_SECONDS) {
      notes.push(
        `${label}: a queue time of ${queue.toFixed(0)} s (first step start − TaskRun start) is not believable; it was dropped`,
      );
      queue = null;
    }
    const unchanged = timesKept && end === taskRun.completionTime && queue === taskRun.queueSeconds;
    return unchanged ? taskRun : { ...taskRun, startTime: start, completionTime: end, steps, queueSeconds: queue };
  });
  if (notes.length === 0) return { run, notes };
  return { run: { ...run, startTime: runStart, completionTime: runEnd, taskRuns }, notes };
}
