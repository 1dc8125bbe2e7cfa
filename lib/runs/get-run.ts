// One PipelineRun as GET /api/runs/{id} returns it: task runs with steps, measurements with their
// sources, the detected strategy and hazards.
import type { Db } from "../db/client";

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

export async function getRun(db: Db, id: number): Promise<RunDetail | null> {
  const run = await db.pipelineRun.findUnique({
    where: { id },
    include: {
      component: { select: { name: true, application: true } },
      upload: { select: { id: true, filename: true, sha256: true } },
      taskRuns: { orderBy: [{ startTime: "asc" }, { id: "asc" }], include: { steps: { orderBy: { id: "asc" } } } },
      measurements: { orderBy: [{ arch: "asc" }, { phase: "asc" }, { id: "asc" }] },
    },
  });
  if (!run) return null;
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
