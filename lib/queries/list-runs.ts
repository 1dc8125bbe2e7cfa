// A component's runs for the runs table and its export: filtered like the cost table, sorted and paginated
// by the database. `streamRuns` walks every matching run in keyset batches so an export never holds them all.
import { z } from "zod";
import { Prisma } from "../../generated/sqlite/client";
import type { Db } from "../db/connect";
import type { Page } from "./list-components.types";
import { runFiltersSchema, runFilterSql, type RunFilters } from "./run-filters";
import { firstParam } from "./search-params";

export const RUN_SORTS = [
  "startTime",
  "-startTime",
  "name",
  "-name",
  "status",
  "-status",
  "strategy",
  "-strategy",
] as const;

export const listRunsQuerySchema = runFiltersSchema.extend({
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(200).default(25),
  sort: z.enum(RUN_SORTS).default("-startTime").describe("Sort key; a leading '-' sorts descending"),
});
export type ListRunsQuery = z.infer<typeof listRunsQuerySchema>;

export interface RunSummary {
  id: number;
  name: string;
  origin: string;
  startTime: string | null;
  completionTime: string | null;
  /** completionTime − startTime in seconds. */
  durationS: number | null;
  status: string;
  eventType: string | null;
  branch: string | null;
  commitSha: string | null;
  strategy: string;
  platforms: string[];
}

const ORDER: Record<ListRunsQuery["sort"], Prisma.Sql> = {
  startTime: Prisma.sql`r."startTime" ASC NULLS FIRST, r."id" ASC`,
  "-startTime": Prisma.sql`r."startTime" DESC NULLS LAST, r."id" DESC`,
  name: Prisma.sql`r."name" ASC, r."id" ASC`,
  "-name": Prisma.sql`r."name" DESC, r."id" DESC`,
  status: Prisma.sql`r."status" ASC, r."id" DESC`,
  "-status": Prisma.sql`r."status" DESC, r."id" DESC`,
  strategy: Prisma.sql`r."strategy" ASC, r."id" DESC`,
  "-strategy": Prisma.sql`r."strategy" DESC, r."id" DESC`,
};

interface Row {
  id: number | bigint;
  name: string;
  origin: string;
  startTime: string | Date | null;
  completionTime: string | Date | null;
  status: string;
  eventType: string | null;
  branch: string | null;
  commitSha: string | null;
  strategy: string;
  platforms: string;
}

const COLUMNS = Prisma.sql`r."id" AS id, r."name" AS name, r."origin" AS origin, r."startTime" AS "startTime",
  r."completionTime" AS "completionTime", r."status" AS status, r."eventType" AS "eventType", r."branch" AS branch,
  r."commitSha" AS "commitSha", r."strategy" AS strategy, r."platforms" AS platforms`;

function toSummary(row: Row): RunSummary {
  const start = row.startTime === null ? null : new Date(row.startTime);
  const end = row.completionTime === null ? null : new Date(row.completionTime);
  return {
    id: Number(row.id),
    name: row.name,
    origin: row.origin,
    startTime: start?.toISOString() ?? null,
    completionTime: end?.toISOString() ?? null,
    durationS: start && end && row.origin !== "manual-table" ? (end.getTime() - start.getTime()) / 1000 : null,
    status: row.status,
    eventType: row.eventType,
    branch: row.branch,
    commitSha: row.commitSha,
    strategy: row.strategy,
    platforms: row.platforms.split(",").filter(Boolean),
  };
}

/** Returns null when the component does not exist. */
export async function listRuns(db: Db, componentName: string, query: ListRunsQuery): Promise<Page<RunSummary> | null> {
  const component = await db.component.findUnique({ where: { name: componentName }, select: { id: true } });
  if (!component) return null;
  const { page, perPage, sort, ...filters } = query;
  const where = Prisma.sql`WHERE r."componentId" = ${component.id} ${runFilterSql(filters)}`;
  const [{ count } = { count: 0 }] = await db.$queryRaw<{ count: number | bigint }[]>`
    SELECT CAST(COUNT(*) AS INTEGER) AS count FROM "PipelineRun" r ${where}`;
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${COLUMNS} FROM "PipelineRun" r ${where}
    ORDER BY ${ORDER[sort]}
    LIMIT ${perPage} OFFSET ${(page - 1) * perPage}`;
  const total = Number(count);
  return {
    data: rows.map(toSummary),
    count: total,
    page,
    perPage,
    totalPages: Math.max(1, Math.ceil(total / perPage)),
  };
}

/** Every matching run, newest first, fetched in batches of `batchSize` by keyset (id) pagination. */
export async function* streamRuns(
  db: Db,
  componentId: number,
  filters: RunFilters,
  batchSize = 1000,
): AsyncGenerator<RunSummary> {
  let before = 2_147_483_647; // ids are 32-bit integers on both databases
  for (;;) {
    const rows = await db.$queryRaw<Row[]>`
      SELECT ${COLUMNS} FROM "PipelineRun" r
      WHERE r."componentId" = ${componentId} AND r."id" < ${before} ${runFilterSql(filters)}
      ORDER BY r."id" DESC
      LIMIT ${batchSize}`;
    for (const row of rows) yield toSummary(row);
    if (rows.length < batchSize) return;
    before = Number(rows.at(-1)!.id);
  }
}

/** Page URL → runs query: the table's filters plus page and sort, each bad value falling back to its default. */
export function parseListRunsLenient(
  params: Record<string, string | string[] | undefined>,
  filters: RunFilters,
): ListRunsQuery {
  const first = (key: string) => firstParam(params, key);
  const { page, sort } = z
    .object({
      page: listRunsQuerySchema.shape.page.catch(1),
      sort: listRunsQuerySchema.shape.sort.catch("-startTime"),
    })
    .parse({ page: first("page"), sort: first("sort") });
  return { ...filters, page, perPage: 25, sort };
}
