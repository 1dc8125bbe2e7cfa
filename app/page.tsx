// Components: every component with data — runs, latest run, platforms, strategy — searched, sorted and
// paginated by the database; all state in the URL. The recommendation and regression badges come from each row's
// stored summary (lib/recommend/summary.ts), rendered with the page; right after a write, a summary not computed
// again within LIST_SUMMARY_WAIT_MS shows "computing…" and the page refreshes itself until it is there.
import Link from "next/link";
import { RecommendationBadge } from "@/components/RecommendationBadge";
import { RegressionBadge } from "@/components/regressions/RegressionBadge";
import { Pagination } from "@/components/Pagination";
import { SearchBox } from "@/components/SearchBox";
import { SortHeader } from "@/components/SortHeader";
import { listComponents } from "@/lib/queries/list-components";
import { ComputingBadge, RefreshWhileComputing } from "@/components/RefreshWhileComputing";
import { LIST_SUMMARY_WAIT_MS, withSummaries } from "@/lib/recommend/summary";
import { parseListComponentsLenient } from "@/lib/queries/list-components.types";
import { getDb } from "@/lib/db/client";
import { strategyLabel } from "@/lib/domain/strategies";
import { formatCount, formatTimestamp } from "@/lib/format";

export const dynamic = "force-dynamic";

export default async function ComponentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = parseListComponentsLenient(await searchParams);
  const db = getDb();
  const result = await listComponents(db, query);
  const rows = await withSummaries(db, result.data, { waitMs: LIST_SUMMARY_WAIT_MS });
  const computing = rows.filter((row) => row.computing).length;
  const params = {
    q: query.q || undefined,
    sort: query.sort === "name" ? undefined : query.sort,
    perPage: query.perPage === 50 ? undefined : String(query.perPage),
  };
  return (
    <>
      <h1>Components</h1>
      <p className="lede">
        Prefetch, artifact and rsync costs per architecture, from the PipelineRuns, logs and timing tables you uploaded.
      </p>
      <SearchBox label="Search components" placeholder="Search by component or application" />
      {result.count === 0 ? (
        <p className="empty">
          {query.q ? (
            <>No component matches “{query.q}”.</>
          ) : (
            <>
              No components yet. <Link href="/upload">Upload</Link> PipelineRun exports, logs or a timing table to
              start.
            </>
          )}
        </p>
      ) : (
        <>
          {computing > 0 ? <RefreshWhileComputing count={computing} /> : null}
          <div className="table-wrap">
            <table className="data-table" aria-label="Components">
              <thead>
                <tr>
                  <SortHeader label="Component" sortKey="name" current={query.sort} params={params} />
                  <th scope="col">Application</th>
                  <SortHeader label="Runs" sortKey="runs" current={query.sort} params={params} className="num" />
                  <SortHeader label="Last run" sortKey="lastRunAt" current={query.sort} params={params} />
                  <th scope="col">Platforms</th>
                  <th scope="col">Strategy (last run)</th>
                  <th scope="col">Recommendation</th>
                  <th scope="col">Regressions</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((component) => (
                  <tr key={component.name}>
                    <th scope="row">
                      <Link href={`/components/${encodeURIComponent(component.name)}`}>{component.name}</Link>
                    </th>
                    <td>{component.application ?? <span className="muted">—</span>}</td>
                    <td className="num">{formatCount(component.runs, "run")}</td>
                    <td>
                      {component.lastRunAt === null ? (
                        <span className="muted">no date</span>
                      ) : component.lastRunOrigin === "manual-table" ? (
                        <>
                          {component.lastRunAt.slice(0, 10)} <span className="muted">(hand-measured table)</span>
                        </>
                      ) : (
                        formatTimestamp(component.lastRunAt)
                      )}
                      {component.lastRunStatus ? (
                        <span className={`status status-${component.lastRunStatus.toLowerCase()}`}>
                          {component.lastRunStatus}
                        </span>
                      ) : null}
                    </td>
                    <td>{component.platforms.join(", ")}</td>
                    <td>{strategyLabel(component.strategy)}</td>
                    <td>
                      {component.computing ? (
                        <ComputingBadge what="recommendation" />
                      ) : (
                        <RecommendationBadge
                          component={component.name}
                          summary={component.summary?.recommendation ?? null}
                        />
                      )}
                    </td>
                    <td>
                      {component.computing ? (
                        <ComputingBadge what="regression check" />
                      ) : (
                        <RegressionBadge
                          component={component.name}
                          regressions={component.summary?.regressions ?? null}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={result.page}
            totalPages={result.totalPages}
            count={result.count}
            params={params}
            noun="components"
          />
        </>
      )}
    </>
  );
}
