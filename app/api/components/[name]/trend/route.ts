// GET /api/components/{name}/trend – per-arch, per-phase median and p90 over the selected runs, in time buckets
import { z } from "zod";
import { getTrend } from "@/lib/queries/get-trend";
import { runFiltersSchema } from "@/lib/queries/run-filters";
import { getDb } from "@/lib/db/client";
import { componentDataState } from "@/lib/db/data-version";
import { AppError } from "@/lib/errors";
import { route, segments } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const trendQuerySchema = runFiltersSchema.extend({
  buckets: z.coerce.number().int().min(1).max(200).default(30).describe("How many time buckets (groups of runs)"),
});

export const GET = route(
  {
    params: segments("name"),
    query: trendQuerySchema,
    etag: ({ params: { name } }) => componentDataState(getDb(), name),
    cache: true,
  },
  async ({ params: { name }, query: { buckets, ...filters } }) => {
    const trend = await getTrend(getDb(), name, { buckets, filters });
    if (!trend) throw new AppError("not_found", `No component named "${name}"`);
    return Response.json(trend);
  },
);
