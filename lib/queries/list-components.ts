// The components list: each component's run count and last run time as kept by PipelineRun's triggers (Component's
// runCount and lastRunAt: no scan of the runs), searched, sorted and paginated by the database; then the latest run's
// status, platforms and strategy for just the rows of the page, one index seek each.
import { Prisma } from "../../generated/sqlite/client";
import type { Db } from "../db/connect";
import type { ComponentSummary, ListComponentsQuery, Page } from "./list-components.types";

interface Row {
  id: number | bigint;
  name: string;
  application: string | null;
  runs: number | bigint;
  lastRunAt: string | Date | null;
  dataVersion: number | bigint;
}

interface LastRunRow {
  componentId: number | bigint;
  status: string;
  origin: string;
  platforms: string;
  strategy: string;
}

const ORDER: Record<ListComponentsQuery["sort"], Prisma.Sql> = {
  name: Prisma.sql`c."name" ASC`,
  "-name": Prisma.sql`c."name" DESC`,
  runs: Prisma.sql`runs ASC, c."name" ASC`,
  "-runs": Prisma.sql`runs DESC, c."name" ASC`,
  lastRunAt: Prisma.sql`"lastRunAt" ASC NULLS LAST, c."name" ASC`,
  "-lastRunAt": Prisma.sql`"lastRunAt" DESC NULLS LAST, c."name" ASC`,
};

const toIso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

export async function listComponents(
  db: Db,
  query: ListComponentsQuery = { page: 1, perPage: 50, sort: "name" },
): Promise<Page<ComponentSummary>> {
  const pattern = query.q ? `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = pattern
    ? Prisma.sql`WHERE LOWER(c."name") LIKE ${pattern} ESCAPE '\\' OR LOWER(COALESCE(c."application", '')) LIKE ${pattern} ESCAPE '\\'`
    : Prisma.empty;
  const [{ count } = { count: 0 }] = await db.$queryRaw<{ count: number | bigint }[]>`
    SELECT CAST(COUNT(*) AS INTEGER) AS count FROM "Component" c ${where}`;
  const offset = (query.page - 1) * query.perPage;
  const rows = await db.$queryRaw<Row[]>`
    SELECT c."id" AS id, c."name" AS name, c."application" AS application, c."dataVersion" AS "dataVersion",
           c."runCount" AS runs, c."lastRunAt" AS "lastRunAt"
    FROM "Component" c
    ${where}
    ORDER BY ${ORDER[query.sort]}
    LIMIT ${query.perPage} OFFSET ${offset}`;
  const ids = rows.map((row) => Number(row.id));
  const lastRuns =
    ids.length === 0
      ? []
      : await db.$queryRaw<LastRunRow[]>`
          SELECT r."componentId" AS "componentId", r."status" AS status, r."origin" AS origin,
                 r."platforms" AS platforms, r."strategy" AS strategy
          FROM "PipelineRun" r
          WHERE r."id" IN (
            SELECT (SELECT l."id" FROM "PipelineRun" l WHERE l."componentId" = c."id"
                    ORDER BY l."startTime" DESC NULLS LAST, l."id" DESC LIMIT 1)
            FROM "Component" c WHERE c."id" IN (${Prisma.join(ids)}))`;
  const lastByComponent = new Map(lastRuns.map((run) => [Number(run.componentId), run]));
  const total = Number(count);
  return {
    data: rows.map((row) => {
      const last = lastByComponent.get(Number(row.id));
      return {
        id: Number(row.id),
        dataVersion: Number(row.dataVersion),
        name: row.name,
        application: row.application,
        runs: Number(row.runs),
        lastRunAt: toIso(row.lastRunAt),
        lastRunStatus: last?.status ?? null,
        lastRunOrigin: last?.origin ?? null,
        platforms: last?.platforms ? last.platforms.split(",").filter(Boolean) : [],
        strategy: last?.strategy ?? null,
      };
    }),
    count: total,
    page: query.page,
    perPage: query.perPage,
    totalPages: Math.max(1, Math.ceil(total / query.perPage)),
  };
}
