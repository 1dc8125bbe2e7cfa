// Where a TaskRun's architecture and role come from (docs/measurements.md): PLATFORM param, the
// target-platform label, a name suffix, and later a log line. Pure string rules, no I/O.
import { BUILD_ARCHES, normalizeArch, type Arch, type BuildArch } from "../domain/arch";
import type { ArchEvidence, PipelineTaskSpec, TaskRunRecord } from "./types";

export const TARGET_PLATFORM_LABEL = "build.appstudio.redhat.com/target-platform";

/** Platforms the multi-platform controller runs in the TaskRun's own pod (amd64 cluster nodes): no rsync. */
const LOCAL_PLATFORMS = new Set(["linux/x86_64", "local", "localhost"]);

function asBuildArch(name: string): BuildArch | null {
  const arch = normalizeArch(name);
  return arch !== null && (BUILD_ARCHES as readonly string[]).includes(arch) ? (arch as BuildArch) : null;
}

export function isLocalPlatform(platform: string): boolean {
  return LOCAL_PLATFORMS.has(platform.trim().toLowerCase());
}

/**
 * Arch of a PLATFORM param: `<os>[-<size>]/<arch>[/<variant>]` (`linux-m2xlarge/arm64`, `linux/arm64/v8`),
 * or a local platform (amd64). Anything else, including `linux/source`, is null.
 */
export function archFromPlatform(platform: string): BuildArch | null {
  const value = platform.trim().toLowerCase();
  if (isLocalPlatform(value)) return "amd64";
  const parts = value.split("/");
  if (parts.length < 2 || parts.length > 3 || parts[0] === "") return null;
  return asBuildArch(parts[1] ?? "");
}

/** The target-platform label is PLATFORM with `/` replaced by `-`, e.g. `linux-m2xlarge-arm64`, `linux-x86_64`. */
const LABEL_ARCH_SUFFIX = /(?:^|-)(amd64|x86[-_]64|arm64|aarch64|ppc64le|s390x)$/i;

export function archFromTargetPlatformLabel(label: string): BuildArch | null {
  const value = label.trim();
  if (isLocalPlatform(value)) return "amd64";
  const match = LABEL_ARCH_SUFFIX.exec(value);
  return match?.[1] ? asBuildArch(match[1]) : null;
}

/** Per-arch task names written by users: `build-container-arm64`, `prefetch-dependencies-x86-64`, `…-source`. */
const TASK_NAME_ARCH_SUFFIX = /-(amd64|x86[-_]64|arm64|aarch64|ppc64le|s390x|source|src)$/i;

export function archFromTaskName(name: string): Arch | null {
  const match = TASK_NAME_ARCH_SUFFIX.exec(name.trim());
  return match?.[1] ? normalizeArch(match[1]) : null;
}

export type TaskRole = "prefetch" | "build" | "source-build" | "other";

/** `build-arm64`, `build-container-ppc64le`, `build-x86-64`: a per-arch build pipeline task. */
const PER_ARCH_BUILD_TASK = /^build-(?:container-)?(amd64|x86[-_]64|arm64|aarch64|ppc64le|s390x)$/i;

/** Role of a TaskRun or pipeline task, from its Task name and its pipeline task name. */
export function taskRole(task: TaskRunRecord | PipelineTaskSpec): TaskRole {
  const taskName = task.taskName?.toLowerCase() ?? "";
  // A standalone TaskRun has no pipeline task name; its own name is the best stand-in.
  const pipelineTaskName = (
    "pipelineTaskName" in task ? (task.pipelineTaskName ?? task.name) : task.name
  ).toLowerCase();
  const names = [taskName, pipelineTaskName];
  if (names.some((name) => name.includes("source-build"))) return "source-build";
  if (names.some((name) => name.includes("prefetch-dependencies"))) return "prefetch";
  if (
    taskName.includes("buildah") ||
    pipelineTaskName === "build-images" ||
    pipelineTaskName === "build-container" ||
    PER_ARCH_BUILD_TASK.test(pipelineTaskName)
  ) {
    return "build";
  }
  return "other";
}

export interface ResolvedArch {
  arch: Arch | null;
  archEvidence: ArchEvidence | null;
}

/**
 * Strongest evidence first: PLATFORM param, target-platform label, then a name suffix (pipeline task,
 * TaskRun, Task) or a source-build Task. Log evidence is added later with {@link withLogArch}.
 */
export function resolveTaskRunArch(
  record: Pick<TaskRunRecord, "platform" | "labels" | "name" | "pipelineTaskName" | "taskName">,
): ResolvedArch {
  const fromPlatform = record.platform === null ? null : archFromPlatform(record.platform);
  if (fromPlatform) return { arch: fromPlatform, archEvidence: "PLATFORM" };

  const label = record.labels[TARGET_PLATFORM_LABEL];
  const fromLabel = label === undefined ? null : archFromTargetPlatformLabel(label);
  if (fromLabel) return { arch: fromLabel, archEvidence: "target-platform-label" };

  for (const name of [record.pipelineTaskName, record.name, record.taskName]) {
    const fromName = name === null ? null : archFromTaskName(name);
    if (fromName) return { arch: fromName, archEvidence: "task-name" };
  }
  const isSourceBuild = [record.taskName, record.pipelineTaskName].some((name) =>
    name?.toLowerCase().includes("source-build"),
  );
  if (isSourceBuild) return { arch: "source", archEvidence: "task-name" };
  return { arch: null, archEvidence: null };
}

/** Applies an arch read from the TaskRun's log, only when no stronger evidence gave one. */
export function withLogArch(record: TaskRunRecord, logArch: string): TaskRunRecord {
  if (record.arch !== null) return record;
  const arch = normalizeArch(logArch);
  return arch === null ? record : { ...record, arch, archEvidence: "log" };
}
