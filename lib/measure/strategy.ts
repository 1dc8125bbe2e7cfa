// Which data-passing strategy a PipelineRun used, and the hazards that come with it
// (docs/measurements.md "Strategy of a run" and "Hazards"). Pure.
import { isLocalPlatform } from "../tekton/arch";
import type { WorkspaceBinding } from "../tekton/types";
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

/**
 * The pipeline workspace (or, failing that, the PVC claim) a TaskRun's source workspace is backed by:
 * two builds with the same key share one volume.
 */
function volumeKey(run: LinkedPipelineRun, taskRun: DerivedTaskRun): { key: string; binding: WorkspaceBinding } | null {
  const spec = run.pipelineTasks.find((task) => task.name === taskRun.record.pipelineTaskName);
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

function overlaps(a: DerivedTaskRun, b: DerivedTaskRun): boolean {
  const [aStart, aEnd, bStart, bEnd] = [
    a.record.startTime,
    a.record.completionTime,
    b.record.startTime,
    b.record.completionTime,
  ];
  if (!aStart || !bStart) return false;
  const aStop = (aEnd ?? new Date(8.64e15)).getTime();
  const bStop = (bEnd ?? new Date(8.64e15)).getTime();
  return aStart.getTime() < bStop && bStart.getTime() < aStop;
}

/** True when the pipeline orders one task after the other (a runAfter path between them). */
function ordered(run: LinkedPipelineRun, from: string | null, to: string | null): boolean {
  if (!from || !to || from === to) return false;
  const after = new Map(run.pipelineTasks.map((task) => [task.name, task.runAfter]));
  const reaches = (start: string, target: string): boolean => {
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length) {
      const current = stack.pop()!;
      if (current === target) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      stack.push(...(after.get(current) ?? []));
    }
    return false;
  };
  return reaches(from, to) || reaches(to, from);
}

const isRemote = (taskRun: DerivedTaskRun) =>
  taskRun.record.platform !== null && !isLocalPlatform(taskRun.record.platform);

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
    const remote = [...byVolume.values()][0]!.filter(isRemote);
    const racing: string[] = [];
    for (let i = 0; i < remote.length; i++) {
      for (let j = i + 1; j < remote.length; j++) {
        const a = remote[i]!;
        const b = remote[j]!;
        if (overlaps(a, b) || !ordered(run, a.record.pipelineTaskName, b.record.pipelineTaskName)) {
          racing.push(`${a.record.name} and ${b.record.name}`);
        }
      }
    }
    if (racing.length > 0) {
      hazards.push({
        code: "shared-workspace-race",
        message: `Remote builds share one PVC workspace and can run at the same time (${racing.join("; ")}): their rsyncs back into the workspace can corrupt each other (build-definitions#1275).`,
      });
    }
  }

  const allPvcTaskRuns = taskRuns
    .map((taskRun) => ({ taskRun, volume: volumeKey(run, taskRun) }))
    .filter((v) => v.volume !== null);
  for (const [key, members] of groupBy(allPvcTaskRuns, (v) => v.volume!.key)) {
    const binding = members[0]!.volume!.binding;
    const rwo = binding.accessModes.length === 0 || binding.accessModes.includes("ReadWriteOnce");
    if (!rwo) continue;
    const concurrent = members.some((a, i) => members.slice(i + 1).some((b) => overlaps(a.taskRun, b.taskRun)));
    if (concurrent) {
      hazards.push({
        code: "rwo-node-pinning",
        message: `${key.replace(/^\w+:/, "")} is ReadWriteOnce${binding.accessModes.length === 0 ? " (no access mode given)" : ""} and mounted by TaskRuns that ran at the same time: every pod using it must be scheduled on the same node.`,
      });
    }
  }

  return {
    strategy,
    reason: `${singleArch}PVC workspaces: ${onPvc.length} build(s) on ${byVolume.size} volume(s), ${prefetchCount} prefetch task(s)`,
    hazards,
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
