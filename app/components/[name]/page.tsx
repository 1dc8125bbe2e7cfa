// A component: its per-arch cost table, its planned payload (sizes uploaded without a run), and the phase chart.
// The recommendation panel's first answer is computed here too (started before the table) and handed to the panel's
// react-query query: in the table's paint when the model answers within RECOMMENDATION_WAIT_MS of the rest of the
// page, else streamed into its own Suspense boundary, so the table never waits longer for the model than that.
import { Suspense } from "react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CostTableView } from "@/components/CostTableView";
import { RecommendedGenerator, RecommendedStrategyProvider } from "@/components/RecommendedStrategy";
import { RecommendationPanel } from "@/components/RecommendationPanel";
import { recommendationSchema } from "@/components/api-contracts";
import type { InitialRecommendation } from "@/components/recommendation/use-recommendation";
import { PhaseBars } from "@/components/PhaseBars";
import { PlannedPayload } from "@/components/PlannedPayload";
import { PhaseTrends } from "@/components/PhaseTrends";
import { RegressionCallout } from "@/components/regressions/RegressionCallout";
import { RunsTable } from "@/components/RunsTable";
import { TableControls } from "@/components/TableControls";
import { listRuns, parseListRunsLenient } from "@/lib/queries/list-runs";
import { getCostTable } from "@/lib/queries/get-cost-table";
import { getGeneratorDefaults } from "@/lib/queries/generator-defaults";
import { getPlannedPayload } from "@/lib/queries/get-planned-payload";
import { listStrategies } from "@/lib/queries/list-strategies";
import { parseTableQueryLenient, tableQueryString } from "@/lib/queries/run-filters";
import { getDb } from "@/lib/db/client";
import { getPanelRecommendationJson, settledWithin } from "@/lib/recommend/panel-initial";
import { panelApiQuery, searchParamsOf } from "@/components/recommendation/panel-query";

export const dynamic = "force-dynamic";

/** How long the page holds the table back for the recommendation (React reveals a streamed one 300 ms later). */
const RECOMMENDATION_WAIT_MS = 300;

interface Props {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: decodeURIComponent(name) };
}

export default async function ComponentPage({ params, searchParams }: Props) {
  const { name } = await params;
  const componentName = decodeURIComponent(name);
  const search = await searchParams;
  const { stat, ...filters } = parseTableQueryLenient(search);
  const runsQuery = parseListRunsLenient(search, filters);
  const db = getDb();
  // The panel's query (as its browser code builds it from the URL), answered while the table is read.
  const recommendationQuery = panelApiQuery(searchParamsOf(search));
  const recommendation = getPanelRecommendationJson(db, componentName, recommendationQuery);
  const table = await getCostTable(db, componentName, { stat, filters });
  if (!table) notFound();
  const [strategies, runs, planned] = await Promise.all([
    listStrategies(db, componentName),
    listRuns(db, componentName, runsQuery),
    getPlannedPayload(db, componentName),
  ]);
  const query = tableQueryString({ stat, ...filters });
  const generator = await getGeneratorDefaults(db, table);
  const apiBase = `/api/components/${encodeURIComponent(table.component)}/table`;
  const runsApi = `/api/components/${encodeURIComponent(table.component)}/runs`;
  const ready = await settledWithin(recommendation, RECOMMENDATION_WAIT_MS);
  return (
    <RecommendedStrategyProvider>
      <p className="breadcrumb">
        <Link href="/">Components</Link> / {table.component}
      </p>
      <h1>{table.component}</h1>
      <section aria-labelledby="regressions-heading">
        <h2 id="regressions-heading">Regressions</h2>
        <RegressionCallout component={table.component} />
      </section>
      <section aria-labelledby="cost-heading">
        <h2 id="cost-heading">Cost per architecture</h2>
        <TableControls strategies={strategies} />
        {table.rows.length === 0 ? (
          <p className="empty">No measurements match these filters.</p>
        ) : (
          <>
            <CostTableView table={table} />
            <p className="downloads">
              Download this table: <a href={`${apiBase}?${query}${query ? "&" : ""}format=csv`}>CSV</a> ·{" "}
              <a href={`${apiBase}${query ? `?${query}` : ""}`}>JSON</a>
            </p>
          </>
        )}
      </section>
      {planned && planned.length > 0 ? (
        <section aria-labelledby="planned-heading">
          <h2 id="planned-heading">Planned payload</h2>
          <PlannedPayload
            rows={planned}
            measuredArches={table.rows.filter((row) => row.sizeBytes !== null).map((row) => row.arch)}
          />
        </section>
      ) : null}
      <section aria-labelledby="recommendation-heading">
        <h2 id="recommendation-heading">Recommendation</h2>
        {ready ? (
          // Ready: rendered in the page's own HTML (inside a Suspense boundary React would still stream it apart).
          <RecommendationPanel component={table.component} initial={initialOf(ready.value, recommendationQuery)} />
        ) : (
          <Suspense fallback={<p className="muted">Predicting every strategy…</p>}>
            <ServerRecommendation component={table.component} apiQuery={recommendationQuery} json={recommendation} />
          </Suspense>
        )}
      </section>
      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Runs</h2>
        {runs ? (
          <>
            <RunsTable
              runs={runs}
              sort={runsQuery.sort}
              params={{
                ...Object.fromEntries(new URLSearchParams(query).entries()),
                sort: runsQuery.sort === "-startTime" ? undefined : runsQuery.sort,
              }}
            />
            <p className="downloads">
              Download these runs: <a href={`${runsApi}?${query}${query ? "&" : ""}format=csv`}>CSV</a> ·{" "}
              <a href={`${runsApi}?${query}${query ? "&" : ""}perPage=200`}>JSON</a>
            </p>
          </>
        ) : null}
      </section>
      {table.rows.length > 0 ? (
        <section aria-labelledby="chart-heading">
          <h2 id="chart-heading">Where the time goes</h2>
          <PhaseBars component={table.component} query={query} />
          <h3>Over time</h3>
          <PhaseTrends component={table.component} query={tableQueryStringWithoutStat(query)} />
        </section>
      ) : null}
      <section aria-labelledby="generator-heading">
        <h2 id="generator-heading">Pipeline YAML</h2>
        <RecommendedGenerator
          component={table.component}
          platforms={generator.platforms}
          defaultStrategy={generator.defaultStrategy}
          payloadBytes={generator.payloadBytes}
          payloadBytesByArch={generator.payloadBytesByArch}
        />
      </section>
    </RecommendedStrategyProvider>
  );
}

/** The panel with its first answer, once the model has it (streamed). */
async function ServerRecommendation({
  component,
  apiQuery,
  json,
}: {
  component: string;
  apiQuery: string;
  json: Promise<unknown>;
}) {
  return <RecommendationPanel component={component} initial={initialOf(await json, apiQuery)} />;
}

/**
 * The API's body parsed with the panel's own zod contract, so it is what the browser's fetch would have made of it;
 * none (or a mismatch) leaves the panel to fetch.
 */
function initialOf(json: unknown, apiQuery: string): InitialRecommendation | null {
  const parsed = recommendationSchema.safeParse(json);
  return parsed.success ? { apiQuery, data: parsed.data } : null;
}

/** The trend has its own statistics (median and p90), so the table's `stat` does not apply to it. */
function tableQueryStringWithoutStat(query: string): string {
  const params = new URLSearchParams(query);
  params.delete("stat");
  return params.toString();
}
