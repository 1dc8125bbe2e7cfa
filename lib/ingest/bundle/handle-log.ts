// A log file of an upload: streamed through the log scanner (any size), each (task, step) stream becoming
// LogEvidence tied to the TaskRun or pipeline task its prefixes or path name.
import type { Readable } from "node:stream";
import { scanLogStream } from "../../logs/scan-stream";
import type { LogScanResult } from "../../logs/types";
import type { LogEvidence } from "../../measure/types";
import type { BundleCollector } from "./collector";
import { logMode, logOwner, type LogMode } from "./sniff";

/** The evidence of one scanned stream: `key` is `task/step`, a step, or `""` as the log mode says. */
function evidenceFor(file: string, mode: LogMode, key: string, result: LogScanResult): LogEvidence {
  if (mode === "pipelinerun") {
    const [task, step] = key.includes("/") ? key.split("/", 2) : [null, null];
    return { file, taskRunName: null, pipelineTaskName: task ?? null, step: step ?? null, result };
  }
  const owner = logOwner(file);
  if (mode === "taskrun") {
    return { file, taskRunName: owner.taskRunName, pipelineTaskName: null, step: key || null, result };
  }
  return { file, taskRunName: owner.taskRunName, pipelineTaskName: null, step: owner.step, result };
}

/** Scans a log (`head` is its start, `content` all of it) and records its evidence and per-file line. */
export async function handleLog(
  collector: BundleCollector,
  file: string,
  head: Buffer,
  content: Readable,
): Promise<void> {
  const mode = logMode(head);
  const results = await scanLogStream(content, { mode });
  for (const [key, result] of results) {
    collector.facts.logs.push(evidenceFor(file, mode, key, result));
    collector.warnings.push(...result.warnings.map((w) => `${file}: ${w}`));
  }
  const signals = [...results.values()].reduce((n, r) => n + r.signals.length, 0);
  collector.files.push({ name: file, kind: "log", status: "ok", message: `${signals} signal(s)` });
}
