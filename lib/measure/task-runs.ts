// The role and arch of every TaskRun of a run (docs/measurements.md "Task roles" and "Architecture of a
// TaskRun"), and whether the run skipped its prefetch (docs/measurements.md "Strategy of a run"). Pure.
import type { BuildArch } from "../domain/arch";
import { archFromPlatform, taskRole, withLogArch } from "../tekton/arch";
import type { ArchEvidence, TaskRunRecord } from "../tekton/types";
import { signalsOf, type LogsOf } from "./log-index";
import type { DerivedTaskRun, LinkedPipelineRun, LogEvidence, MeasuredArch } from "./types";

/** PLATFORM values that mean "run in the TaskRun's own pod", whose arch the value itself does not name. */
const UNNAMED_LOCAL_PLATFORMS = new Set(["local", "localhost"]);

type LocalArch = { arch: BuildArch; evidence: ArchEvidence };

/**
 * A local build runs on the cluster's nodes: the run's `build-platforms` param when it names exactly one
 * platform, else the cluster's arch.
 */
function localBuildArch(run: LinkedPipelineRun, clusterArch: BuildArch): LocalArch {
  const platforms = (run.params["build-platforms"] ?? "")
    .split(/[,\s]+/)
    .map((value) => value.trim())
    .filter((value) => value !== "");
  const named = platforms.length === 1 ? archFromPlatform(platforms[0]!) : null;
  return named && !UNNAMED_LOCAL_PLATFORMS.has(platforms[0]!.toLowerCase())
    ? { arch: named, evidence: "build-platforms" }
    : { arch: clusterArch, evidence: "CLUSTER_ARCH" };
}

function resolveArch(
  taskRun: TaskRunRecord,
  role: DerivedTaskRun["role"],
  logs: LogEvidence[],
  localArch: () => LocalArch,
): DerivedTaskRun {
  let record = taskRun;
  const unnamedLocal =
    record.archEvidence === "PLATFORM" && UNNAMED_LOCAL_PLATFORMS.has((record.platform ?? "").trim().toLowerCase());
  if (role === "build" && (record.arch === null || unnamedLocal) && (record.platform === null || unnamedLocal)) {
    const local = localArch();
    record = { ...record, arch: local.arch, archEvidence: local.evidence };
  }
  if (record.arch === null) {
    const prepared = signalsOf(logs).find(({ signal }) => signal.kind === "prepare-system-arch");
    if (prepared && prepared.signal.kind === "prepare-system-arch") record = withLogArch(record, prepared.signal.arch);
  }
  if (record.arch === null && role === "prefetch") {
    const arches = new Set(
      signalsOf(logs).flatMap(({ signal }) => (signal.kind === "hermeto-arch" ? [signal.arch] : [])),
    );
    if (arches.size === 1) record = withLogArch(record, [...arches][0]!);
  }
  const arch: MeasuredArch | null = record.arch ?? (role === "prefetch" ? "shared" : null);
  return {
    record,
    role,
    arch,
    archEvidence: record.arch ? record.archEvidence : arch === "shared" ? "shared prefetch" : null,
  };
}

/** Every TaskRun of the run with its role and arch: from its record, a local build's platform, or its logs. */
export function deriveTaskRuns(run: LinkedPipelineRun, logsOf: LogsOf, clusterArch: BuildArch): DerivedTaskRun[] {
  let local: LocalArch | null = null;
  const localArch = () => (local ??= localBuildArch(run, clusterArch));
  return run.taskRuns.map((record) => resolveArch(record, taskRole(record), logsOf(record), localArch));
}

/** Pipeline tasks of the run that prefetch dependencies (by Task name, or pipeline task name). */
function isPrefetchTask(run: LinkedPipelineRun, pipelineTaskName: string): boolean {
  const taskName = run.pipelineTasks.find((task) => task.name === pipelineTaskName)?.taskName ?? "";
  return [taskName, pipelineTaskName].some((name) => name.toLowerCase().includes("prefetch-dependencies"));
}

/** Why the run fetched nothing, when it did not: skipped by a when expression, or run with an empty input. */
export function prefetchSkipped(run: LinkedPipelineRun, taskRuns: DerivedTaskRun[]): string | null {
  const skipped = (run.skippedTasks ?? []).filter((task) => isPrefetchTask(run, task.name));
  if (skipped.length > 0) {
    return `prefetch skipped (${skipped.map((t) => `${t.name}${t.reason ? `: ${t.reason}` : ""}`).join(", ")})`;
  }
  const prefetches = taskRuns.filter((t) => t.role === "prefetch");
  if (prefetches.length > 0 && prefetches.every((t) => (t.record.params.input ?? "x").trim() === "")) {
    return "prefetch skipped (empty prefetch input)";
  }
  const input = run.params["prefetch-input"];
  if (prefetches.length === 0 && run.pipelineTasks.some((task) => isPrefetchTask(run, task.name))) {
    return input === undefined || input.trim() === ""
      ? "prefetch skipped (prefetch-input is empty)"
      : "prefetch skipped (no prefetch TaskRun in the upload)";
  }
  return null;
}
