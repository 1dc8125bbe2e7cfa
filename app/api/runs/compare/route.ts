// GET /api/runs/compare – two runs phase by phase and arch by arch: A, B and B − A (?a=<run id>&b=<run id>)
import { getDb } from "@/lib/db/client";
import { assertRunIdsInRange } from "@/lib/http/ids";
import { route } from "@/lib/http/route";
import { compareRunsQuerySchema } from "@/lib/runs/compare.types";
import { getRunComparison } from "@/lib/runs/get-run-comparison";

export const dynamic = "force-dynamic";

export const GET = route({}, async ({ request }) => {
  // Only a and b, each its first value (the route's `query` option would take the last of a repeated one).
  const { searchParams } = new URL(request.url);
  const query = compareRunsQuerySchema.parse({
    a: searchParams.get("a") ?? undefined,
    b: searchParams.get("b") ?? undefined,
  });
  assertRunIdsInRange([query.a, query.b]);
  return Response.json(await getRunComparison(getDb(), query));
});
