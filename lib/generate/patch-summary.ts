// The one-line account of a patch a reviewer reads first ("318 lines changed in 11 tasks and the params"), from
// the unified diff and the paths of the in-place edits (./patch-splice.ts). Pure.
import type { Splice } from "./patch-splice";

export interface DiffSummary {
  linesAdded: number;
  linesRemoved: number;
  /** Tasks (and finally tasks) added, removed or edited, in file order. */
  tasks: string[];
  /** Other parts edited: "params", "workspaces", "results", … */
  sections: string[];
  headline: string;
}

const plural = (count: number, noun: string) => `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;

function list(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

export function summarisePatch(diff: string, splices: readonly Splice[], specPath: readonly string[]): DiffSummary {
  const lines = diff.split("\n");
  const linesAdded = lines.filter((line) => line.startsWith("+") && !line.startsWith("+++")).length;
  const linesRemoved = lines.filter((line) => line.startsWith("-") && !line.startsWith("---")).length;
  const tasks: string[] = [];
  const sections: string[] = [];
  const ordered = [...splices].sort((a, b) => a.from - b.from);
  for (const { path } of ordered) {
    const inSpec = specPath.every((key, i) => path[i] === key);
    const list = inSpec ? path[specPath.length] : undefined;
    const task = path[specPath.length + 1];
    if ((list === "tasks" || list === "finally") && task !== undefined) {
      if (!tasks.includes(task)) tasks.push(task);
      continue;
    }
    // spec.params of a PipelineRun and the pipeline's params are both "the params".
    const section = path.filter((key) => key !== "spec" && key !== "pipelineSpec")[0] ?? "file";
    if (!sections.includes(section)) sections.push(section);
  }
  const changed = linesAdded + linesRemoved;
  const where = [...(tasks.length > 0 ? [plural(tasks.length, "task")] : []), ...sections.map((s) => `the ${s}`)];
  const headline =
    changed === 0
      ? "No change: the file already has this strategy's wiring"
      : `${plural(changed, "line")} changed${where.length > 0 ? ` in ${list(where)}` : ""}`;
  return { linesAdded, linesRemoved, tasks, sections, headline };
}
