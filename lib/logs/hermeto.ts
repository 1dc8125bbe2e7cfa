// Scans hermeto/cachi2 Python-logging lines (`2025-09-17 10:41:07,412 INFO …`): keeps the first and last
// stamps of the stream and turns the lockfile, architecture and success messages into signals.
import { normalizeArch } from "../domain/arch";
import { HERMETO_ARCH, HERMETO_DONE, HERMETO_LOCKFILE, HERMETO_STAMP } from "./patterns";
import type { SignalSink } from "./signal-sink";
import { hermetoDate } from "./stamps";

export class HermetoScanner {
  firstTimestamp: Date | null = null;
  // Only the latest stamped line is kept (not copied): parsing every DEBUG line's stamp would cost time for nothing.
  private lastStampedLine: string | null = null;
  private readonly sink: SignalSink;

  constructor(sink: SignalSink) {
    this.sink = sink;
  }

  /** The stamp of the last hermeto line seen, parsed only now. */
  lastTimestamp(): Date | null {
    return this.lastStampedLine === null ? null : hermetoDate(this.lastStampedLine);
  }

  /** Scans a digit-led line; lines without a hermeto stamp (build output) are ignored. */
  scan(text: string, line: number): void {
    // Build output also starts lines with digits: check the stamp's punctuation before the regex.
    if (text.charCodeAt(10) !== 32 || text.charCodeAt(19) !== 44 /* , */) return;
    HERMETO_STAMP.lastIndex = 0;
    if (!HERMETO_STAMP.test(text)) return;
    this.firstTimestamp ??= hermetoDate(text);
    this.lastStampedLine = text;
    // Most hermeto lines (one DEBUG line per downloaded file) carry no signal: test a first letter before any regex.
    const offset = HERMETO_STAMP.lastIndex;
    const first = text.charCodeAt(offset);
    if (first !== 82 /* R */ && first !== 68 /* D */ && first !== 65 /* A */) return;
    // String#startsWith is slow on sliced strings in V8; comparing a slice is several times faster here.
    if (text.slice(offset, offset + 16) === "Downloading http") return;
    this.scanMessage(text, text.slice(offset), line);
  }

  private scanMessage(text: string, message: string, line: number): void {
    const lockfile = HERMETO_LOCKFILE.exec(message);
    if (lockfile !== null) {
      this.sink.emit({ kind: "hermeto-lockfile", line, path: lockfile[1] ?? "", at: hermetoDate(text) });
      return;
    }
    const archMatch = HERMETO_ARCH.exec(message);
    if (archMatch !== null) {
      const name = archMatch[1] ?? "";
      const arch = normalizeArch(name);
      if (arch === null) {
        this.sink.warn(`line ${line}: unknown architecture "${name}" in hermeto's "Downloading files for"`);
      } else this.sink.emit({ kind: "hermeto-arch", line, arch, at: hermetoDate(text) });
      return;
    }
    if (message.startsWith(HERMETO_DONE)) this.sink.emit({ kind: "hermeto-done", line, at: hermetoDate(text) });
  }
}
