// POST /api/plan – every strategy ranked for a payload that has no runs yet (an rpms.lock.yaml, or bytes per arch),
// with rates pooled from the database: JSON, or multipart/form-data with a `lockfile` file part.
import { getDb } from "@/lib/db/client";
import { readJsonOrFormBody } from "@/lib/http/read-form-body";
import { route } from "@/lib/http/route";
import { MAX_PLAN_BODY_BYTES, planInput, planRequestFromForm, planRequestSchema } from "@/lib/pipeline/plan-request";
import { planRecommendation } from "@/lib/recommend/plan";

export const dynamic = "force-dynamic";

export const POST = route({}, async ({ request }) => {
  const body = await readJsonOrFormBody(request, { maxBytes: MAX_PLAN_BODY_BYTES });
  const planRequest = planRequestSchema.parse(body.kind === "json" ? body.value : planRequestFromForm(body.fields));
  const answer = await planRecommendation(getDb(), planInput(planRequest));
  return Response.json(answer, { headers: { "cache-control": "no-store" } });
});
