// findRaces and overlapping against the obvious pairwise reference (the code they replaced), on random
// pipelines; and their answers at hostile scale stay small.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findRaces, overlapping, type Interval } from "@/lib/measure/race";
import type { PipelineTaskSpec } from "@/lib/tekton/types";

const T0 = Date.UTC(2026, 10, 1);
const at = (s: number) => new Date(T0 + s * 1000);

function task(name: string, runAfter: string[] = []): PipelineTaskSpec {
  return { name, taskName: "buildah-remote", runAfter, params: {}, workspaces: [], matrixParams: [] };
}

/** The pairwise definition: two builds race when they overlap or no runAfter path links their tasks. */
function reference(builds: Interval[], tasks: PipelineTaskSpec[]): number {
  const after = new Map(tasks.map((t) => [t.name, t.runAfter]));
  const reaches = (from: string, to: string) => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const current = stack.pop()!;
      if (current === to) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      stack.push(...(after.get(current) ?? []));
    }
    return false;
  };
  const ordered = (a: string | null, b: string | null) =>
    a !== null && b !== null && a !== b && (reaches(a, b) || reaches(b, a));
  const end = (i: Interval) => i.end?.getTime() ?? Number.POSITIVE_INFINITY;
  const overlaps = (a: Interval, b: Interval) =>
    a.start !== null && b.start !== null && a.start.getTime() < end(b) && b.start.getTime() < end(a);
  const racing = new Set<number>();
  for (let i = 0; i < builds.length; i++) {
    for (let j = i + 1; j < builds.length; j++) {
      const [a, b] = [builds[i]!, builds[j]!];
      if (overlaps(a, b) || !ordered(a.pipelineTaskName, b.pipelineTaskName)) racing.add(i).add(j);
    }
  }
  return racing.size;
}

const pipelineArbitrary = fc.integer({ min: 1, max: 7 }).chain((taskCount) =>
  fc.record({
    // Each task may run after any earlier one (a DAG), plus an occasional edge back (a cycle in hostile input).
    edges: fc.array(fc.tuple(fc.nat(taskCount - 1), fc.nat(taskCount - 1)), { maxLength: taskCount * 2 }),
    builds: fc.array(
      fc.record({
        task: fc.option(fc.nat(taskCount - 1), { nil: null, freq: 8 }),
        start: fc.option(fc.nat(100), { nil: null, freq: 8 }),
        length: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null, freq: 6 }),
      }),
      { maxLength: 8 },
    ),
    taskCount: fc.constant(taskCount),
  }),
);

describe("findRaces", () => {
  it("counts the same racing builds as the pairwise definition", () => {
    fc.assert(
      fc.property(pipelineArbitrary, ({ edges, builds, taskCount }) => {
        const tasks = Array.from({ length: taskCount }, (_, i) =>
          task(
            `t${i}`,
            edges.filter(([from, to]) => from === i && to < i).map(([, to]) => `t${to}`),
          ),
        );
        const intervals: Interval[] = builds.map((b, i) => ({
          name: `b${i}`,
          pipelineTaskName: b.task === null ? null : `t${b.task}`,
          start: b.start === null ? null : at(b.start),
          end: b.start === null || b.length === null ? null : at(b.start + b.length),
        }));
        const found = findRaces(intervals, tasks);
        expect(found.racing).toBe(reference(intervals, tasks));
        expect(found.examples.length).toBeLessThanOrEqual(3);
        if (found.racing > 0) expect(found.examples.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it("chained builds that never overlapped do not race; an unordered pair does", () => {
    const tasks = [task("a"), task("b", ["a"]), task("c", ["b"]), task("d", ["a"])];
    const build = (name: string, start: number, end: number): Interval => ({
      name: `run-${name}`,
      pipelineTaskName: name,
      start: at(start),
      end: at(end),
    });
    expect(findRaces([build("a", 0, 10), build("b", 11, 20), build("c", 21, 30)], tasks)).toEqual({
      racing: 0,
      examples: [],
    });
    const found = findRaces([build("b", 11, 20), build("d", 31, 40)], tasks);
    expect(found).toEqual({ racing: 2, examples: [["run-b", "run-d"]] });
  });

  it("survives a cyclic runAfter graph (which Tekton would reject) without looping", () => {
    const tasks = [task("a", ["b"]), task("b", ["a"])];
    const builds: Interval[] = ["a", "b"].map((name, i) => ({
      name,
      pipelineTaskName: name,
      start: at(i * 100),
      end: at(i * 100 + 10),
    }));
    expect(findRaces(builds, tasks).racing).toBeLessThanOrEqual(2);
  });

  it("answers 5,000 builds of one matrix task quickly with a short answer", () => {
    const builds: Interval[] = Array.from({ length: 5000 }, (_, i) => ({
      name: `build-${i}`,
      pipelineTaskName: "build-images",
      start: at(i),
      end: at(i + 30),
    }));
    const found = findRaces(builds, [task("build-images")]);
    expect(found.racing).toBe(5000);
    expect(found.examples).toHaveLength(3);
  });

  it("answers 5,000 builds of 5,000 chained tasks (a bitset per task), none racing", () => {
    const tasks = Array.from({ length: 5000 }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`]));
    const builds: Interval[] = tasks.map((t, i) => ({
      name: `b${i}`,
      pipelineTaskName: t.name,
      start: at(i * 10),
      end: at(i * 10 + 5),
    }));
    expect(findRaces(builds, tasks).racing).toBe(0);
  });
});

describe("overlapping", () => {
  it("finds every interval that overlaps another, in n log n", () => {
    const intervals: Interval[] = [
      { name: "a", pipelineTaskName: null, start: at(0), end: at(10) },
      { name: "b", pipelineTaskName: null, start: at(2), end: at(3) },
      { name: "c", pipelineTaskName: null, start: at(5), end: at(6) },
      { name: "d", pipelineTaskName: null, start: at(20), end: at(30) },
      { name: "e", pipelineTaskName: null, start: null, end: null },
    ];
    expect([...overlapping(intervals)].sort()).toEqual([0, 1, 2]);
  });
});
