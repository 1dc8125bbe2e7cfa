"use client";
// The components list's badge: keep X / switch to X (saves N min) / use X (no strategy detected) / no data yet,
// from the recommendation API's summary with default settings (its title adds the confidence). Loaded per row after
// the page shows.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDuration } from "@/lib/format";
import { recommendationSummarySchema } from "./api-contracts";
import { fetchComponentJson } from "./component-api";

const fetchSummary = (component: string) =>
  fetchComponentJson(component, "recommendation", "fields=summary", recommendationSummarySchema);

export function RecommendationBadge({ component }: { component: string }) {
  const query = useQuery({ queryKey: ["recommendation-summary", component], queryFn: () => fetchSummary(component) });
  if (query.isPending) return <span className="muted">…</span>;
  if (query.isError) return <span className="muted">unavailable</span>;
  const r = query.data;
  const href = `/components/${encodeURIComponent(component)}#recommendation-heading`;
  const title = `${r.reason} Confidence: ${r.confidence}.`;
  if (r.decision === "none") {
    // Nothing measured: no decision to show, only that data is missing (neutral, not "keep").
    return (
      <Link href={href} className="badge badge-none muted" title={title}>
        no data yet
      </Link>
    );
  }
  if (r.decision === "keep") {
    return (
      <Link href={href} className="badge badge-keep" title={title}>
        keep {r.current}
      </Link>
    );
  }
  if (r.current === "unknown") {
    // No detected strategy to switch from: the savings are against the shipped default, not what the component runs.
    return (
      <Link href={href} className="badge badge-switch" title={title}>
        use {r.recommended}
      </Link>
    );
  }
  return (
    <Link href={href} className="badge badge-switch" title={title}>
      switch to {r.recommended}
      {r.savings.wallS >= 60 ? ` (saves ${formatDuration(r.savings.wallS)})` : ""}
    </Link>
  );
}
