// GET /api/components contract: strict query (bad values are a 422), paginated response.
import { z } from "zod";
import { firstParam } from "./search-params";

export const COMPONENT_SORTS = ["name", "-name", "runs", "-runs", "lastRunAt", "-lastRunAt"] as const;

export const listComponentsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1).describe("1-based page number"),
  perPage: z.coerce.number().int().min(1).max(200).default(50).describe("Rows per page, at most 200"),
  q: z.string().trim().max(200).optional().describe("Case-insensitive substring of the component or application name"),
  sort: z.enum(COMPONENT_SORTS).default("name").describe("Sort key; a leading '-' sorts descending"),
});
export type ListComponentsQuery = z.infer<typeof listComponentsQuerySchema>;

export interface ComponentSummary {
  /** Internal: the row's id and data version (what its stored summary is keyed on); not in the API's rows. */
  id: number;
  dataVersion: number;
  name: string;
  application: string | null;
  runs: number;
  lastRunAt: string | null;
  /** Extensions beyond the documented contract: the latest run's status and origin. */
  lastRunStatus: string | null;
  lastRunOrigin: string | null;
  platforms: string[];
  strategy: string | null;
}

export interface Page<T> {
  data: T[];
  count: number;
  page: number;
  perPage: number;
  totalPages: number;
}

/** Lenient parse for page URLs: each bad value falls back to its default. */
export function parseListComponentsLenient(params: Record<string, string | string[] | undefined>): ListComponentsQuery {
  const first = (key: string) => firstParam(params, key);
  return z
    .object({
      page: listComponentsQuerySchema.shape.page.catch(1),
      perPage: listComponentsQuerySchema.shape.perPage.catch(50),
      q: listComponentsQuerySchema.shape.q.catch(undefined),
      sort: listComponentsQuerySchema.shape.sort.catch("name"),
    })
    .parse({ page: first("page"), perPage: first("perPage"), q: first("q"), sort: first("sort") });
}
