// "Show the arithmetic" for every strategy: its critical path, each formula with its inputs, and its hazards.
import { formatSeconds } from "@/lib/format";
import type { Recommendation } from "@/lib/model/recommend";
import type { Strategy } from "./view-settings";

function Arithmetic({ strategy }: { strategy: Strategy }) {
  return (
    <details className="arithmetic">
      <summary>
        Show the arithmetic: {strategy.label} <span className="muted">({strategy.id})</span>
      </summary>
      <p className="muted">
        Critical path:{" "}
        {strategy.criticalPath.map((step) => `${step.task} (${formatSeconds(step.seconds)})`).join(" → ")}
      </p>
      <ol className="arithmetic-steps">
        {strategy.explanation.map((line, index) => (
          <li key={index}>
            <strong>{line.quantity}</strong> = <span className="arithmetic-value">{line.value}</span>
            <div className="muted">{line.formula}</div>
            <ul>
              {Object.entries(line.inputs).map(([name, value]) => (
                <li key={name}>
                  {name}: {value}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {strategy.hazards.length > 0 ? (
        <ul className="hazard-details">
          {strategy.hazards.map((hazard) => (
            <li key={hazard.code}>
              <strong>{hazard.code}</strong> ({hazard.severity}): {hazard.message}
            </li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}

export function ArithmeticList({ strategies }: { strategies: Recommendation["strategies"] }) {
  return (
    <div className="arithmetic-list">
      {strategies.map((s) => (
        <Arithmetic key={s.id} strategy={s} />
      ))}
    </div>
  );
}
