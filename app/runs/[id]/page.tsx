// A run: its strategy and hazards, the timeline with its critical path, task runs with their architecture,
// and every measurement with its source.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RunTimeline } from "@/components/RunTimeline";
import { getDb } from "@/lib/db/client";
import { strategyLabel } from "@/lib/domain/strategies";
import { formatMiB, formatSeconds, formatTimestamp } from "@/lib/format";
import { parseId } from "@/lib/http/ids";
import { getRun } from "@/lib/runs/get-run";
import { buildTimeline } from "@/lib/runs/timeline";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Run ${(await params).id}` };
}

const duration = (from: string | null, to: string | null) =>
  from && to ? formatSeconds((Date.parse(to) - Date.parse(from)) / 1000) : "—";

export default async function RunPage({ params }: Props) {
  const { id } = await params;
  const parsed = parseId(id);
  if (!parsed.ok) notFound();
  const run = await getRun(getDb(), parsed.id);
  if (!run) notFound();
  return (
    <>
      <p className="breadcrumb">
        <Link href="/">Components</Link> /{" "}
        <Link href={`/components/${encodeURIComponent(run.component)}`}>{run.component}</Link> / run {run.id}
      </p>
      <h1>{run.name}</h1>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{run.status}</dd>
        <dt>Started</dt>
        <dd>{run.startTime ? formatTimestamp(run.startTime) : "—"}</dd>
        <dt>Duration</dt>
        <dd>{duration(run.startTime, run.completionTime)}</dd>
        <dt>Event</dt>
        <dd>{[run.eventType, run.branch, run.commitSha?.slice(0, 12)].filter(Boolean).join(" · ") || "—"}</dd>
        <dt>Strategy</dt>
        <dd>
          {strategyLabel(run.strategy)} <span className="muted">({run.strategyReason ?? "no reason recorded"})</span>
        </dd>
        <dt>Upload</dt>
        <dd>{run.upload ? `${run.upload.filename} (upload ${run.upload.id})` : "—"}</dd>
        {run.origin === "taskruns-only" ? (
          <>
            <dt>Read from</dt>
            <dd>its TaskRuns only: the PipelineRun object was not uploaded (upload it to complete this run)</dd>
          </>
        ) : null}
      </dl>
      {run.notes.length > 0 ? (
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">Notes from ingest</h2>
          <ul className="warnings">
            {run.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {run.hazards.length > 0 ? (
        <section aria-labelledby="hazards-heading">
          <h2 id="hazards-heading">Hazards</h2>
          <ul className="hazards">
            {run.hazards.map((hazard) => (
              <li key={hazard.code}>
                <strong>{hazard.code}</strong>: {hazard.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <RunTimeline timeline={buildTimeline(run)} />
        <form className="compare-form" action="/runs/compare" method="get" aria-label="Compare with another run">
          <input type="hidden" name="a" value={run.id} />
          <label>
            Compare with… (run id)
            <input name="b" inputMode="numeric" pattern="[0-9]+" required placeholder="e.g. 12" />
          </label>
          <button type="submit" className="primary">
            Compare
          </button>
        </form>
      </section>
      <section aria-labelledby="taskruns-heading">
        <h2 id="taskruns-heading">Task runs</h2>
        <div className="table-wrap">
          <table className="data-table" aria-label="Task runs">
            <thead>
              <tr>
                <th scope="col">TaskRun</th>
                <th scope="col">Role</th>
                <th scope="col">Arch (evidence)</th>
                <th scope="col">Platform</th>
                <th scope="col" className="num">
                  Queue (s)
                </th>
                <th scope="col" className="num">
                  Duration (s)
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {run.taskRuns.map((taskRun) => (
                <tr key={taskRun.id}>
                  <th scope="row">{taskRun.name}</th>
                  <td>{taskRun.role}</td>
                  <td>
                    {taskRun.arch ?? "—"}{" "}
                    {taskRun.archEvidence ? <span className="muted">({taskRun.archEvidence})</span> : null}
                  </td>
                  <td>{taskRun.platform ?? "—"}</td>
                  <td className="num">{taskRun.queueSeconds === null ? "—" : formatSeconds(taskRun.queueSeconds)}</td>
                  <td className="num">{duration(taskRun.startTime, taskRun.completionTime)}</td>
                  <td>{taskRun.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="measurements-heading">
        <h2 id="measurements-heading">Measurements</h2>
        <div className="table-wrap">
          <table className="data-table" aria-label="Measurements">
            <thead>
              <tr>
                <th scope="col">Arch</th>
                <th scope="col">Phase</th>
                <th scope="col" className="num">
                  Time
                </th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {run.measurements.map((m) => (
                <tr key={m.id} data-arch={m.arch} data-phase={m.phase}>
                  <th scope="row">{m.arch}</th>
                  <td>{m.phase}</td>
                  <td className="num">{m.seconds === null ? "—" : formatSeconds(m.seconds)}</td>
                  <td className="num">{m.bytes === null ? "—" : formatMiB(m.bytes)}</td>
                  <td>
                    {m.source} <span className="muted">— {m.sourceDetail}</span>
                    {m.locator ? <code className="locator">{m.locator}</code> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
