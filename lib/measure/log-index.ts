// Which logs of a bundle belong to which TaskRun (by its name, or by a `tkn pr logs` pipeline-task prefix that
// names only that TaskRun), and the signals of those logs, optionally of one step. Pure.
import type { LogSignal } from "../logs/types";
import type { TaskRunRecord } from "../tekton/types";
import type { LinkedPipelineRun, LogEvidence } from "./types";

export type LogsOf = (taskRun: TaskRunRecord) => LogEvidence[];

function groupBy(logs: LogEvidence[], key: (log: LogEvidence) => string | null): Map<string, LogEvidence[]> {
  const groups = new Map<string, LogEvidence[]>();
  for (const log of logs) {
    const name = key(log);
    if (name === null) continue;
    const list = groups.get(name);
    if (list) list.push(log);
    else groups.set(name, [log]);
  }
  return groups;
}

/**
 * Logs that belong to a TaskRun: by its name, or by its pipeline task when that names only this TaskRun. Indexed
 * once per run, so a run with thousands of TaskRuns and logs stays linear. Logs of a pipeline task shared by
 * several TaskRuns (a matrix) go to none of them, with one warning per log stream.
 */
export function logIndex(run: LinkedPipelineRun, logs: LogEvidence[], warnings: string[]): LogsOf {
  const byTaskRun = groupBy(logs, (log) => log.taskRunName);
  const byPipelineTask = groupBy(logs, (log) => (log.taskRunName === null ? log.pipelineTaskName : null));
  const siblings = new Map<string, number>();
  for (const t of run.taskRuns) {
    if (t.pipelineTaskName !== null) siblings.set(t.pipelineTaskName, (siblings.get(t.pipelineTaskName) ?? 0) + 1);
  }
  const warned = new Set<string>();
  const position = new Map(logs.map((log, index) => [log, index]));
  return (taskRun) => {
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

/** The signals of the logs, with the log each was found in; with a step, only logs of that step or of no step. */
export function signalsOf(logs: LogEvidence[], step?: string): { log: LogEvidence; signal: LogSignal }[] {
  return logs
    .filter((log) => step === undefined || log.step === null || log.step === step)
    .flatMap((log) => log.result.signals.map((signal) => ({ log, signal })));
}
