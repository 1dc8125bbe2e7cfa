// Writes a run's RunPhase rows (one value per arch and phase, see lib/measure/run-phases.ts) next to its
// measurements, inside the caller's transaction.
import { summarizeRunPhases, type MeasurementLike } from "../measure/run-phases";
import type { Tx } from "./connect";

export async function storeRunPhases(
  tx: Tx,
  componentId: number,
  pipelineRunId: number,
  /** The run's start time, or when it was stored if it has none (as the migration's backfill does). */
  sortTime: Date,
  measurements: readonly MeasurementLike[],
): Promise<void> {
  const values = summarizeRunPhases(measurements);
  if (values.length === 0) return;
  await tx.runPhase.createMany({
    data: values.map((value) => ({ componentId, pipelineRunId, sortTime, ...value })),
  });
}
