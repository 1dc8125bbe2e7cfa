"use client";
// The one chart wrapper: a labelled, unit-aware stacked bar chart with a text equivalent for screen
// readers and for anyone who prefers numbers. Series (keys, labels, colours) come from pure transforms.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "./ChartFrame";

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

export interface StackedBarChartProps<T extends Record<string, unknown>> {
  title: string;
  /** One sentence saying what the chart shows and where its numbers come from. */
  description: string;
  data: T[];
  categoryKey: keyof T & string;
  series: readonly ChartSeries[];
  unit: string;
  formatValue: (value: number) => string;
}

export function StackedBarChart<T extends Record<string, unknown>>({
  title,
  description,
  data,
  categoryKey,
  series,
  unit,
  formatValue,
}: StackedBarChartProps<T>) {
  return (
    <ChartFrame
      title={title}
      unit={unit}
      description={description}
      height={280}
      equivalent={
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{categoryKey}</th>
              {series.map((s) => (
                <th scope="col" key={s.key}>
                  {s.label} ({unit})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.map((datum) => (
              <tr key={String(datum[categoryKey])}>
                <th scope="row">{String(datum[categoryKey])}</th>
                {series.map((s) => {
                  const value = datum[s.key];
                  return <td key={s.key}>{typeof value === "number" ? formatValue(value) : "not measured"}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey={categoryKey as string} />
          <YAxis unit={` ${unit}`} width={72} />
          <Tooltip formatter={(value) => (typeof value === "number" ? formatValue(value) : String(value))} />
          <Legend itemSorter={null} />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="stack" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
