// GET /api/components – components with run counts, last run, platforms and strategy; searched, sorted, paginated
import { listComponents } from "@/lib/queries/list-components";
import { listComponentsQuerySchema } from "@/lib/queries/list-components.types";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    const query = listComponentsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
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
  } catch (error) {
    return errorResponse(error);
  }
}
