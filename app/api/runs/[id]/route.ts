// GET /api/runs/{id} – one PipelineRun with task runs, steps, measurements (with sources), strategy and hazards
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { getRun } from "@/lib/runs/get-run";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    if (!/^\d{1,10}$/.test(id)) throw new AppError("bad_request", `Run id "${id}" is not a number`);
    const run = await getRun(getDb(), Number(id));
    if (!run) throw new AppError("not_found", `No run with id ${id}`);
    return Response.json(run);
  } catch (error) {
    return errorResponse(error);
  }
}
