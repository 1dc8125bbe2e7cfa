// The component page's "Planned payload": sizes from a lockfile or OCI manifest uploaded on its own (no run),
// and whether the recommendation uses them or the runs' measured sizes. Server-rendered: no client code.
import { choosePlanned, type PlannedPayloadRow } from "@/lib/queries/planned-payload.types";
import { formatMiB } from "@/lib/format";

/** Why a planned row is or is not the recommendation's input (docs/cost-model.md "Planned payload"). */
function usage(row: PlannedPayloadRow, chosen: PlannedPayloadRow | undefined, measured: boolean): string {
  if (row.arch === "shared") return "no: one artifact of every arch together, not split per arch";
  if (measured) return "no: the selected runs measured a size";
  // One row per arch and source kind, so another chosen row of the arch is its lockfile.
  if (chosen !== row) return "no: the lockfile is preferred";
  return "yes";
}

const list = (items: string[]) => items.join(", ");

export function PlannedPayload({
  rows,
  measuredArches,
}: {
  rows: readonly PlannedPayloadRow[];
  /** Arches whose Size cell in the cost table (same filters) has a measured value. */
  measuredArches: readonly string[];
}) {
  const chosen = choosePlanned(rows);
  const perArch = [...new Set(rows.filter((row) => row.arch !== "shared").map((row) => row.arch))];
  const measured = perArch.filter((arch) => measuredArches.includes(arch));
  const planned = perArch.filter((arch) => !measuredArches.includes(arch));
  return (
    <>
      {measured.length > 0 ? (
        <p>
          The cost table&apos;s Size column already has measured sizes for {list(measured)}: the planned{" "}
          {measured.length === 1 ? "size is" : "sizes are"} only shown here, and the recommendation uses the measured{" "}
          {measured.length === 1 ? "one" : "ones"}.
        </p>
      ) : null}
      {planned.length > 0 ? (
        <p>
          No selected run measured a size for {list(planned)} (the cost table&apos;s Size column has none), so the
          recommendation uses the planned {planned.length === 1 ? "size" : "sizes"} below; its inputs name{" "}
          {planned.length === 1 ? "it" : "them"} “planned: …”.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="data-table" aria-label="Planned payload">
          <caption>
            Sizes uploaded on their own (a lockfile or OCI manifest, no run): the latest per arch and source kind.
          </caption>
          <thead>
            <tr>
              <th scope="col">Arch</th>
              <th scope="col" className="num">
                Size (MiB)
              </th>
              <th scope="col">Source file</th>
              <th scope="col">Taken (UTC)</th>
              <th scope="col">Used by the recommendation</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const date = row.takenAt.toISOString();
              return (
                <tr key={`${row.arch} ${row.source}`} data-arch={row.arch}>
                  <th scope="row">{row.arch}</th>
                  <td className="num" title={`${row.bytes.toLocaleString("en-US")} bytes, from ${row.file}`}>
                    {formatMiB(row.bytes)}
                  </td>
                  <td>
                    {row.file} <span className="muted">({row.source})</span>
                  </td>
                  <td>
                    <time dateTime={date}>{date.slice(0, 10)}</time>
                  </td>
                  <td>
                    {usage(
                      row,
                      row.arch === "shared" ? undefined : chosen[row.arch],
                      measuredArches.includes(row.arch),
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
