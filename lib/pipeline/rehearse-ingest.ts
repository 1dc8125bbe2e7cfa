// Rehearses an upload when the server starts. One small build run — a PipelineRun and three TaskRuns written
// below as a Konflux cluster prints them (tekton.dev/v1, `kubectl get pipelinerun,taskrun -o json`) — goes through
// the upload's own use case (ingestSpooled: duplicate check, analysis, join with stored runs, store), and the
// store's transaction is then rolled back: nothing is kept. Why: the first upload after a start paid about 250–300
// ms once, on the event loop, while other requests waited (by a profile mostly Prisma compiling each statement's
// plan the first time; the rest the code's first runs); the rehearsal pays it before anyone uploads
// (docs/measurements.md, "Fourth sitting"). On PostgreSQL the rolled-back inserts still advance the id sequences,
// so a start skips a few ids; nothing else remains.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { Db } from "../db/connect";
import { spoolUpload } from "../ingest/archive";
import type { ArchiveLimits } from "../ingest/types";
import { ingestSpooled } from "./ingest-upload";

/** Thrown inside the store's transaction to roll it back once the rehearsed run is stored. */
class Rehearsed extends Error {
  constructor(readonly taskRuns: number) {
    super("rehearsal: rolled back");
  }
}

export interface RehearsalResult {
  /** TaskRuns the store wrote for the rehearsed run before the rollback (3 when the whole path ran). */
  taskRuns: number;
  ms: number;
}

const at = (base: number, seconds: number) => new Date(base + seconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");

/** The pipeline's tasks: name, the catalog task it runs, and its steps (name, seconds from the run's start to end). */
// prettier-ignore
const TASKS: readonly (readonly [task: string, ref: string, steps: readonly (readonly [string, number, number])[]])[] = [
  ["clone-repository", "git-clone-oci-ta", [["clone", 6, 20], ["create-trusted-artifact", 20, 30]]],
  ["prefetch-dependencies", "prefetch-dependencies-oci-ta",
    [["use-trusted-artifact", 32, 40], ["prefetch-dependencies", 40, 160], ["create-trusted-artifact", 160, 200]]],
  ["build-container", "buildah-oci-ta", [["use-trusted-artifact", 202, 260], ["build", 260, 500], ["push", 500, 530]]],
];
const RUN_END_S = 540;

const succeeded = (base: number, end: number) => [
  { type: "Succeeded", status: "True", reason: "Succeeded", lastTransitionTime: at(base, end) },
];
const bundleRef = (name: string, kind: "task" | "pipeline") => ({
  resolver: "bundles",
  params: [
    { name: "name", value: name },
    { name: "kind", value: kind },
  ],
});

/** The rehearsal's run: a docker-build-oci-ta run of three tasks, its names and uids fresh each time. */
export function rehearsalDocument(base = Date.UTC(2026, 0, 1)): { items: Record<string, unknown>[]; uid: string } {
  const uid = randomUUID();
  const name = `advisor-rehearsal-${uid.slice(0, 5)}`;
  const labels = {
    "appstudio.openshift.io/application": "advisor-rehearsal",
    "appstudio.openshift.io/component": "advisor-rehearsal",
    "pipelines.appstudio.openshift.io/type": "build",
    "tekton.dev/pipeline": "docker-build-oci-ta",
  };
  const taskRuns = TASKS.map(([task, ref, steps]) => {
    const start = steps[0]![1] - 1;
    const end = steps.at(-1)![2] + 1;
    const own = { "tekton.dev/pipelineRun": name, "tekton.dev/pipelineRunUID": uid, "tekton.dev/pipelineTask": task };
    return {
      apiVersion: "tekton.dev/v1",
      kind: "TaskRun",
      metadata: {
        name: `${name}-${task}`,
        uid: randomUUID(),
        creationTimestamp: at(base, start),
        labels: { ...labels, ...own, "tekton.dev/task": ref },
      },
      spec: { taskRef: bundleRef(ref, "task") },
      status: {
        podName: `${name}-${task}-pod`,
        startTime: at(base, start),
        completionTime: at(base, end),
        conditions: succeeded(base, end),
        steps: steps.map(([step, from, to]) => ({
          name: step,
          container: `step-${step}`,
          terminated: { exitCode: 0, reason: "Completed", startedAt: at(base, from), finishedAt: at(base, to) },
        })),
      },
    };
  });
  const childReferences = TASKS.map(([task]) => ({
    apiVersion: "tekton.dev/v1",
    kind: "TaskRun",
    name: `${name}-${task}`,
    pipelineTaskName: task,
  }));
  const pipelineRun = {
    apiVersion: "tekton.dev/v1",
    kind: "PipelineRun",
    metadata: { name, uid, creationTimestamp: at(base, 0), labels },
    spec: { pipelineRef: bundleRef("docker-build-oci-ta", "pipeline") },
    status: {
      startTime: at(base, 0),
      completionTime: at(base, RUN_END_S),
      conditions: succeeded(base, RUN_END_S),
      childReferences,
    },
  };
  return { items: [pipelineRun, ...taskRuns], uid };
}

/** Runs the rehearsal on `db` through the upload's own use case; resolves with what the store wrote before its rollback. */
export async function rehearseIngest(db: Db, limits: ArchiveLimits): Promise<RehearsalResult> {
  const started = performance.now();
  const { items, uid } = rehearsalDocument();
  const bytes = Buffer.from(JSON.stringify({ apiVersion: "v1", kind: "List", items }));
  const filename = "advisor-rehearsal.json";
  const spooled = await spoolUpload(Readable.from([bytes]), { maxBytes: bytes.length, filename });
  try {
    await ingestSpooled(db, [{ ...spooled, filename }], limits, {
      alsoInTransaction: async (tx) => {
        throw new Rehearsed(await tx.taskRun.count({ where: { pipelineRun: { uid } } }));
      },
    });
  } catch (error) {
    if (error instanceof Rehearsed) return { taskRuns: error.taskRuns, ms: Math.round(performance.now() - started) };
    throw error;
  }
  throw new Error("rehearsal: the store committed instead of rolling back");
}
