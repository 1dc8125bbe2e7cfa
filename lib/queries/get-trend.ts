// How a component's phases develop over time: the selected runs, in start order, split into up to `buckets` equal
// groups (NTILE's rule: the first n mod buckets groups hold one run more); per group, arch and phase the median and
// p90 of the per-run values (RunPhase). Window functions over every value of a busy component sorted 110k rows
// (0.5 s on SQLite, docs/measurements.md "Performance"); instead the database reads three covering indexes in
// order and hands each cell's run ids and values over as one comma-joined text per cell (string_agg, the same SQL
// on SQLite and PostgreSQL; both print a float so that it reads back exactly), and ./trend-buckets.ts sorts the
// ~100 values of each group. The answer equals the window-function definition (tests/db/trend.test.ts).
import { Prisma } from "../../generated/sqlite/client";
import type { Db } from "../db/connect";
import { runFilterSql, type RunFilters } from "./run-filters";
import { cellPoints, sortPoints, trendContext, type CellValues, type TrendPoint } from "./trend-buckets";

export type { TrendPoint };

export interface Trend {
  component: string;
  buckets: number;
  points: TrendPoint[];
}

interface RunRow {
  id: number | bigint;
  started: string | Date | null;
}

interface CellRow {
  kind: string;
  arch: string;
  phase: string;
  ids: string;
  vals: string | null;
}

/** The selected runs in NTILE's order. */
function runsSql(componentId: number, filters: RunFilters): Prisma.Sql {
  return Prisma.sql`
    SELECT r."id" AS id, r."startTime" AS started
    FROM "PipelineRun" r
    WHERE r."componentId" = ${componentId} ${runFilterSql(filters)}
    ORDER BY r."startTime" ASC NULLS FIRST, r."id" ASC`;
}

/**
 * Per cell: every row's run id ("n"), and the run ids and values of the rows with seconds ("s") and with bytes
 * ("b"), each branch one ordered pass over a covering index (no sort, no table lookups).
 */
export function cellValuesSql(componentId: number): Prisma.Sql {
  const ids = Prisma.sql`string_agg(CAST(p."pipelineRunId" AS TEXT), ',')`;
  return Prisma.sql`
    SELECT 'n' AS kind, p."arch" AS arch, p."phase" AS phase, ${ids} AS ids, CAST(NULL AS TEXT) AS vals
    FROM "RunPhase" p WHERE p."componentId" = ${componentId}
    GROUP BY p."arch", p."phase"
    UNION ALL
    SELECT 's' AS kind, p."arch" AS arch, p."phase" AS phase, ${ids} AS ids,
           string_agg(CAST(p."seconds" AS TEXT), ',') AS vals
    FROM "RunPhase" p WHERE p."componentId" = ${componentId} AND p."seconds" IS NOT NULL
    GROUP BY p."arch", p."phase"
    UNION ALL
    SELECT 'b' AS kind, p."arch" AS arch, p."phase" AS phase, ${ids} AS ids,
           string_agg(CAST(p."bytes" AS TEXT), ',') AS vals
    FROM "RunPhase" p WHERE p."componentId" = ${componentId} AND p."bytes" IS NOT NULL
    GROUP BY p."arch", p."phase"`;
}

const numbers = (text: string | null) => (text ? text.split(",").map(Number) : []);

/** Comma-joined non-negative integers (run ids), read without intermediate strings. */
function integers(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 44) {
      out.push(value);
      value = 0;
    } else value = value * 10 + (code - 48);
  }
  if (text.length > 0) out.push(value);
  return out;
}

/** Adds one row of the statement to its cell. */
function addRow(cells: Map<string, CellValues>, row: CellRow): void {
  const key = `${row.arch}\u0000${row.phase}`;
  let cell = cells.get(key);
  if (!cell) {
    cell = { arch: row.arch, phase: row.phase, runIds: [], seconds: null, bytes: null };
    cells.set(key, cell);
  }
  const ids = integers(row.ids);
  if (row.kind === "n") cell.runIds = ids;
  else cell[row.kind === "s" ? "seconds" : "bytes"] = { runIds: ids, values: numbers(row.vals) };
}

/** The statement's rows as run ids and values per cell. */
export function readCellValues(rows: readonly CellRow[]): CellValues[] {
  const cells = new Map<string, CellValues>();
  for (const row of rows) addRow(cells, row);
  return [...cells.values()];
}

/** Lets other requests run between two slices of a long computation (a few ms each). */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Returns null when the component does not exist. */
export async function getTrend(
  db: Db,
  componentName: string,
  options: { filters?: RunFilters; buckets?: number } = {},
): Promise<Trend | null> {
  const buckets = Math.max(1, Math.min(200, Math.floor(options.buckets ?? 30)));
  const component = await db.component.findUnique({ where: { name: componentName }, select: { id: true, name: true } });
  if (!component) return null;
  const [runs, cells] = await Promise.all([
    db.$queryRaw<RunRow[]>(runsSql(component.id, options.filters ?? {})),
    db.$queryRaw<CellRow[]>(cellValuesSql(component.id)),
  ]);
  const context = trendContext(
    runs.map((run) => ({ id: Number(run.id), started: run.started === null ? null : new Date(run.started).getTime() })),
    buckets,
  );
  // A busy component's cells hold ~400k numbers: read and reduced one statement row (a cell's column) at a time,
  // yielding in between, so no slice holds the event loop for long.
  const byCell = new Map<string, CellValues>();
  for (const row of cells) {
    addRow(byCell, row);
    await yieldToLoop();
  }
  const points: TrendPoint[] = [];
  for (const cell of byCell.values()) {
    points.push(...cellPoints(cell, context));
    await yieldToLoop();
  }
  return { component: component.name, buckets, points: sortPoints(points) };
}
