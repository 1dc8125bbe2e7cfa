// Which builds on one shared PVC workspace can run at the same time (docs/measurements.md "Hazards"): in
// n·log n for time overlaps and with bitsets for the runAfter order, so thousands of builds stay cheap. Pure.
import type { PipelineTaskSpec } from "../tekton/types";

export interface Interval {
  name: string;
  /** Pipeline task the build ran for; builds of one pipeline task (a matrix) are never ordered. */
  pipelineTaskName: string | null;
  start: Date | null;
  /** null while it runs: it overlaps everything after its start. */
  end: Date | null;
}

export interface RaceFinding {
  /** Builds that can run at the same time as at least one other. */
  racing: number;
  /** A few racing pairs, for the message. */
  examples: [string, string][];
}

const MAX_EXAMPLES = 3;
/** Above this many bitset words the order check gives up and treats every unordered-looking build as racing. */
const MAX_BITSET_WORDS = 32 * 1024 * 1024;

const endOf = (interval: Interval) => interval.end?.getTime() ?? Number.POSITIVE_INFINITY;

/** Indices of intervals that overlap another one, with an example pair each time one is found. */
export function overlapping(intervals: readonly Interval[], examples: [string, string][] = []): Set<number> {
  const started = intervals
    .map((interval, index) => ({ interval, index, start: interval.start?.getTime() }))
    .filter((item): item is typeof item & { start: number } => item.start !== undefined)
    .sort((a, b) => a.start - b.start || a.index - b.index);
  const found = new Set<number>();
  let maxEnd = Number.NEGATIVE_INFINITY;
  let maxOwner = -1;
  for (let i = 0; i < started.length; i++) {
    const current = started[i]!;
    // An earlier build still running when this one starts.
    if (maxOwner !== -1 && current.start < maxEnd) {
      found.add(current.index);
      found.add(started[maxOwner]!.index);
      if (examples.length < MAX_EXAMPLES) examples.push([started[maxOwner]!.interval.name, current.interval.name]);
    }
    // The next build (the earliest later start) starting before this one ends.
    const next = started[i + 1];
    if (next && next.start < endOf(current.interval)) found.add(current.index);
    if (endOf(current.interval) > maxEnd) {
      maxEnd = endOf(current.interval);
      maxOwner = i;
    }
  }
  return found;
}

/** Bitsets over `size` bits. */
const words = (size: number) => Math.ceil(size / 32);
const hasBit = (set: Uint32Array, bit: number) => (set[bit >>> 5]! & (1 << (bit & 31))) !== 0;
const setBit = (set: Uint32Array, bit: number) => {
  set[bit >>> 5]! |= 1 << (bit & 31);
};

/**
 * For each group (a pipeline task with remote builds), the groups it is ordered with through runAfter, either
 * way. Ancestors and descendants are propagated once over the pipeline graph (cycles in a hostile spec are cut).
 */
function orderedGroups(groups: readonly string[], tasks: readonly PipelineTaskSpec[]): Uint32Array[] | null {
  const groupIndex = new Map(groups.map((name, index) => [name, index]));
  const names = [...new Set([...tasks.map((t) => t.name), ...groups])];
  const width = words(groups.length);
  if (names.length * width * 2 > MAX_BITSET_WORDS) return null;
  const before = new Map<string, string[]>();
  const after = new Map<string, string[]>();
  const add = (edges: Map<string, string[]>, from: string, to: string) => {
    const list = edges.get(from);
    if (list) list.push(to);
    else edges.set(from, [to]);
  };
  for (const task of tasks) {
    for (const parent of task.runAfter) {
      add(before, task.name, parent);
      add(after, parent, task.name);
    }
  }
  const closure = (edges: Map<string, string[]>): Map<string, Uint32Array> => {
    const done = new Map<string, Uint32Array>();
    const visiting = new Set<string>();
    for (const root of names) {
      if (done.has(root)) continue;
      // Iterative post-order DFS: a node's set is the union of its neighbours' sets and bits.
      const stack: { name: string; expanded: boolean }[] = [{ name: root, expanded: false }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (done.has(top.name)) {
          stack.pop();
          continue;
        }
        const neighbours = edges.get(top.name) ?? [];
        if (!top.expanded) {
          top.expanded = true;
          visiting.add(top.name);
          for (const next of neighbours)
            if (!done.has(next) && !visiting.has(next)) stack.push({ name: next, expanded: false });
          continue;
        }
        const set = new Uint32Array(width);
        for (const next of neighbours) {
          const nextSet = done.get(next);
          if (!nextSet) continue; // a cycle back to a node still being visited
          for (let w = 0; w < width; w++) set[w]! |= nextSet[w]!;
          const bit = groupIndex.get(next);
          if (bit !== undefined) setBit(set, bit);
        }
        visiting.delete(top.name);
        done.set(top.name, set);
        stack.pop();
      }
    }
    return done;
  };
  const ancestors = closure(before);
  const descendants = closure(after);
  return groups.map((name) => {
    const set = new Uint32Array(width);
    const a = ancestors.get(name)!;
    const d = descendants.get(name)!;
    for (let w = 0; w < width; w++) set[w] = a[w]! | d[w]!;
    return set;
  });
}

/**
 * Builds racing on one volume: two race when their times overlap or when no runAfter path orders their pipeline
 * tasks (then nothing stops them from overlapping on another day).
 */
export function findRaces(builds: readonly Interval[], tasks: readonly PipelineTaskSpec[]): RaceFinding {
  const examples: [string, string][] = [];
  const racing = overlapping(builds, examples);
  const members = new Map<string, number[]>();
  builds.forEach((build, index) => {
    // A build without a pipeline task name is ordered with nothing.
    const key = build.pipelineTaskName ?? `\u0000${index}`;
    const list = members.get(key);
    if (list) list.push(index);
    else members.set(key, [index]);
  });
  const groups = [...members.keys()];
  const first = (group: number) => members.get(groups[group]!)![0]!;
  for (const indices of members.values()) {
    if (indices.length < 2) continue;
    for (const index of indices) racing.add(index);
    if (examples.length < MAX_EXAMPLES) examples.push([builds[indices[0]!]!.name, builds[indices[1]!]!.name]);
  }
  if (groups.length > 1) {
    const ordered = orderedGroups(groups, tasks);
    groups.forEach((_, group) => {
      let other = -1;
      if (ordered === null) other = group === 0 ? 1 : 0;
      else {
        for (let candidate = 0; candidate < groups.length && other === -1; candidate++) {
          if (candidate !== group && !hasBit(ordered[group]!, candidate)) other = candidate;
        }
      }
      if (other === -1) return;
      for (const index of members.get(groups[group]!)!) racing.add(index);
      if (examples.length < MAX_EXAMPLES && group < other) {
        examples.push([builds[first(group)]!.name, builds[first(other)]!.name]);
      }
    });
  }
  return { racing: racing.size, examples };
}
