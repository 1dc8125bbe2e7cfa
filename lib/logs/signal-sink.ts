// Collects a scanner's signals and warnings under their limits, and assembles them into a LogScanResult's
// lists: what is dropped beyond a limit is only counted, then reported in one closing warning.
import type { LogSignal } from "./types";

export class SignalSink {
  private readonly signals: LogSignal[] = [];
  private readonly warnings: string[] = [];
  private droppedSignals = 0;
  private droppedWarnings = 0;
  private readonly maxSignals: number;
  private readonly maxWarnings: number;

  constructor(maxSignals: number, maxWarnings: number) {
    this.maxSignals = maxSignals;
    this.maxWarnings = maxWarnings;
  }

  emit(signal: LogSignal): void {
    if (this.signals.length < this.maxSignals) this.signals.push(signal);
    else this.droppedSignals++;
  }

  warn(message: string): void {
    if (this.warnings.length < this.maxWarnings) this.warnings.push(message);
    else this.droppedWarnings++;
  }

  /** Adds the warnings about dropped items and returns the lists, signals in line order. Call once, last. */
  finish(): { signals: LogSignal[]; warnings: string[] } {
    if (this.droppedSignals > 0) {
      this.warn(`${this.droppedSignals} signals beyond the first ${this.maxSignals} were dropped`);
    }
    if (this.droppedWarnings > 0) {
      this.warnings.push(`${this.droppedWarnings} further warnings were dropped`);
    }
    // Blocks are emitted when they end but numbered by their first line: restore line order.
    this.signals.sort((a, b) => a.line - b.line);
    return { signals: this.signals, warnings: this.warnings };
  }
}
