// What the phase rules read of one measured TaskRun: its steps' times, the `time -v` blocks, remote markers and
// rsync --stats blocks of its logs, each made into a measurement draft naming its source. Pure.
import type { MeasuredPhase, MeasurementSource } from "../domain/phases";
import type { LogSignal, RemoteMarker } from "../logs/types";
import type { StepRecord, TaskRunRecord } from "../tekton/types";
import { signalsOf } from "./log-index";
import type { DerivedTaskRun, LogEvidence, MeasuredArch, MeasurementDraft } from "./types";

/** to − from in seconds; negative and absurd values are caught when collected (with a note), never stored. */
const seconds = (from: Date | null, to: Date | null) => (from && to ? (to.getTime() - from.getTime()) / 1000 : null);

export type TimeV = { log: LogEvidence; signal: Extract<LogSignal, { kind: "time-v" }> };
type RsyncStats = Extract<LogSignal, { kind: "rsync-stats" }>;

/** A remote marker line of a build log. */
interface Marker {
  at: Date;
  log: LogEvidence;
  line: number;
}

/** The time between two remote markers of a build log. */
export interface MarkerSpan {
  from: RemoteMarker;
  to: RemoteMarker;
  start: Marker;
  end: Marker;
  seconds: number;
}

/** A measured TaskRun (one with an arch) and its logs. */
export class TaskRunEvidence {
  private markerIndex: Map<RemoteMarker, Marker> | null = null;

  constructor(
    readonly taskRun: DerivedTaskRun & { arch: MeasuredArch },
    readonly logs: LogEvidence[],
  ) {}

  get record(): TaskRunRecord {
    return this.taskRun.record;
  }

  /** A draft of this TaskRun: a duration (`seconds`) or a size (`bytes`). */
  draft(
    phase: MeasuredPhase,
    source: MeasurementSource,
    value: { seconds: number } | { bytes: number },
    sourceDetail: string,
    locator: string,
  ): MeasurementDraft {
    return {
      taskRunName: this.record.name,
      arch: this.taskRun.arch,
      phase,
      seconds: "seconds" in value ? value.seconds : null,
      bytes: "bytes" in value ? value.bytes : null,
      source,
      sourceDetail,
      locator,
    };
  }

  step(name: string): StepRecord | null {
    return this.record.steps.find((s) => s.name === name) ?? null;
  }

  /** finishedAt − startedAt of a step, or null when the step or one of its times is missing. */
  stepTime(phase: MeasuredPhase, stepName: string): MeasurementDraft | null {
    const found = this.step(stepName);
    const duration = found ? seconds(found.startedAt, found.finishedAt) : null;
    if (duration === null) return null;
    const detail = `step ${stepName} of TaskRun ${this.record.name}`;
    return this.draft(phase, "step-timestamps", { seconds: duration }, detail, `${this.record.name}/${stepName}`);
  }

  /** The first `time -v` block in the logs of a step. */
  timeV(stepName: string): TimeV | undefined {
    return signalsOf(this.logs, stepName).find(({ signal }) => signal.kind === "time-v") as TimeV | undefined;
  }

  /** The Elapsed time of a `time -v` block, when it has one. */
  timeVElapsed(phase: MeasuredPhase, timeV: TimeV | undefined): MeasurementDraft | null {
    const elapsed = timeV?.signal.elapsedS;
    if (timeV === undefined || elapsed == null) return null;
    const { log, signal } = timeV;
    return this.draft(phase, "time-v", { seconds: elapsed }, `time -v in ${log.file}`, `${log.file}:${signal.line}`);
  }

  /** The bytes a `time -v` block wrote ("File system outputs", in 512-byte blocks), when it says. */
  timeVBytes(phase: MeasuredPhase, timeV: TimeV | undefined): MeasurementDraft | null {
    const outputs = timeV?.signal.fsOutputs512;
    if (timeV === undefined || outputs == null) return null;
    const { log, signal } = timeV;
    const detail = `time -v "File system outputs" × 512 in ${log.file}`;
    return this.draft(phase, "time-v", { bytes: outputs * 512 }, detail, `${log.file}:${signal.line}`);
  }

  /** The first line of each remote marker in the logs of the `build` step. */
  private markers(): Map<RemoteMarker, Marker> {
    if (this.markerIndex === null) {
      this.markerIndex = new Map();
      for (const { log, signal } of signalsOf(this.logs, "build")) {
        if (signal.kind === "remote-marker" && !this.markerIndex.has(signal.marker)) {
          this.markerIndex.set(signal.marker, { at: signal.at, log, line: signal.line });
        }
      }
    }
    return this.markerIndex;
  }

  /** ts(`to`) − ts(`from`) of the build log's markers: the one place a marker-to-marker time is made. */
  markerSpan(from: RemoteMarker, to: RemoteMarker): MarkerSpan | null {
    const start = this.markers().get(from);
    const end = this.markers().get(to);
    const duration = start && end ? seconds(start.at, end.at) : null;
    return duration === null || !start || !end ? null : { from, to, start, end, seconds: duration };
  }

  /** A marker span as a `log-marker` duration of a phase. */
  spanDraft(phase: MeasuredPhase, span: MarkerSpan): MeasurementDraft {
    const { start, end } = span;
    const detail = `"${span.from}" → "${span.to}" markers in ${start.log.file}`;
    return this.draft(
      phase,
      "log-marker",
      { seconds: span.seconds },
      detail,
      `${start.log.file}:${start.line}-${end.line}`,
    );
  }

  /** rsync --stats blocks of the build step printed between a span's two markers, in the log of its first. */
  rsyncStatsWithin(span: MarkerSpan): RsyncStats[] {
    const { start, end } = span;
    return signalsOf(this.logs, "build").flatMap(({ log, signal }) =>
      signal.kind === "rsync-stats" && log === start.log && signal.line > start.line && signal.line < end.line
        ? [signal]
        : [],
    );
  }
}
