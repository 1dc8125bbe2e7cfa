// The "Phases" table of docs/measurements.md as code: one rule per phase, naming the TaskRuns, steps, log signals
// or files it reads and the sources of its numbers, and making those numbers into measurement drafts. Pure.
import { normalizeArch } from "../domain/arch";
import type { MeasuredPhase, MeasurementSource } from "../domain/phases";
import type { LogSignal } from "../logs/types";
import { isLocalPlatform, type TaskRole } from "../tekton/arch";
import type { TaskRunEvidence } from "./evidence";
import type { BundleFacts, MeasurementDraft } from "./types";

/** Steps the rules read. */
const STEP = {
  prefetch: "prefetch-dependencies",
  createArtifact: "create-trusted-artifact",
  useArtifact: "use-trusted-artifact",
  build: "build",
} as const;

/** The layer of an OCI manifest holding the prefetched dependencies. */
const ARTIFACT_LAYER = "CACHI2_ARTIFACT";

/** What the run-wide rules read: the bundle's files, and the arches the run built (sorted). */
export type BundleEvidence = Pick<BundleFacts, "lockfiles" | "manifests"> & { platforms: readonly string[] };

/** One row of the table: a phase, what it reads, the sources of its numbers and how it makes them. */
export type PhaseRule = {
  phase: MeasuredPhase;
  /** Where its numbers come from; each draft it makes names one of these. */
  sources: readonly MeasurementSource[];
} & (
  | {
      /** Measured on each TaskRun of these roles, from its steps and the signals of its logs. */
      per: "task-run";
      reads: { taskRuns: readonly TaskRole[]; steps?: readonly string[]; signals?: readonly LogSignal["kind"][] };
      measure: (evidence: TaskRunEvidence) => (MeasurementDraft | null)[];
    }
  | {
      /** Measured once per run, on the bundle's files. */
      per: "run";
      reads: { files: "lockfiles" | "manifests" };
      measure: (evidence: BundleEvidence) => MeasurementDraft[];
    }
);

/**
 * The rules in the order their measurements are stored: each TaskRun's, then the run's. `queue` is a row further
 * down the docs' table, but a build's queue time has always been stored right after its restore.
 */
