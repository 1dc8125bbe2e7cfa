// Hand-built RunDetails for the timeline and comparison tests: a Trusted Artifacts matrix build as
// Konflux runs it (init → clone → shared prefetch → four builds → index, source build alongside).
import type { RunDetail } from "@/lib/runs/get-run";

export const BASE = Date.UTC(2025, 8, 17, 10, 40, 0);
export const at = (offsetSeconds: number) => new Date(BASE + offsetSeconds * 1000).toISOString();

type TaskRun = RunDetail["taskRuns"][number];
type Measurement = RunDetail["measurements"][number];

let nextId = 1;

/** A TaskRun from offsets in seconds; steps as [name, start, end] (null for a missing time). */
export function taskRun(
  o: Partial<TaskRun> & { name: string },
  start: number | null,
  end: number | null,
  steps: [string, number | null, number | null][] = [],
): TaskRun {
  return {
    id: nextId++,
    pipelineTaskName: null,
    taskName: null,
    role: "other",
    arch: null,
    archEvidence: null,
    platform: null,
    status: "Succeeded",
    queueSeconds: null,
    ...o,
    startTime: start === null ? null : at(start),
    completionTime: end === null ? null : at(end),
    steps: steps.map(([name, stepStart, stepEnd]) => ({
      name,
      startTime: stepStart === null ? null : at(stepStart),
      endTime: stepEnd === null ? null : at(stepEnd),
      exitCode: 0,
      reason: "Completed",
    })),
  };
}

export function measurement(arch: string, phase: string, value: { seconds?: number; bytes?: number }): Measurement {
  return {
    id: nextId++,
    taskRun: null,
    arch,
    phase,
    seconds: value.seconds ?? null,
    bytes: value.bytes ?? null,
    source: value.seconds === undefined ? "lockfile" : "step-timestamps",
    sourceDetail: "test",
    locator: null,
  };
}

export function run(o: Partial<RunDetail> & { name: string }): RunDetail {
  return {
    id: nextId++,
    uid: null,
    namespace: "flatpak-tenant",
    origin: "bundle",
    component: "flatpak-runtime",
    application: "flatpak",
    eventType: "push",
    commitSha: null,
    branch: "main",
    targetBranch: "main",
    startTime: at(0),
    completionTime: null,
    status: "Succeeded",
    platforms: [],
    strategy: "ta-shared",
    strategyReason: null,
    hazards: [],
    notes: [],
    upload: null,
    taskRuns: [],
    measurements: [],
    ...o,
  };
}

const NAME = "flatpak-runtime-on-push-x7k2p";
const build = (arch: string, index: number, start: number, end: number) =>
  taskRun(
    {
      name: `${NAME}-build-images-${index}`,
      pipelineTaskName: "build-images",
      taskName: "buildah-remote-oci-ta",
      role: "build",
      arch,
    },
    start,
    end,
    [
      ["use-trusted-artifact", start + 4, start + 48],
      ["build", start + 48, end - 10],
      ["upload-sbom", end - 10, end],
    ],
  );

/**
 * The matrix TA build. Builds start 1 s after the prefetch completes; ppc64le is the slowest
 * (863 → 2100 s); the source build runs beside them and completes at 1400 s; the index follows at 2101 s.
 */
export function matrixRun(): RunDetail {
  const taskRuns = [
    taskRun({ name: `${NAME}-init`, pipelineTaskName: "init", taskName: "init" }, 2, 9, [["init", 3, 9]]),
    taskRun(
      { name: `${NAME}-clone-repository`, pipelineTaskName: "clone-repository", taskName: "git-clone-oci-ta" },
      10,
      48,
      [
        ["clone", 12, 40],
        ["create-trusted-artifact", 40, 48],
      ],
    ),
    taskRun(
      {
        name: `${NAME}-prefetch-dependencies`,
        pipelineTaskName: "prefetch-dependencies",
        taskName: "prefetch-dependencies-oci-ta",
        role: "prefetch",
        arch: "shared",
      },
      49,
      862,
      [
        ["use-trusted-artifact", 54, 60],
        ["prefetch-dependencies", 60, 672],
        ["create-trusted-artifact", 672, 859],
      ],
    ),
    build("amd64", 0, 863, 1545),
    build("arm64", 1, 863, 1710),
    build("ppc64le", 2, 863, 2100),
    build("s390x", 3, 863, 1930),
    taskRun(
      {
        name: `${NAME}-build-source-image`,
        pipelineTaskName: "build-source-image",
        taskName: "source-build-oci-ta",
        role: "source-build",
        arch: "source",
      },
      863,
      1400,
      [
        ["use-trusted-artifact", 869, 940],
        ["build", 940, 1400],
      ],
    ),
    taskRun(
      { name: `${NAME}-build-image-index`, pipelineTaskName: "build-image-index", taskName: "build-image-index" },
      2101,
      2120,
      [["build", 2102, 2120]],
    ),
  ];
  return run({
    name: NAME,
    completionTime: at(2122),
    platforms: ["amd64", "arm64", "ppc64le", "s390x"],
    taskRuns,
    measurements: [
      measurement("amd64", "payload", { bytes: 1_048_576_000 }),
      measurement("amd64", "restore", { seconds: 44 }),
      measurement("amd64", "build", { seconds: 634 }),
      measurement("arm64", "restore", { seconds: 51 }),
      measurement("arm64", "rsync", { seconds: 41.237 }),
      measurement("arm64", "rsync-back", { seconds: 38.904 }),
      measurement("arm64", "rsync-back", { bytes: 612_400_118 }),
      measurement("arm64", "build", { seconds: 702.518 }),
      measurement("ppc64le", "restore", { seconds: 58 }),
      measurement("s390x", "restore", { seconds: 47 }),
      measurement("source", "restore", { seconds: 71 }),
      measurement("shared", "prefetch", { seconds: 612 }),
      measurement("shared", "create-upload", { seconds: 187 }),
      measurement("shared", "queue", { seconds: 0 }),
    ],
  });
}
