// Reads a log byte stream line by line in bounded memory and scans it, one LogScanResult per (task, step) stream.
// Lines are cut at `\n` on bytes, so UTF-8 is decoded only for whole lines and never split inside a character.
import type { Readable } from "node:stream";
import { lineMayCarrySignal } from "./scan-lines";
import { createLogRouter, type LogFormat, type LogRouter } from "./split-prefixed";
import type { LogScanResult } from "./types";

export interface ScanLogStreamOptions {
  /** `plain`: key `""`; `taskrun` (`tkn tr logs`): key = step; `pipelinerun` (`tkn pr logs`): key = `task/step`. */
  mode: LogFormat;
  /** Longer lines are cut to this many bytes (rounded down to a whole character) and a warning is recorded. */
  maxLineBytes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const NEWLINE = 10;
/** Lines are decoded in runs of about this many bytes (see scanWholeLines). */
const DECODE_WINDOW_BYTES = 16 * 1024;

/** Scans `input` (raw bytes, or strings if it has an encoding) to its end; plain mode always returns key `""`. */
export async function scanLogStream(
  input: Readable,
  options: ScanLogStreamOptions,
): Promise<Map<string, LogScanResult>> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
    throw new RangeError(`maxLineBytes must be a positive integer, got ${maxLineBytes}`);
  }
  const reader = new LineReader(createLogRouter(options.mode), maxLineBytes);
  for await (const data of input as AsyncIterable<Buffer | Uint8Array | string>) reader.feed(toBuffer(data));
  const results = reader.finish();
  if (options.mode === "plain" && !results.has("")) {
    results.set("", { signals: [], lines: 0, firstTimestamp: null, lastTimestamp: null, warnings: [] });
  }
  return results;
}

/** Cuts the chunks of a byte stream into numbered lines for a LogRouter, keeping at most maxLineBytes of each. */
class LineReader {
  private readonly router: LogRouter;
  private readonly maxLineBytes: number;
  private lineNumber = 1;
  // The unfinished line at the end of the previous chunk: at most maxLineBytes bytes are kept, the rest only counted.
  private readonly partial: Buffer[] = [];
  private partialKept = 0;
  private partialTotal = 0;

  constructor(router: LogRouter, maxLineBytes: number) {
    this.router = router;
    this.maxLineBytes = maxLineBytes;
  }

  /** Scans the lines a chunk completes; its unfinished tail is kept for the next chunk. */
  feed(chunk: Buffer): void {
    let start = 0;
    if (this.partialTotal > 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.keepPartial(chunk, 0, chunk.length);
        return;
      }
      this.keepPartial(chunk, 0, newline);
      this.flushPartial();
      start = newline + 1;
    }
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline >= start) {
      this.scanWholeLines(chunk, start, lastNewline);
      start = lastNewline + 1;
    }
    if (start < chunk.length) this.keepPartial(chunk, start, chunk.length);
  }

  /** Scans the last line (if the stream did not end with a newline) and returns the router's results. */
  finish(): Map<string, LogScanResult> {
    if (this.partialTotal > 0) this.flushPartial();
    return this.router.finish();
  }

  private pushLine(text: string, byteLength: number): void {
    const warning =
      byteLength > this.maxLineBytes
        ? `line ${this.lineNumber}: ${byteLength} bytes, longer than the ${this.maxLineBytes}-byte limit; only its start was scanned`
        : undefined;
    this.router.push(text, this.lineNumber, warning);
    this.lineNumber++;
  }

  private keepPartial(chunk: Buffer, start: number, end: number): void {
    this.partialTotal += end - start;
    const room = this.maxLineBytes - this.partialKept;
    if (room <= 0) return;
    // Copied, so a small tail does not pin a large chunk in memory.
    const piece = Buffer.from(chunk.subarray(start, Math.min(end, start + room)));
    this.partial.push(piece);
    this.partialKept += piece.length;
  }

  private flushPartial(): void {
    const bytes =
      this.partial.length === 1 ? (this.partial[0] as Buffer) : Buffer.concat(this.partial, this.partialKept);
    const kept =
      this.partialTotal > this.maxLineBytes ? bytes.subarray(0, wholeCharacterEnd(bytes, this.maxLineBytes)) : bytes;
    this.pushLine(kept.toString("utf8"), this.partialTotal);
    this.partial.length = 0;
    this.partialKept = 0;
    this.partialTotal = 0;
  }

  // Lines inside one chunk: decoding a run of whole lines at once and splitting the string is much cheaper than
  // decoding line by line. Runs are cut at newlines into windows of about DECODE_WINDOW_BYTES, whatever size the
  // chunks come in, so a small string kept from a line (a signal's path) pins no more than one window.
  private scanWholeLines(chunk: Buffer, start: number, end: number): void {
    let position = start;
    do {
      let windowEnd = end;
      if (end - position > DECODE_WINDOW_BYTES) {
        const cut = chunk.lastIndexOf(NEWLINE, position + DECODE_WINDOW_BYTES);
        // One line longer than the window: it is a window of its own.
        windowEnd = cut >= position ? cut : chunk.indexOf(NEWLINE, position + DECODE_WINDOW_BYTES);
      }
      // The lines in chunk[position, windowEnd); when one might exceed the limit, they are cut on bytes instead.
      if (windowEnd - position <= this.maxLineBytes) this.scanDecoded(chunk.toString("utf8", position, windowEnd));
      else this.scanByteLines(chunk, position, windowEnd);
      position = windowEnd + 1;
    } while (position <= end);
  }

  /** The lines of a decoded window, none longer than the limit. */
  private scanDecoded(text: string): void {
    // Lines that cannot carry a signal are only counted: no string is cut out of the window for them.
    let escape = text.indexOf("\x1b");
    let position = 0;
    for (;;) {
      const newline = text.indexOf("\n", position);
      const lineEnd = newline === -1 ? text.length : newline;
      if ((escape === -1 || escape > lineEnd) && !lineMayCarrySignal(text.charCodeAt(position))) {
        this.router.skip(this.lineNumber);
        this.lineNumber++;
      } else {
        this.pushLine(text.slice(position, lineEnd), 0);
      }
      if (newline === -1) return;
      position = newline + 1;
      if (escape !== -1 && escape < position) escape = text.indexOf("\x1b", position);
    }
  }

  /** The lines of chunk[start, end), cut on bytes: each longer than the limit is cut to a whole character. */
  private scanByteLines(chunk: Buffer, start: number, end: number): void {
    let position = start;
    for (;;) {
      const found = chunk.indexOf(NEWLINE, position);
      const lineEnd = found === -1 ? end : found;
      const length = lineEnd - position;
      const cut =
        length > this.maxLineBytes
          ? position + wholeCharacterEnd(chunk.subarray(position), this.maxLineBytes)
          : lineEnd;
      this.pushLine(chunk.toString("utf8", position, cut), length);
      if (lineEnd === end) return;
      position = lineEnd + 1;
    }
  }
}

function toBuffer(data: Buffer | Uint8Array | string): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The largest end ≤ limit that does not cut a UTF-8 sequence in two (invalid bytes are left as they are). */
function wholeCharacterEnd(bytes: Buffer, limit: number): number {
  let lead = limit - 1;
  // Step back over at most three continuation bytes (10xxxxxx) to the byte that starts the last character.
  while (lead >= 0 && limit - lead <= 3 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--;
  if (lead < 0) return limit;
  const first = bytes[lead] ?? 0;
  const length = first >= 0xf0 && first < 0xf8 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
  return lead + length > limit ? lead : limit;
}
