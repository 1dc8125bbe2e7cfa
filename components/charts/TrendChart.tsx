"use client";
// Trend of one quantity per arch over time: the median as a line and the median–p90 range as a band,
// with a table equivalent. Data comes from lib/charts/trend-series.ts.
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendDatum } from "@/lib/charts/trend-series";
import { ChartFrame } from "./ChartFrame";
import { archSeries } from "./series";

export function TrendChart({
  title,
  description,
  data,
  arches,
  unit,
  formatValue,
}: {
  title: string;
  description: string;
  data: TrendDatum[];
  arches: string[];
  unit: string;
  formatValue: (value: number) => string;
}) {
  const series = arches.map(archSeries);
  const format = (value: unknown) =>
    Array.isArray(value)
      ? `${formatValue(Number(value[0]))} – ${formatValue(Number(value[1]))}`
      : typeof value === "number"
        ? formatValue(value)
        : "—";
  return (
    <ChartFrame
      title={title}
      unit={unit}
      description={description}
      height={260}
      equivalent={
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Runs from</th>
              {series.map((s) => (
                <th scope="col" key={s.key}>
                  {s.label} median (p90) ({unit})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.map((datum) => (
              <tr key={datum.bucket}>
                <th scope="row">{datum.label}</th>
                {series.map((s) => {
                  const band = datum[`${s.key}Band`];
                  return (
                    <td key={s.key}>
                      {Array.isArray(band) ? `${formatValue(band[0])} (${formatValue(band[1])})` : "not measured"}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" minTickGap={24} />
          <YAxis width={80} tickFormatter={(v: number) => formatValue(v)} />
          <Tooltip formatter={(value, name) => [format(value), String(name)]} />
          <Legend />
          {series.map((s) => (
            <Area
              key={`${s.key}Band`}
              dataKey={`${s.key}Band`}
              name={`${s.label} median–p90`}
              stroke="none"
              fill={s.color}
              fillOpacity={0.15}
              isAnimationActive={false}
              legendType="none"
              connectNulls={false}
            />
          ))}
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={`${s.label} median`}
              stroke={s.color}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
