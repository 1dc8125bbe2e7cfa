// GET /api/components – components with run counts, last run, platforms and strategy; searched, sorted, paginated;
// each row with its recommendation and regressions at default settings, read from the stored summaries
// (lib/recommend/summary.ts: a summary that is not current is computed again first, so it equals a fresh answer).
import { listComponents } from "@/lib/queries/list-components";
import { withSummaries } from "@/lib/recommend/summary";
import { listComponentsQuerySchema } from "@/lib/queries/list-components.types";
import { getDb } from "@/lib/db/client";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ query: listComponentsQuerySchema }, async ({ query }) => {
  const db = getDb();
  const page = await listComponents(db, query);
  const rows = await withSummaries(db, page.data);
  return Response.json({
    ...page,
    data: rows.map(({ name, application, runs, lastRunAt, platforms, strategy, lastRunStatus, summary }) => ({
      name,
      application,
      runs,
      lastRunAt,
      platforms,
      strategy,
      lastRunStatus,
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
    })),
  });
});
