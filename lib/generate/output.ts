// What both generate and patch return, and the serialisation settings they share.
import { isPinnedBundle } from "./bundles";
import type { Check } from "./checks";
import type { DiffSummary } from "./patch-summary";
import { taskBundle, taskKind, type PipelineTask } from "./tekton";

export interface GenerateResult {
  yaml: string;
  /** Patch mode only: unified diff from the base file to `yaml`. */
  diff?: string;
  /** Patch mode only: lines added and removed, the tasks and other parts edited, and a one-line headline. */
  diffSummary?: DiffSummary;
  warnings: string[];
  checks: Check[];
}

/** `lineWidth: 0` never folds long strings (CEL expressions, JSON inputs), so the output is stable and greppable. */
export const STRINGIFY_OPTIONS = { lineWidth: 0 } as const;

/** One warning naming every task kind whose bundle is a bare tag. */
export function bundleWarnings(tasks: readonly PipelineTask[]): string[] {
  const unpinned = [
    ...new Set(
      tasks.filter((task) => !isPinnedBundle(taskBundle(task) ?? "")).map((task) => taskKind(task) ?? task.name),
    ),
  ];
  return unpinned.length === 0
    ? []
    : [`Bundles without a digest (${unpinned.join(", ")}): pin them to @sha256:… before merging (MintMaker does it).`];
}
