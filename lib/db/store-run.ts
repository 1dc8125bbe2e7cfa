// Stores one derived run inside the bundle's transaction: its component, the PipelineRun row (a run seen again is
// updated in place, keeping its id), its snapshot, and its TaskRuns, steps, measurements and RunPhase rows.
import { componentOf } from "../measure/component";
import { SNAPSHOT_VERSION } from "../measure/snapshot";
import type { StorableRun } from "../measure/types";
import { insertRows, insertRowsReturning, type Column, type Value } from "./bulk-insert";
import type { Tx } from "./connect";
import { bumpDataVersionById } from "./data-version";
import type { DatabaseTarget } from "./database-url";
import { breathe } from "./sqlite-gate";
import { storeRunPhases } from "./store-run-phases";
import type { StoredRun } from "./store-manual-tables";

const TASK_RUN_COLUMNS: Column[] = [
  { name: "pipelineRunId", type: "int" },
  { name: "uid", type: "text" },
  { name: "name", type: "text" },
  { name: "pipelineTaskName", type: "text" },
  { name: "taskName", type: "text" },
  { name: "arch", type: "text" },
  { name: "archEvidence", type: "text" },
  { name: "role", type: "text" },
  { name: "platform", type: "text" },
  { name: "startTime", type: "time" },
  { name: "completionTime", type: "time" },
  { name: "status", type: "text" },
  { name: "queueSeconds", type: "float" },
];
const STEP_COLUMNS: Column[] = [
  { name: "taskRunId", type: "int" },
  { name: "name", type: "text" },
  { name: "startTime", type: "time" },
  { name: "endTime", type: "time" },
  { name: "exitCode", type: "int" },
  { name: "reason", type: "text" },
];
const MEASUREMENT_COLUMNS: Column[] = [
  { name: "componentId", type: "int" },
  { name: "pipelineRunId", type: "int" },
  { name: "taskRunId", type: "int" },
  { name: "arch", type: "text" },
  { name: "phase", type: "text" },
  { name: "seconds", type: "float" },
  { name: "bytes", type: "float" },
  { name: "source", type: "text" },
  { name: "sourceDetail", type: "text" },
  { name: "locator", type: "text" },
  { name: "createdAt", type: "time" },
];

/** Stores one derived run and everything derived with it; `warnings` gets the upload's messages about it. */
export async function storeRun(
  tx: Tx,
  kind: DatabaseTarget["kind"],
  uploadId: number,
  derived: StorableRun,
  warnings: string[],
): Promise<StoredRun> {
  const { run } = derived;
  const component = componentOf(run);
  if (component.warning) warnings.push(component.warning);
  const componentRow = await tx.component.upsert({
    where: { name: component.name },
    create: { name: component.name, application: run.application },
    update: run.application ? { application: run.application } : {},
  });
  const { runId, storedAt } = await storeRunRow(tx, uploadId, componentRow.id, derived, warnings);
  await breathe();
  await storeRunChildren(tx, kind, { componentId: componentRow.id, runId, storedAt }, derived);
  return {
    id: runId,
    name: run.name,
    component: component.name,
    strategy: derived.strategy,
    arches: derived.platforms,
  };
}

