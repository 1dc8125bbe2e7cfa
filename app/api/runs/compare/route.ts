// GET /api/runs/compare – two runs phase by phase and arch by arch: A, B and B − A (?a=<run id>&b=<run id>)
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/errors";
import { assertRunIdsInRange } from "@/lib/http/ids";
import { compareRunsQuerySchema } from "@/lib/runs/compare.types";
import { getRunComparison } from "@/lib/runs/get-run-comparison";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    const { searchParams } = new URL(request.url);
    const query = compareRunsQuerySchema.parse({
      a: searchParams.get("a") ?? undefined,
      b: searchParams.get("b") ?? undefined,
    });
    assertRunIdsInRange([query.a, query.b]);
    return Response.json(await getRunComparison(getDb(), query));
  } catch (error) {
    return errorResponse(error);
  }
}
