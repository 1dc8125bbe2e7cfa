// "Backtest": the model's median error against the selected runs (leave one out), the coverage of its p10–p90
// ranges per strategy (how often the measured value fell inside; target 80%), and the first 20 runs compared.
import { formatSeconds } from "@/lib/format";
import type { Recommendation } from "@/lib/model/recommend";
import { formatSecondsRange } from "./ranges";

function CoverageTable({ backtest }: { backtest: Recommendation["backtest"] }) {
  if (backtest.coverage.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label="Coverage per strategy">
        <caption>
          Coverage: runs whose measured seconds fell inside their predicted p10–p90 range (target{" "}
          {backtest.coverageTarget}%).
        </caption>
        <thead>
          <tr>
            <th scope="col">Strategy</th>
            <th scope="col" className="num">
              Inside / runs
            </th>
            <th scope="col" className="num">
              Coverage
            </th>
          </tr>
        </thead>
        <tbody>
          {backtest.coverage.map((row) => (
            <tr key={row.strategy}>
              <th scope="row">{row.strategy}</th>
              <td className="num">{`${row.inside} / ${row.runs}`}</td>
              <td className="num">{`${row.pct.toFixed(0)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BacktestDetails({ backtest }: { backtest: Recommendation["backtest"] }) {
  return (
    <details className="backtest">
      <summary>
        Backtest:{" "}
        {backtest.medianErrorPct === null
          ? "no run to check against"
          : `median error ${backtest.medianErrorPct.toFixed(1)}% over ${backtest.runs} run${backtest.runs === 1 ? "" : "s"}`}
        {backtest.coveragePct === null
          ? null
          : `; coverage ${backtest.coveragePct.toFixed(0)}% (target ${backtest.coverageTarget}%)`}
        {backtest.results.length > 0 && backtest.results.every((row) => row.fittedOn === 0) ? (
          <span className="muted"> (no other run to fit on: predicted from the default rates)</span>
        ) : null}
      </summary>
      <p className="muted">{backtest.method}</p>
      <CoverageTable backtest={backtest} />
      {backtest.results.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table" aria-label="Backtest per run">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Strategy</th>
                <th scope="col" className="num">
                  Predicted (s)
                </th>
                <th scope="col" className="num">
                  p10–p90 (s)
                </th>
                <th scope="col" className="num">
                  Measured (s)
                </th>
                <th scope="col" className="num">
                  Error (%)
                </th>
                <th scope="col" className="num">
                  Fitted on (points)
                </th>
              </tr>
            </thead>
            <tbody>
              {backtest.results.slice(0, 20).map((row) => (
                <tr key={row.run}>
                  <th scope="row">{row.run}</th>
                  <td>{row.strategy}</td>
                  <td className="num">{formatSeconds(row.predictedS)}</td>
                  <td className="num">{formatSecondsRange(row)}</td>
                  <td className="num">
                    {formatSeconds(row.measuredS)} {row.inside ? "(inside)" : "(outside)"}
                  </td>
                  <td className="num">{`${row.errorPct > 0 ? "+" : ""}${row.errorPct.toFixed(1)}%`}</td>
                  <td className="num">{row.fittedOn === 0 ? "defaults" : row.fittedOn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </details>
  );
}
