// The Gantt model of one run (pure): TaskRuns as bars in lanes per architecture, their steps as
// segments, and the critical path — inferred from timestamps, because the database keeps no runAfter graph.
import type { RunDetail } from "./get-run";

/** Lane order; TaskRuns without an arch (init, clone, the image index…) go to OTHER_LANE, last. */
export const TIMELINE_LANE_ORDER = ["amd64", "arm64", "ppc64le", "s390x", "source", "shared"] as const;
export const OTHER_LANE = "other";

/**
 * A TaskRun may start this long before its predecessor's recorded completion and still follow it:
 * Tekton records times to the second and the controller takes a moment to create the next pod.
 */
export const CRITICAL_PATH_TOLERANCE_SECONDS = 2;

export interface TimelineStep {
  name: string;
  /** Seconds from the run's start; null when the step has no time of its own (never started, or cut off). */
  startOffset: number | null;
  endOffset: number | null;
  durationSeconds: number | null;
}

export interface TimelineBar {
  id: number;
  name: string;
  /** The pipeline task name (what a pipeline author recognises), else the TaskRun name. */
  label: string;
  role: string;
  arch: string | null;
  status: string;
  startOffset: number;
  endOffset: number;
  durationSeconds: number;
  steps: TimelineStep[];
  critical: boolean;
}

export interface TimelineLane {
  /** An arch from TIMELINE_LANE_ORDER, another arch name, or OTHER_LANE. */
  key: string;
  bars: TimelineBar[];
}

export interface UndrawnTaskRun {
  id: number;
  name: string;
  label: string;
  reason: string;
}

export interface RunTimeline {
  /** ISO time of offset 0: the run's start, or an earlier TaskRun start (so no offset is negative). */
  origin: string | null;
  /** Seconds the axis must cover: the run's wall time or the last bar's end, whichever is later. */
  spanSeconds: number;
  /** completionTime − startTime of the PipelineRun; null when either is missing. */
  wallSeconds: number | null;
  lanes: TimelineLane[];
  /** TaskRuns listed but not drawn, with why. */
  undrawn: UndrawnTaskRun[];
  /** TaskRun ids of the critical path, earliest first. */
  criticalPath: number[];
}

