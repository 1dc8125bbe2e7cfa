// What the log scanners find in Konflux task logs (see docs/measurements.md). Plain data; line numbers are 1-based
// within the log stream they were found in (after a `[task : step]` prefix was removed, the line number
// is still that of the original file).
import type { Arch } from "../domain/arch";

/** buildah-remote `build` step markers, in the order the script prints them. */
export const REMOTE_MARKERS = [
  "Prepare connection",
  "Setup VM",
  "Rsync data",
  "Build via ssh",
  "Rsync back",
  "Buildah pull",
  "Final touches",
  "End remote",
] as const;
export type RemoteMarker = (typeof REMOTE_MARKERS)[number];

export type LogSignal =
  /** `Prepared artifact from /var/workdir/cachi2 (sha256:<64hex>)` */
  | { kind: "ta-prepared"; line: number; path: string; digest: string }
  /** `Uploaded  <12hex> CACHI2_ARTIFACT` (also `Uploading`), `Exists    <12hex> SOURCE_ARTIFACT` */
  | {
      kind: "ta-blob";
      line: number;
      action: "Uploading" | "Uploaded" | "Exists";
      shortDigest: string;
      artifact: string;
    }
  /** `Pushed [registry] <ref>` */
  | { kind: "ta-pushed"; line: number; ref: string }
  /** `Restored artifact <repo>@sha256:<64hex> to /var/workdir/cachi2` */
  | { kind: "ta-restored"; line: number; ref: string; path: string }
  /** `WARN: found skip file in <dir>` */
  | { kind: "ta-skip"; line: number; dir: string }
  /** A GNU `/usr/bin/time -v` block (tab-indented lines), summarised once its last line is seen. */
  | {
      kind: "time-v";
      line: number;
      command: string | null;
      elapsedS: number | null;
      maxRssKb: number | null;
      /** "File system outputs", in 512-byte blocks. */
      fsOutputs512: number | null;
      exitStatus: number | null;
    }
  /** `[2025-09-17T10:57:14,123456789+00:00] Rsync data` — never the `echo "[$(date …)] …"` source line. */
  | { kind: "remote-marker"; line: number; marker: RemoteMarker; at: Date }
  /** `Localhost detected; running build in cluster` */
  | { kind: "localhost-build"; line: number }
  /** rsync `--stats` totals (comma-grouped numbers parsed); one signal per stats block. */
  | {
      kind: "rsync-stats";
      line: number;
      totalFileSize: number | null;
      totalBytesSent: number | null;
      totalBytesReceived: number | null;
      bytesPerSecond: number | null;
    }
  /** hermeto/cachi2 `Downloading files for 'x86_64' architecture.` */
  | { kind: "hermeto-arch"; line: number; arch: Arch; at: Date | null }
  /** hermeto `Reading RPM lockfile: rpms.lock.yaml` */
  | { kind: "hermeto-lockfile"; line: number; path: string; at: Date | null }
  /** hermeto `All dependencies fetched successfully \o/` */
  | { kind: "hermeto-done"; line: number; at: Date | null }
  /** `[<ts>] Prepare system (architecture: aarch64)` */
  | {
      kind: "prepare-system-arch";
      line: number;
      arch: Arch;
      /** The marker's timestamp, when it parsed. */
      at?: Date;
    }
  /** `warning: Command failed and will retry, 1 try` */
  | {
      kind: "retry";
      line: number;
      /** The number the retry helper printed (`1` in `1 try`). */
      attempt?: number;
    };

export interface LogScanResult {
  signals: LogSignal[];
  lines: number;
  /** Timestamps of the first and last hermeto-style log lines (`YYYY-MM-DD HH:MM:SS,mmm LEVEL msg`), if any. */
  firstTimestamp: Date | null;
  lastTimestamp: Date | null;
  /** Problems that did not stop the scan (e.g. a line longer than the limit, truncated). */
  warnings: string[];
}
