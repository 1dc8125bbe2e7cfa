"use client";
// The component page's regression callout: each arch × phase whose latest runs got significantly slower or larger
// than the runs before them, with the medians, the change, the p-value, the windows compared and a link to the run
// where it began; a one-line "none" otherwise. Same request (and cache) as the list's badge; docs/regressions.md.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatTimestamp } from "@/lib/format";
import type { RegressionItem, Regressions } from "@/lib/queries/get-regressions.types";
import { ErrorAlert, LoadingStatus } from "../QueryState";
import { describeChange, fetchRegressions, formatPValue } from "./regressions-api";

export function RegressionCallout({ component }: { component: string }) {
  const query = useQuery({ queryKey: ["regressions", component], queryFn: () => fetchRegressions(component) });
  if (query.isPending) return <LoadingStatus>Comparing the latest runs with the ones before…</LoadingStatus>;
  if (query.isError) return <ErrorAlert>Could not check for regressions: {query.error.message}</ErrorAlert>;
  const data = query.data;
  const flagged = data.items.filter((item) => item.flagged);
  const api = `/api/components/${encodeURIComponent(component)}/regressions`;
  if (flagged.length === 0) {
    return (
      <p className="muted" data-testid="regressions-none">
        No regression: {data.tested === 0 ? "too few runs to compare" : `${data.tested} arch × phase cells tested`} (
        {windowText(data)}; <a href={`${api}?all=true`}>every cell as JSON</a>).
      </p>
    );
  }
  return (
    <div className="notice hazard-warning" role="status" data-testid="regressions-callout">
      <p>
        <strong>{flagged.length === 1 ? "A regression" : `${flagged.length} regressions`} in the latest runs</strong> (
        {windowText(data)}):
      </p>
      <ul>
        {flagged.map((item) => (
          <li key={`${item.arch} ${item.phase} ${item.kind}`}>
            <RegressionLine item={item} data={data} />
          </li>
        ))}
      </ul>
      <p className="muted">
        Medians of the per-run values (RunPhase; sizes from lockfiles and manifests). One-sided Mann–Whitney test within
        each run strategy, Holm-adjusted over this component&apos;s {data.tested} cells. The method is in
        docs/regressions.md. <a href={`${api}?all=true`}>Every cell as JSON</a>.
      </p>
    </div>
  );
}

function windowText({ window }: Regressions): string {
  return `last ${window.recent} runs of each arch and phase vs the ${window.baseline} before, flagged when the median rose over ${window.minChangePct} % at p < ${window.alpha}`;
}

function RegressionLine({ item, data }: { item: RegressionItem; data: Regressions }) {
  return (
    <>
      {describeChange(item)}, p = {formatPValue(item.pValue)} (Holm {formatPValue(item.adjustedPValue)}), last{" "}
      {item.recentRuns} runs vs the {item.baselineRuns} before
      {item.firstRunId !== null ? (
        <>
          ; since run{" "}
          <Link href={`/runs/${item.firstRunId}`} data-testid="regression-first-run">
            {item.firstRunName ?? `#${item.firstRunId}`}
          </Link>
          {item.firstRunStartTime ? ` (${formatTimestamp(item.firstRunStartTime)})` : ""}
        </>
      ) : null}
      {data.window.stratify === "none" ? " (strategies pooled)" : ""}
    </>
  );
}
