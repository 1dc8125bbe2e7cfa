// One PipelineRun as GET /api/runs/{id} returns it: task runs with steps, measurements with their
// sources, the detected strategy and hazards.
import type { Db } from "../db/connect";

export interface RunDetail {
  id: number;
  uid: string | null;
  name: string;
  namespace: string | null;
  origin: string;
  component: string;
  application: string | null;
  eventType: string | null;
  commitSha: string | null;
  branch: string | null;
  targetBranch: string | null;
  startTime: string | null;
  completionTime: string | null;
  status: string;
  platforms: string[];
  strategy: string;
  strategyReason: string | null;
  hazards: { code: string; message: string }[];
  /** What ingest noted about the run: "prefetch skipped", dropped impossible timestamps, a missing PipelineRun. */
  notes: string[];
  upload: { id: number; filename: string; sha256: string } | null;
  taskRuns: {
    id: number;
    name: string;
    pipelineTaskName: string | null;
    taskName: string | null;
    role: string;
    arch: string | null;
    archEvidence: string | null;
    platform: string | null;
    startTime: string | null;
    completionTime: string | null;
    status: string;
    queueSeconds: number | null;
    steps: {
      name: string;
      startTime: string | null;
      endTime: string | null;
      exitCode: number | null;
      reason: string | null;
    }[];
  }[];
  measurements: {
    id: number;
    taskRun: string | null;
    arch: string;
    phase: string;
    seconds: number | null;
    bytes: number | null;
    source: string;
    sourceDetail: string;
    locator: string | null;
  }[];
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * Four statements filtered by the run's id (a join for the steps), never an `IN` list of TaskRun ids: nested
 * includes bind one parameter per TaskRun, which breaks both databases' limits on runs with thousands of them.
 */
export async function getRun(db: Db, id: number): Promise<RunDetail | null> {
  const found = await db.pipelineRun.findUnique({
    where: { id },
    include: {
      component: { select: { name: true, application: true } },
      upload: { select: { id: true, filename: true, sha256: true } },
    },
  });
  if (!found) return null;
  const [taskRuns, steps, measurements] = await Promise.all([
    db.taskRun.findMany({ where: { pipelineRunId: id }, orderBy: [{ startTime: "asc" }, { id: "asc" }] }),
    db.step.findMany({ where: { taskRun: { pipelineRunId: id } }, orderBy: { id: "asc" } }),
    db.measurement.findMany({
      where: { pipelineRunId: id },
      orderBy: [{ arch: "asc" }, { phase: "asc" }, { id: "asc" }],
    }),
  ]);
  const stepsOf = new Map<number, typeof steps>();
  for (const step of steps) {
    const list = stepsOf.get(step.taskRunId);
    if (list) list.push(step);
    else stepsOf.set(step.taskRunId, [step]);
  }
  const run = {
    ...found,
    measurements,
    taskRuns: taskRuns.map((t) => ({ ...t, steps: stepsOf.get(t.id) ?? [] })),
  };
  const taskRunNames = new Map(run.taskRuns.map((t) => [t.id, t.name]));
  return {
    id: run.id,
    uid: run.uid,
    name: run.name,
    namespace: run.namespace,
    origin: run.origin,
    component: run.component.name,
    application: run.component.application,
    eventType: run.eventType,
    commitSha: run.commitSha,
    branch: run.branch,
    targetBranch: run.targetBranch,
    startTime: iso(run.startTime),
    completionTime: iso(run.completionTime),
    status: run.status,
    platforms: run.platforms.split(",").filter(Boolean),
    strategy: run.strategy,
    strategyReason: run.strategyReason,
    hazards: JSON.parse(run.hazards) as RunDetail["hazards"],
    notes: JSON.parse(run.notes) as string[],
    upload: run.upload,
    taskRuns: run.taskRuns.map((t) => ({
      id: t.id,
      name: t.name,
      pipelineTaskName: t.pipelineTaskName,
      taskName: t.taskName,
      role: t.role,
      arch: t.arch,
      archEvidence: t.archEvidence,
      platform: t.platform,
      startTime: iso(t.startTime),
      completionTime: iso(t.completionTime),
      status: t.status,
      queueSeconds: t.queueSeconds,
      steps: t.steps.map((s) => ({
        name: s.name,
        startTime: iso(s.startTime),
        endTime: iso(s.endTime),
        exitCode: s.exitCode,
        reason: s.reason,
      })),
    })),
    measurements: run.measurements.map((m) => ({
      id: m.id,
      taskRun: m.taskRunId === null ? null : (taskRunNames.get(m.taskRunId) ?? null),
      arch: m.arch,
      phase: m.phase,
      seconds: m.seconds,
      bytes: m.bytes,
      source: m.source,
      sourceDetail: m.sourceDetail,
      locator: m.locator,
    })),
  };
}