const parseTime = (iso: string | null): number | null => {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

/** Wall time of a PipelineRun in seconds, from its own start and completion. */
export function runWallSeconds(run: Pick<RunDetail, "startTime" | "completionTime">): number | null {
  const start = parseTime(run.startTime);
  const end = parseTime(run.completionTime);
  return start === null || end === null || end < start ? null : (end - start) / 1000;
}

function laneRank(key: string): number {
  const index = (TIMELINE_LANE_ORDER as readonly string[]).indexOf(key);
  if (index !== -1) return index;
  return key === OTHER_LANE ? TIMELINE_LANE_ORDER.length + 1 : TIMELINE_LANE_ORDER.length;
}

/** Ties between candidates: latest end, then longest duration, then name (so the result never depends on input order). */
function preferred(a: TimelineBar, b: TimelineBar): TimelineBar {
  if (a.endOffset !== b.endOffset) return a.endOffset > b.endOffset ? a : b;
  if (a.durationSeconds !== b.durationSeconds) return a.durationSeconds > b.durationSeconds ? a : b;
  return a.name.localeCompare(b.name) <= 0 ? a : b;
}

/**
 * Walks back from the TaskRun that completes last, each time to the TaskRun that completed latest
 * at or before the current one started (within the tolerance). Requiring a strictly earlier start
 * keeps the tolerance from pairing two parallel TaskRuns in a loop, so the walk always ends.
 */
export function inferCriticalPath(bars: readonly TimelineBar[]): TimelineBar[] {
  let current = bars.reduce<TimelineBar | null>((best, bar) => (best ? preferred(best, bar) : bar), null);
  const path: TimelineBar[] = [];
  while (current) {
    path.push(current);
    const { startOffset } = current;
    current = bars
      .filter((bar) => bar.startOffset < startOffset && bar.endOffset <= startOffset + CRITICAL_PATH_TOLERANCE_SECONDS)
      .reduce<TimelineBar | null>((best, bar) => (best ? preferred(best, bar) : bar), null);
  }
  return path.reverse();
}

export function buildTimeline(run: RunDetail): RunTimeline {
  const times = run.taskRuns.map((taskRun) => ({
    taskRun,
    start: parseTime(taskRun.startTime),
    end: parseTime(taskRun.completionTime),
  }));
  const starts = [parseTime(run.startTime), ...times.map((t) => t.start)].filter((ms) => ms !== null);
  const originMs = starts.length > 0 ? Math.min(...starts) : null;
  const offset = (ms: number | null) => (ms === null || originMs === null ? null : (ms - originMs) / 1000);

  const bars: TimelineBar[] = [];
  const undrawn: UndrawnTaskRun[] = [];
  for (const { taskRun, start, end } of times) {
    const label = taskRun.pipelineTaskName ?? taskRun.name;
    const startOffset = offset(start);
    const endOffset = offset(end);
    if (startOffset === null || endOffset === null || endOffset < startOffset) {
      const reason =
        startOffset === null
          ? "no start time recorded"
          : endOffset === null
            ? "no completion time recorded"
            : "completion time is before the start time";
      undrawn.push({ id: taskRun.id, name: taskRun.name, label, reason });
      continue;
    }
    bars.push({
      id: taskRun.id,
      name: taskRun.name,
      label,
      role: taskRun.role,
      arch: taskRun.arch,
      status: taskRun.status,
      startOffset,
      endOffset,
      durationSeconds: endOffset - startOffset,
      steps: taskRun.steps.map((step) => {
        const stepStart = offset(parseTime(step.startTime));
        const stepEnd = offset(parseTime(step.endTime));
        const complete = stepStart !== null && stepEnd !== null && stepEnd >= stepStart;
        return {
          name: step.name,
          startOffset: stepStart,
          endOffset: stepEnd,
          durationSeconds: complete ? stepEnd - stepStart : null,
        };
      }),
      critical: false,
    });
  }

  const criticalPath = inferCriticalPath(bars);
  for (const bar of criticalPath) bar.critical = true;

  const lanesByKey = new Map<string, TimelineBar[]>();
  for (const bar of bars) {
    const key = bar.arch ?? OTHER_LANE;
    lanesByKey.set(key, [...(lanesByKey.get(key) ?? []), bar]);
  }
  const lanes = [...lanesByKey.entries()]
    .sort(([a], [b]) => laneRank(a) - laneRank(b) || a.localeCompare(b))
    .map(([key, laneBars]) => ({
      key,
      bars: laneBars.sort((a, b) => a.startOffset - b.startOffset || a.name.localeCompare(b.name)),
    }));

  const wallSeconds = runWallSeconds(run);
  const runEnd = offset(parseTime(run.completionTime));
  return {
    origin: originMs === null ? null : new Date(originMs).toISOString(),
    spanSeconds: Math.max(0, runEnd ?? 0, ...bars.map((bar) => bar.endOffset)),
    wallSeconds,
    lanes,
    undrawn,
    criticalPath: criticalPath.map((bar) => bar.id),
  };
}

const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400];

/** Axis ticks in seconds: 0 and round multiples (1 s … 1 day) up to the span, at most maxTicks + 1 of them. */
export function axisTicks(spanSeconds: number, maxTicks = 8): number[] {
  const step = TICK_STEPS.find((candidate) => spanSeconds / candidate <= maxTicks) ?? Math.ceil(spanSeconds / maxTicks);
  const ticks: number[] = [];
  for (let tick = 0; tick <= spanSeconds; tick += step) ticks.push(tick);
  return ticks;
}
