// Demultiplexes `tkn pr logs` / `tkn tr logs` output, whose lines carry a `[task : step] ` or `[step] ` prefix,
// into one LogScanner per (task, step) stream, and flags streams where several matrix TaskRuns were merged.
import { createLogScanner, type LogScanner } from "./scan-lines";
import type { LogScanResult } from "./types";

/** `plain`: one step's log, no prefixes; `taskrun`: `tkn tr logs`; `pipelinerun`: `tkn pr logs`. */
export type LogFormat = "plain" | "taskrun" | "pipelinerun";

export interface PrefixedLine {
  task: string | null;
  step: string | null;
  /** The line without its prefix (the whole line when it had none). */
  text: string;
}

export interface LogRouterOptions {
  /** Distinct streams kept at most; lines of further streams are dropped with one warning (default 1,000). */
  maxStreams?: number;
}

export interface LogRouter {
  /** Routes one line (numbered within the whole file) to its stream's scanner; `warning` is recorded there too. */
  push(line: string, lineNumber: number, warning?: string): void;
  /**
   * Counts a line that lineMayCarrySignal ruled out. Such a line does not start with `[`, so it has no prefix
   * and belongs to the unprefixed stream, as push would have routed it.
   */
  skip(lineNumber: number): void;
  /** Results by stream key (see streamKey), with a warning on streams that mix several TaskRuns. */
  finish(): Map<string, LogScanResult>;
}

export const DEFAULT_MAX_STREAMS = 1_000;

// Pipeline task and step names are DNS-1123 labels, which keeps `[2025-09-17T10:57:14,1+00:00] …` markers out.
const NAME = "[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?";
// `tkn pr logs`: `[build-images : build] [2025-09-17T10:57:14,123456789+00:00] Rsync data`
const PIPELINERUN_PREFIX = new RegExp(`^\\[(${NAME}) : (${NAME})\\](?: |$|(?=\\r$))`);
// `tkn tr logs`: `[use-trusted-artifact] Restored artifact quay.io/org/app@sha256:… to /var/workdir/cachi2`
const TASKRUN_PREFIX = new RegExp(`^\\[(${NAME})\\](?: |$|(?=\\r$))`);

/** Splits the `tkn` prefix off a line; a line without the prefix `format` expects keeps task and step null. */
export function splitPrefixedLine(line: string, format: LogFormat): PrefixedLine {
  if (format === "plain" || line.charCodeAt(0) !== 91 /* [ */) return { task: null, step: null, text: line };
  if (format === "pipelinerun") {
    const match = PIPELINERUN_PREFIX.exec(line);
    if (match !== null) return { task: match[1] ?? null, step: match[2] ?? null, text: line.slice(match[0].length) };
  } else {
    const match = TASKRUN_PREFIX.exec(line);
    if (match !== null) return { task: null, step: match[1] ?? null, text: line.slice(match[0].length) };
  }
  return { task: null, step: null, text: line };
}

/** The key scanLogStream uses: `""` for unprefixed lines, the step for `tkn tr logs`, `task/step` for `tkn pr logs`. */
export function streamKey({ task, step }: Pick<PrefixedLine, "task" | "step">): string {
  if (step === null) return "";
  return task === null ? step : `${task}/${step}`;
}

export function createLogRouter(format: LogFormat, options: LogRouterOptions = {}): LogRouter {
  const maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
  const scanners = new Map<string, LogScanner>();
  let droppedLines = 0;
  // Consecutive lines usually share a prefix: remembering the last one skips the regex and the map lookup.
  // It is compared by slicing, as String#startsWith is several times slower on the sliced strings lines are.
  let lastPrefix = "";
  let lastScanner: LogScanner | null = null;

  function scannerFor(key: string): LogScanner | null {
    let scanner = scanners.get(key);
    if (scanner === undefined) {
      if (scanners.size >= maxStreams) return null;
      scanner = createLogScanner();
      scanners.set(key, scanner);
    }
    return scanner;
  }

  function push(line: string, lineNumber: number, warning?: string): void {
    let scanner: LogScanner | null;
    let text = line;
    if (format === "plain" || line.charCodeAt(0) !== 91 /* [ */) {
      scanner = scannerFor("");
    } else if (lastScanner !== null && line.slice(0, lastPrefix.length) === lastPrefix) {
      scanner = lastScanner;
      text = line.slice(lastPrefix.length);
    } else {
      const split = splitPrefixedLine(line, format);
      scanner = scannerFor(streamKey(split));
      text = split.text;
      const prefix = line.slice(0, line.length - text.length);
      // A prefix without its trailing space (`[build]` on an empty line) would also match `[build]x`.
      if (scanner !== null && prefix.endsWith(" ")) {
        lastPrefix = prefix;
        lastScanner = scanner;
      }
    }
    if (scanner === null) {
      droppedLines++;
      return;
    }
    scanner.push(text, lineNumber);
    if (warning !== undefined) scanner.warn(warning);
  }

  function skip(lineNumber: number): void {
    const scanner = scannerFor("");
    if (scanner === null) droppedLines++;
    else scanner.skip(lineNumber);
  }

  function finish(): Map<string, LogScanResult> {
    const results = new Map<string, LogScanResult>();
    for (const [key, scanner] of scanners) {
      const result = scanner.finish();
      const merged = findMergedTaskRuns(result);
      if (merged !== null) result.warnings.push(merged);
      results.set(key, result);
    }
    if (droppedLines > 0) {
      const fallback = results.get("") ?? createLogScanner().finish();
      fallback.warnings.push(
        `more than ${maxStreams} distinct [task : step] prefixes: ${droppedLines} lines of the further streams were not scanned`,
      );
      results.set("", fallback);
    }
    return results;
  }

  return { push, skip, finish };
}

/**
 * Matrix TaskRuns all print `[build-images : build]`, so one stream can hold several runs' logs. Returns a
 * warning when the stream's own markers show that (different `Prepare system` arches, a repeated remote
 * marker or local-build line); null when it looks like one run. Guessing which lines belong to which run
 * would invent data, so callers should ask for per-TaskRun logs instead.
 */
export function findMergedTaskRuns(result: LogScanResult): string | null {
  const archLines = new Map<string, number>();
  const markerLines = new Map<string, number[]>();
  let localhostBuilds = 0;
  for (const signal of result.signals) {
    if (signal.kind === "prepare-system-arch") {
      if (!archLines.has(signal.arch)) archLines.set(signal.arch, signal.line);
    } else if (signal.kind === "remote-marker") {
      const seen = markerLines.get(signal.marker) ?? [];
      seen.push(signal.line);
      markerLines.set(signal.marker, seen);
    } else if (signal.kind === "localhost-build") {
      localhostBuilds++;
    }
  }
  const reasons: string[] = [];
  if (archLines.size > 1) {
    const arches = [...archLines].map(([arch, line]) => `${arch} (line ${line})`).join(", ");
    reasons.push(`"Prepare system" names several architectures: ${arches}`);
  }
  const repeated = [...markerLines].find(([, lines]) => lines.length > 1);
  if (repeated !== undefined) {
    const [marker, lines] = repeated;
    reasons.push(`the "${marker}" marker appears ${lines.length} times (lines ${lines.join(", ")})`);
  }
  if (localhostBuilds > 1) reasons.push(`"Localhost detected" appears ${localhostBuilds} times`);
  if (reasons.length === 0) return null;
  return (
    `this log stream mixes several TaskRuns (matrix builds share one [task : step] prefix): ${reasons.join("; ")}; ` +
    `its markers cannot be attributed to one architecture, use per-TaskRun logs`
  );
}
