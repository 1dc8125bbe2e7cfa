// Which data-passing strategy a PipelineRun used, and the hazards that come with it
// (docs/measurements.md "Strategy of a run" and "Hazards"). Pure.
import { isLocalPlatform } from "../tekton/arch";
import type { WorkspaceBinding } from "../tekton/types";
import { findRaces, overlapping, type Interval } from "./race";
import type { DerivedTaskRun, Hazard, LinkedPipelineRun } from "./types";

export interface StrategyVerdict {
  strategy: string;
  reason: string;
  hazards: Hazard[];
}

const TA_PARAMS = ["SOURCE_ARTIFACT", "CACHI2_ARTIFACT"];
const PVC_KINDS = new Set(["persistentVolumeClaim", "volumeClaimTemplate"]);

function isTrustedArtifacts(run: LinkedPipelineRun, taskRuns: DerivedTaskRun[]): boolean {
  const taskNames = [...taskRuns.map((t) => t.record.taskName), ...run.pipelineTasks.map((t) => t.taskName)];
  if (taskNames.some((name) => name?.endsWith("-oci-ta"))) return true;
  return taskRuns.some((t) => TA_PARAMS.some((param) => param in t.record.params));
}

/** Pipeline tasks by name, once per run (a run may have thousands of TaskRuns to look up). */
const tasksByName = new WeakMap<LinkedPipelineRun, Map<string, LinkedPipelineRun["pipelineTasks"][number]>>();

function pipelineTask(run: LinkedPipelineRun, name: string | null) {
  let byName = tasksByName.get(run);
  if (!byName) {
    byName = new Map(run.pipelineTasks.map((task) => [task.name, task]));
    tasksByName.set(run, byName);
  }
  return name === null ? undefined : byName.get(name);
}

/**
 * The pipeline workspace (or, failing that, the PVC claim) a TaskRun's source workspace is backed by:
 * two builds with the same key share one volume.
 */
function volumeKey(run: LinkedPipelineRun, taskRun: DerivedTaskRun): { key: string; binding: WorkspaceBinding } | null {
  const spec = pipelineTask(run, taskRun.record.pipelineTaskName);
  for (const binding of taskRun.record.workspaces) {
    const pipelineWorkspace =
      binding.pipelineWorkspace ?? spec?.workspaces.find((w) => w.name === binding.name)?.workspace ?? null;
    const pipelineBinding = pipelineWorkspace ? run.workspaces.find((w) => w.name === pipelineWorkspace) : undefined;
    const effective = pipelineBinding && PVC_KINDS.has(pipelineBinding.kind) ? pipelineBinding : binding;
    if (!PVC_KINDS.has(effective.kind)) continue;
    const key = pipelineWorkspace ? `workspace:${pipelineWorkspace}` : `claim:${effective.claimName ?? binding.name}`;
    return { key, binding: effective };
  }
  // No TaskRun-level binding: the pipeline spec may still say which workspace the task uses.
  for (const ws of spec?.workspaces ?? []) {
    const pipelineBinding = run.workspaces.find((w) => w.name === ws.workspace);
    if (pipelineBinding && PVC_KINDS.has(pipelineBinding.kind)) {
      return { key: `workspace:${ws.workspace}`, binding: pipelineBinding };
    }
  }
  return null;
}

const intervalOf = (taskRun: DerivedTaskRun): Interval => ({
  name: taskRun.record.name,
  pipelineTaskName: taskRun.record.pipelineTaskName,
  start: taskRun.record.startTime,
  end: taskRun.record.completionTime,
});

const isRemote = (taskRun: DerivedTaskRun) =>
  taskRun.record.platform !== null && !isLocalPlatform(taskRun.record.platform);

