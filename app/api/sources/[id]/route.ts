// GET /api/sources/{id} – one source with its last sync and the progress of a running one; DELETE removes the
// source (its synced runs stay). Unknown ids (and ids past the id column's range) are a 404.
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseId } from "@/lib/http/ids";
import { route, segments } from "@/lib/http/route";
import { deleteSource, getSourceView } from "@/lib/pipeline/sources";

export const dynamic = "force-dynamic";

/** The id as a row id, or null when no source can have it; text that is not digits is a 400. */
function sourceId(id: string): number | null {
  const parsed = parseId(id);
  if (!parsed.ok && parsed.reason === "not_numeric") {
    throw new AppError("bad_request", `Source id "${id}" is not a number`);
  }
  return parsed.ok ? parsed.id : null;
}

export const GET = route({ params: segments("id") }, async ({ params: { id } }) => {
  const parsed = sourceId(id);
  const source = parsed === null ? null : await getSourceView(getDb(), parsed);
  if (!source) throw new AppError("not_found", `No source with id ${id}`);
  return Response.json(source, { headers: { "cache-control": "no-store" } });
});

export const DELETE = route({ access: "upload", params: segments("id") }, async ({ params: { id } }) => {
  const parsed = sourceId(id);
  if (parsed === null || !(await deleteSource(getDb(), parsed))) {
    throw new AppError("not_found", `No source with id ${id}`);
  }
  return new Response(null, { status: 204 });
});
