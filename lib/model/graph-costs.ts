// The cost arithmetic of a strategy's task graph: prefetch, artifact upload and restore, rsync to a remote VM
// and measured build time, each added to the bytes it moves and explained. Pure.
import type { BuildArch } from "../domain/arch";
import { formatMiB, formatSeconds } from "../format";
import { describeFit, predictSeconds } from "./fit";
import type { Scenario } from "./scenario";
import type { Explanation, Hazard, PayloadArch, PredictedTask, StrategyPrediction } from "./types";

export interface Builder {
  tasks: PredictedTask[];
  explanation: Explanation[];
  hazards: Hazard[];
  bytes: StrategyPrediction["bytes"];
  registryBytes: number;
  pvcBytes: number;
}

export function newBuilder(): Builder {
  return {
    tasks: [],
    explanation: [],
    hazards: [],
    bytes: { registryUp: 0, registryDown: 0, rsync: 0, prefetchDownload: 0 },
    registryBytes: 0,
    pvcBytes: 0,
  };
}

export const payloadParts = (s: Scenario): PayloadArch[] => [...s.arches, ...(s.source ? (["source"] as const) : [])];
export const totalPayload = (s: Scenario) => payloadParts(s).reduce((sum, part) => sum + s.payload[part], 0);
const contention = (s: Scenario, concurrent: number) => 1 + s.settings.prefetchContention * Math.max(0, concurrent - 1);

/** Prefetch of the given parts in one task: each part pays the overhead (hermeto fetches arch by arch). */
export function prefetch(s: Scenario, b: Builder, task: string, parts: PayloadArch[], concurrent: number): number {
  const bytes = parts.reduce((sum, part) => sum + s.payload[part], 0);
  const factor = contention(s, concurrent);
  const seconds = predictSeconds(s.fits.prefetch, bytes, parts.length) * factor;
  b.bytes.prefetchDownload += bytes;
  if (!s.quiet)
    b.explanation.push({
      quantity: `${task}: prefetch`,
      formula:
        `Σ over ${parts.join(", ")} of (overhead + size / rate)` +
        (factor !== 1 ? ` × contention ${factor.toFixed(2)}` : ""),
      inputs: {
        rate: `${describeFit(s.fits.prefetch)} (${s.fits.prefetch.source})`,
        ...Object.fromEntries(
          parts.map((part) => [
            `size ${part}`,
            `${formatMiB(s.payload[part])} (${s.payloadSource[part] ?? "unknown"})`,
          ]),
        ),
      },
      value: formatSeconds(seconds),
    });
  return seconds;
}

export function upload(s: Scenario, b: Builder, task: string, bytes: number): number {
  const seconds = predictSeconds(s.fits.upload, bytes);
  b.bytes.registryUp += bytes;
  b.registryBytes += bytes;
  if (!s.quiet)
    b.explanation.push({
      quantity: `${task}: create/upload artifact`,
      formula: "overhead + artifact bytes / registry upload rate",
      inputs: { bytes: formatMiB(bytes), rate: `${describeFit(s.fits.upload)} (${s.fits.upload.source})` },
      value: formatSeconds(seconds),
    });
  return seconds;
}

export function restore(s: Scenario, b: Builder, task: string, bytes: number, what: string): number {
  const seconds = predictSeconds(s.fits.restore, bytes);
  b.bytes.registryDown += bytes;
  if (!s.quiet)
    b.explanation.push({
      quantity: `${task}: restore ${what}`,
      formula: "overhead + restored bytes / registry download rate",
      inputs: { bytes: formatMiB(bytes), rate: `${describeFit(s.fits.restore)} (${s.fits.restore.source})` },
      value: formatSeconds(seconds),
    });
  return seconds;
}

export function rsync(s: Scenario, b: Builder, task: string, arch: BuildArch, bytes: number): number {
  if (!s.remote.has(arch)) return 0;
  const fit = s.fits.rsync[arch] ?? s.fits.rsyncPooled;
  const seconds = predictSeconds(fit, bytes);
  b.bytes.rsync += bytes;
  if (!s.quiet)
    b.explanation.push({
      quantity: `${task}: rsync to the ${arch} VM`,
      formula: "overhead + workspace bytes / rsync rate of the platform",
      inputs: { bytes: formatMiB(bytes), rate: `${describeFit(fit)} (${fit.source})` },
      value: formatSeconds(seconds),
    });
  return seconds;
}

export function buildTime(
  s: Scenario,
  b: Builder,
  task: string,
  part: PayloadArch,
): { seconds: number; queueS: number } {
  const build = s.build[part];
  const queue = s.queue[part];
  if (!s.quiet)
    b.explanation.push({
      quantity: `${task}: build and queue`,
      formula: "measured, the same under every strategy",
      inputs: {
        build: build
          ? `${formatSeconds(build.value)} (${build.source})`
          : "not measured: 0 s (the comparison covers data passing only)",
        queue: queue ? `${formatSeconds(queue.value)} (${queue.source})` : "not measured: 0 s",
      },
      value: formatSeconds((build?.value ?? 0) + (queue?.value ?? 0)),
    });
  return { seconds: build?.value ?? 0, queueS: queue?.value ?? 0 };
}

/**
 * Trusted Artifacts: the clone pushes the source code (shared bytes) once, whatever the strategy; each build
 * restores it with its dependencies. Counted so bytes add up; its time is the same under every strategy.
 */
export function cloneArtifact(s: Scenario, b: Builder): void {
  b.bytes.registryUp += s.shared;
  b.registryBytes += s.shared;
}

export function addTask(b: Builder, name: string, seconds: number, after: string[], queueS = 0): void {
  b.tasks.push({ name, seconds, queueS, after });
}

export function sourceParts(s: Scenario): PayloadArch[] {
  return s.settings.splitSource === "sources-only" ? ["source"] : payloadParts(s);
}
