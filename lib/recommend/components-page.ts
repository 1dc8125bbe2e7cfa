// The answer of GET /api/components: a page of the components list (lib/queries/list-components.ts) with each row's
// recommendation and regressions at default settings, read from the stored summaries (./summary.ts: a summary that
// is not current is computed again first, so it equals a fresh answer). Right after a write (an upload, a sync)
// every summary is stale — pooling makes each depend on every component's runs — and computing them can take
// seconds at scale, so the list waits at most LIST_SUMMARY_WAIT_MS: a row whose summary is not ready by then says
// `summaryState: "computing"` with `recommendation` and `regressions` null (never the stale one), and the answer
// is marked `Cache-Control: no-store` without an ETag, so neither a client nor the server keeps it. The route and
// bench/pg-scale.ts share componentsPageResponse.
import type { Db } from "../db/connect";
import { listComponents } from "../queries/list-components";
import type { ListComponentsQuery } from "../queries/list-components.types";
import { LIST_SUMMARY_WAIT_MS, withSummaries, type SummariesOptions } from "./summary";

export async function componentsPage(
  db: Db,
  query: ListComponentsQuery,
  options: SummariesOptions = { waitMs: LIST_SUMMARY_WAIT_MS },
) {
  const page = await listComponents(db, query);
  const rows = await withSummaries(db, page.data, options);
  return {
    ...page,
    /** Rows whose summary is still being computed (their `summaryState` is "computing"): ask again shortly. */
    computing: rows.filter((row) => row.computing).length,
    data: rows.map(
      ({ name, application, runs, lastRunAt, platforms, strategy, lastRunStatus, summary, computing }) => ({
        name,
        application,
        runs,
        lastRunAt,
        platforms,
        strategy,
        lastRunStatus,
        summaryState: computing ? ("computing" as const) : ("current" as const),
        recommendation: summary
          ? {
              decision: summary.recommendation.decision,
              current: summary.recommendation.current,
              recommended: summary.recommendation.recommended,
              savingsWallS: summary.recommendation.savingsWallS,
              confidence: summary.recommendation.confidence,
              reason: summary.recommendation.reason,
            }
          : null,
        regressions: summary
          ? {
              tested: summary.regressions.tested,
              flagged: summary.regressions.flagged,
              window: summary.regressions.window,
            }
          : null,
      }),
    ),
  };
}

/** The HTTP answer: JSON; while rows are computing, `Cache-Control: no-store` (lib/http/route.ts adds no ETag then). */
export async function componentsPageResponse(
  db: Db,
  query: ListComponentsQuery,
  options?: SummariesOptions,
): Promise<Response> {
  const page = await componentsPage(db, query, options);
  return Response.json(page, page.computing > 0 ? { headers: { "Cache-Control": "no-store" } } : undefined);
}
