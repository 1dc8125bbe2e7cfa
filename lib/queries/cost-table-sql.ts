// The statements behind the per-arch cost table, shared by the API (through Prisma) and the query bench
// (through the bare driver), so both time the same SQL. They read RunPhase (one value per run, arch and
// phase) and never sort every value: a first ordered pass counts each cell's runs and sources; a median or
// p90 is then one index seek per cell (ORDER BY value LIMIT/OFFSET at the rank), the latest run one
// backwards seek, and a mean one ordered pass. Same SQL on SQLite and PostgreSQL.
import { Prisma } from "../../generated/sqlite/client";
import { SOURCES_SEPARATOR } from "../measure/run-phases";
import type { PhaseAggregate, SourceCount } from "./cost-table";
import { runFilterSql, type RunFilters, type Stat } from "./run-filters";

/** Runs, runs with seconds, runs with bytes of one (arch, phase) cell. */
export interface CellCount {
  arch: string;
  phase: string;
  n: number;
  nSeconds: number;
  nBytes: number;
}

export interface CountRow {
  arch: string;
  phase: string;
  sources: string;
  n: number | bigint;
  n_s: number | bigint;
  n_b: number | bigint;
}

export interface StatRow {
  g: number | bigint;
  value: number | null;
}

export interface MeanRow {
  arch: string;
  phase: string;
  seconds: number | null;
  bytes: number | null;
}

function scope(componentId: number, filters: RunFilters): { join: Prisma.Sql; where: Prisma.Sql } {
  const conditions = runFilterSql(filters);
  const join =
    conditions === Prisma.empty ? Prisma.empty : Prisma.sql`JOIN "PipelineRun" r ON r."id" = p."pipelineRunId"`;
  return { join, where: Prisma.sql`p."componentId" = ${componentId} ${conditions}` };
}

/** The component's id and name, and how many of its runs have a measurement under the filters. */
export function componentSql(componentName: string, filters: RunFilters): Prisma.Sql {
  return Prisma.sql`
    SELECT c."id" AS id, c."name" AS name,
           (SELECT CAST(COUNT(*) AS INTEGER)
            FROM "PipelineRun" r
            WHERE r."componentId" = c."id" ${runFilterSql(filters)}
              AND EXISTS (SELECT 1 FROM "RunPhase" p WHERE p."pipelineRunId" = r."id")) AS runs
    FROM "Component" c
    WHERE c."name" = ${componentName}`;
}

/** Runs per cell and per set of source labels, in one pass over the (arch, phase, sources) index. */
export function countsSql(componentId: number, filters: RunFilters): Prisma.Sql {
  const { join, where } = scope(componentId, filters);
  return Prisma.sql`
    SELECT p."arch" AS arch, p."phase" AS phase, p."sources" AS sources, CAST(COUNT(*) AS INTEGER) AS n,
           CAST(COUNT(p."seconds") AS INTEGER) AS n_s, CAST(COUNT(p."bytes") AS INTEGER) AS n_b
    FROM "RunPhase" p ${join}
    WHERE ${where}
    GROUP BY p."arch", p."phase", p."sources"`;
}

export function meanSql(componentId: number, filters: RunFilters): Prisma.Sql {
  const { join, where } = scope(componentId, filters);
  return Prisma.sql`
    SELECT p."arch" AS arch, p."phase" AS phase, AVG(p."seconds") AS seconds, AVG(p."bytes") AS bytes
    FROM "RunPhase" p ${join}
    WHERE ${where}
    GROUP BY p."arch", p."phase"`;
}

/** One seek: which values of a cell, in which order, from which rank. */
export interface Seek {
  cell: number;
  field: "seconds" | "bytes";
  order: "asc" | "desc" | "latest";
  limit: number;
  offset: number;
}

/**
 * The seeks a rank statistic needs, per cell and value kind that has values:
 * median — the middle value (or the two middle ones, averaged) in ascending order;
 * p90 — nearest rank ⌈0.9 n⌉, reached from the top (n − ⌈0.9 n⌉ values down), which walks a tenth of the index;
 * last — the value of the latest run that has one.
 */
export function seeksFor(stat: Exclude<Stat, "mean">, cells: readonly CellCount[]): Seek[] {
  const seeks: Seek[] = [];
  cells.forEach((cell, index) => {
    for (const field of ["seconds", "bytes"] as const) {
      const n = field === "seconds" ? cell.nSeconds : cell.nBytes;
      if (n === 0) continue;
      if (stat === "median") seeks.push({ cell: index, field, order: "asc", limit: 2 - (n % 2), offset: (n - 1) >> 1 });
      else if (stat === "p90")
        seeks.push({ cell: index, field, order: "desc", limit: 1, offset: n - Math.ceil(0.9 * n) });
      else seeks.push({ cell: index, field, order: "latest", limit: 1, offset: 0 });
    }
  });
  return seeks;
}