/** ReadWriteOnce volumes mounted by TaskRuns that ran at the same time: their pods are pinned to one node. */
function rwoHazards(run: LinkedPipelineRun, taskRuns: DerivedTaskRun[]): Hazard[] {
  const hazards: Hazard[] = [];
  const onVolume = new Map<string, { binding: WorkspaceBinding; taskRuns: DerivedTaskRun[] }>();
  for (const taskRun of taskRuns) {
    const volume = volumeKey(run, taskRun);
    if (volume === null) continue;
    const entry = onVolume.get(volume.key);
    if (entry) entry.taskRuns.push(taskRun);
    else onVolume.set(volume.key, { binding: volume.binding, taskRuns: [taskRun] });
  }
  for (const [key, { binding, taskRuns: members }] of onVolume) {
    const rwo = binding.accessModes.length === 0 || binding.accessModes.includes("ReadWriteOnce");
    if (!rwo) continue;
    if (overlapping(members.map(intervalOf)).size > 0) {
      hazards.push({
        code: "rwo-node-pinning",
        message: `${key.replace(/^\w+:/, "")} is ReadWriteOnce${binding.accessModes.length === 0 ? " (no access mode given)" : ""} and mounted by TaskRuns that ran at the same time: every pod using it must be scheduled on the same node.`,
      });
    }
  }
  return hazards;
}

export function detectStrategy(run: LinkedPipelineRun, taskRuns: DerivedTaskRun[]): StrategyVerdict {
  const prefetches = taskRuns.filter((t) => t.role === "prefetch");
  const prefetchCount =
    prefetches.length > 0 ? prefetches.length : run.pipelineTasks.filter((t) => t.name.includes("prefetch")).length;
  const builds = taskRuns.filter((t) => t.role === "build");

  // One build: a shared prefetch and a per-arch one are the same pipeline, so it is filed as the shared kind.
  const singleArch = builds.length === 1 ? `single-arch: shared and split coincide; ` : "";
  if (isTrustedArtifacts(run, taskRuns)) {
    const strategy = prefetchCount > 1 && singleArch === "" ? "ta-split" : "ta-shared";
    return {
      strategy,
      reason: `${singleArch}Trusted Artifacts (*-oci-ta tasks or *_ARTIFACT params), ${prefetchCount} prefetch task(s)`,
      hazards: [],
    };
  }

  const volumes = builds.map((build) => ({ build, volume: volumeKey(run, build) }));
  const onPvc = volumes.filter((v) => v.volume !== null);
  if (onPvc.length === 0) {
    return {
      strategy: "unknown",
      reason:
        builds.length === 0
          ? "no build TaskRun found in the bundle"
          : "the build tasks neither use Trusted Artifacts nor bind a PVC workspace",
      hazards: [],
    };
  }

  const hazards: Hazard[] = [];
  const byVolume = new Map<string, DerivedTaskRun[]>();
  for (const { build, volume } of onPvc) {
    byVolume.set(volume!.key, [...(byVolume.get(volume!.key) ?? []), build]);
  }
  const shared = byVolume.size === 1 && (onPvc.length > 1 || singleArch !== "");
  let strategy: string;
  if (shared) {
    strategy = "pvc-shared";
  } else {
    const inputs = new Set(prefetches.map((p) => p.record.params.input ?? ""));
    strategy = prefetchCount > 1 && inputs.size === 1 ? "pvc-per-arch-duplicated" : "pvc-per-arch-split";
  }

  if (shared) {
    const remote = [...byVolume.values()][0]!.filter(isRemote).map(intervalOf);
    const race = findRaces(remote, run.pipelineTasks);
    if (race.racing > 0) {
      const examples = race.examples.map(([a, b]) => `${a} and ${b}`).join("; ");
      hazards.push({
        code: "shared-workspace-race",
        message:
          `${race.racing} of ${remote.length} remote builds share one PVC workspace and can run at the same time ` +
          `(e.g. ${examples}): their rsyncs back into the workspace can corrupt each other (build-definitions#1275).`,
      });
    }
  }

  hazards.push(...rwoHazards(run, taskRuns));

  return {
    strategy,
    reason: `${singleArch}PVC workspaces: ${onPvc.length} build(s) on ${byVolume.size} volume(s), ${prefetchCount} prefetch task(s)`,
    hazards,
  };
}
