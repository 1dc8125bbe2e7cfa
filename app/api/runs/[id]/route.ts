// GET /api/runs/{id} – one PipelineRun with task runs, steps, measurements (with sources), strategy and hazards
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseId } from "@/lib/http/ids";
import { route, segments } from "@/lib/http/route";
import { getRun } from "@/lib/runs/get-run";

export const dynamic = "force-dynamic";

export const GET = route({ params: segments("id") }, async ({ params: { id } }) => {
  const parsed = parseId(id);
  if (!parsed.ok && parsed.reason === "not_numeric") {
    throw new AppError("bad_request", `Run id "${id}" is not a number`);
  }
  // Digits outside the id column's range name no run; PostgreSQL would fail on them instead of finding none.
  const run = parsed.ok ? await getRun(getDb(), parsed.id) : null;
  if (!run) throw new AppError("not_found", `No run with id ${id}`);
  return Response.json(run);
});
