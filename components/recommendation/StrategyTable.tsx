// "Strategies ranked": every strategy's predicted wall time, Δ against the baseline, task seconds, bytes moved,
// registry and PVC bytes and hazards, the recommended one tagged; then what the predictions rest on.
import { formatDuration, formatMiB, formatSeconds } from "@/lib/format";
import type { Recommendation } from "@/lib/model/recommend";
import { HazardList } from "./HazardList";
import { formatDurationRange, formatSecondsRange, RangeBar } from "./ranges";
import { signed } from "./view-settings";

export function StrategyTable({ r, expiryDays }: { r: Recommendation; expiryDays: number }) {
  // Δ is against the detected strategy, or the shipped default when none was detected (r.baseline).
  const baseline = r.strategies.find((s) => s.id === r.baseline)!;
  const recommended = r.strategies.find((s) => s.id === r.recommended) ?? null;
  const currentKnown = r.current !== "unknown";
  const maxWall = Math.max(...r.strategies.map((s) => s.ranges.wallS.high), 0);
  return (
    <>
      <div className="table-wrap">
        <table className="data-table strategy-table" aria-label="Strategies ranked">
          <caption>
            Every strategy, predicted per build from {r.inputs.samples} measured points, with the p10–p90 range of its
            wall time (confidence {r.confidence}); Δ is against{" "}
            {currentKnown
              ? `the current strategy (${r.current})`
              : `the shipped default (${r.baseline}), as no strategy was detected`}
            .
          </caption>
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col">Strategy</th>
              <th scope="col" className="num">
                Wall (time)
              </th>
              <th scope="col" className="num">
                Δ wall
              </th>
              <th scope="col">Wall p10–p90</th>
              <th scope="col" className="num">
                Task (s)
              </th>
              <th scope="col" className="num">
                Moved (MiB)
              </th>
              <th scope="col" className="num">
                Registry (MiB)
              </th>
              <th scope="col" className="num">
                PVC (MiB)
              </th>
              <th scope="col">Hazards</th>
            </tr>
          </thead>
          <tbody>
            {r.strategies.map((s) => (
              <tr
                key={s.id}
                className={[
                  s.id === r.recommended && r.decision !== "none" ? "strategy-recommended" : "",
                  s.eligible ? "" : "strategy-ineligible",
                ].join(" ")}
                data-strategy={s.id}
              >
                <td className="num">{s.rank}</td>
                <th scope="row">
                  {s.label}
                  <br />
                  <span className="muted strategy-id">{s.id}</span>
                  {s.id === r.recommended && r.decision !== "none" ? (
                    <span className="tag tag-recommended">recommended</span>
                  ) : null}
                  {s.id === r.current ? <span className="tag">current</span> : null}
                  {!currentKnown && s.id === r.baseline ? <span className="tag">shipped default</span> : null}
                  {!s.eligible ? <span className="tag tag-blocked">not allowed</span> : null}
                </th>
                <td className="num" title={`${formatSeconds(s.wallS)}: longest path through the predicted task graph`}>
                  {formatDuration(s.wallS)}
                </td>
                <td className="num">{s.id === r.baseline ? "—" : signed(s.wallS - baseline.wallS, formatDuration)}</td>
                <td className="range-cell">
                  <span className="num">{formatDurationRange(s.ranges.wallS)}</span>{" "}
                  <RangeBar
                    range={s.ranges.wallS}
                    point={s.wallS}
                    max={maxWall}
                    label={`${s.label}: wall time ${formatDurationRange(s.ranges.wallS)} (p10–p90), estimate ${formatDuration(s.wallS)}`}
                  />
                </td>
                <td className="num" title={`p10–p90: ${formatSecondsRange(s.ranges.taskS)}`}>
                  {formatSeconds(s.taskS)}
                </td>
                <td className="num" title="registry upload + download + rsync">
                  {formatMiB(s.bytesMoved)}
                </td>
                <td className="num" title={`kept until image-expires-after (${expiryDays} d)`}>
                  {formatMiB(s.registryBytes)}
                </td>
                <td className="num">{formatMiB(s.pvcBytes)}</td>
                <td>
                  <HazardList strategy={s} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {recommended && r.decision !== "none"
          ? `Recommended: ${recommended.label}. `
          : "No recommendation yet: these predictions rest on 0 MiB payloads and default rates. "}
        Every number is a prediction by the formulas under “Show the arithmetic”, from the inputs listed below
        (docs/cost-model.md); a range is where 80% of builds should fall (p10–p90), from the runs&apos; spread. Sizes
        are measured, so bytes carry no range.
      </p>
    </>
  );
}
