// The panel's headline: keep / switch to / use a strategy (or that nothing was measured yet), why, what it was
// ranked by, the single-arch hint with its one-click what-if, and the error of a what-if change that failed.
import type { BuildArch } from "@/lib/domain/arch";
import { strategyLabel } from "@/lib/domain/strategies";
import { formatDuration } from "@/lib/format";
import type { Recommendation } from "@/lib/model/recommend";
import { ErrorAlert } from "../QueryState";
import { formatDurationRange } from "./ranges";
import { nextArchOf, OBJECTIVE_LABELS } from "./view-settings";

function Headline({ r }: { r: Recommendation }) {
  const currentKnown = r.current !== "unknown";
  if (r.decision === "none") {
    return (
      <>
        <strong>No data yet</strong>: no size of this component&apos;s prefetched dependencies is known, so there is no
        recommendation
        {currentKnown ? (
          <>
            {" "}
            (its runs use <strong>{strategyLabel(r.current)}</strong> <span className="muted">({r.current})</span>)
          </>
        ) : null}
        .
      </>
    );
  }
  if (r.decision === "keep") {
    return (
      <>
        Keep <strong>{strategyLabel(r.current)}</strong> <span className="muted">({r.current})</span>
      </>
    );
  }
  return (
    <>
      {currentKnown ? "Switch to" : "Use"} <strong>{strategyLabel(r.recommended)}</strong>{" "}
      <span className="muted">({r.recommended})</span>
      {currentKnown && r.savings.wallS > 0 ? (
        <>
          {" "}
          — saves {formatDuration(r.savings.wallS)} of wall time per build{" "}
          <span className="muted">({formatDurationRange(r.savingsRanges.wallS)}, p10–p90)</span>
        </>
      ) : null}
      {!currentKnown && r.savings.wallS > 0 ? (
        <>
          {" "}
          — {formatDuration(r.savings.wallS)} of wall time per build less than the shipped default ({r.baseline}){" "}
          <span className="muted">({formatDurationRange(r.savingsRanges.wallS)}, p10–p90)</span>
        </>
      ) : null}
    </>
  );
}

export function DecisionSummary({
  r,
  platforms,
  lastError,
  setParams,
}: {
  r: Recommendation;
  /** The platforms the controls show (the URL's, else the answer's). */
  platforms: readonly BuildArch[];
  /** Why the latest what-if change was not applied (the answer shown is the previous one), or null. */
  lastError: string | null;
  setParams: (changes: Record<string, string | null>) => void;
}) {
  const { nextArch, withNext } = nextArchOf(platforms);
  return (
    <div className={`decision decision-${r.decision}`} role="status" aria-live="polite">
      <p className="decision-headline">
        <Headline r={r} />
      </p>
      <p>{r.reason}</p>
      <p className={`confidence confidence-${r.confidence}`}>
        <strong>Confidence: {r.confidence}.</strong> {r.confidenceReason}
      </p>
      <p className="muted">
        Current strategy: {r.current} — {r.currentSource}. Ranked by {OBJECTIVE_LABELS[r.objective]}; a change must win
        by more than {r.threshold.pct}%
        {r.objective === "wall" || r.objective === "taskSeconds" ? ` and ${r.threshold.seconds} s` : ""}.
      </p>
      {r.singleArch ? (
        <p className="muted">
          Predicted for one build arch ({r.settings.platforms.join(", ")}). To see what more platforms would cost, tick
          them under <a href="#what-if-platforms">What if… → Platforms</a>
          {nextArch ? (
            <>
              {" "}
              or{" "}
              <button
                type="button"
                className="link-button"
                onClick={() => setParams({ platforms: withNext.join(",") })}
              >
                compare with {withNext.join(" + ")}
              </button>
            </>
          ) : null}
          .
        </p>
      ) : null}
      {lastError !== null ? <ErrorAlert>The last change was not applied: {lastError}</ErrorAlert> : null}
    </div>
  );
}
