// Incremental, pure scanner that turns the lines of one Konflux step log into LogSignals (DOMAIN.md §3).
// Callers push lines one at a time (no I/O here); multi-line blocks (`time -v`, rsync `--stats`) are summarised as they end.
import { normalizeArch } from "../domain/arch";
import { REMOTE_MARKERS, type LogScanResult, type LogSignal, type RemoteMarker } from "./types";

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

const TAB = 9;
const CR = 13;
const OPEN_BRACKET = 91;

// CSI colour/cursor sequences, e.g. `\x1b[32mINFO\x1b[0m` in hermeto's coloured output.
const ANSI_ESCAPE = /\x1b\[[0-9;?]*[A-Za-z]/g;

// TA create step: `Prepared artifact from /var/workdir/cachi2 (sha256:0123…cdef)`
const TA_PREPARED = /^Prepared artifact from (\S+) \((sha256:[0-9a-f]{64})\)\s*$/;
// oras push in the TA create step: `Uploading 0123456789ab CACHI2_ARTIFACT`, `Exists    0123456789ab SOURCE_ARTIFACT`
const TA_BLOB = /^(Uploading|Uploaded|Exists) +([0-9a-f]{12}) +(\S+)\s*$/;
// oras push in the TA create step: `Pushed [registry] quay.io/org/app.prefetch:abc123`
const TA_PUSHED = /^Pushed \[registry\] (\S+)\s*$/;
// TA use step: `Restored artifact quay.io/org/app.prefetch@sha256:0123…cdef to /var/workdir/cachi2`
const TA_RESTORED = /^Restored artifact (\S+@sha256:[0-9a-f]{64}) to (\S+)\s*$/;
// TA use step, when the artifact was restored before: `WARN: found skip file in /var/workdir/cachi2`
const TA_SKIP = /^WARN: found skip file in (\S+)\s*$/;
// retry helper of the TA steps: `warning: Command failed and will retry, 1 try`
const RETRY = /^warning: Command failed and will retry, (\d+) tr(?:y|ies)\b/;
// buildah-remote `build` step, `date --utc -Ins` stamp: `[2025-09-17T10:57:14,123456789+00:00] Rsync data`
const BRACKETED_MARKER =
  /^\[(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?\] (.*?)\s*$/;
// buildah script on the build host: `[2025-09-17T10:58:02,5+00:00] Prepare system (architecture: aarch64)`
const PREPARE_SYSTEM = /^Prepare system \(architecture: ([\w-]+)\)$/;
// buildah-remote with PLATFORM=localhost: `Localhost detected; running build in cluster`
const LOCALHOST = /^Localhost detected; running build in cluster\s*$/;
// rsync --stats: `Total file size: 10,737,418,240 bytes`
const RSYNC_TOTAL_FILE_SIZE = /^Total file size: ([\d,]+) bytes\s*$/;
// rsync --stats: `Total bytes sent: 212,345`
const RSYNC_BYTES_SENT = /^Total bytes sent: ([\d,]+)\s*$/;
// rsync --stats: `Total bytes received: 9,876,543,210`
const RSYNC_BYTES_RECEIVED = /^Total bytes received: ([\d,]+)\s*$/;
// rsync summary, ends a stats block: `sent 212,345 bytes  received 9,876,543,210 bytes  45,123,456.78 bytes/sec`
const RSYNC_SUMMARY = /^sent ([\d,]+) bytes +received ([\d,]+) bytes +([\d,]+(?:\.\d+)?) bytes\/sec\s*$/;
// hermeto/cachi2 Python logging, stamp and level only: `2025-09-17 10:41:07,412 INFO Reading RPM lockfile: rpms.lock.yaml`.
// Sticky and used with test(), so the end of the match is read from lastIndex without allocating a match.
const HERMETO_STAMP =
  /\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d,\d{3} +[A-Z]+ +/y;
// hermeto message: `Reading RPM lockfile: /var/workdir/source/rpms.lock.yaml`
const HERMETO_LOCKFILE = /^Reading RPM lockfile: (\S+)\s*$/;
// hermeto message: `Downloading files for 'x86_64' architecture.`
const HERMETO_ARCH = /^Downloading files for '([^']+)' architecture\.?\s*$/;
// hermeto message on success: `All dependencies fetched successfully \o/`
const HERMETO_DONE = "All dependencies fetched successfully";
// GNU `/usr/bin/time -v` field: `\tMaximum resident set size (kbytes): 24512`
const TIME_V_FIELD = /^\t+(.+?): (.*?)\s*$/;

