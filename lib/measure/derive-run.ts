// Turns one PipelineRun with its TaskRuns, and the logs, lockfiles and manifests of its bundle, into
// measurements per (arch, phase) with their sources (docs/measurements.md). Pure.
import { compareArches, normalizeArch } from "../domain/arch";
import type { LogSignal, RemoteMarker } from "../logs/types";
import { isLocalPlatform, taskRole, withLogArch } from "../tekton/arch";
import type { TaskRunRecord } from "../tekton/types";
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

const seconds = (from: Date | null, to: Date | null) =>
  from && to ? Math.max(0, (to.getTime() - from.getTime()) / 1000) : null;

/** Logs that belong to a TaskRun: by its name, or by its pipeline task when that names only this TaskRun. */
function logsFor(
  taskRun: TaskRunRecord,
  run: LinkedPipelineRun,
  logs: LogEvidence[],
  warnings: string[],
): LogEvidence[] {
  return logs.filter((log) => {
    if (log.taskRunName !== null) return log.taskRunName === taskRun.name;
    if (log.pipelineTaskName === null || log.pipelineTaskName !== taskRun.pipelineTaskName) return false;
    const siblings = run.taskRuns.filter((t) => t.pipelineTaskName === log.pipelineTaskName);
    if (siblings.length > 1) {
      const warning = `${log.file}: the lines of [${log.pipelineTaskName} : ${log.step ?? "?"}] come from ${siblings.length} TaskRuns (a matrix shares one prefix); they are not attributed to any architecture — upload per-TaskRun logs instead`;
      if (!warnings.includes(warning)) warnings.push(warning);
      return false;
    }
    return true;
  });
}

function signalsOf(logs: LogEvidence[], step?: string): { log: LogEvidence; signal: LogSignal }[] {
  return logs
    .filter((log) => step === undefined || log.step === null || log.step === step)
    .flatMap((log) => log.result.signals.map((signal) => ({ log, signal })));
}

function resolveArch(taskRun: TaskRunRecord, role: DerivedTaskRun["role"], logs: LogEvidence[]): DerivedTaskRun {
  let record = taskRun;
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

export function deriveRun(run: LinkedPipelineRun, facts: BundleFacts): DerivedRun {
  const warnings: string[] = [];
  const measurements: MeasurementDraft[] = [];
  const add = (draft: MeasurementDraft) => {
    const taken = measurements.some(
      (m) => m.arch === draft.arch && m.phase === draft.phase && (draft.seconds === null || m.seconds !== null),
    );
    if (taken && draft.seconds !== null) {
      warnings.push(
        `${run.name}: a second ${draft.phase} time for ${draft.arch} (${draft.sourceDetail}) was not stored; the first one was kept`,
      );
      return;
    }
    measurements.push(draft);
  };

  const taskRuns = run.taskRuns.map((record) =>
    resolveArch(record, taskRole(record), logsFor(record, run, facts.logs, warnings)),
  );

  for (const taskRun of taskRuns) {
    const { record, role, arch } = taskRun;
    if (arch === null) continue;
    const logs = logsFor(record, run, facts.logs, warnings);
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

    if (role === "prefetch") {
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
      const queue = first ? seconds(record.startTime, first.startedAt) : null;
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

  const verdict = detectStrategy(run, taskRuns);
  return {
    run,
    taskRuns,
    measurements,
    strategy: verdict.strategy,
    strategyReason: verdict.reason,
    hazards: verdict.hazards,
    platforms,
    warnings,
  };
}
