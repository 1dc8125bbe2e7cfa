// GET /api/components – components with run counts, last run, platforms and strategy; searched, sorted, paginated;
// each row with its recommendation and regressions at default settings, from the stored summaries
// (lib/recommend/components-page.ts).
import { componentsPage } from "@/lib/recommend/components-page";
import { listComponentsQuerySchema } from "@/lib/queries/list-components.types";
import { getDb } from "@/lib/db/client";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ query: listComponentsQuerySchema }, async ({ query }) =>
  Response.json(await componentsPage(getDb(), query)),
);
