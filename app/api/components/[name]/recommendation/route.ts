// GET /api/components/{name}/recommendation – every strategy predicted from the component's measured runs,
// ranked, with the decision (keep / switch), the arithmetic and the backtest. What-if settings and run
// filters are query parameters (lib/recommend/query.ts; docs/cost-model.md).
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { getRecommendation } from "@/lib/recommend/get-recommendation";
import { parseRecommendationQuery } from "@/lib/recommend/query";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  try {
    const { name } = await params;
    const query = parseRecommendationQuery(new URL(request.url).searchParams);
    const recommendation = await getRecommendation(getDb(), name, query);
    if (!recommendation) throw new AppError("not_found", `No component named "${name}"`);
    return Response.json(recommendation);
  } catch (error) {
    return errorResponse(error);
  }
}
