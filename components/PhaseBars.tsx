"use client";
// Stacked phase seconds per arch, fetched from the table API (so the chart always matches the API).
import { useQuery } from "@tanstack/react-query";
import { toPhaseBars } from "@/lib/charts/phase-series";
import { costTableSchema } from "@/lib/queries/cost-table.types";
import { formatSeconds } from "@/lib/format";
import { StackedBarChart } from "./charts/StackedBarChart";
import { fetchComponentJson } from "./component-api";

async function fetchTable(component: string, query: string) {
  return costTableSchema.parse(await fetchComponentJson(component, "table", query));
}

export function PhaseBars({ component, query: search }: { component: string; query: string }) {
  const query = useQuery({ queryKey: ["cost-table", component, search], queryFn: () => fetchTable(component, search) });
  if (query.isPending)
    return (
      <p className="muted" role="status">
        Loading chart…
      </p>
    );
  if (query.isError)
    return (
      <p className="error" role="alert">
        Could not load the chart: {query.error.message}
      </p>
    );
  const { data, series } = toPhaseBars(query.data.rows);
  if (series.length === 0) return <p className="muted">No phase durations measured yet.</p>;
  return (
    <StackedBarChart
      title="Time per phase and architecture"
      description={`${query.data.stat[0]?.toUpperCase()}${query.data.stat.slice(1)} seconds per phase over ${query.data.runs} run(s); same numbers and sources as the table above.`}
      data={data}
      categoryKey="arch"
      series={series}
      unit="s"
      formatValue={formatSeconds}
    />
  );
}