/** The PipelineRun row (created, or updated in place with what was derived from it removed) and its snapshot. */
async function storeRunRow(
  tx: Tx,
  uploadId: number,
  componentId: number,
  derived: StorableRun,
  warnings: string[],
): Promise<{ runId: number; storedAt: Date }> {
  const { run } = derived;
  const data = {
    uid: run.uid,
    name: run.name,
    namespace: run.namespace,
    origin: run.origin ?? "tekton",
    componentId,
    uploadId,
    eventType: run.eventType,
    commitSha: run.commitSha,
    branch: run.branch,
    targetBranch: run.targetBranch,
    startTime: run.startTime,
    completionTime: run.completionTime,
    status: run.status,
    strategy: derived.strategy,
    strategyReason: derived.strategyReason,
    hazards: JSON.stringify(derived.hazards),
    platforms: derived.platforms.join(","),
    notes: JSON.stringify(derived.notes),
  };
  const existing =
    derived.storedRunId !== null
      ? await tx.pipelineRun.findUnique({ where: { id: derived.storedRunId }, select: { id: true, componentId: true } })
      : run.uid
        ? await tx.pipelineRun.findUnique({ where: { uid: run.uid }, select: { id: true, componentId: true } })
        : null;
  let runId: number;
  let storedAt: Date;
  if (existing) {
    // Seen before (a later export of the same run): replace what we derived, keep the id stable.
    await tx.taskRun.deleteMany({ where: { pipelineRunId: existing.id } });
    await tx.measurement.deleteMany({ where: { pipelineRunId: existing.id } });
    await tx.runPhase.deleteMany({ where: { pipelineRunId: existing.id } });
    // A run filed under another component before: that component's answers change too.
    if (existing.componentId !== componentId) await bumpDataVersionById(tx, [existing.componentId]);
    storedAt = (await tx.pipelineRun.update({ where: { id: existing.id }, data, select: { createdAt: true } }))
      .createdAt;
    runId = existing.id;
    warnings.push(
      `PipelineRun ${run.name}${run.uid ? ` (uid ${run.uid})` : ""} was already stored; it was updated from this upload`,
    );
  } else {
    ({ id: runId, createdAt: storedAt } = await tx.pipelineRun.create({ data, select: { id: true, createdAt: true } }));
  }
  const snapshot = { version: SNAPSHOT_VERSION, data: derived.snapshot, updatedAt: new Date() };
  await tx.runSnapshot.upsert({
    where: { pipelineRunId: runId },
    create: { pipelineRunId: runId, ...snapshot },
    update: snapshot,
  });
  return { runId, storedAt };
}

/** Where a run's TaskRuns, steps and measurements belong. */
interface RunIds {
  componentId: number;
  runId: number;
  /** When the run row was first stored: the RunPhase time of a run with no start time. */
  storedAt: Date;
}

/** The run's TaskRuns, their steps, its measurements and RunPhase rows. */
async function storeRunChildren(
  tx: Tx,
  kind: DatabaseTarget["kind"],
  { componentId, runId, storedAt }: RunIds,
  derived: StorableRun,
): Promise<void> {
  const { run } = derived;
  // Plain multi-row INSERTs, a hundred rows each (bulk-insert.ts): a run may hold thousands of TaskRuns and steps.
  const taskRunRows = derived.taskRuns.map(({ record, arch, archEvidence, role }): Value[] => [
    runId,
    record.uid,
    record.name,
    record.pipelineTaskName,
    record.taskName,
    arch,
    archEvidence,
    role,
    record.platform,
    record.startTime,
    record.completionTime,
    record.status,
    record.queueSeconds,
  ]);
  const taskRunIds = new Map<string, number>();
  for (const row of await insertRowsReturning(tx, kind, "TaskRun", TASK_RUN_COLUMNS, taskRunRows, "name")) {
    taskRunIds.set(row.key, row.id);
  }
  const steps = derived.taskRuns.flatMap(({ record }) =>
    record.steps.map((step): Value[] => [
      taskRunIds.get(record.name)!,
      step.name,
      step.startedAt,
      step.finishedAt,
      step.exitCode,
      step.reason,
    ]),
  );
  await insertRows(tx, kind, "Step", STEP_COLUMNS, steps);
  if (derived.measurements.length > 0) {
    const createdAt = new Date();
    await insertRows(
      tx,
      kind,
      "Measurement",
      MEASUREMENT_COLUMNS,
      derived.measurements.map((m): Value[] => [
        componentId,
        runId,
        m.taskRunName ? (taskRunIds.get(m.taskRunName) ?? null) : null,
        m.arch,
        m.phase,
        m.seconds,
        m.bytes,
        m.source,
        m.sourceDetail,
        m.locator,
        createdAt,
      ]),
    );
    await storeRunPhases(tx, componentId, runId, run.startTime ?? storedAt, derived.measurements);
  }
}
