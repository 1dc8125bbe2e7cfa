// Matches the one-line signals: buildah-remote's bracketed, timestamped markers and the letter-led lines of
// the trusted-artifact, retry and localhost steps (rsync lines are handed to their accumulator).
import { normalizeArch } from "../domain/arch";
import { parseCount } from "./numbers";
import {
  BRACKETED_MARKER,
  LOCALHOST,
  PREPARE_SYSTEM,
  REMOTE_MARKER_SET,
  RETRY,
  TA_BLOB,
  TA_PREPARED,
  TA_PUSHED,
  TA_RESTORED,
  TA_SKIP,
} from "./patterns";
import type { RsyncStatsAccumulator } from "./rsync-stats";
import type { SignalSink } from "./signal-sink";
import { utcDate } from "./stamps";
import type { RemoteMarker } from "./types";

/** Scans a `[`-led line: `[<date --utc -Ins>] <marker>` or `[<stamp>] Prepare system (architecture: …)`. */
export function scanBracketedLine(text: string, line: number, sink: SignalSink): void {
  // `set -o verbose` echoes the script's source (`echo "[$(date --utc -Ins)] Rsync data"`): never a marker.
  if (text.includes("$(")) return;
  const match = BRACKETED_MARKER.exec(text);
  if (match === null) return;
  const [, year, month, day, hour, minute, second, fraction, zone, label = ""] = match;
  const at = utcDate(year, month, day, hour, minute, second, fraction, zone);
  if (REMOTE_MARKER_SET.has(label)) {
    if (at === null) sink.warn(`line ${line}: unreadable timestamp in marker "${label}"`);
    else sink.emit({ kind: "remote-marker", line, marker: label as RemoteMarker, at });
    return;
  }
  const prepare = PREPARE_SYSTEM.exec(label);
  if (prepare !== null) {
    const name = prepare[1] ?? "";
    const arch = normalizeArch(name);
    if (arch === null) sink.warn(`line ${line}: unknown architecture "${name}" in "Prepare system"`);
    else
      sink.emit(
        at === null ? { kind: "prepare-system-arch", line, arch } : { kind: "prepare-system-arch", line, arch, at },
      );
  }
}

/** Scans a line by its first character code `first`; each letter handled here must be one lineMayCarrySignal accepts. */
export function scanLetterLine(
  text: string,
  line: number,
  first: number,
  sink: SignalSink,
  rsync: RsyncStatsAccumulator,
): void {
  let match: RegExpExecArray | null;
  switch (first) {
    case 80 /* P */:
      if ((match = TA_PREPARED.exec(text)) !== null) {
        sink.emit({ kind: "ta-prepared", line, path: match[1] ?? "", digest: match[2] ?? "" });
      } else if ((match = TA_PUSHED.exec(text)) !== null) {
        sink.emit({ kind: "ta-pushed", line, ref: match[1] ?? "" });
      }
      return;
    case 85 /* U */:
    case 69 /* E */:
      if ((match = TA_BLOB.exec(text)) !== null) {
        const action = match[1] as "Uploading" | "Uploaded" | "Exists";
        sink.emit({ kind: "ta-blob", line, action, shortDigest: match[2] ?? "", artifact: match[3] ?? "" });
      }
      return;
    case 82 /* R */:
      if ((match = TA_RESTORED.exec(text)) !== null) {
        sink.emit({ kind: "ta-restored", line, ref: match[1] ?? "", path: match[2] ?? "" });
      }
      return;
    case 87 /* W */:
      if ((match = TA_SKIP.exec(text)) !== null) sink.emit({ kind: "ta-skip", line, dir: match[1] ?? "" });
      return;
    case 119 /* w */:
      if ((match = RETRY.exec(text)) !== null) {
        const attempt = parseCount(match[1]);
        sink.emit(attempt === null ? { kind: "retry", line } : { kind: "retry", line, attempt });
      }
      return;
    case 76 /* L */:
      if (LOCALHOST.test(text)) sink.emit({ kind: "localhost-build", line });
      return;
    case 84 /* T */:
      rsync.scanTotals(text, line);
      return;
    case 115 /* s */:
      rsync.scanSummary(text, line);
      return;
  }
}
