// GET /api/runs/{id} – one PipelineRun with task runs, steps, measurements (with sources), strategy and hazards
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { parseId } from "@/lib/http/ids";
import { getRun } from "@/lib/runs/get-run";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const parsed = parseId(id);
    if (!parsed.ok && parsed.reason === "not_numeric") {
      throw new AppError("bad_request", `Run id "${id}" is not a number`);
    }
    // Digits outside the id column's range name no run; PostgreSQL would fail on them instead of finding none.
    const run = parsed.ok ? await getRun(getDb(), parsed.id) : null;
    if (!run) throw new AppError("not_found", `No run with id ${id}`);
    return Response.json(run);
  } catch (error) {
    return errorResponse(error);
  }
}
