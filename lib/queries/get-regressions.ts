// A component's regressions: per arch × phase the latest recent + baseline per-run values (RunPhase; seconds, or
// bytes for payload and artifact sizes), read by index seeks in one statement, then the pure detector
// (lib/regressions/detect.ts) and the names of the runs where flagged rises began.
import { Prisma } from "../../generated/sqlite/client";
import type { Db } from "../db/connect";
import { detectRegressions, type CellResult, type CellSeries } from "../regressions/detect";
import { BYTES_PHASES, SECONDS_PHASES, STRATEGY_DEPENDENT_PHASES } from "../regressions/settings";
import type { RegressionItem, Regressions, RegressionsQuery } from "./get-regressions.types";
import { runFilterSql } from "./run-filters";

interface CellRow {
  arch: string;
  phase: string;
}

interface ValueRow {
  cell: number | bigint;
  runId: number | bigint;
  value: number;
  strategy: string;
  sortTime: string | Date;
}

const BYTES: ReadonlySet<string> = new Set(BYTES_PHASES);
const PHASES = [...SECONDS_PHASES, ...BYTES_PHASES];

/**
 * Each cell's latest `limit` values, newest first, as one UNION ALL of per-cell `ORDER BY … LIMIT` subqueries: each
 * is a seek on RunPhase(componentId, arch, phase, sortTime, pipelineRunId), so the cost grows with the windows,
 * not with the component's history.
 */
async function readWindows(
  db: Db,
  componentId: number,
  cells: CellRow[],
  limit: number,
  filters: RegressionsQuery["filters"],
): Promise<ValueRow[]> {
  if (cells.length === 0) return [];
  const filterSql = runFilterSql(filters);
  const parts = cells.map((cell, index) => {
    const column = BYTES.has(cell.phase) ? Prisma.sql`p."bytes"` : Prisma.sql`p."seconds"`;
    return Prisma.sql`SELECT * FROM (
      SELECT ${index} AS cell, p."pipelineRunId" AS "runId", ${column} AS value, r."strategy" AS strategy,
             p."sortTime" AS "sortTime"
      FROM "RunPhase" p
      JOIN "PipelineRun" r ON r."id" = p."pipelineRunId"
      WHERE p."componentId" = ${componentId} AND p."arch" = ${cell.arch} AND p."phase" = ${cell.phase}
        AND ${column} IS NOT NULL ${filterSql}
      ORDER BY p."sortTime" DESC, p."pipelineRunId" DESC
      LIMIT ${limit}
    ) w${Prisma.raw(String(index))}`;
  });
  return db.$queryRaw<ValueRow[]>`${Prisma.join(parts, " UNION ALL ")}`;
}

function toSeries(cells: CellRow[], rows: ValueRow[], stratify: boolean): CellSeries[] {
  const points = cells.map(() => [] as { runId: number; value: number; stratum?: string; time: number }[]);
  for (const row of rows) {
    const cell = Number(row.cell);
    points[cell]!.push({
      runId: Number(row.runId),
      value: Number(row.value),
      stratum: stratify && STRATEGY_DEPENDENT_PHASES.has(cells[cell]!.phase) ? row.strategy : undefined,
      time: new Date(row.sortTime).getTime(),
    });
  }
  return cells.map((cell, index) => ({
    arch: cell.arch,
    phase: cell.phase,
    kind: BYTES.has(cell.phase) ? "bytes" : "seconds",
    // Oldest first, in the order the windows were cut (sortTime, then run id).
    points: points[index]!.sort((a, b) => a.time - b.time || a.runId - b.runId).map(({ runId, value, stratum }) => ({
      runId,
      value,
      stratum,
    })),
  }));
}

function toItem(result: CellResult, firstRuns: Map<number, { name: string; startTime: Date | null }>): RegressionItem {
  const seconds = result.kind === "seconds";
  const first = result.firstRunId === null ? undefined : firstRuns.get(result.firstRunId);
  const change = result.changePct ?? (result.recentP50 > 0 ? Infinity : 0);
  return {
    arch: result.arch,
    phase: result.phase,
    kind: result.kind,
    baselineP50S: seconds ? result.baselineP50 : null,
    recentP50S: seconds ? result.recentP50 : null,
    baselineP50Bytes: seconds ? null : result.baselineP50,
    recentP50Bytes: seconds ? null : result.recentP50,
    changePct: result.changePct,
    direction: change > 0 ? "up" : change < 0 ? "down" : "flat",
    pValue: result.pValue,
    adjustedPValue: result.adjustedPValue,
    method: result.method,
    significant: result.significant,
    flagged: result.flagged,
    firstRunId: result.firstRunId,
    firstRunName: first?.name ?? null,
    firstRunStartTime: first?.startTime ? first.startTime.toISOString() : null,
    runs: result.recentRuns + result.baselineRuns,
    recentRuns: result.recentRuns,
    baselineRuns: result.baselineRuns,
  };
}

/** Returns null when the component does not exist. */
export async function getRegressions(
  db: Db,
  componentName: string,
  query: RegressionsQuery,
): Promise<Regressions | null> {
  const component = await db.component.findUnique({ where: { name: componentName }, select: { id: true, name: true } });
  if (!component) return null;
  const { settings } = query;
  const cells = await db.$queryRaw<CellRow[]>`
    SELECT DISTINCT p."arch" AS arch, p."phase" AS phase FROM "RunPhase" p
    WHERE p."componentId" = ${component.id} AND p."phase" IN (${Prisma.join(PHASES)})
    ORDER BY arch, phase`;
  const rows = await readWindows(db, component.id, cells, settings.recent + settings.baseline, query.filters);
  const detection = detectRegressions(toSeries(cells, rows, query.stratify === "strategy"), settings);
  const shown = detection.tested
    .filter((result) => query.all || result.flagged)
    .sort(
      (a, b) =>
        Number(b.flagged) - Number(a.flagged) ||
        (b.changePct ?? 0) - (a.changePct ?? 0) ||
        a.arch.localeCompare(b.arch) ||
        a.phase.localeCompare(b.phase),
    );
  const firstRunIds = [...new Set(shown.flatMap((result) => (result.firstRunId === null ? [] : [result.firstRunId])))];
  const firstRuns =
    firstRunIds.length === 0
      ? []
      : await db.pipelineRun.findMany({
          where: { id: { in: firstRunIds } },
          select: { id: true, name: true, startTime: true },
        });
  const byId = new Map(firstRuns.map((run) => [run.id, run]));
  return {
    component: component.name,
    window: { ...settings, test: "mann-whitney-one-sided", correction: "holm-per-component", stratify: query.stratify },
    tested: detection.tested.length,
    skipped: detection.skipped,
    flagged: detection.tested.filter((result) => result.flagged).length,
    items: shown.map((result) => toItem(result, byId)),
  };
}
