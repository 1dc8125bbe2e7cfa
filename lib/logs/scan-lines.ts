// Incremental, pure scanner that turns the lines of one Konflux step log into LogSignals (see docs/measurements.md).
// Callers push lines one at a time (no I/O here); multi-line blocks (`time -v`, rsync `--stats`) are summarised as they end.
import { HermetoScanner } from "./hermeto";
import { scanBracketedLine, scanLetterLine } from "./markers";
import { ANSI_ESCAPE, CR, OPEN_BRACKET, TAB } from "./patterns";
import { RsyncStatsAccumulator } from "./rsync-stats";
import { SignalSink } from "./signal-sink";
import { TimeVAccumulator } from "./time-v";
import type { LogScanResult } from "./types";

export { lineMayCarrySignal } from "./patterns";
export { parseClockDuration } from "./numbers";

export interface LogScannerOptions {
  /** Number given to the first line pushed without an explicit number (default 1). */
  firstLine?: number;
  /** Signals kept at most; the rest are counted in a warning so a pathological log cannot exhaust memory. */
  maxSignals?: number;
  /** Warnings kept at most, for the same reason. */
  maxWarnings?: number;
}

export interface LogScanner {
  /** Scans one line (without its `\n`; a trailing `\r` is ignored). */
  push(line: string, lineNumber?: number): void;
  /** Counts a line that lineMayCarrySignal ruled out, with the same effect as pushing it, without its text. */
  skip(lineNumber?: number): void;
  /** Records a problem found outside the scanner (e.g. the line reader truncated a line). */
  warn(message: string): void;
  /** Closes any open block and returns everything found. Call once, after the last push. */
  finish(): LogScanResult;
}

export const DEFAULT_MAX_SIGNALS = 10_000;
export const DEFAULT_MAX_WARNINGS = 100;

/**
 * A scanner for one stream (one step of one TaskRun). A `time-v` or `rsync-stats` signal is numbered by the
 * block's first recognised line; `ta-prepared` digests keep their `sha256:` prefix; hermeto stamps are UTC.
 */
export function createLogScanner(options: LogScannerOptions = {}): LogScanner {
  return new StreamScanner(options);
}

/** Routes each line, by its first character, to the step that may find a signal in it. */
class StreamScanner implements LogScanner {
  private readonly sink: SignalSink;
  private readonly timeV: TimeVAccumulator;
  private readonly rsync: RsyncStatsAccumulator;
  private readonly hermeto: HermetoScanner;
  private nextLine: number;
  private lines = 0;

  constructor(options: LogScannerOptions) {
    this.sink = new SignalSink(options.maxSignals ?? DEFAULT_MAX_SIGNALS, options.maxWarnings ?? DEFAULT_MAX_WARNINGS);
    this.timeV = new TimeVAccumulator(this.sink);
    this.rsync = new RsyncStatsAccumulator(this.sink);
    this.hermeto = new HermetoScanner(this.sink);
    this.nextLine = options.firstLine ?? 1;
  }

  push(raw: string, lineNumber?: number): void {
    const line = lineNumber ?? this.nextLine;
    this.nextLine = line + 1;
    this.lines++;
    let text = raw.charCodeAt(raw.length - 1) === CR ? raw.slice(0, -1) : raw;
    if (text.includes("\x1b")) text = text.replace(ANSI_ESCAPE, "");
    const first = text.charCodeAt(0);
    if (first === TAB) {
      this.timeV.scanField(text, line);
      return;
    }
    this.timeV.close();
    if (first === OPEN_BRACKET) scanBracketedLine(text, line, this.sink);
    else if (first >= 48 && first <= 57) this.hermeto.scan(text, line);
    else scanLetterLine(text, line, first, this.sink, this.rsync);
  }

  skip(lineNumber?: number): void {
    this.nextLine = (lineNumber ?? this.nextLine) + 1;
    this.lines++;
    this.timeV.close();
  }

  warn(message: string): void {
    this.sink.warn(message);
  }

  finish(): LogScanResult {
    this.timeV.close();
    this.rsync.close();
    const { signals, warnings } = this.sink.finish();
    return {
      signals,
      lines: this.lines,
      firstTimestamp: this.hermeto.firstTimestamp,
      lastTimestamp: this.hermeto.lastTimestamp(),
      warnings,
    };
  }
}
