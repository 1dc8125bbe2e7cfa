// Accumulates rsync `--stats` totals and the closing `sent … received … bytes/sec` summary into
// `rsync-stats` signals, one per stats block, numbered by the block's first recognised line.
import { parseCount, parseDecimal } from "./numbers";
import { RSYNC_BYTES_RECEIVED, RSYNC_BYTES_SENT, RSYNC_SUMMARY, RSYNC_TOTAL_FILE_SIZE } from "./patterns";
import type { SignalSink } from "./signal-sink";
import type { LogSignal } from "./types";

type RsyncStatsSignal = Extract<LogSignal, { kind: "rsync-stats" }>;

export class RsyncStatsAccumulator {
  private block: RsyncStatsSignal | null = null;
  private readonly sink: SignalSink;

  constructor(sink: SignalSink) {
    this.sink = sink;
  }

  /** Scans a `T`-led line for the `Total …` fields of `--stats`. */
  scanTotals(text: string, line: number): void {
    let match = RSYNC_TOTAL_FILE_SIZE.exec(text);
    if (match !== null) {
      // `Total file size` opens the stats; seeing it again means the previous block lost its summary line.
      if (this.block?.totalFileSize != null) this.close();
      this.open(line).totalFileSize = parseCount(match[1]);
      return;
    }
    match = RSYNC_BYTES_SENT.exec(text);
    if (match !== null) {
      if (this.block?.totalBytesSent != null) this.close();
      this.open(line).totalBytesSent = parseCount(match[1]);
      return;
    }
    match = RSYNC_BYTES_RECEIVED.exec(text);
    if (match !== null) {
      if (this.block?.totalBytesReceived != null) this.close();
      this.open(line).totalBytesReceived = parseCount(match[1]);
    }
  }

  /** Scans an `s`-led line for the summary, which ends the block. */
  scanSummary(text: string, line: number): void {
    const match = RSYNC_SUMMARY.exec(text);
    if (match === null) return;
    const block = this.open(line);
    // Without --stats the summary stands alone and is the only source of the byte counts.
    block.totalBytesSent ??= parseCount(match[1]);
    block.totalBytesReceived ??= parseCount(match[2]);
    block.bytesPerSecond = parseDecimal(match[3]);
    this.close();
  }

  /** Ends the open block, if any (at the end of the log, when its summary line is missing). */
  close(): void {
    if (this.block === null) return;
    this.sink.emit(this.block);
    this.block = null;
  }

  private open(line: number): RsyncStatsSignal {
    this.block ??= {
      kind: "rsync-stats",
      line,
      totalFileSize: null,
      totalBytesSent: null,
      totalBytesReceived: null,
      bytesPerSecond: null,
    };
    return this.block;
  }
}
