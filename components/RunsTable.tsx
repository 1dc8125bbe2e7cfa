// A component's runs: sortable headers and pagination as links (URL state), each run linking to its page.
import Link from "next/link";
import type { Page } from "@/lib/queries/list-components.types";
import type { RunSummary } from "@/lib/queries/list-runs";
import { strategyLabel } from "@/lib/domain/strategies";
import { formatSeconds, formatTimestamp } from "@/lib/format";
import { Pagination } from "./Pagination";
import { SortHeader } from "./SortHeader";

export function RunsTable({
  runs,
  sort,
  params,
}: {
  runs: Page<RunSummary>;
  sort: string;
  params: Record<string, string | undefined>;
}) {
  if (runs.count === 0) return <p className="empty">No runs match these filters.</p>;
  return (
    <>
      <div className="table-wrap">
        <table className="data-table" aria-label="Runs">
          <thead>
            <tr>
              <SortHeader label="Run" sortKey="name" current={sort} params={params} />
              <SortHeader label="Started" sortKey="startTime" current={sort} params={params} />
              <th scope="col" className="num">
                Duration (s)
              </th>
              <SortHeader label="Status" sortKey="status" current={sort} params={params} />
              <th scope="col">Event · branch</th>
              <SortHeader label="Strategy" sortKey="strategy" current={sort} params={params} />
              <th scope="col">Platforms</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.map((run) => (
              <tr key={run.id}>
                <th scope="row">
                  <Link href={`/runs/${run.id}`}>{run.name}</Link>
                </th>
                <td>
                  {run.startTime === null
                    ? "—"
                    : run.origin === "manual-table"
                      ? `${run.startTime.slice(0, 10)} (hand table)`
                      : formatTimestamp(run.startTime)}
                </td>
                <td className="num">{run.durationS === null ? "—" : formatSeconds(run.durationS)}</td>
                <td>
                  <span className={`status status-${run.status.toLowerCase()}`}>{run.status}</span>
                </td>
                <td>{[run.eventType, run.branch].filter(Boolean).join(" · ") || "—"}</td>
                <td>{strategyLabel(run.strategy)}</td>
                <td>{run.platforms.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={runs.page} totalPages={runs.totalPages} count={runs.count} params={params} noun="runs" />
    </>
  );
}