/** Every label GNU `time -v` prints; a tab-indented line with another label is not part of a block. */
const TIME_V_LABELS = new Set([
  "Command being timed",
  "User time (seconds)",
  "System time (seconds)",
  "Percent of CPU this job got",
  "Elapsed (wall clock) time (h:mm:ss or m:ss)",
  "Average shared text size (kbytes)",
  "Average unshared data size (kbytes)",
  "Average stack size (kbytes)",
  "Average total size (kbytes)",
  "Maximum resident set size (kbytes)",
  "Average resident set size (kbytes)",
  "Major (requiring I/O) page faults",
  "Minor (reclaiming a frame) page faults",
  "Voluntary context switches",
  "Involuntary context switches",
  "Swaps",
  "File system inputs",
  "File system outputs",
  "Socket messages sent",
  "Socket messages received",
  "Signals delivered",
  "Page size (bytes)",
  "Exit status",
]);

const REMOTE_MARKER_SET: ReadonlySet<string> = new Set(REMOTE_MARKERS);

/**
 * Whether a line whose first character is `firstCharCode` (NaN for an empty line) can change the result
 * beyond being counted, so callers may skip decoding and pushing the others. Must agree with push(): tab
 * (time -v), `[` (markers), digits (hermeto stamps) and the letters scanLetterLine dispatches on. A line
 * holding an escape character must always be pushed, as removing the escapes may change its first character.
 */
export function lineMayCarrySignal(firstCharCode: number): boolean {
  return firstCharCode < 128 && SIGNAL_FIRST_CHARS[firstCharCode] === 1;
}

const SIGNAL_FIRST_CHARS = new Uint8Array(128);
for (const char of "\t[0123456789PUERWwLTs") SIGNAL_FIRST_CHARS[char.charCodeAt(0)] = 1;

type TimeVSignal = Extract<LogSignal, { kind: "time-v" }>;
type RsyncStatsSignal = Extract<LogSignal, { kind: "rsync-stats" }>;

/**
 * A scanner for one stream (one step of one TaskRun). A `time-v` or `rsync-stats` signal is numbered by the
 * block's first recognised line; `ta-prepared` digests keep their `sha256:` prefix; hermeto stamps are UTC.
 */
