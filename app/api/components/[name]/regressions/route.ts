// GET /api/components/{name}/regressions – per arch × phase, the latest runs against a baseline window (one-sided
// Mann–Whitney, Holm per component): the cells whose median rose significantly (docs/regressions.md)
import { getDb } from "@/lib/db/client";
import { componentDataState } from "@/lib/db/data-version";
import { AppError } from "@/lib/errors";
import { route, segments } from "@/lib/http/route";
import { getRegressions } from "@/lib/queries/get-regressions";
import { parseRegressionsQuery } from "@/lib/queries/get-regressions.types";

export const dynamic = "force-dynamic";

// The answer depends on the component's runs alone: its data state names it (ETag, 304, remembered body).
export const GET = route(
  {
    params: segments("name"),
    // The query is checked first: a bad one is a 400 before the database is read.
    etag: ({ request, params: { name } }) => {
      parseRegressionsQuery(new URL(request.url).searchParams);
      return componentDataState(getDb(), name);
    },
    cache: true,
  },
  async ({ request, params: { name } }) => {
    const query = parseRegressionsQuery(new URL(request.url).searchParams);
    const regressions = await getRegressions(getDb(), name, query);
    if (!regressions) throw new AppError("not_found", `No component named "${name}"`);
    return Response.json(regressions);
  },
);
