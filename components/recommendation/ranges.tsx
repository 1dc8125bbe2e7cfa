// How a p10–p90 range reads on screen: "53–61 min", "1,200–1,450 s", "13,698 MiB" (no range when sizes are
// measured, not fitted), and a small error bar (a line from p10 to p90, a dot at the estimate) with a text label.
import { formatDuration, formatMiB, formatSeconds } from "@/lib/format";
import type { Range } from "@/lib/model/types";

/** "53–61 min" when both ends read in whole minutes under an hour; else "22 min 49 s – 36 min 21 s". */
export function formatDurationRange({ low, high }: Range): string {
  if (Math.round(low) === Math.round(high)) return formatDuration(low);
  const lowMin = Math.round(low / 60);
  const highMin = Math.round(high / 60);
  if (low >= 600 && high < 3600 && lowMin !== highMin) return `${lowMin}–${highMin} min`;
  return `${formatDuration(low)} – ${formatDuration(high)}`;
}

/** "1,200–1,450 s"; one number when the range is a point. */
export function formatSecondsRange({ low, high }: Range): string {
  if (formatSeconds(low) === formatSeconds(high)) return formatSeconds(low);
  return `${formatSeconds(low).replace(/ s$/, "")}–${formatSeconds(high)}`;
}

/** "13,698 MiB" for a point (sizes are measured), "1,024–2,048 MiB" otherwise. */
export function formatMiBRange({ low, high }: Range): string {
  if (formatMiB(low) === formatMiB(high)) return formatMiB(low);
  return `${formatMiB(low).replace(/ MiB$/, "")}–${formatMiB(high)}`;
}

/** An error bar on a shared scale [0, max]: p10 to p90 as a line, the estimate as a dot. */
export function RangeBar({ range, point, max, label }: { range: Range; point: number; max: number; label: string }) {
  const width = 120;
  const x = (value: number) => (max > 0 ? 4 + (Math.min(Math.max(value, 0), max) / max) * (width - 8) : 4);
  return (
    <svg width={width} height={14} viewBox={`0 0 ${width} 14`} role="img" aria-label={label} className="range-bar">
      <title>{label}</title>
      <line x1={x(range.low)} x2={x(range.high)} y1={7} y2={7} stroke="currentColor" strokeWidth={2} />
      <line x1={x(range.low)} x2={x(range.low)} y1={3} y2={11} stroke="currentColor" strokeWidth={1.5} />
      <line x1={x(range.high)} x2={x(range.high)} y1={3} y2={11} stroke="currentColor" strokeWidth={1.5} />
      <circle cx={x(point)} cy={7} r={3} fill="currentColor" />
    </svg>
  );
}