export function createLogScanner(options: LogScannerOptions = {}): LogScanner {
  const maxSignals = options.maxSignals ?? DEFAULT_MAX_SIGNALS;
  const maxWarnings = options.maxWarnings ?? DEFAULT_MAX_WARNINGS;
  const signals: LogSignal[] = [];
  const warnings: string[] = [];
  let droppedSignals = 0;
  let droppedWarnings = 0;
  let nextLine = options.firstLine ?? 1;
  let lines = 0;
  let firstTimestamp: Date | null = null;
  // Only the latest stamped line is kept (not copied): parsing every DEBUG line's stamp would cost time for nothing.
  let lastStampedLine: string | null = null;
  let timeBlock: TimeVSignal | null = null;
  let rsyncBlock: RsyncStatsSignal | null = null;

  function emit(signal: LogSignal): void {
    if (signals.length < maxSignals) signals.push(signal);
    else droppedSignals++;
  }

  function warn(message: string): void {
    if (warnings.length < maxWarnings) warnings.push(message);
    else droppedWarnings++;
  }

  function closeTimeBlock(): void {
    if (timeBlock === null) return;
    emit(timeBlock);
    timeBlock = null;
  }

  function closeRsyncBlock(): void {
    if (rsyncBlock === null) return;
    emit(rsyncBlock);
    rsyncBlock = null;
  }

  function openRsyncBlock(line: number): RsyncStatsSignal {
    rsyncBlock ??= {
      kind: "rsync-stats",
      line,
      totalFileSize: null,
      totalBytesSent: null,
      totalBytesReceived: null,
      bytesPerSecond: null,
    };
    return rsyncBlock;
  }

  function scanTimeVField(text: string, line: number): void {
    const match = TIME_V_FIELD.exec(text);
    if (match === null) return;
    const [, label = "", value = ""] = match;
    if (!TIME_V_LABELS.has(label)) return;
    // A second command's block may follow without a blank line in between.
    if (label === "Command being timed") closeTimeBlock();
    timeBlock ??= {
      kind: "time-v",
      line,
      command: null,
      elapsedS: null,
      maxRssKb: null,
      fsOutputs512: null,
      exitStatus: null,
    };
    switch (label) {
      case "Command being timed":
        timeBlock.command =
          value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
        break;
      case "Elapsed (wall clock) time (h:mm:ss or m:ss)":
        timeBlock.elapsedS = parseClockDuration(value);
        break;
      case "Maximum resident set size (kbytes)":
        timeBlock.maxRssKb = parseCount(value);
        break;
      case "File system outputs":
        timeBlock.fsOutputs512 = parseCount(value);
        break;
      case "Exit status":
        timeBlock.exitStatus = parseCount(value);
        closeTimeBlock();
        break;
    }
  }

  function scanBracketed(text: string, line: number): void {
    // `set -o verbose` echoes the script's source (`echo "[$(date --utc -Ins)] Rsync data"`): never a marker.
    if (text.includes("$(")) return;
    const match = BRACKETED_MARKER.exec(text);
    if (match === null) return;
    const [, year, month, day, hour, minute, second, fraction, zone, label = ""] = match;
    const at = utcDate(year, month, day, hour, minute, second, fraction, zone);
    if (REMOTE_MARKER_SET.has(label)) {
      if (at === null) warn(`line ${line}: unreadable timestamp in marker "${label}"`);
      else emit({ kind: "remote-marker", line, marker: label as RemoteMarker, at });
      return;
    }
    const prepare = PREPARE_SYSTEM.exec(label);
    if (prepare !== null) {
      const name = prepare[1] ?? "";
      const arch = normalizeArch(name);
      if (arch === null) warn(`line ${line}: unknown architecture "${name}" in "Prepare system"`);
      else
        emit(
          at === null ? { kind: "prepare-system-arch", line, arch } : { kind: "prepare-system-arch", line, arch, at },
        );
    }
  }

  function scanHermeto(text: string, line: number): void {
    // Build output also starts lines with digits: check the stamp's punctuation before the regex.
    if (text.charCodeAt(10) !== 32 || text.charCodeAt(19) !== 44 /* , */) return;
    HERMETO_STAMP.lastIndex = 0;
    if (!HERMETO_STAMP.test(text)) return;
    firstTimestamp ??= hermetoDate(text);
    lastStampedLine = text;
    // Most hermeto lines (one DEBUG line per downloaded file) carry no signal: test a first letter before any regex.
    const offset = HERMETO_STAMP.lastIndex;
    const first = text.charCodeAt(offset);
    if (first !== 82 /* R */ && first !== 68 /* D */ && first !== 65 /* A */) return;
    // String#startsWith is slow on sliced strings in V8; comparing a slice is several times faster here.
    if (text.slice(offset, offset + 16) === "Downloading http") return;
    const message = text.slice(offset);
    const lockfile = HERMETO_LOCKFILE.exec(message);
    if (lockfile !== null) {
      emit({ kind: "hermeto-lockfile", line, path: lockfile[1] ?? "", at: hermetoDate(text) });
      return;
    }
    const archMatch = HERMETO_ARCH.exec(message);
    if (archMatch !== null) {
      const name = archMatch[1] ?? "";
      const arch = normalizeArch(name);
      if (arch === null) warn(`line ${line}: unknown architecture "${name}" in hermeto's "Downloading files for"`);
      else emit({ kind: "hermeto-arch", line, arch, at: hermetoDate(text) });
      return;
    }
    if (message.startsWith(HERMETO_DONE)) emit({ kind: "hermeto-done", line, at: hermetoDate(text) });
  }

  function scanRsync(text: string, line: number): void {
    let match = RSYNC_TOTAL_FILE_SIZE.exec(text);
    if (match !== null) {
      // `Total file size` opens the stats; seeing it again means the previous block lost its summary line.
      if (rsyncBlock?.totalFileSize != null) closeRsyncBlock();
      openRsyncBlock(line).totalFileSize = parseCount(match[1]);
      return;
    }
    match = RSYNC_BYTES_SENT.exec(text);
    if (match !== null) {
      if (rsyncBlock?.totalBytesSent != null) closeRsyncBlock();
      openRsyncBlock(line).totalBytesSent = parseCount(match[1]);
      return;
    }
    match = RSYNC_BYTES_RECEIVED.exec(text);
    if (match !== null) {
      if (rsyncBlock?.totalBytesReceived != null) closeRsyncBlock();
      openRsyncBlock(line).totalBytesReceived = parseCount(match[1]);
    }
  }

  function scanRsyncSummary(text: string, line: number): void {
    const match = RSYNC_SUMMARY.exec(text);
    if (match === null) return;
    const block = openRsyncBlock(line);
    // Without --stats the summary stands alone and is the only source of the byte counts.
    block.totalBytesSent ??= parseCount(match[1]);
    block.totalBytesReceived ??= parseCount(match[2]);
    block.bytesPerSecond = parseDecimal(match[3]);
    closeRsyncBlock();
  }

  function scanLetterLine(text: string, line: number, first: number): void {
    let match: RegExpExecArray | null;
    switch (first) {
      case 80 /* P */:
        if ((match = TA_PREPARED.exec(text)) !== null) {
          emit({ kind: "ta-prepared", line, path: match[1] ?? "", digest: match[2] ?? "" });
        } else if ((match = TA_PUSHED.exec(text)) !== null) {
          emit({ kind: "ta-pushed", line, ref: match[1] ?? "" });
        }
        return;
      case 85 /* U */:
      case 69 /* E */:
        if ((match = TA_BLOB.exec(text)) !== null) {
          const action = match[1] as "Uploading" | "Uploaded" | "Exists";
          emit({ kind: "ta-blob", line, action, shortDigest: match[2] ?? "", artifact: match[3] ?? "" });
        }
        return;
      case 82 /* R */:
        if ((match = TA_RESTORED.exec(text)) !== null) {
          emit({ kind: "ta-restored", line, ref: match[1] ?? "", path: match[2] ?? "" });
        }
        return;
      case 87 /* W */:
        if ((match = TA_SKIP.exec(text)) !== null) emit({ kind: "ta-skip", line, dir: match[1] ?? "" });
        return;
      case 119 /* w */:
        if ((match = RETRY.exec(text)) !== null) {
          const attempt = parseCount(match[1]);
          emit(attempt === null ? { kind: "retry", line } : { kind: "retry", line, attempt });
        }
        return;
      case 76 /* L */:
        if (LOCALHOST.test(text)) emit({ kind: "localhost-build", line });
        return;
      case 84 /* T */:
        scanRsync(text, line);
        return;
      case 115 /* s */:
        scanRsyncSummary(text, line);
        return;
    }
  }

  function skip(lineNumber?: number): void {
    nextLine = (lineNumber ?? nextLine) + 1;
    lines++;
    closeTimeBlock();
  }

  function push(raw: string, lineNumber?: number): void {
    const line = lineNumber ?? nextLine;
    nextLine = line + 1;
    lines++;
    let text = raw.charCodeAt(raw.length - 1) === CR ? raw.slice(0, -1) : raw;
    if (text.includes("\x1b")) text = text.replace(ANSI_ESCAPE, "");
    const first = text.charCodeAt(0);
    if (first === TAB) {
      scanTimeVField(text, line);
      return;
    }
    closeTimeBlock();
    if (first === OPEN_BRACKET) scanBracketed(text, line);
    else if (first >= 48 && first <= 57) scanHermeto(text, line);
    else scanLetterLine(text, line, first);
  }

  function finish(): LogScanResult {
    closeTimeBlock();
    closeRsyncBlock();
    if (droppedSignals > 0) {
      warn(`${droppedSignals} signals beyond the first ${maxSignals} were dropped`);
    }
    if (droppedWarnings > 0) {
      warnings.push(`${droppedWarnings} further warnings were dropped`);
    }
    // Blocks are emitted when they end but numbered by their first line: restore line order.
    signals.sort((a, b) => a.line - b.line);
    return {
      signals,
      lines,
      firstTimestamp,
      lastTimestamp: lastStampedLine === null ? null : hermetoDate(lastStampedLine),
      warnings,
    };
  }

  return { push, skip, warn, finish };
}

