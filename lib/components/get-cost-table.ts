// Reads one component's per-arch cost table for the selected runs and statistic. The database does the
// work (SQLite and PostgreSQL run the same SQL): one value per run, arch and phase (the mean of that run's
// rows, so two rows of one number do not add up), then median / p90 (nearest rank) / mean / the latest
// run's value over runs, with window functions. Only per-(arch, phase) aggregates reach JavaScript.
import { Prisma } from "../../generated/sqlite/client";
import type { Db } from "../db/client";
import { buildCostTable, type PhaseAggregate, type SourceCount } from "./cost-table";
import type { CostTable } from "./cost-table.types";
import { runFilterSql, type RunFilters, type Stat } from "./run-filters";

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

/**
 * The window columns one statistic needs in `ranked`. Each ordered window is a sort of every per-run value,
 * so a statistic computes only the windows it reads.
 */
function rankColumns(stat: Stat): Prisma.Sql {
  switch (stat) {
    case "median":
    case "p90":
      return Prisma.sql`
             ROW_NUMBER() OVER (PARTITION BY arch, phase ORDER BY seconds ASC NULLS LAST) AS rn_s,
             COUNT(seconds) OVER (PARTITION BY arch, phase) AS n_s,
             ROW_NUMBER() OVER (PARTITION BY arch, phase ORDER BY bytes ASC NULLS LAST) AS rn_b,
             COUNT(bytes) OVER (PARTITION BY arch, phase) AS n_b,`;
    case "mean":
      return Prisma.empty;
    case "last":
      return Prisma.sql`
             ROW_NUMBER() OVER (PARTITION BY arch, phase ORDER BY started DESC NULLS LAST, run_id DESC) AS recency,`;
  }
}

/** The SELECT expressions of one statistic over `ranked` (see the query). */
function statColumns(stat: Stat): Prisma.Sql {
  switch (stat) {
    case "median":
      return Prisma.sql`
        AVG(CASE WHEN rn_s IN ((n_s + 1) / 2, (n_s + 2) / 2) THEN seconds END) AS seconds,
        AVG(CASE WHEN rn_b IN ((n_b + 1) / 2, (n_b + 2) / 2) THEN bytes END) AS bytes`;
    case "p90":
      // Nearest rank: the ceil(0.9 n)-th smallest value, in integer arithmetic.
      return Prisma.sql`
        MAX(CASE WHEN rn_s = (9 * n_s + 9) / 10 THEN seconds END) AS seconds,
        MAX(CASE WHEN rn_b = (9 * n_b + 9) / 10 THEN bytes END) AS bytes`;
    case "mean":
      return Prisma.sql`AVG(seconds) AS seconds, AVG(bytes) AS bytes`;
    case "last":
      return Prisma.sql`
        MAX(CASE WHEN recency = 1 THEN seconds END) AS seconds,
        MAX(CASE WHEN recency = 1 THEN bytes END) AS bytes`;
  }
}

/** Returns null when the component does not exist. */
export async function getCostTable(
  db: Db,
  componentName: string,
  options: { stat?: Stat; filters?: RunFilters } = {},
): Promise<CostTable | null> {
  const stat = options.stat ?? "median";
  const filters = runFilterSql(options.filters ?? {});
  const component = await db.component.findUnique({ where: { name: componentName }, select: { id: true, name: true } });
  if (!component) return null;
  const aggregates = await db.$queryRaw<AggregateRow[]>`
    WITH per_run AS (
      SELECT m."pipelineRunId" AS run_id, r."startTime" AS started, m."arch" AS arch, m."phase" AS phase,
             AVG(m."seconds") AS seconds, AVG(m."bytes") AS bytes
      FROM "Measurement" m
      JOIN "PipelineRun" r ON r."id" = m."pipelineRunId"
      WHERE m."componentId" = ${component.id} ${filters}
      GROUP BY m."pipelineRunId", r."startTime", m."arch", m."phase"
    ),
    ranked AS (
      SELECT arch, phase, seconds, bytes, ${rankColumns(stat)}
             COUNT(*) OVER (PARTITION BY arch, phase) AS n
      FROM per_run
    )
    SELECT arch, phase, ${statColumns(stat)}, CAST(MAX(n) AS INTEGER) AS n
    FROM ranked
    GROUP BY arch, phase`;
  // How a cell names its sources: the kind (step-timestamps, lockfile, …), except hand tables, whose own label
  // (e.g. "manual table (build-definitions#1275)") says more than "manual-table". Two branches, so the common
  // one reads only the covering index, never each row's long sourceDetail.
  const sources = await db.$queryRaw<SourceRow[]>`
    SELECT arch, phase, source, CAST(COUNT(DISTINCT run_id) AS INTEGER) AS runs
    FROM (
      SELECT m."arch" AS arch, m."phase" AS phase, m."source" AS source, m."pipelineRunId" AS run_id
      FROM "Measurement" m
      JOIN "PipelineRun" r ON r."id" = m."pipelineRunId"
      WHERE m."componentId" = ${component.id} AND m."source" <> 'manual-table' ${filters}
      UNION ALL
      SELECT m."arch", m."phase", m."sourceDetail", m."pipelineRunId"
      FROM "Measurement" m
      JOIN "PipelineRun" r ON r."id" = m."pipelineRunId"
      WHERE m."componentId" = ${component.id} AND m."source" = 'manual-table' ${filters}
    ) labelled
    GROUP BY arch, phase, source`;
  const [{ runs } = { runs: 0 }] = await db.$queryRaw<{ runs: number | bigint }[]>`
    SELECT CAST(COUNT(DISTINCT m."pipelineRunId") AS INTEGER) AS runs
    FROM "Measurement" m
    JOIN "PipelineRun" r ON r."id" = m."pipelineRunId"
    WHERE m."componentId" = ${component.id} ${filters}`;
  return buildCostTable(
    component.name,
    Number(runs),
    stat,
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
