// The per-arch cost table (the seed issue's table, computed). Every cell names its sources on
// hover and keyboard focus; an empty cell says why it is empty.
import type { CostRow, CostTable } from "@/lib/queries/cost-table.types";
import { SOURCE_ARCH } from "@/lib/domain/arch";
import { COST_COLUMNS, type CostColumn } from "@/lib/domain/phases";
import { formatCount, formatMiB, formatSeconds } from "@/lib/format";

function emptyReason(row: CostRow, column: CostColumn, runs: number): string {
  if (row.arch === SOURCE_ARCH && (column.phase === "rsync" || column.phase === "build")) {
    return column.phase === "rsync"
      ? "Not applicable: the source container is built in the cluster, nothing is rsynced to a remote VM."
      : "Not measured: no source-build step timing was uploaded.";
  }
  if (row.arch === "total") return `Not measured for any architecture in ${formatCount(runs, "run")}.`;
  return `Not measured: none of the ${formatCount(row.n, "run")} with ${row.arch} data recorded ${column.label.toLowerCase()}.`;
}

function Cell({ row, column, runs, stat }: { row: CostRow; column: CostColumn; runs: number; stat: string }) {
  const value = row[column.key];
  if (value === null) {
    const reason = emptyReason(row, column, runs);
    return (
      <td className="num empty-cell">
        <span tabIndex={0} title={reason} aria-label={`${column.label}: ${reason}`}>
          —
        </span>
      </td>
    );
  }
  const counts = row.sourceRuns[column.key] ?? {};
  const sources = (row.sources[column.key] ?? []).map((source) =>
    counts[source] === undefined ? source : `${source}, ${formatCount(counts[source], "run")}`,
  );
  const text = column.unit === "MiB" ? formatMiB(value) : formatSeconds(value);
  const provenance =
    row.arch === "total"
      ? `Sum of the rows above (${stat} per arch). Sources: ${sources.join("; ")}`
      : `${stat} over ${formatCount(row.n, "run")}. Source: ${sources.join("; ")}`;
  return (
    <td className="num">
      <span tabIndex={0} title={provenance} aria-label={`${text}. ${provenance}`} data-column={column.key}>
        {text}
      </span>
    </td>
  );
}

export function CostTableView({ table }: { table: CostTable }) {
  const rows = [...table.rows, table.total];
  return (
    <div className="table-wrap">
      <table className="data-table cost-table" aria-label={`${table.component} cost per architecture`}>
        <caption>
          {table.stat[0]?.toUpperCase()}
          {table.stat.slice(1)} per architecture over {formatCount(table.runs, "run")}. Hover or focus a number to see
          where it came from.
        </caption>
        <thead>
          <tr>
            <th scope="col">Arch</th>
            {COST_COLUMNS.map((column) => (
              <th scope="col" className="num" key={column.key}>
                {column.label} ({column.unit})
              </th>
            ))}
            <th scope="col" className="num">
              Runs
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.arch} className={row.arch === "total" ? "total-row" : undefined} data-arch={row.arch}>
              <th scope="row">{row.arch === "total" ? "Total" : row.arch}</th>
              {COST_COLUMNS.map((column) => (
                <Cell key={column.key} row={row} column={column} runs={table.runs} stat={table.stat} />
              ))}
              <td className="num">{row.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
