// Reads a log byte stream line by line in bounded memory and scans it, one LogScanResult per (task, step) stream.
// Lines are cut at `\n` on bytes, so UTF-8 is decoded only for whole lines and never split inside a character.
import type { Readable } from "node:stream";
import { lineMayCarrySignal } from "./scan-lines";
import { createLogRouter, type LogFormat } from "./split-prefixed";
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
  const router = createLogRouter(options.mode);
  let lineNumber = 1;
  // The unfinished line at the end of the previous chunk: at most maxLineBytes bytes are kept, the rest only counted.
  const partial: Buffer[] = [];
  let partialKept = 0;
  let partialTotal = 0;

  function pushLine(text: string, byteLength: number): void {
    const warning =
      byteLength > maxLineBytes
        ? `line ${lineNumber}: ${byteLength} bytes, longer than the ${maxLineBytes}-byte limit; only its start was scanned`
        : undefined;
    router.push(text, lineNumber, warning);
    lineNumber++;
  }

  function keepPartial(chunk: Buffer, start: number, end: number): void {
    partialTotal += end - start;
    const room = maxLineBytes - partialKept;
    if (room <= 0) return;
    // Copied, so a small tail does not pin a large chunk in memory.
    const piece = Buffer.from(chunk.subarray(start, Math.min(end, start + room)));
    partial.push(piece);
    partialKept += piece.length;
  }

  function flushPartial(): void {
    const bytes = partial.length === 1 ? (partial[0] as Buffer) : Buffer.concat(partial, partialKept);
    const kept = partialTotal > maxLineBytes ? bytes.subarray(0, wholeCharacterEnd(bytes, maxLineBytes)) : bytes;
    pushLine(kept.toString("utf8"), partialTotal);
    partial.length = 0;
    partialKept = 0;
    partialTotal = 0;
  }

  // Lines inside one chunk: decoding a run of whole lines at once and splitting the string is much cheaper than
  // decoding line by line. Runs are cut at newlines into windows of about DECODE_WINDOW_BYTES, whatever size the
  // chunks come in, so a small string kept from a line (a signal's path) pins no more than one window.
  function scanWholeLines(chunk: Buffer, start: number, end: number): void {
    let position = start;
    do {
      let windowEnd = end;
      if (end - position > DECODE_WINDOW_BYTES) {
        const cut = chunk.lastIndexOf(NEWLINE, position + DECODE_WINDOW_BYTES);
        // One line longer than the window: it is a window of its own.
        windowEnd = cut >= position ? cut : chunk.indexOf(NEWLINE, position + DECODE_WINDOW_BYTES);
      }
      scanWindow(chunk, position, windowEnd);
      position = windowEnd + 1;
    } while (position <= end);
  }

  // The lines in chunk[start, end); when one might exceed the limit, it falls back to cutting lines on bytes.
  function scanWindow(chunk: Buffer, start: number, end: number): void {
    if (end - start <= maxLineBytes) {
      const text = chunk.toString("utf8", start, end);
      // Lines that cannot carry a signal are only counted: no string is cut out of the window for them.
      let escape = text.indexOf("\x1b");
      let position = 0;
      for (;;) {
        const newline = text.indexOf("\n", position);
        const lineEnd = newline === -1 ? text.length : newline;
        if ((escape === -1 || escape > lineEnd) && !lineMayCarrySignal(text.charCodeAt(position))) {
          router.skip(lineNumber);
          lineNumber++;
        } else {
          pushLine(text.slice(position, lineEnd), 0);
        }
        if (newline === -1) return;
        position = newline + 1;
        if (escape !== -1 && escape < position) escape = text.indexOf("\x1b", position);
      }
    }
    let position = start;
    for (;;) {
      const found = chunk.indexOf(NEWLINE, position);
      const lineEnd = found === -1 ? end : found;
      const length = lineEnd - position;
      const cut =
        length > maxLineBytes ? position + wholeCharacterEnd(chunk.subarray(position), maxLineBytes) : lineEnd;
      pushLine(chunk.toString("utf8", position, cut), length);
      if (lineEnd === end) return;
      position = lineEnd + 1;
    }
  }

  for await (const data of input as AsyncIterable<Buffer | Uint8Array | string>) {
    const chunk = toBuffer(data);
    let start = 0;
    if (partialTotal > 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        keepPartial(chunk, 0, chunk.length);
        continue;
      }
      keepPartial(chunk, 0, newline);
      flushPartial();
      start = newline + 1;
    }
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline >= start) {
      scanWholeLines(chunk, start, lastNewline);
      start = lastNewline + 1;
    }
    if (start < chunk.length) keepPartial(chunk, start, chunk.length);
  }
  if (partialTotal > 0) flushPartial();

  const results = router.finish();
  if (options.mode === "plain" && !results.has("")) {
    results.set("", { signals: [], lines: 0, firstTimestamp: null, lastTimestamp: null, warnings: [] });
  }
  return results;
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
