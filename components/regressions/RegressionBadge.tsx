"use client";
// The components list's regression badge: how many arch × phase cells got significantly slower or larger in the
// latest runs (GET /api/components/{name}/regressions, default settings), linking to the component page's callout.
// Fetched per visible row after the page shows, like the recommendation badge, so the list query stays as it was.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { describeChange, fetchRegressions } from "./regressions-api";

export function RegressionBadge({ component }: { component: string }) {
  const query = useQuery({ queryKey: ["regressions", component], queryFn: () => fetchRegressions(component) });
  if (query.isPending) return <span className="muted">…</span>;
  if (query.isError) return <span className="muted">unavailable</span>;
  const { items, window, tested } = query.data;
  const flagged = items.filter((item) => item.flagged);
  const settings = `last ${window.recent} runs vs the ${window.baseline} before, p < ${window.alpha} (Holm), rise > ${window.minChangePct} %`;
  if (flagged.length === 0) {
    return (
      <span className="muted" title={`${tested} arch × phase cells tested: ${settings}`}>
        {tested === 0 ? "too few runs" : "none"}
      </span>
    );
  }
  const title = `${flagged.map(describeChange).join("; ")} — ${settings}`;
  return (
    <Link
      href={`/components/${encodeURIComponent(component)}#regressions-heading`}
      className="badge hazard-warning regression-badge"
      title={title}
    >
      {flagged.length === 1 ? describeChange(flagged[0]!) : `${flagged.length} regressions`}
    </Link>
  );
}
