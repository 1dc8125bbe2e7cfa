// GET /api/sources – every source of synced runs (credentials by name only); POST /api/sources – add one
// (201 with the source, 422 naming the field); writes need UPLOAD_TOKEN when it is set.
import { getDb } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { createSource, listSourceViews } from "@/lib/pipeline/sources";

export const dynamic = "force-dynamic";

/** A source is a dozen short fields: 64 KiB is far more than any real one needs. */
const MAX_BODY_BYTES = 64 * 1024;

export const GET = route({}, async () =>
  Response.json({ data: await listSourceViews(getDb()) }, { headers: { "cache-control": "no-store" } }),
);

export const POST = route({ access: "upload", body: { maxBytes: MAX_BODY_BYTES } }, async ({ body }) => {
  const source = await createSource(getDb(), body);
  return Response.json(source, { status: 201, headers: { location: `/api/sources/${source.id}` } });
});
