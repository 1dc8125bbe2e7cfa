// Which runs of a component a view counts: time range, event, status, strategy, branch. One zod contract
// for the API (strict: bad values are a 422) and for page URLs (lenient: a bad value is dropped), and
// the SQL condition it becomes (SQLite and PostgreSQL alike).
import { z } from "zod";
import { Prisma } from "../../generated/sqlite/client";
import { firstParam } from "./search-params";

export const STATS = ["median", "p90", "mean", "last"] as const;
export type Stat = (typeof STATS)[number];

const isoDate = z.coerce.date().refine((d) => !Number.isNaN(d.getTime()), "not a date");

export const runFiltersSchema = z.object({
  from: isoDate.optional().describe("Runs started at or after this time (ISO 8601)"),
  to: isoDate.optional().describe("Runs started before this time (ISO 8601)"),
  event: z.string().trim().min(1).max(64).optional().describe("Pipelines-as-Code event type: push, pull_request, …"),
  status: z.enum(["Succeeded", "Failed", "Running", "Unknown"]).optional(),
  strategy: z.string().trim().min(1).max(64).optional().describe("Detected strategy id, e.g. ta-shared"),
  branch: z.string().trim().min(1).max(255).optional().describe("Source or target branch"),
});
export type RunFilters = z.infer<typeof runFiltersSchema>;

export const tableQuerySchema = runFiltersSchema.extend({
  stat: z.enum(STATS).default("median").describe("Statistic over the selected runs"),
});
export type TableQuery = z.infer<typeof tableQuerySchema>;

/** Parses URL search params leniently: each invalid value is dropped, so a stale link still opens. */
export function parseTableQueryLenient(params: Record<string, string | string[] | undefined>): TableQuery {
  const lenient = z.object({
    from: isoDate.optional().catch(undefined),
    to: isoDate.optional().catch(undefined),
    event: runFiltersSchema.shape.event.catch(undefined),
    status: runFiltersSchema.shape.status.catch(undefined),
    strategy: runFiltersSchema.shape.strategy.catch(undefined),
    branch: runFiltersSchema.shape.branch.catch(undefined),
    stat: z.enum(STATS).catch("median"),
  });
  const raw = Object.fromEntries(
    ["from", "to", "event", "status", "strategy", "branch", "stat"].map((key) => [key, firstParam(params, key)]),
  );
  return lenient.parse(raw);
}

/** `AND …` conditions on the PipelineRun alias `r`. */
export function runFilterSql(filters: RunFilters): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filters.from) conditions.push(Prisma.sql`r."startTime" >= ${filters.from}`);
  if (filters.to) conditions.push(Prisma.sql`r."startTime" < ${filters.to}`);
  if (filters.event) conditions.push(Prisma.sql`r."eventType" = ${filters.event}`);
  if (filters.status) conditions.push(Prisma.sql`r."status" = ${filters.status}`);
  if (filters.strategy) conditions.push(Prisma.sql`r."strategy" = ${filters.strategy}`);
  if (filters.branch) {
    conditions.push(Prisma.sql`(r."branch" = ${filters.branch} OR r."targetBranch" = ${filters.branch})`);
  }
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`AND ${Prisma.join(conditions, " AND ")}`;
}

/** The query string of a table view (defaults left out), for links, exports and the chart's fetch. */
export function tableQueryString(query: TableQuery): string {
  const params = new URLSearchParams();
  if (query.stat !== "median") params.set("stat", query.stat);
  if (query.from) params.set("from", query.from.toISOString().slice(0, 10));
  if (query.to) params.set("to", query.to.toISOString().slice(0, 10));
  for (const key of ["event", "status", "strategy", "branch"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}
