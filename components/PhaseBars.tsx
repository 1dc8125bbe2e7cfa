"use client";
// Stacked phase seconds per arch, fetched from the table API (so the chart always matches the API).
import { useQuery } from "@tanstack/react-query";
import { toPhaseBars } from "@/lib/charts/phase-series";
import { costTableSchema, type CostTable } from "@/lib/queries/cost-table.types";
import { formatSeconds } from "@/lib/format";
import { StackedBarChart } from "./charts/StackedBarChart";
import { fetchComponentJson } from "./component-api";
import { QueryState } from "./QueryState";

const fetchTable = (component: string, query: string) => fetchComponentJson(component, "table", query, costTableSchema);

export function PhaseBars({ component, query: search }: { component: string; query: string }) {
  const query = useQuery({ queryKey: ["cost-table", component, search], queryFn: () => fetchTable(component, search) });
  return (
    <QueryState query={query} loading="Loading chart…" errorPrefix="Could not load the chart: ">
      {(table) => <PhaseBarsChart table={table} />}
    </QueryState>
  );
}

function PhaseBarsChart({ table }: { table: CostTable }) {
  const { data, series } = toPhaseBars(table.rows);
  if (series.length === 0) return <p className="muted">No phase durations measured yet.</p>;
  return (
    <StackedBarChart
      title="Time per phase and architecture"
      description={`${table.stat[0]?.toUpperCase()}${table.stat.slice(1)} seconds per phase over ${table.runs} run(s); same numbers and sources as the table above.`}
      data={data}
      categoryKey="arch"
      series={series}
      unit="s"
      formatValue={formatSeconds}
    />
  );
}
