// Turns one PipelineRun with its TaskRuns, and the logs, lockfiles and manifests of its bundle, into
// measurements per (arch, phase) with their sources (docs/measurements.md). Pure.
import { compareArches, normalizeArch, type BuildArch } from "../domain/arch";
import type { LogSignal, RemoteMarker } from "../logs/types";
import { archFromPlatform, isLocalPlatform, taskRole, withLogArch } from "../tekton/arch";
import type { ArchEvidence, TaskRunRecord } from "../tekton/types";
import { MAX_DURATION_SECONDS, saneRun } from "./sanity";
import { detectStrategy } from "./strategy";
import type {
  BundleFacts,
  DerivedRun,
  DerivedTaskRun,
  LinkedPipelineRun,
  LogEvidence,
  MeasuredArch,
  MeasurementDraft,
} from "./types";

/** to − from in seconds; negative and absurd values are caught by `add` (with a note), never stored. */
const seconds = (from: Date | null, to: Date | null) => (from && to ? (to.getTime() - from.getTime()) / 1000 : null);

export interface DeriveOptions {
  /** The arch of the cluster's own nodes, where a local build (no or a local PLATFORM) runs: CLUSTER_ARCH. */
  clusterArch: BuildArch;
  /** The time of the upload: timestamps far after it are impossible. */
  now: Date;
}

export const DEFAULT_DERIVE_OPTIONS: DeriveOptions = { clusterArch: "amd64", now: new Date(8.64e15) };

/** PLATFORM values that mean "run in the TaskRun's own pod", whose arch the value itself does not name. */
const UNNAMED_LOCAL_PLATFORMS = new Set(["local", "localhost"]);

/**
 * A local build runs on the cluster's nodes: the run's `build-platforms` param when it names exactly one
 * platform, else the cluster's arch.
 */
function localBuildArch(run: LinkedPipelineRun, clusterArch: BuildArch): { arch: BuildArch; evidence: ArchEvidence } {
  const platforms = (run.params["build-platforms"] ?? "")
    .split(/[,\s]+/)
    .map((value) => value.trim())
    .filter((value) => value !== "");
  const named = platforms.length === 1 ? archFromPlatform(platforms[0]!) : null;
  return named && !UNNAMED_LOCAL_PLATFORMS.has(platforms[0]!.toLowerCase())
    ? { arch: named, evidence: "build-platforms" }
    : { arch: clusterArch, evidence: "CLUSTER_ARCH" };
}

/**
 * Logs that belong to a TaskRun: by its name, or by its pipeline task when that names only this TaskRun. Indexed
 * once per run, so a run with thousands of TaskRuns and logs stays linear.
 */
function logIndex(run: LinkedPipelineRun, logs: LogEvidence[], warnings: string[]) {
  const byTaskRun = new Map<string, LogEvidence[]>();
  const byPipelineTask = new Map<string, LogEvidence[]>();
  const add = (map: Map<string, LogEvidence[]>, key: string, log: LogEvidence) => {
    const list = map.get(key);
    if (list) list.push(log);
    else map.set(key, [log]);
  };
  for (const log of logs) {
    if (log.taskRunName !== null) add(byTaskRun, log.taskRunName, log);
    else if (log.pipelineTaskName !== null) add(byPipelineTask, log.pipelineTaskName, log);
  }
  const siblings = new Map<string, number>();
  for (const t of run.taskRuns) {
    if (t.pipelineTaskName !== null) siblings.set(t.pipelineTaskName, (siblings.get(t.pipelineTaskName) ?? 0) + 1);
  }
  const warned = new Set<string>();
  const position = new Map(logs.map((log, index) => [log, index]));
  return (taskRun: TaskRunRecord): LogEvidence[] => {
    const own = byTaskRun.get(taskRun.name) ?? [];
    const prefixed = taskRun.pipelineTaskName === null ? [] : (byPipelineTask.get(taskRun.pipelineTaskName) ?? []);
    const count = taskRun.pipelineTaskName === null ? 0 : (siblings.get(taskRun.pipelineTaskName) ?? 0);
    if (prefixed.length > 0 && count > 1) {
      for (const log of prefixed) {
        const warning = `${log.file}: the lines of [${log.pipelineTaskName} : ${log.step ?? "?"}] come from ${count} TaskRuns (a matrix shares one prefix); they are not attributed to any architecture — upload per-TaskRun logs instead`;
        if (!warned.has(warning)) {
          warned.add(warning);
          warnings.push(warning);
        }
      }
      return own;
    }
    // Keep the upload's order of logs, as before.
    return prefixed.length === 0 ? own : [...own, ...prefixed].sort((a, b) => position.get(a)! - position.get(b)!);
  };
}

