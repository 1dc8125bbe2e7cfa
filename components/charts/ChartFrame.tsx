// The frame every chart shares: a figure with title, unit and a sentence on where the numbers come from,
// the drawing hidden from screen readers, and a table equivalent that they (and anyone) can read.
import type { ReactNode } from "react";

export function ChartFrame({
  title,
  unit,
  description,
  height,
  equivalent,
  children,
}: {
  title: string;
  unit: string;
  description: string;
  height: number;
  /** A <table> with the same numbers, read by screen readers instead of the drawing. */
  equivalent: ReactNode;
  children: ReactNode;
}) {
  return (
    <figure className="chart">
      <figcaption>
        <strong>{title}</strong> <span className="muted">({unit})</span>
        <br />
        <span className="muted">{description}</span>
      </figcaption>
      <div className="chart-canvas" aria-hidden="true" style={{ height }}>
        {children}
      </div>
      <div className="sr-only">{equivalent}</div>
    </figure>
  );
}
