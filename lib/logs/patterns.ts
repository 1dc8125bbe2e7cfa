// The catalogue of log-line patterns the scanner recognises (see docs/measurements.md, "Phases"), as data:
// one regex or literal per line shape, plus the first characters that can start a signal line.
import { REMOTE_MARKERS } from "./types";

export const TAB = 9;
export const CR = 13;
export const OPEN_BRACKET = 91;

// CSI colour/cursor sequences, e.g. `\x1b[32mINFO\x1b[0m` in hermeto's coloured output.
export const ANSI_ESCAPE = /\x1b\[[0-9;?]*[A-Za-z]/g;

// TA create step: `Prepared artifact from /var/workdir/cachi2 (sha256:0123…cdef)`
export const TA_PREPARED = /^Prepared artifact from (\S+) \((sha256:[0-9a-f]{64})\)\s*$/;
// oras push in the TA create step: `Uploading 0123456789ab CACHI2_ARTIFACT`, `Exists    0123456789ab SOURCE_ARTIFACT`
export const TA_BLOB = /^(Uploading|Uploaded|Exists) +([0-9a-f]{12}) +(\S+)\s*$/;
// oras push in the TA create step: `Pushed [registry] quay.io/org/app.prefetch:abc123`
export const TA_PUSHED = /^Pushed \[registry\] (\S+)\s*$/;
// TA use step: `Restored artifact quay.io/org/app.prefetch@sha256:0123…cdef to /var/workdir/cachi2`
export const TA_RESTORED = /^Restored artifact (\S+@sha256:[0-9a-f]{64}) to (\S+)\s*$/;
// TA use step, when the artifact was restored before: `WARN: found skip file in /var/workdir/cachi2`
export const TA_SKIP = /^WARN: found skip file in (\S+)\s*$/;
// retry helper of the TA steps: `warning: Command failed and will retry, 1 try`
export const RETRY = /^warning: Command failed and will retry, (\d+) tr(?:y|ies)\b/;
// buildah-remote `build` step, `date --utc -Ins` stamp: `[2025-09-17T10:57:14,123456789+00:00] Rsync data`
export const BRACKETED_MARKER =
  /^\[(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?\] (.*?)\s*$/;
// buildah script on the build host: `[2025-09-17T10:58:02,5+00:00] Prepare system (architecture: aarch64)`
export const PREPARE_SYSTEM = /^Prepare system \(architecture: ([\w-]+)\)$/;
// buildah-remote with PLATFORM=localhost: `Localhost detected; running build in cluster`
export const LOCALHOST = /^Localhost detected; running build in cluster\s*$/;
// rsync --stats: `Total file size: 10,737,418,240 bytes`
export const RSYNC_TOTAL_FILE_SIZE = /^Total file size: ([\d,]+) bytes\s*$/;
// rsync --stats: `Total bytes sent: 212,345`
export const RSYNC_BYTES_SENT = /^Total bytes sent: ([\d,]+)\s*$/;
// rsync --stats: `Total bytes received: 9,876,543,210`
export const RSYNC_BYTES_RECEIVED = /^Total bytes received: ([\d,]+)\s*$/;
// rsync summary, ends a stats block: `sent 212,345 bytes  received 9,876,543,210 bytes  45,123,456.78 bytes/sec`
export const RSYNC_SUMMARY = /^sent ([\d,]+) bytes +received ([\d,]+) bytes +([\d,]+(?:\.\d+)?) bytes\/sec\s*$/;
// hermeto/cachi2 Python logging, stamp and level only: `2025-09-17 10:41:07,412 INFO Reading RPM lockfile: rpms.lock.yaml`.
// Sticky and used with test(), so the end of the match is read from lastIndex without allocating a match.
export const HERMETO_STAMP =
  /\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d,\d{3} +[A-Z]+ +/y;
// hermeto message: `Reading RPM lockfile: /var/workdir/source/rpms.lock.yaml`
export const HERMETO_LOCKFILE = /^Reading RPM lockfile: (\S+)\s*$/;
// hermeto message: `Downloading files for 'x86_64' architecture.`
export const HERMETO_ARCH = /^Downloading files for '([^']+)' architecture\.?\s*$/;
// hermeto message on success: `All dependencies fetched successfully \o/`
export const HERMETO_DONE = "All dependencies fetched successfully";
// GNU `/usr/bin/time -v` field: `\tMaximum resident set size (kbytes): 24512`
export const TIME_V_FIELD = /^\t+(.+?): (.*?)\s*$/;

/** Every label GNU `time -v` prints; a tab-indented line with another label is not part of a block. */
export const TIME_V_LABELS = new Set([
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

export const REMOTE_MARKER_SET: ReadonlySet<string> = new Set(REMOTE_MARKERS);

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
