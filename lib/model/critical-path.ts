// The longest path through a predicted task graph (queue plus task seconds): the wall time of a strategy and
// the tasks on its critical path. Pure.
import type { PredictedTask } from "./types";

/** The longest path through the task graph (seconds plus queue), and the tasks on it. */
export function criticalPath(tasks: readonly PredictedTask[]): {
  wallS: number;
  path: { task: string; seconds: number }[];
} {
  const byName = new Map(tasks.map((task) => [task.name, task]));
  const finish = new Map<string, { at: number; via: string | null }>();
  const visit = (name: string, stack: Set<string>): number => {
    const known = finish.get(name);
    if (known) return known.at;
    if (stack.has(name)) throw new Error(`task graph has a cycle at ${name}`);
    const task = byName.get(name);
    if (!task) throw new Error(`task graph names an unknown task ${name}`);
    stack.add(name);
    let start = 0;
    let via: string | null = null;
    for (const before of task.after) {
      const end = visit(before, stack);
      if (end > start) {
        start = end;
        via = before;
      }
    }
    stack.delete(name);
    const at = start + task.queueS + task.seconds;
    finish.set(name, { at, via });
    return at;
  };
  let last: string | null = null;
  let wallS = 0;
  for (const task of tasks) {
    const at = visit(task.name, new Set());
    if (last === null || at > wallS) {
      wallS = at;
      last = task.name;
    }
  }
  const path: { task: string; seconds: number }[] = [];
  for (let name = last; name !== null; name = finish.get(name)?.via ?? null) {
    const task = byName.get(name)!;
    path.unshift({ task: name, seconds: task.queueS + task.seconds });
  }
  return { wallS, path };
}
