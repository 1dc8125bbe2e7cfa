// Components: every component with data, its runs and its latest run.
import Link from "next/link";
import { listComponents } from "@/lib/components/list-components";
import { getDb } from "@/lib/db/client";
import { strategyLabel } from "@/lib/domain/strategies";
import { formatCount, formatTimestamp } from "@/lib/format";

export const dynamic = "force-dynamic";

export default async function ComponentsPage() {
  const components = await listComponents(getDb());
  return (
    <>
      <h1>Components</h1>
      <p className="lede">
        Prefetch, artifact and rsync costs per architecture, from the PipelineRuns, logs and timing tables you uploaded.
      </p>
      {components.length === 0 ? (
        <p className="empty">
          No components yet. <Link href="/upload">Upload</Link> PipelineRun exports, logs or a timing table to start.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" aria-label="Components">
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col">Application</th>
                <th scope="col" className="num">
                  Runs
                </th>
                <th scope="col">Last run</th>
                <th scope="col">Platforms</th>
                <th scope="col">Strategy (last run)</th>
              </tr>
            </thead>
            <tbody>
              {components.map((component) => (
                <tr key={component.name}>
                  <th scope="row">
                    <Link href={`/components/${encodeURIComponent(component.name)}`}>{component.name}</Link>
                  </th>
                  <td>{component.application ?? <span className="muted">—</span>}</td>
                  <td className="num">{formatCount(component.runs, "run")}</td>
                  <td>
                    {component.lastRunAt === null ? (
                      <span className="muted">no date</span>
                    ) : component.lastRunOrigin === "manual-table" ? (
                      <>
                        {component.lastRunAt.slice(0, 10)} <span className="muted">(hand-measured table)</span>
                      </>
                    ) : (
                      formatTimestamp(component.lastRunAt)
                    )}
                    {component.lastRunStatus ? (
                      <span className={`status status-${component.lastRunStatus.toLowerCase()}`}>
                        {component.lastRunStatus}
                      </span>
                    ) : null}
                  </td>
                  <td>{component.platforms.join(", ")}</td>
                  <td>{strategyLabel(component.strategy)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