/** All seeks in one statement: a UNION ALL of index seeks, each answering (g = position in `seeks`, value). */
export function seeksSql(
  componentId: number,
  filters: RunFilters,
  cells: readonly CellCount[],
  seeks: readonly Seek[],
): Prisma.Sql | null {
  if (seeks.length === 0) return null;
  const { join, where } = scope(componentId, filters);
  const parts = seeks.map((seek, g) => {
    const cell = cells[seek.cell]!;
    const column = seek.field === "seconds" ? Prisma.sql`p."seconds"` : Prisma.sql`p."bytes"`;
    const order =
      seek.order === "asc"
        ? Prisma.sql`${column} ASC`
        : seek.order === "desc"
          ? Prisma.sql`${column} DESC`
          : Prisma.sql`p."sortTime" DESC, p."pipelineRunId" DESC`;
    return Prisma.sql`
      SELECT CAST(${g} AS INTEGER) AS g, AVG(v) AS value FROM (
        SELECT ${column} AS v FROM "RunPhase" p ${join}
        WHERE ${where} AND p."arch" = ${cell.arch} AND p."phase" = ${cell.phase} AND ${column} IS NOT NULL
        ORDER BY ${order} LIMIT ${seek.limit} OFFSET ${seek.offset}) s${Prisma.raw(String(g))}`;
  });
  return Prisma.join(parts, " UNION ALL ");
}

/** Per-cell counts and per-label run counts from the first pass. */
export function readCounts(rows: readonly CountRow[]): { cells: CellCount[]; sources: SourceCount[] } {
  const cells = new Map<string, CellCount>();
  const sources = new Map<string, SourceCount>();
  for (const row of rows) {
    const key = `${row.arch}\u0000${row.phase}`;
    const cell = cells.get(key) ?? { arch: row.arch, phase: row.phase, n: 0, nSeconds: 0, nBytes: 0 };
    cell.n += Number(row.n);
    cell.nSeconds += Number(row.n_s);
    cell.nBytes += Number(row.n_b);
    cells.set(key, cell);
    for (const label of row.sources.split(SOURCES_SEPARATOR)) {
      const sourceKey = `${key}\u0000${label}`;
      const count = sources.get(sourceKey) ?? { arch: row.arch, phase: row.phase, source: label, runs: 0 };
      count.runs += Number(row.n);
      sources.set(sourceKey, count);
    }
  }
  return { cells: [...cells.values()], sources: [...sources.values()] };
}

/** Puts the seeks' answers back on their cells. */
export function aggregatesFromSeeks(
  cells: readonly CellCount[],
  seeks: readonly Seek[],
  rows: readonly StatRow[],
): PhaseAggregate[] {
  const aggregates = cells.map((cell): PhaseAggregate => ({ ...cell, seconds: null, bytes: null }));
  for (const row of rows) {
    const seek = seeks[Number(row.g)];
    if (!seek || row.value === null) continue;
    aggregates[seek.cell]![seek.field] = Number(row.value);
  }
  return aggregates;
}

export function aggregatesFromMeans(cells: readonly CellCount[], rows: readonly MeanRow[]): PhaseAggregate[] {
  const means = new Map(rows.map((row) => [`${row.arch}\u0000${row.phase}`, row]));
  return cells.map((cell) => {
    const mean = means.get(`${cell.arch}\u0000${cell.phase}`);
    return {
      arch: cell.arch,
      phase: cell.phase,
      n: cell.n,
      seconds: mean?.seconds == null ? null : Number(mean.seconds),
      bytes: mean?.bytes == null ? null : Number(mean.bytes),
    };
  });
}

/** Runs a statement and returns its rows: Prisma's `$queryRaw`, or a bare driver in the bench. */
export type Execute = <T>(sql: Prisma.Sql) => Promise<T[]>;

/** Everything the table needs from the database, by the statements above; null for an unknown component. */
export async function queryCostTable(
  execute: Execute,
  componentName: string,
  stat: Stat,
  filters: RunFilters,
): Promise<{ component: string; runs: number; aggregates: PhaseAggregate[]; sources: SourceCount[] } | null> {
  const [found] = await execute<{ id: number | bigint; name: string; runs: number | bigint }>(
    componentSql(componentName, filters),
  );
  if (!found) return null;
  const id = Number(found.id);
  const base = { component: found.name, runs: Number(found.runs) };
  const { cells, sources } = readCounts(await execute<CountRow>(countsSql(id, filters)));
  if (stat === "mean") {
    return { ...base, aggregates: aggregatesFromMeans(cells, await execute<MeanRow>(meanSql(id, filters))), sources };
  }
  const seeks = seeksFor(stat, cells);
  const sql = seeksSql(id, filters, cells, seeks);
  return { ...base, aggregates: aggregatesFromSeeks(cells, seeks, sql ? await execute<StatRow>(sql) : []), sources };
}
