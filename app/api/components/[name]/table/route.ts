// GET /api/components/{name}/table – the per-arch cost table over the selected runs (JSON, or CSV with ?format=csv)
import { getCostTable } from "@/lib/queries/get-cost-table";
import { costTableCsv } from "@/lib/queries/cost-table-export";
import { tableQuerySchema } from "@/lib/queries/run-filters";
import { getDb } from "@/lib/db/client";
import { componentDataState } from "@/lib/db/data-version";
import { AppError } from "@/lib/errors";
import { route, segments } from "@/lib/http/route";
import { downloadName } from "@/lib/export/csv";

export const dynamic = "force-dynamic";

export const GET = route(
  { params: segments("name"), etag: ({ params: { name } }) => componentDataState(getDb(), name), cache: true },
  async ({ request, params: { name } }) => {
    // format is checked before the rest of the query (a 400 naming it), so it is not part of the `query` option.
    const search = Object.fromEntries(new URL(request.url).searchParams);
    const { format = "json", ...rest } = search;
    if (format !== "json" && format !== "csv")
      throw new AppError("bad_request", `format must be json or csv, not "${format}"`);
    const query = tableQuerySchema.parse(rest);
    const { stat, ...filters } = query;
    const table = await getCostTable(getDb(), name, { stat, filters });
    if (!table) throw new AppError("not_found", `No component named "${name}"`);
    if (format === "csv") {
      return new Response(costTableCsv(table), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${downloadName(`${name}-cost-table-${stat}`, "csv")}"`,
        },
      });
    }
    return Response.json(table);
  },
);
