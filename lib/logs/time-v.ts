// Accumulates GNU `/usr/bin/time -v` blocks (tab-indented `Label: value` lines) into `time-v` signals,
// each numbered by its first recognised line and emitted when the block ends.
import { parseClockDuration, parseCount } from "./numbers";
import { TIME_V_FIELD, TIME_V_LABELS } from "./patterns";
import type { SignalSink } from "./signal-sink";
import type { LogSignal } from "./types";

type TimeVSignal = Extract<LogSignal, { kind: "time-v" }>;

export class TimeVAccumulator {
  private block: TimeVSignal | null = null;
  private readonly sink: SignalSink;

  constructor(sink: SignalSink) {
    this.sink = sink;
  }

  /** Scans one tab-led line; a line that is not a `time -v` field is ignored and leaves the block open. */
  scanField(text: string, line: number): void {
    const match = TIME_V_FIELD.exec(text);
    if (match === null) return;
    const [, label = "", value = ""] = match;
    if (!TIME_V_LABELS.has(label)) return;
    // A second command's block may follow without a blank line in between.
    if (label === "Command being timed") this.close();
    const block = (this.block ??= {
      kind: "time-v",
      line,
      command: null,
      elapsedS: null,
      maxRssKb: null,
      fsOutputs512: null,
      exitStatus: null,
    });
    switch (label) {
      case "Command being timed":
        block.command = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
        break;
      case "Elapsed (wall clock) time (h:mm:ss or m:ss)":
        block.elapsedS = parseClockDuration(value);
        break;
      case "Maximum resident set size (kbytes)":
        block.maxRssKb = parseCount(value);
        break;
      case "File system outputs":
        block.fsOutputs512 = parseCount(value);
        break;
      case "Exit status":
        block.exitStatus = parseCount(value);
        this.close();
        break;
    }
  }

  /** Ends the open block, if any (any line that is not tab-led ends it). */
  close(): void {
    if (this.block === null) return;
    this.sink.emit(this.block);
    this.block = null;
  }
}
