// The components list's badge: keep X / switch to X (saves N min) / use X (no strategy detected) / no data yet, from
// the row's stored summary (GET /api/components rows' `recommendation`: the recommendation at default settings;
// lib/recommend/summary.ts). Rendered with the page: no request per row. Its title adds the reason and confidence.
import Link from "next/link";
import { formatDuration } from "@/lib/format";
import type { SummaryRecommendation } from "@/lib/recommend/summary";

export function RecommendationBadge({
  component,
  summary,
}: {
  component: string;
  summary: SummaryRecommendation | null;
}) {
  if (!summary) return <span className="muted">unavailable</span>;
  const r = summary;
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
      {r.savingsWallS >= 60 ? ` (saves ${formatDuration(r.savingsWallS)})` : ""}
    </Link>
  );
}
