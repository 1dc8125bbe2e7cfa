"use client";
// Trends over the selected runs: one phase's seconds per arch (phase picked here) and the payload size.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toTrendSeries, trendPhases } from "@/lib/charts/trend-series";
import type { Trend } from "@/lib/queries/get-trend";
import { formatMiB, formatSeconds } from "@/lib/format";
import { trendSchema } from "./api-contracts";
import { TrendChart } from "./charts/TrendChart";
import { fetchComponentJson } from "./component-api";
import { QueryState } from "./QueryState";

const fetchTrend = (component: string, query: string) => fetchComponentJson(component, "trend", query, trendSchema);

export function PhaseTrends({ component, query: search }: { component: string; query: string }) {
  const query = useQuery({ queryKey: ["trend", component, search], queryFn: () => fetchTrend(component, search) });
  const [picked, setPicked] = useState<string | null>(null);
  return (
    <QueryState query={query} loading="Loading trends…" errorPrefix="Could not load the trends: ">
      {(trend) => <TrendCharts trend={trend} picked={picked} onPick={setPicked} />}
    </QueryState>
  );
}

function TrendCharts({ trend, picked, onPick }: { trend: Trend; picked: string | null; onPick: (p: string) => void }) {
  const phases = trendPhases(trend.points);
  const phase = picked && phases.includes(picked) ? picked : (phases[0] ?? null);
  const time = phase ? toTrendSeries(trend.points, phase, "seconds") : null;
  const size = toTrendSeries(trend.points, "payload", "bytes");
  const runs = trend.points.length === 0 ? 0 : Math.max(...trend.points.map((p) => p.bucket));
  return (
    <>
      {phase && time ? (
        <>
          <label className="inline-control">
            Phase{" "}
            <select value={phase} onChange={(event) => onPick(event.target.value)}>
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