export const PHASE_RULES: readonly PhaseRule[] = [
  {
    phase: "prefetch",
    per: "task-run",
    reads: { taskRuns: ["prefetch"], steps: [STEP.prefetch] },
    sources: ["step-timestamps"],
    measure: (t) => [t.stepTime("prefetch", STEP.prefetch)],
  },
  {
    phase: "create-upload",
    per: "task-run",
    reads: { taskRuns: ["prefetch"], steps: [STEP.createArtifact], signals: ["time-v"] },
    sources: ["step-timestamps", "time-v"],
    measure: (t) => [
      t.stepTime("create-upload", STEP.createArtifact) ?? t.timeVElapsed("create-upload", t.timeV(STEP.createArtifact)),
    ],
  },
  {
    phase: "restore",
    per: "task-run",
    reads: { taskRuns: ["build", "source-build"], steps: [STEP.useArtifact], signals: ["time-v"] },
    sources: ["step-timestamps", "time-v"],
    measure: (t) => {
      const timeV = t.timeV(STEP.useArtifact);
      return [
        t.stepTime("restore", STEP.useArtifact) ?? t.timeVElapsed("restore", timeV),
        t.timeVBytes("restore", timeV),
      ];
    },
  },
  {
    phase: "queue",
    per: "task-run",
    reads: { taskRuns: ["build", "source-build"] },
    sources: ["step-timestamps"],
    measure: (t) => {
      const first = t.record.steps[0];
      // The record's queue time allows a few seconds of clock skew between nodes (as 0 s).
      const queue = first ? t.record.queueSeconds : null;
      if (queue === null || !first) return [];
      const detail = `TaskRun ${t.record.name}: first step start − TaskRun start`;
      return [t.draft("queue", "step-timestamps", { seconds: queue }, detail, `${t.record.name}/${first.name}`)];
    },
  },
  {
    phase: "rsync",
    per: "task-run",
    reads: { taskRuns: ["build"], steps: [STEP.build], signals: ["remote-marker"] },
    sources: ["log-marker"],
    measure: (t) => {
      const span = t.markerSpan("Rsync data", "Build via ssh");
      return [span && t.spanDraft("rsync", span)];
    },
  },
  {
    phase: "rsync-back",
    per: "task-run",
    reads: { taskRuns: ["build"], steps: [STEP.build], signals: ["remote-marker", "rsync-stats"] },
    sources: ["log-marker", "rsync-stats"],
    measure: (t) => {
      const span = t.markerSpan("Rsync back", "Buildah pull");
      if (span === null) return [];
      // The task rsyncs several trees back (workspace, shared volume, results): add every --stats block between the markers.
      const blocks = t.rsyncStatsWithin(span);
      const received = blocks.reduce((sum, block) => sum + (block.totalBytesReceived ?? 0), 0);
      const { file } = span.start.log;
      const detail = `"Total bytes received" of ${blocks.length} rsync --stats block(s) in ${file}`;
      const locator = `${file}:${span.start.line}-${span.end.line}`;
      return [
        t.spanDraft("rsync-back", span),
        blocks.length > 0 ? t.draft("rsync-back", "rsync-stats", { bytes: received }, detail, locator) : null,
      ];
    },
  },
  {
    phase: "build",
    per: "task-run",
    reads: { taskRuns: ["build"], steps: [STEP.build], signals: ["remote-marker"] },
    sources: ["log-marker", "step-timestamps"],
    measure: (t) => {
      const remote = t.markerSpan("Build via ssh", "Rsync back");
      if (remote) return [t.spanDraft("build", remote)];
      // A remote build without markers (no log) gets no build time: its step time includes the rsyncs.
      const local = t.record.platform === null || isLocalPlatform(t.record.platform);
      return [local ? t.stepTime("build", STEP.build) : null];
    },
  },
  {
    phase: "payload",
    per: "run",
    reads: { files: "lockfiles" },
    sources: ["lockfile"],
    measure: ({ lockfiles, platforms }) =>
      lockfiles.flatMap(({ file, sizes }) =>
        Object.entries(sizes.bytesByArch).flatMap(([archName, bytes]): MeasurementDraft[] => {
          const arch = normalizeArch(archName);
          if (!arch || bytes === undefined) return [];
          if (platforms.length > 0 && !platforms.includes(arch)) return [];
          const detail =
            arch === "source" ? `${file}: source RPMs of every arch, de-duplicated` : `${file}: ${arch} packages`;
          return [bundleDraft("payload", arch, bytes, "lockfile", detail, file)];
        }),
      ),
  },
  {
    phase: "artifact",
    per: "run",
    reads: { files: "manifests" },
    sources: ["manifest"],
    measure: ({ manifests }) =>
      manifests.flatMap(({ file, sizes }) => {
        const layer = sizes.layers.find((l) => l.title === ARTIFACT_LAYER);
        if (!layer) return [];
        const detail = `${file}: ${ARTIFACT_LAYER} layer (compressed)`;
        return [
          bundleDraft("artifact", sizes.arch ?? "shared", layer.bytes, "manifest", detail, `${file}#${layer.digest}`),
        ];
      }),
  },
];

/** A size that belongs to the run, not to one of its TaskRuns. */
function bundleDraft(
  phase: MeasuredPhase,
  arch: MeasurementDraft["arch"],
  bytes: number,
  source: MeasurementSource,
  sourceDetail: string,
  locator: string,
): MeasurementDraft {
  return { taskRunName: null, arch, phase, seconds: null, bytes, source, sourceDetail, locator };
}

/** Every draft of the rules: each TaskRun's, in order, then the run-wide ones. */
export function applyPhaseRules(taskRuns: readonly TaskRunEvidence[], bundle: BundleEvidence): MeasurementDraft[] {
  const drafts: MeasurementDraft[] = [];
  for (const t of taskRuns) {
    for (const rule of PHASE_RULES) {
      if (rule.per !== "task-run" || !rule.reads.taskRuns.includes(t.taskRun.role)) continue;
      for (const draft of rule.measure(t)) if (draft !== null) drafts.push(draft);
    }
  }
  for (const rule of PHASE_RULES) if (rule.per === "run") drafts.push(...rule.measure(bundle));
  return drafts;
}