/** Parses `time -v` Elapsed: `1:35.48` (m:ss.cc) or `1:02:03` (h:mm:ss); null when malformed. */
export function parseClockDuration(value: string): number | null {
  const parts = value.trim().split(":");
  if (parts.length < 2 || parts.length > 3) return null;
  let seconds = 0;
  for (const [index, part] of parts.entries()) {
    const isLast = index === parts.length - 1;
    if (!(isLast ? /^\d+(?:\.\d+)?$/ : /^\d+$/).test(part)) return null;
    seconds = seconds * 60 + Number(part);
  }
  // 60 + 35.48 is 95.47999… in binary floating point; time prints centiseconds at most.
  return Math.round(seconds * 1000) / 1000;
}

/** Parses an integer that may be comma-grouped (`9,876,543,210`); null when absent or malformed. */
function parseCount(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,3}(?:,?\d{3})*$/.test(value)) return null;
  const parsed = Number(value.replaceAll(",", ""));
  return Number.isSafeInteger(parsed) ? parsed : null;
}

function parseDecimal(value: string | undefined): number | null {
  if (value === undefined) return null;
  const [whole, fraction] = value.split(".");
  const count = parseCount(whole);
  return count === null ? null : count + (fraction === undefined ? 0 : Number(`0.${fraction}`));
}

/** The stamp of a hermeto line (`2025-09-17 10:41:07,412`), read as UTC. */
function hermetoDate(text: string): Date | null {
  return utcDate(
    text.slice(0, 4),
    text.slice(5, 7),
    text.slice(8, 10),
    text.slice(11, 13),
    text.slice(14, 16),
    text.slice(17, 19),
    text.slice(20, 23),
    undefined,
  );
}

/** Builds a Date from stamp fields; the fraction keeps millisecond precision; zone `±hh:mm`, `±hhmm`, `Z` or none (UTC). */
function utcDate(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  fraction: string | undefined,
  zone: string | undefined,
): Date | null {
  const [y, mo, d, h, mi, s] = [Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second)];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== "Z") {
    const digits = zone.replace(":", "");
    const sign = digits.startsWith("-") ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const time = Date.UTC(y, mo - 1, d, h, mi, s, millis) - offsetMinutes * 60_000;
  return Number.isNaN(time) ? null : new Date(time);
}
