// The run timeline: lanes per arch in a fixed order, offsets from the run's start, steps as segments,
// and the critical path inferred from timestamps (the database keeps no runAfter graph).
import { describe, expect, it } from "vitest";
import { axisTicks, buildTimeline, CRITICAL_PATH_TOLERANCE_SECONDS, OTHER_LANE } from "@/lib/runs/timeline";
import { at, matrixRun, run, taskRun } from "./run-details";

const labelsOnPath = (detail: ReturnType<typeof matrixRun>) => {
  const timeline = buildTimeline(detail);
  const bars = timeline.lanes.flatMap((lane) => lane.bars);
  return timeline.criticalPath.map((id) => {
    const bar = bars.find((b) => b.id === id);
    return bar?.arch ? `${bar.label}/${bar.arch}` : bar?.label;
  });
};

describe("buildTimeline on a matrix Trusted Artifacts build", () => {
  it("groups TaskRuns into lanes per arch: build arches, source, shared, then those without an arch", () => {
    const timeline = buildTimeline(matrixRun());
    expect(timeline.lanes.map((lane) => lane.key)).toEqual([
      "amd64",
      "arm64",
      "ppc64le",
      "s390x",
      "source",
      "shared",
      OTHER_LANE,
    ]);
    expect(timeline.lanes.find((lane) => lane.key === OTHER_LANE)?.bars.map((bar) => bar.label)).toEqual([
      "init",
      "clone-repository",
      "build-image-index",
    ]);
    expect(timeline.lanes.find((lane) => lane.key === "shared")?.bars.map((bar) => bar.label)).toEqual([
      "prefetch-dependencies",
    ]);
  });

  it("keeps the lane order whatever order the TaskRuns come in", () => {
    const detail = matrixRun();
    const shuffled = { ...detail, taskRuns: [...detail.taskRuns].reverse() };
    expect(buildTimeline(shuffled).lanes.map((lane) => lane.key)).toEqual(
      buildTimeline(detail).lanes.map((lane) => lane.key),
    );
    expect(buildTimeline(shuffled).criticalPath).toEqual(buildTimeline(detail).criticalPath);
  });

  it("places bars and steps in seconds from the run's start", () => {
    const timeline = buildTimeline(matrixRun());
    expect(timeline.origin).toBe(at(0));
    expect(timeline.wallSeconds).toBe(2122);
    expect(timeline.spanSeconds).toBe(2122);
    const prefetch = timeline.lanes.find((lane) => lane.key === "shared")?.bars[0];
    expect(prefetch).toMatchObject({ startOffset: 49, endOffset: 862, durationSeconds: 813, role: "prefetch" });
    expect(prefetch?.steps).toEqual([
      { name: "use-trusted-artifact", startOffset: 54, endOffset: 60, durationSeconds: 6 },
      { name: "prefetch-dependencies", startOffset: 60, endOffset: 672, durationSeconds: 612 },
      { name: "create-trusted-artifact", startOffset: 672, endOffset: 859, durationSeconds: 187 },
    ]);
    const ppc64le = timeline.lanes.find((lane) => lane.key === "ppc64le")?.bars[0];
    expect(ppc64le).toMatchObject({ label: "build-images", startOffset: 863, endOffset: 2100, durationSeconds: 1237 });
  });

  it("finds the critical path init → clone → prefetch → the slowest build (ppc64le) → index", () => {
    expect(labelsOnPath(matrixRun())).toEqual([
      "init",
      "clone-repository",
      "prefetch-dependencies/shared",
      "build-images/ppc64le",
      "build-image-index",
    ]);
    const timeline = buildTimeline(matrixRun());
    const critical = timeline.lanes.flatMap((lane) => lane.bars).filter((bar) => bar.critical);
    expect(critical.map((bar) => bar.id).sort()).toEqual([...timeline.criticalPath].sort());
    expect(timeline.lanes.find((lane) => lane.key === "source")?.bars[0]?.critical).toBe(false);
    expect(timeline.lanes.find((lane) => lane.key === "s390x")?.bars[0]?.critical).toBe(false);
  });

  it("follows whichever build is slowest", () => {
    const detail = matrixRun();
    const s390x = detail.taskRuns.find((t) => t.arch === "s390x");
    if (s390x) s390x.completionTime = at(2100.5);
    expect(labelsOnPath(detail)).toContain("build-images/s390x");
    expect(labelsOnPath(detail)).not.toContain("build-images/ppc64le");
  });

  it("ends at the source build when it completes last", () => {
    const detail = matrixRun();
    const source = detail.taskRuns.find((t) => t.arch === "source");
    if (source) source.completionTime = at(2300);
    expect(labelsOnPath(detail)).toEqual([
      "init",
      "clone-repository",
      "prefetch-dependencies/shared",
      "build-source-image/source",
    ]);
  });

  it(`links a TaskRun that starts up to ${CRITICAL_PATH_TOLERANCE_SECONDS} s before its predecessor's recorded completion, not more`, () => {
    const within = matrixRun();
    const prefetchWithin = within.taskRuns.find((t) => t.role === "prefetch");
    if (prefetchWithin) prefetchWithin.completionTime = at(864.5); // builds start at 863
    expect(labelsOnPath(within)).toContain("prefetch-dependencies/shared");

    const beyond = matrixRun();
    const prefetchBeyond = beyond.taskRuns.find((t) => t.role === "prefetch");
    if (prefetchBeyond) prefetchBeyond.completionTime = at(865.5);
    expect(labelsOnPath(beyond)).toEqual(["init", "clone-repository", "build-images/ppc64le", "build-image-index"]);
  });
});

