"use client";
// The recommendation panel: every strategy predicted from the component's runs, ranked side by side, the
// decision and why (or that nothing was measured yet), hazards, "show the arithmetic", the inputs with their
// sources, the backtest, and the what-if controls. The controls live in the URL (next to the page's run
// filters), so a view can be shared: state in ./recommendation/use-recommendation-params, parts in ./recommendation.
// `initial` is the page's server-rendered first answer (see ./recommendation/use-recommendation).
import type { Recommendation } from "@/lib/model/recommend";
import { QueryState } from "./QueryState";
import { ArithmeticList } from "./recommendation/ArithmeticList";
import { BacktestDetails } from "./recommendation/BacktestDetails";
import { DecisionSummary } from "./recommendation/DecisionSummary";
import { InputsDetails } from "./recommendation/InputsDetails";
import { StrategyTable } from "./recommendation/StrategyTable";
import { useRecommendation, type InitialRecommendation } from "./recommendation/use-recommendation";
import { useRecommendationParams, type RecommendationParams } from "./recommendation/use-recommendation-params";
import { viewSettings } from "./recommendation/view-settings";
import { WhatIfForm } from "./recommendation/WhatIfForm";

export function RecommendationPanel({
  component,
  initial = null,
}: {
  component: string;
  initial?: InitialRecommendation | null;
}) {
  const url = useRecommendationParams();
  const query = useRecommendation(component, url.apiQuery, initial);
  return (
    <QueryState
      query={query}
      loading="Predicting every strategy…"
      errorPrefix="Could not compute the recommendation: "
      keepDataOnError
    >
      {(r) => (
        <RecommendationView
          r={r}
          url={url}
          busy={query.isFetching}
          lastError={query.isError ? query.error.message : null}
        />
      )}
    </QueryState>
  );
}

function RecommendationView({
  r,
  url,
  busy,
  lastError,
}: {
  r: Recommendation;
  url: RecommendationParams;
  busy: boolean;
  lastError: string | null;
}) {
  const settings = viewSettings(r, url.params);
  return (
    <div className="recommendation" aria-busy={busy}>
      <DecisionSummary r={r} platforms={settings.platforms} lastError={lastError} setParams={url.setParams} />
      <StrategyTable r={r} expiryDays={settings.expiryDays} />
      <ArithmeticList strategies={r.strategies} />
      <WhatIfForm r={r} settings={settings} url={url} />
      <InputsDetails inputs={r.inputs} />
      <BacktestDetails backtest={r.backtest} />
    </div>
  );
}
