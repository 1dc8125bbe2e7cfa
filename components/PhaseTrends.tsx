"use client";
// Trends over the selected runs: one phase's seconds per arch (phase picked here) and the payload size.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toTrendSeries, trendPhases } from "@/lib/charts/trend-series";
import type { Trend } from "@/lib/queries/get-trend";
import { formatMiB, formatSeconds } from "@/lib/format";
import { TrendChart } from "./charts/TrendChart";
import { fetchComponentJson } from "./component-api";

async function fetchTrend(component: string, query: string): Promise<Trend> {
  return (await fetchComponentJson(component, "trend", query)) as Trend;
}

export function PhaseTrends({ component, query: search }: { component: string; query: string }) {
  const query = useQuery({ queryKey: ["trend", component, search], queryFn: () => fetchTrend(component, search) });
  const [picked, setPicked] = useState<string | null>(null);
  if (query.isPending)
    return (
      <p className="muted" role="status">
        Loading trends…
      </p>
    );
  if (query.isError)
    return (
      <p className="error" role="alert">
        Could not load the trends: {query.error.message}
      </p>
    );
  const phases = trendPhases(query.data.points);
  const phase = picked && phases.includes(picked) ? picked : (phases[0] ?? null);
  const time = phase ? toTrendSeries(query.data.points, phase, "seconds") : null;
  const size = toTrendSeries(query.data.points, "payload", "bytes");
  const runs = query.data.points.length === 0 ? 0 : Math.max(...query.data.points.map((p) => p.bucket));
  return (
    <>
      {phase && time ? (
        <>
          <label className="inline-control">
            Phase{" "}
            <select value={phase} onChange={(event) => setPicked(event.target.value)}>
              {phases.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <TrendChart
            title={`${phase} over time`}
            description={`Median line and median–p90 band per arch; the selected runs in start order, in ${runs} group(s) of consecutive runs; seconds from the measurements' sources (see the table).`}
            data={time.data}
            arches={time.arches}
            unit="s"
            formatValue={formatSeconds}
          />
        </>
      ) : (
        <p className="muted">No phase durations to show over time.</p>
      )}
      {size.data.length > 0 ? (
        <TrendChart
          title="Prefetched payload size over time"
          description="Median and p90 of the payload per arch (from rpms.lock.yaml or hand tables), per group of runs."
          data={size.data}
          arches={size.arches}
          unit="MiB"
          formatValue={formatMiB}
        />
      ) : null}
    </>
  );
}
