// GET /api/components/{name}/runs – the component's runs, filtered, sorted and paginated (JSON); ?format=csv streams them all
import { listRuns, listRunsQuerySchema, streamRuns } from "@/lib/queries/list-runs";
import { runFiltersSchema } from "@/lib/queries/run-filters";
import { getDb } from "@/lib/db/client";
import { componentDataState } from "@/lib/db/data-version";
import { AppError } from "@/lib/errors";
import { csvRows, downloadName } from "@/lib/export/csv";
import { route, segments } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const CSV_HEADER = [
  "id",
  "name",
  "origin",
  "start_time",
  "completion_time",
  "duration_s",
  "status",
  "event_type",
  "branch",
  "commit_sha",
  "strategy",
  "platforms",
];

export const GET = route(
  { params: segments("name"), etag: ({ params: { name } }) => componentDataState(getDb(), name), cache: true },
  async ({ request, params: { name } }) => {
    const { format = "json", ...search } = Object.fromEntries(new URL(request.url).searchParams);
    if (format !== "json" && format !== "csv")
      throw new AppError("bad_request", `format must be json or csv, not "${format}"`);
    const db = getDb();
    if (format === "json") {
      const page = await listRuns(db, name, listRunsQuerySchema.parse(search));
      if (!page) throw new AppError("not_found", `No component named "${name}"`);
      return Response.json(page);
    }
    const { page: _page, perPage: _perPage, sort: _sort, ...filterParams } = search;
    const filters = runFiltersSchema.parse(filterParams);
    const component = await db.component.findUnique({ where: { name }, select: { id: true } });
    if (!component) throw new AppError("not_found", `No component named "${name}"`);
    const encoder = new TextEncoder();
    const runs = streamRuns(db, component.id, filters);
    let headerSent = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvRows([CSV_HEADER])));
        }
        const lines: unknown[][] = [];
        for (let i = 0; i < 500; i++) {
          const next = await runs.next();
          if (next.done) break;
          const r = next.value;
          lines.push([
            r.id,
            r.name,
            r.origin,
            r.startTime,
            r.completionTime,
            r.durationS,
            r.status,
            r.eventType,
            r.branch,
            r.commitSha,
            r.strategy,
            r.platforms.join(" "),
          ]);
        }
        if (lines.length > 0) controller.enqueue(encoder.encode(csvRows(lines)));
        if (lines.length < 500) controller.close();
      },
      async cancel() {
        await runs.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${downloadName(`${name}-runs`, "csv")}"`,
      },
    });
  },
);
