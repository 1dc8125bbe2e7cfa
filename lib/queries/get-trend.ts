// How a component's phases develop over time: the selected runs, in start order, split into up to
// `buckets` equal groups (NTILE, so SQLite and PostgreSQL agree without date functions); per group, arch
// and phase the median and p90 of the per-run values (RunPhase), computed by the database.
import type { Db } from "../db/connect";
import { runFilterSql, type RunFilters } from "./run-filters";

export interface TrendPoint {
  bucket: number;
  /** Start time of the bucket's first and last run. */
  from: string | null;
  to: string | null;
  arch: string;
  phase: string;
  runs: number;
  p50S: number | null;
  p90S: number | null;
  p50Bytes: number | null;
  p90Bytes: number | null;
}

export interface Trend {
  component: string;
  buckets: number;
  points: TrendPoint[];
}

interface Row {
  bucket: number | bigint;
  from: string | Date | null;
  to: string | Date | null;
  arch: string;
  phase: string;
  runs: number | bigint;
  p50_s: number | null;
  p90_s: number | null;
  p50_b: number | null;
  p90_b: number | null;
}

const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());
const num = (value: number | null) => (value === null ? null : Number(value));

/** Returns null when the component does not exist. */
export async function getTrend(
  db: Db,
  componentName: string,
  options: { filters?: RunFilters; buckets?: number } = {},
): Promise<Trend | null> {
  const buckets = Math.max(1, Math.min(200, Math.floor(options.buckets ?? 30)));
  const component = await db.component.findUnique({ where: { name: componentName }, select: { id: true, name: true } });
  if (!component) return null;
  const rows = await db.$queryRaw<Row[]>`
    WITH selected AS (
      SELECT r."id" AS id, r."startTime" AS started,
             NTILE(${buckets}) OVER (ORDER BY r."startTime" ASC NULLS FIRST, r."id" ASC) AS bucket
      FROM "PipelineRun" r
      WHERE r."componentId" = ${component.id} ${runFilterSql(options.filters ?? {})}
    ),
    per_run AS (
      SELECT s.bucket AS bucket, s.started AS started, p."arch" AS arch, p."phase" AS phase,
             p."seconds" AS seconds, p."bytes" AS bytes
      FROM "RunPhase" p
      JOIN selected s ON s.id = p."pipelineRunId"
      WHERE p."componentId" = ${component.id}
    ),
    ranked AS (
      SELECT bucket, started, arch, phase, seconds, bytes,
             ROW_NUMBER() OVER (PARTITION BY bucket, arch, phase ORDER BY seconds ASC NULLS LAST) AS rn_s,
             COUNT(seconds) OVER (PARTITION BY bucket, arch, phase) AS n_s,
             ROW_NUMBER() OVER (PARTITION BY bucket, arch, phase ORDER BY bytes ASC NULLS LAST) AS rn_b,
             COUNT(bytes) OVER (PARTITION BY bucket, arch, phase) AS n_b
      FROM per_run
    )
    SELECT bucket, MIN(started) AS "from", MAX(started) AS "to", arch, phase, CAST(COUNT(*) AS INTEGER) AS runs,
           AVG(CASE WHEN rn_s IN ((n_s + 1) / 2, (n_s + 2) / 2) THEN seconds END) AS p50_s,
           MAX(CASE WHEN rn_s = (9 * n_s + 9) / 10 THEN seconds END) AS p90_s,
           AVG(CASE WHEN rn_b IN ((n_b + 1) / 2, (n_b + 2) / 2) THEN bytes END) AS p50_b,
           MAX(CASE WHEN rn_b = (9 * n_b + 9) / 10 THEN bytes END) AS p90_b
    FROM ranked
    GROUP BY bucket, arch, phase
    ORDER BY bucket, arch, phase`;
  return {
    component: component.name,
    buckets,
    points: rows.map((row) => ({
      bucket: Number(row.bucket),
      from: iso(row.from),
      to: iso(row.to),
      arch: row.arch,
      phase: row.phase,
      runs: Number(row.runs),
      p50S: num(row.p50_s),
      p90S: num(row.p90_s),
      p50Bytes: num(row.p50_b),
      p90Bytes: num(row.p90_b),
    })),
  };
}
