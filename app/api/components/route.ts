// GET /api/components – components with run counts, last run, platforms and strategy; searched, sorted, paginated;
// each row with its recommendation and regressions at default settings, from the stored summaries
// (lib/recommend/components-page.ts). Its ETag names the state of every component's data (lib/db/data-version.ts
// listDataState), and a repeated request is answered from the remembered body; an answer with summaries still being
// computed right after a write (rows' summaryState "computing") has neither, so the next request asks again.
import { componentsPageResponse } from "@/lib/recommend/components-page";
import { listComponentsQuerySchema } from "@/lib/queries/list-components.types";
import { getDb } from "@/lib/db/client";
import { listDataState } from "@/lib/db/data-version";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  { query: listComponentsQuerySchema, etag: () => listDataState(getDb()), cache: true },
  ({ query }) => componentsPageResponse(getDb(), query),
);
