// GET /api/components – components with run counts, last run, platforms and strategy; searched, sorted, paginated
import { listComponents } from "@/lib/queries/list-components";
import { listComponentsQuerySchema } from "@/lib/queries/list-components.types";
import { getDb } from "@/lib/db/client";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ query: listComponentsQuerySchema }, async ({ query }) => {
  const page = await listComponents(getDb(), query);
  return Response.json({
    ...page,
    data: page.data.map(({ name, application, runs, lastRunAt, platforms, strategy, lastRunStatus }) => ({
      name,
      application,
      runs,
      lastRunAt,
      platforms,
      strategy,
      lastRunStatus,
    })),
  });
});
