// What POST /api/plan answered: the decision in one line with the savings' range and the confidence, what the plan
// assumed, every strategy ranked with its p10–p90 range (the recommendation panel's table), and the inputs' sources.
import { formatDuration } from "@/lib/format";
import { strategyLabel } from "@/lib/domain/strategies";
import type { PlanResponse } from "../api-contracts";
import { InputsDetails } from "../recommendation/InputsDetails";
import { formatDurationRange } from "../recommendation/ranges";
import { StrategyTable } from "../recommendation/StrategyTable";

function headline(answer: PlanResponse): string {
  const name = (id: string) => `${strategyLabel(id)} (${id})`;
  if (answer.decision === "switch") {
    return `Use ${name(answer.recommended)}: saves ${formatDuration(answer.savings.wallS)} of wall time per build against ${answer.baseline}`;
  }
  if (answer.decision === "keep")
    return `Keep ${name(answer.recommended === "unknown" ? answer.baseline : answer.recommended)}`;
  return "No recommendation: nothing to compare";
}

export function PlanAnswer({ answer }: { answer: PlanResponse }) {
  return (
    <section aria-labelledby="plan-answer-heading" className="plan-answer">
      <h2 id="plan-answer-heading">Strategies for this payload</h2>
      <div className={`decision decision-${answer.decision}`} role="status" aria-live="polite">
        <p className="decision-headline" data-testid="plan-headline">
          {headline(answer)}
          {answer.decision === "switch" ? (
            <span className="muted"> ({formatDurationRange(answer.savingsRanges.wallS)}, p10–p90)</span>
          ) : null}
        </p>
        <p>{answer.reason}</p>
        <p className={`confidence confidence-${answer.confidence}`}>
          <strong>Confidence: {answer.confidence}.</strong> {answer.confidenceReason}
        </p>
        <p className="muted">
          No runs of this payload exist yet: every rate is{" "}
          {answer.inputs.pooled.components > 0
            ? `pooled from ${answer.inputs.pooled.components} components of this dashboard (${answer.inputs.pooled.runs} runs)`
            : "a documented default (this dashboard has no measured runs yet)"}
          ; build times are not known, so the comparison covers passing the prefetched data only.
        </p>
        {answer.planWarnings.length > 0 ? (
          <ul className="generator-warnings" aria-label="What the plan assumed">
            {answer.planWarnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <StrategyTable r={answer} expiryDays={answer.settings.expiryDays} />
      <InputsDetails inputs={answer.inputs} />
    </section>
  );
}
