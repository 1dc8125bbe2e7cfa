// Two runs side by side: their facts, the wall-time change, and a table arch × phase with A, B and
// B − A. A change is told by its sign and a word (faster, larger…), with colour only as a second cue.
import Link from "next/link";
import { strategyLabel } from "@/lib/domain/strategies";
import { formatMiB, formatSeconds, formatTimestamp } from "@/lib/format";
import type { ComparedRun, Delta, PhaseValue, RunComparison } from "@/lib/runs/compare.types";

const percentFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

type Kind = "seconds" | "bytes";

const formatValue = (kind: Kind, value: number) => (kind === "seconds" ? formatSeconds(value) : formatMiB(value));

function DeltaText({ delta, kind }: { delta: Delta; kind: Kind }) {
  const sign = delta.value > 0 ? "+" : delta.value < 0 ? "−" : "±";
  const word =
    delta.value === 0
      ? "no change"
      : kind === "seconds"
        ? delta.value < 0
          ? "faster"
          : "slower"
        : delta.value < 0
          ? "smaller"
          : "larger";
  const tone = delta.value === 0 ? "same" : delta.value < 0 ? "better" : "worse";
  const percent = delta.percent === null ? "" : ` (${sign}${percentFormat.format(Math.abs(delta.percent))} %)`;
  return (
    <span className={`compare-delta compare-${tone}`} data-kind={kind}>
      {sign}
      {formatValue(kind, Math.abs(delta.value))}
      {percent} <span className="compare-word">{word}</span>
    </span>
  );
}

function ValueText({ value, run }: { value: PhaseValue | null; run: "A" | "B" }) {
  const parts: string[] = [];
  if (value && value.seconds !== null) parts.push(formatSeconds(value.seconds));
  if (value && value.bytes !== null) parts.push(formatMiB(value.bytes));
  if (parts.length === 0) {
    return (
      <span className="empty-cell" title={`Not measured in run ${run}`}>
        —<span className="sr-only"> not measured in run {run}</span>
      </span>
    );
  }
  return <>{parts.join(" · ")}</>;
}

function RunFacts({ run, letter }: { run: ComparedRun; letter: "A" | "B" }) {
  return (
    <section className="compare-run" aria-label={`Run ${letter}`}>
      <h2>
        <span className="compare-letter">{letter}</span> <Link href={`/runs/${run.id}`}>{run.name}</Link>
      </h2>
      <dl className="facts">
        <dt>Run id</dt>
        <dd>{run.id}</dd>
        <dt>Component</dt>
        <dd>
          <Link href={`/components/${encodeURIComponent(run.component)}`}>{run.component}</Link>
        </dd>
        <dt>Started</dt>
        <dd>{run.startTime ? formatTimestamp(run.startTime) : "—"}</dd>
        <dt>Wall time</dt>
        <dd className="compare-num">{run.wallSeconds === null ? "—" : formatSeconds(run.wallSeconds)}</dd>
        <dt>Strategy</dt>
        <dd>{strategyLabel(run.strategy)}</dd>
      </dl>
    </section>
  );
}

export function RunComparisonView({ comparison }: { comparison: RunComparison }) {
  const { a, b, wallDelta, rows } = comparison;
  return (
    <>
      <div className="compare-runs">
        <RunFacts run={a} letter="A" />
        <RunFacts run={b} letter="B" />
      </div>
      {a.component !== b.component ? (
        <p className="notice">
          These runs build different components ({a.component}, {b.component}): differences include what is built, not
          only how dependencies are passed.
        </p>
      ) : null}
      <p className="compare-wall">
        Wall time, B − A:{" "}
        {wallDelta ? (
          <DeltaText delta={wallDelta} kind="seconds" />
        ) : (
          <span className="muted">unknown (a run has no start or completion time)</span>
        )}
      </p>
      {rows.length === 0 ? (
        <p className="empty">Neither run has measurements to compare.</p>
      ) : (
        <div className="table-wrap compare-table-wrap">
          <table className="data-table compare-table" aria-label="Phases compared">
            <caption>
              Per architecture and phase: run A, run B and the change B − A. Negative seconds mean B was faster; “—”
              means the run did not measure it.
            </caption>
            <thead>
              <tr>
                <th scope="col">Arch</th>
                <th scope="col">Phase</th>
                <th scope="col" className="num">
                  A (run {a.id})
                </th>
                <th scope="col" className="num">
                  B (run {b.id})
                </th>
                <th scope="col" className="num">
                  Δ B − A
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.arch} ${row.phase}`} data-arch={row.arch} data-phase={row.phase}>
                  <th scope="row">{row.arch}</th>
                  <td className="compare-phase">{row.phase}</td>
                  <td className="num">
                    <ValueText value={row.a} run="A" />
                  </td>
                  <td className="num">
                    <ValueText value={row.b} run="B" />
                  </td>
                  <td className="num">
                    {row.secondsDelta || row.bytesDelta ? (
                      <>
                        {row.secondsDelta ? <DeltaText delta={row.secondsDelta} kind="seconds" /> : null}
                        {row.bytesDelta ? <DeltaText delta={row.bytesDelta} kind="bytes" /> : null}
                      </>
                    ) : (
                      <span className="empty-cell">
                        —<span className="sr-only"> no change to compute: measured in only one run</span>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