describe("buildTimeline on partial data", () => {
  it("lists TaskRuns without a start or completion but never draws them or puts them on the path", () => {
    const detail = matrixRun();
    const ppc64le = detail.taskRuns.find((t) => t.arch === "ppc64le");
    const s390x = detail.taskRuns.find((t) => t.arch === "s390x");
    if (ppc64le) ppc64le.completionTime = null;
    if (s390x) s390x.startTime = null;
    const timeline = buildTimeline(detail);
    expect(timeline.lanes.map((lane) => lane.key)).toEqual(["amd64", "arm64", "source", "shared", OTHER_LANE]);
    expect(timeline.undrawn).toEqual([
      expect.objectContaining({ id: ppc64le?.id, label: "build-images", reason: "no completion time recorded" }),
      expect.objectContaining({ id: s390x?.id, label: "build-images", reason: "no start time recorded" }),
    ]);
    expect(timeline.criticalPath).not.toContain(ppc64le?.id);
    expect(labelsOnPath(detail)).toEqual([
      "init",
      "clone-repository",
      "prefetch-dependencies/shared",
      "build-images/arm64",
      "build-image-index",
    ]);
  });

  it("skips steps without times as segments but keeps them, and rejects a completion before the start", () => {
    const detail = run({
      name: "odd",
      taskRuns: [
        taskRun({ name: "a", arch: "amd64" }, 0, 30, [
          ["prepare", 0, 10],
          ["build", 10, null],
        ]),
        taskRun({ name: "b", arch: "arm64" }, 40, 20),
      ],
    });
    const timeline = buildTimeline(detail);
    expect(timeline.lanes.flatMap((lane) => lane.bars)[0]?.steps).toEqual([
      { name: "prepare", startOffset: 0, endOffset: 10, durationSeconds: 10 },
      { name: "build", startOffset: 10, endOffset: null, durationSeconds: null },
    ]);
    expect(timeline.undrawn).toEqual([
      expect.objectContaining({ name: "b", reason: "completion time is before the start time" }),
    ]);
  });

  it("measures from the earliest TaskRun when it started before the recorded run start, and without a run completion", () => {
    const detail = run({ name: "early", startTime: at(5), taskRuns: [taskRun({ name: "only" }, 3, 50)] });
    const timeline = buildTimeline(detail);
    expect(timeline.origin).toBe(at(3));
    expect(timeline.wallSeconds).toBeNull();
    expect(timeline.spanSeconds).toBe(47);
    expect(timeline.lanes).toEqual([
      { key: OTHER_LANE, bars: [expect.objectContaining({ startOffset: 0, endOffset: 47, critical: true })] },
    ]);
    expect(timeline.criticalPath).toEqual([detail.taskRuns[0]?.id]);
  });

  it("gives an empty model for a run without TaskRuns (a hand-measured table)", () => {
    expect(buildTimeline(run({ name: "table", startTime: null }))).toEqual({
      origin: null,
      spanSeconds: 0,
      wallSeconds: null,
      lanes: [],
      undrawn: [],
      criticalPath: [],
    });
    expect(buildTimeline(run({ name: "timed", completionTime: at(60) })).spanSeconds).toBe(60);
  });

  it("breaks ties deterministically: latest end, then longest duration, then name", () => {
    const tie = (order: "forward" | "reverse") => {
      const taskRuns = [
        taskRun({ name: "prefetch", arch: "shared" }, 0, 100),
        taskRun({ name: "build-b", arch: "arm64" }, 101, 500),
        taskRun({ name: "build-a", arch: "amd64" }, 101, 500),
        taskRun({ name: "build-long", arch: "s390x" }, 100, 500),
        taskRun({ name: "build-short", arch: "ppc64le" }, 200, 500),
        taskRun({ name: "after-a", arch: "amd64" }, 501, 600),
        taskRun({ name: "after-b", arch: "arm64" }, 501, 600),
      ];
      const detail = run({ name: `tie-${order}`, taskRuns: order === "forward" ? taskRuns : taskRuns.reverse() });
      const bars = buildTimeline(detail).lanes.flatMap((lane) => lane.bars);
      return buildTimeline(detail).criticalPath.map((id) => bars.find((bar) => bar.id === id)?.name);
    };
    expect(tie("forward")).toEqual(["prefetch", "build-long", "after-a"]);
    expect(tie("reverse")).toEqual(tie("forward"));
  });

  it("prefers the name when end and duration are equal", () => {
    const detail = run({
      name: "names",
      taskRuns: [
        taskRun({ name: "zeta" }, 0, 10),
        taskRun({ name: "alpha" }, 0, 10),
        taskRun({ name: "next" }, 11, 20),
      ],
    });
    const bars = buildTimeline(detail).lanes.flatMap((lane) => lane.bars);
    expect(buildTimeline(detail).criticalPath.map((id) => bars.find((bar) => bar.id === id)?.name)).toEqual([
      "alpha",
      "next",
    ]);
  });
});

describe("axisTicks", () => {
  it("uses round steps and never more than maxTicks intervals", () => {
    expect(axisTicks(2122)).toEqual([0, 300, 600, 900, 1200, 1500, 1800, 2100]);
    expect(axisTicks(47)).toEqual([0, 10, 20, 30, 40]);
    expect(axisTicks(0)).toEqual([0]);
    expect(axisTicks(3)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(10 * 86_400).length).toBeLessThanOrEqual(9);
  });
});
