// GET /api/components/{name}/recommendation – every strategy predicted from the component's measured runs,
// ranked, with the decision (keep / switch / none), the arithmetic and the backtest. What-if settings and run
// filters are query parameters (lib/recommend/query.ts; docs/cost-model.md).
import { getDb } from "@/lib/db/client";
import { componentDataState } from "@/lib/db/data-version";
import { AppError } from "@/lib/errors";
import { route, segments } from "@/lib/http/route";
import { getRecommendation } from "@/lib/recommend/get-recommendation";
import { parseRecommendationQuery } from "@/lib/recommend/query";

export const dynamic = "force-dynamic";

// The component's data state names everything the answer depends on: its own runs and, through pooled rates, the
// others' (ETag, 304, remembered body; the model's answers are also remembered in lib/recommend/get-recommendation).
/** `fields` and the model query; a bad value throws (400 or 422 naming it). */
function parseRequest(request: Request) {
  const search = new URL(request.url).searchParams;
  const fields = search.get("fields") ?? "all";
  if (fields !== "all" && fields !== "summary")
    throw new AppError("bad_request", `fields must be all or summary, not "${fields}"`);
  search.delete("fields");
  return { fields, query: parseRecommendationQuery(search) };
}

export const GET = route(
  {
    params: segments("name"),
    // The query is checked first: a bad one is answered before the database is read.
    etag: ({ request, params: { name } }) => {
      parseRequest(request);
      return componentDataState(getDb(), name);
    },
    cache: true,
  },
  async ({ request, params: { name } }) => {
    const { fields, query } = parseRequest(request);
    // The summary has no backtest: it is not computed.
    const recommendation = await getRecommendation(getDb(), name, query, { backtest: fields !== "summary" });
    if (!recommendation) throw new AppError("not_found", `No component named "${name}"`);
    if (fields === "summary") {
      // For lists (the components page's badges): the decision without the per-strategy arithmetic.
      const { component, current, recommended, decision, reason, savings, objective, threshold } = recommendation;
      const { savingsRanges, confidence, confidenceReason } = recommendation;
      return Response.json({
        component,
        current,
        recommended,
        decision,
        reason,
        savings,
        savingsRanges,
        confidence,
        confidenceReason,
        objective,
        threshold,
      });
    }
    return Response.json(recommendation);
  },
);
