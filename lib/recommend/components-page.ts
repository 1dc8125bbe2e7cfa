// The answer of GET /api/components: a page of the components list (lib/queries/list-components.ts) with each row's
// recommendation and regressions at default settings, read from the stored summaries (./summary.ts: a summary that
// is not current is computed again first, so it equals a fresh answer). The route and bench/pg-scale.ts share it.
import type { Db } from "../db/connect";
import { listComponents } from "../queries/list-components";
import type { ListComponentsQuery } from "../queries/list-components.types";
import { withSummaries } from "./summary";

export async function componentsPage(db: Db, query: ListComponentsQuery) {
  const page = await listComponents(db, query);
  const rows = await withSummaries(db, page.data);
  return {
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
  };
}
