// Reads one component's per-arch cost table. The statistics are computed by the database (SQLite and
// PostgreSQL run the same SQL): first one value per run, arch and phase (the mean of that run's rows,
// so two sources of one number do not add up), then the median over runs with window functions.
import type { Db } from "../db/client";
import { buildCostTable, type PhaseAggregate, type SourceCount } from "./cost-table";
import type { CostTable } from "./cost-table.types";

interface AggregateRow {
  arch: string;
  phase: string;
  seconds: number | null;
  bytes: number | null;
  n: number | bigint;
}

interface SourceRow {
  arch: string;
  phase: string;
  source: string;
  runs: number | bigint;
}

/** Returns null when the component does not exist. */
export async function getCostTable(db: Db, componentName: string): Promise<CostTable | null> {
  const component = await db.component.findUnique({ where: { name: componentName }, select: { id: true, name: true } });
  if (!component) return null;
  const aggregates = await db.$queryRaw<AggregateRow[]>`
    WITH per_run AS (
      SELECT m."pipelineRunId" AS run_id, m."arch" AS arch, m."phase" AS phase,
             AVG(m."seconds") AS seconds, AVG(m."bytes") AS bytes
      FROM "Measurement" m
      WHERE m."componentId" = ${component.id}
      GROUP BY m."pipelineRunId", m."arch", m."phase"
    ),
    ranked AS (
      SELECT arch, phase, seconds, bytes,
             ROW_NUMBER() OVER (PARTITION BY arch, phase ORDER BY COALESCE(seconds, bytes)) AS rn,
             COUNT(*) OVER (PARTITION BY arch, phase) AS n
      FROM per_run
    )
    SELECT arch, phase, AVG(seconds) AS seconds, AVG(bytes) AS bytes, CAST(MAX(n) AS INTEGER) AS n
    FROM ranked
    WHERE rn IN ((n + 1) / 2, (n + 2) / 2)
    GROUP BY arch, phase`;
  const sources = await db.$queryRaw<SourceRow[]>`
    SELECT m."arch" AS arch, m."phase" AS phase, m."sourceDetail" AS source,
           CAST(COUNT(DISTINCT m."pipelineRunId") AS INTEGER) AS runs
    FROM "Measurement" m
    WHERE m."componentId" = ${component.id}
    GROUP BY m."arch", m."phase", m."sourceDetail"`;
  const runs = await db.pipelineRun.count({ where: { componentId: component.id, measurements: { some: {} } } });
  return buildCostTable(
    component.name,
    runs,
    aggregates.map((row): PhaseAggregate => ({
      arch: row.arch,
      phase: row.phase,
      seconds: row.seconds === null ? null : Number(row.seconds),
      bytes: row.bytes === null ? null : Number(row.bytes),
      n: Number(row.n),
    })),
    sources.map((row): SourceCount => ({ ...row, runs: Number(row.runs) })),
  );
}
