// A strategy's hazards as short codes (the full message in the title and for screen readers), or "none".
import type { Strategy } from "./view-settings";

export function HazardList({ strategy }: { strategy: Strategy }) {
  if (strategy.hazards.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="hazard-list">
      {strategy.hazards.map((hazard) => (
        <li key={hazard.code} className={`hazard hazard-${hazard.severity}`} title={hazard.message}>
          <span className="hazard-code">{hazard.code}</span>
          <span className="sr-only">
            {" "}
            ({hazard.severity}): {hazard.message}
          </span>
        </li>
      ))}
    </ul>
  );
}
