// Turns one PipelineRun with its TaskRuns, and the logs, lockfiles and manifests of its bundle, into
// measurements per (arch, phase) with their sources (docs/measurements.md). Pure.
import { compareArches, type BuildArch } from "../domain/arch";
import { measurementCollector } from "./collect";
import { TaskRunEvidence } from "./evidence";
import { logIndex } from "./log-index";
import { applyPhaseRules } from "./phase-rules";
import { saneRun } from "./sanity";
import { detectStrategy } from "./strategy";
import { deriveTaskRuns, prefetchSkipped } from "./task-runs";
import type { BundleFacts, DerivedRun, DerivedTaskRun, LinkedPipelineRun, MeasuredArch } from "./types";

export interface DeriveOptions {
  /** The arch of the cluster's own nodes, where a local build (no or a local PLATFORM) runs: CLUSTER_ARCH. */
  clusterArch: BuildArch;
  /** The time of the upload: timestamps far after it are impossible. */
  now: Date;
}

export const DEFAULT_DERIVE_OPTIONS: DeriveOptions = { clusterArch: "amd64", now: new Date(8.64e15) };

/** Sorted arches the run built: those of its prefetch and build TaskRuns, never `shared`. */
function platformsOf(taskRuns: DerivedTaskRun[]): string[] {
  return [
    ...new Set(taskRuns.flatMap((t) => (t.arch && t.arch !== "shared" && t.role !== "other" ? [t.arch] : []))),
  ].sort(compareArches);
}

const measured = (t: DerivedTaskRun): t is DerivedTaskRun & { arch: MeasuredArch } => t.arch !== null;

export function deriveRun(
  linkedRun: LinkedPipelineRun,
  facts: BundleFacts,
  options: DeriveOptions = DEFAULT_DERIVE_OPTIONS,
): DerivedRun {
  // Sanity: impossible timestamps are dropped, each with a note.
  const sane = saneRun(linkedRun, { now: options.now });
  const run = sane.run;
  const notes = sane.notes.map((note) => `${run.name}: ${note}`);
  const warnings: string[] = [];

  // Arches and roles of the TaskRuns; a skipped prefetch is noted and its TaskRuns are not measured.
  const logsOf = logIndex(run, facts.logs, warnings);
  const taskRuns = deriveTaskRuns(run, logsOf, options.clusterArch);
  const skipped = prefetchSkipped(run, taskRuns);
  if (skipped !== null) notes.push(skipped);
  const platforms = platformsOf(taskRuns);

  // The phase rules (docs/measurements.md "Phases").
  const evidence = taskRuns
    .filter(measured)
    .filter((t) => skipped === null || t.role !== "prefetch")
    .map((t) => new TaskRunEvidence(t, logsOf(t.record)));
  const collector = measurementCollector(run.name, notes);
  for (const draft of applyPhaseRules(evidence, { ...facts, platforms })) collector.add(draft);
  warnings.push(...collector.repeatWarnings());

  const verdict = detectStrategy(run, taskRuns);
  return {
    run,
    taskRuns,
    measurements: collector.measurements,
    strategy: verdict.strategy,
    strategyReason: verdict.reason,
    hazards: verdict.hazards,
    platforms,
    // The upload's warnings already say a PipelineRun object was missing (lib/tekton/taskruns-only); the run keeps it.
    notes:
      run.origin === "taskruns-only"
        ? [...notes, "built from its TaskRuns: the PipelineRun object was missing from the upload"]
        : notes,
    warnings: [...warnings, ...notes.map((note) => (note.startsWith(`${run.name}: `) ? note : `${run.name}: ${note}`))],
  };
}
