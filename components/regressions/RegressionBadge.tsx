// The components list's regression badge: how many arch × phase cells got significantly slower or larger in the
// latest runs (default settings), linking to the component page's callout. From the row's stored summary (GET
// /api/components rows' `regressions`; lib/recommend/summary.ts), rendered with the page: no request per row.
import Link from "next/link";
import type { SummaryRegressions } from "@/lib/recommend/summary";
import { describeChange } from "./regressions-api";

export function RegressionBadge({
  component,
  regressions,
}: {
  component: string;
  regressions: SummaryRegressions | null;
}) {
  if (!regressions) return <span className="muted">unavailable</span>;
  const { items, window, tested } = regressions;
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