function signalsOf(logs: LogEvidence[], step?: string): { log: LogEvidence; signal: LogSignal }[] {
  return logs
    .filter((log) => step === undefined || log.step === null || log.step === step)
    .flatMap((log) => log.result.signals.map((signal) => ({ log, signal })));
}

function resolveArch(
  taskRun: TaskRunRecord,
  role: DerivedTaskRun["role"],
  logs: LogEvidence[],
  localArch: () => { arch: BuildArch; evidence: ArchEvidence },
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

function step(taskRun: TaskRunRecord, name: string) {
  return taskRun.steps.find((s) => s.name === name) ?? null;
}

/** Why a measured value cannot be stored, or null when it is believable. */
function implausible(draft: MeasurementDraft): string | null {
  if (draft.seconds !== null) {
    if (!Number.isFinite(draft.seconds)) return "is not a number";
    if (draft.seconds < 0) return `is negative (${draft.seconds.toFixed(0)} s)`;
    if (draft.seconds > MAX_DURATION_SECONDS) return `is ${draft.seconds.toFixed(0)} s, over ${MAX_DURATION_SECONDS} s`;
  }
  if (draft.bytes !== null && (!Number.isFinite(draft.bytes) || draft.bytes < 0)) return "is not a size";
  return null;
}

/** Pipeline tasks of the run that prefetch dependencies (by Task name, or pipeline task name). */
function isPrefetchTask(run: LinkedPipelineRun, pipelineTaskName: string): boolean {
  const taskName = run.pipelineTasks.find((task) => task.name === pipelineTaskName)?.taskName ?? "";
  return [taskName, pipelineTaskName].some((name) => name.toLowerCase().includes("prefetch-dependencies"));
}

/** Why the run fetched nothing, when it did not: skipped by a when expression, or run with an empty input. */
function prefetchSkipped(run: LinkedPipelineRun, taskRuns: DerivedTaskRun[]): string | null {
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

export function deriveRun(
  linkedRun: LinkedPipelineRun,
  facts: BundleFacts,
  options: DeriveOptions = DEFAULT_DERIVE_OPTIONS,
): DerivedRun {
  const sane = saneRun(linkedRun, { now: options.now });
  const run = sane.run;
  const notes = sane.notes.map((note) => `${run.name}: ${note}`);
  const warnings: string[] = [];
  const measurements: MeasurementDraft[] = [];
  /** (arch, phase) pairs that already have a duration: at most one is stored. */
  const timed = new Set<string>();
  const extraTimes = new Map<string, { draft: MeasurementDraft; count: number }>();
  const add = (draft: MeasurementDraft) => {
    const problem = implausible(draft);
    if (problem !== null) {
      notes.push(
        `${run.name}: ${draft.phase} of ${draft.arch} from ${draft.sourceDetail} ${problem}; it was not stored`,
      );
      return;
    }
    const key = `${draft.arch}\u0000${draft.phase}`;
    if (draft.seconds !== null && timed.has(key)) {
      // One warning per arch and phase, however many TaskRuns repeat it (a matrix of thousands of builds).
      const seen = extraTimes.get(key);
      if (seen) seen.count += 1;
      else extraTimes.set(key, { draft, count: 1 });
      return;
    }
    if (draft.seconds !== null) timed.add(key);
    measurements.push(draft);
  };

  const logsFor = logIndex(run, facts.logs, warnings);
  let local: ReturnType<typeof localBuildArch> | null = null;
  const localArch = () => (local ??= localBuildArch(run, options.clusterArch));
  const taskRuns = run.taskRuns.map((record) => resolveArch(record, taskRole(record), logsFor(record), localArch));
  const skipped = prefetchSkipped(run, taskRuns);
  if (skipped !== null) notes.push(skipped);

  for (const taskRun of taskRuns) {
    const { record, role, arch } = taskRun;
    if (arch === null) continue;
    const logs = logsFor(record);
    const stepDraft = (stepName: string, phase: string): MeasurementDraft | null => {
      const found = step(record, stepName);
      const duration = found ? seconds(found.startedAt, found.finishedAt) : null;
      if (duration === null) return null;
      return {
        taskRunName: record.name,
        arch,
        phase,
        seconds: duration,
        bytes: null,
        source: "step-timestamps",
        sourceDetail: `step ${stepName} of TaskRun ${record.name}`,
        locator: `${record.name}/${stepName}`,
      };
    };
    const timeV = (stepName: string) =>
      signalsOf(logs, stepName).find(({ signal }) => signal.kind === "time-v") as
        { log: LogEvidence; signal: Extract<LogSignal, { kind: "time-v" }> } | undefined;

    if (role === "prefetch" && skipped === null) {
      const prefetch = stepDraft("prefetch-dependencies", "prefetch");
      if (prefetch) add(prefetch);
      const create = stepDraft("create-trusted-artifact", "create-upload");
      const createTimeV = timeV("create-trusted-artifact");
      if (create) add(create);
      else if (createTimeV?.signal.elapsedS != null) {
        add({
          taskRunName: record.name,
          arch,
          phase: "create-upload",
          seconds: createTimeV.signal.elapsedS,
          bytes: null,
          source: "time-v",
          sourceDetail: `time -v in ${createTimeV.log.file}`,
          locator: `${createTimeV.log.file}:${createTimeV.signal.line}`,
        });
      }
    }

    if (role === "build" || role === "source-build") {
      const restore = stepDraft("use-trusted-artifact", "restore");
      const restoreTimeV = timeV("use-trusted-artifact");
      if (restore) add(restore);
      else if (restoreTimeV?.signal.elapsedS != null) {
        add({
          taskRunName: record.name,
          arch,
          phase: "restore",
          seconds: restoreTimeV.signal.elapsedS,
          bytes: null,
          source: "time-v",
          sourceDetail: `time -v in ${restoreTimeV.log.file}`,
          locator: `${restoreTimeV.log.file}:${restoreTimeV.signal.line}`,
        });
      }
      if (restoreTimeV?.signal.fsOutputs512 != null) {
        add({
          taskRunName: record.name,
          arch,
          phase: "restore",
          seconds: null,
          bytes: restoreTimeV.signal.fsOutputs512 * 512,
          source: "time-v",
          sourceDetail: `time -v "File system outputs" × 512 in ${restoreTimeV.log.file}`,
          locator: `${restoreTimeV.log.file}:${restoreTimeV.signal.line}`,
        });
      }
      const first = record.steps[0];
      // The record's queue time allows a few seconds of clock skew between nodes (as 0 s).
      const queue = first ? record.queueSeconds : null;
      if (queue !== null) {
        add({
          taskRunName: record.name,
          arch,
          phase: "queue",
          seconds: queue,
          bytes: null,
          source: "step-timestamps",
          sourceDetail: `TaskRun ${record.name}: first step start − TaskRun start`,
          locator: `${record.name}/${first!.name}`,
        });
      }
    }

    if (role === "build") {
      const markers = new Map<RemoteMarker, { at: Date; log: LogEvidence; line: number }>();
      for (const { log, signal } of signalsOf(logs, "build")) {
        if (signal.kind === "remote-marker" && !markers.has(signal.marker)) {
          markers.set(signal.marker, { at: signal.at, log, line: signal.line });
        }
      }
      const span = (from: RemoteMarker, to: RemoteMarker, phase: string) => {
        const start = markers.get(from);
        const end = markers.get(to);
        const duration = start && end ? seconds(start.at, end.at) : null;
        if (duration === null || !start || !end) return false;
        add({
          taskRunName: record.name,
          arch,
          phase,
          seconds: duration,
          bytes: null,
          source: "log-marker",
          sourceDetail: `"${from}" → "${to}" markers in ${start.log.file}`,
          locator: `${start.log.file}:${start.line}-${end.line}`,
        });
        return true;
      };
      span("Rsync data", "Build via ssh", "rsync");
      if (span("Rsync back", "Buildah pull", "rsync-back")) {
        // The task rsyncs several trees back (workspace, shared volume, results): add every --stats block between the markers.
        const back = markers.get("Rsync back")!;
        const pull = markers.get("Buildah pull")!;
        const blocks = signalsOf(logs, "build").filter(
          ({ log, signal }) =>
            signal.kind === "rsync-stats" && log === back.log && signal.line > back.line && signal.line < pull.line,
        );
        const received = blocks.reduce(
          (sum, { signal }) => sum + (signal.kind === "rsync-stats" ? (signal.totalBytesReceived ?? 0) : 0),
          0,
        );
        if (blocks.length > 0) {
          add({
            taskRunName: record.name,
            arch,
            phase: "rsync-back",
            seconds: null,
            bytes: received,
            source: "rsync-stats",
            sourceDetail: `"Total bytes received" of ${blocks.length} rsync --stats block(s) in ${back.log.file}`,
            locator: `${back.log.file}:${back.line}-${pull.line}`,
          });
        }
      }
      // A remote build without markers (no log) gets no build time: its step time includes the rsyncs.
      if (
        !span("Build via ssh", "Rsync back", "build") &&
        (record.platform === null || isLocalPlatform(record.platform))
      ) {
        const local = stepDraft("build", "build");
        if (local) add(local);
      }
    }
  }

  const platforms = [
    ...new Set(taskRuns.flatMap((t) => (t.arch && t.arch !== "shared" && t.role !== "other" ? [t.arch] : []))),
  ].sort(compareArches);

  for (const { file, sizes } of facts.lockfiles) {
    for (const [archName, bytes] of Object.entries(sizes.bytesByArch)) {
      const arch = normalizeArch(archName);
      if (!arch || bytes === undefined) continue;
      if (platforms.length > 0 && !platforms.includes(arch)) continue;
      add({
        taskRunName: null,
        arch,
        phase: "payload",
        seconds: null,
        bytes,
        source: "lockfile",
        sourceDetail:
          arch === "source" ? `${file}: source RPMs of every arch, de-duplicated` : `${file}: ${arch} packages`,
        locator: file,
      });
    }
  }
  for (const { file, sizes } of facts.manifests) {
    const layer = sizes.layers.find((l) => l.title === "CACHI2_ARTIFACT");
    if (!layer) continue;
    add({
      taskRunName: null,
      arch: sizes.arch ?? "shared",
      phase: "artifact",
      seconds: null,
      bytes: layer.bytes,
      source: "manifest",
      sourceDetail: `${file}: CACHI2_ARTIFACT layer (compressed)`,
      locator: `${file}#${layer.digest}`,
    });
  }

  for (const { draft, count } of extraTimes.values()) {
    warnings.push(
      count === 1
        ? `${run.name}: a second ${draft.phase} time for ${draft.arch} (${draft.sourceDetail}) was not stored; the first one was kept`
        : `${run.name}: ${count} more ${draft.phase} times for ${draft.arch} (e.g. ${draft.sourceDetail}) were not stored; the first one was kept`,
    );
  }
  const verdict = detectStrategy(run, taskRuns);
  return {
    run,
    taskRuns,
    measurements,
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
