"use client";
// The run's Gantt chart as SVG (rendered on the server; the browser only adds the focus/hover tooltip):
// lanes per arch, TaskRuns as bars with their steps, the inferred critical path highlighted, and a table.
import { useState } from "react";
import { formatCount, formatSeconds } from "@/lib/format";
import { axisTicks, OTHER_LANE, type RunTimeline as Timeline, type TimelineBar } from "@/lib/runs/timeline";

// Geometry in viewBox units (≈ CSS px): the SVG scales to its frame's width but no narrower than 900 px
// (.timeline-canvas), so labels stay readable and a narrow screen scrolls the frame, not the page.
const WIDTH = 1000;
const LANE_LABEL_WIDTH = 96;
const PLOT_LEFT = LANE_LABEL_WIDTH + 12;
const PLOT_RIGHT = WIDTH - 16;
const AXIS_HEIGHT = 28;
const ROW_HEIGHT = 26;
const BAR_HEIGHT = 16;
const LANE_GAP = 10;
const CHAR_WIDTH = 6.6; // average advance of the 12-unit label font, to decide where a label fits

const laneLabel = (key: string) => (key === OTHER_LANE ? "other" : key);
const barText = (bar: TimelineBar) => `${bar.critical ? "◆ " : ""}${bar.label} · ${formatSeconds(bar.durationSeconds)}`;

interface PlacedBar {
  bar: TimelineBar;
  lane: string;
  y: number;
}

function layout(timeline: Timeline) {
  const placed: PlacedBar[] = [];
  const laneLabels: { key: string; y: number; height: number }[] = [];
  let y = AXIS_HEIGHT + LANE_GAP / 2;
  for (const lane of timeline.lanes) {
    laneLabels.push({ key: lane.key, y, height: lane.bars.length * ROW_HEIGHT });
    for (const bar of lane.bars) {
      placed.push({ bar, lane: lane.key, y });
      y += ROW_HEIGHT;
    }
    y += LANE_GAP;
  }
  return { placed, laneLabels, height: y };
}

function stepSummary(bar: TimelineBar): string {
  return bar.steps
    .map((step) => `${step.name} ${step.durationSeconds === null ? "(no times)" : formatSeconds(step.durationSeconds)}`)
    .join(", ");
}

function describeBar(bar: TimelineBar, lane: string): string {
  const parts = [
    `${bar.label} (${bar.name}), ${laneLabel(lane)}`,
    `start ${formatSeconds(bar.startOffset)}, end ${formatSeconds(bar.endOffset)}, duration ${formatSeconds(bar.durationSeconds)}`,
    bar.critical ? "on the critical path" : "not on the critical path",
  ];
  if (bar.steps.length > 0) parts.push(`steps: ${stepSummary(bar)}`);
  return parts.join("; ");
}

export function RunTimeline({ timeline }: { timeline: Timeline }) {
  const [active, setActive] = useState<number | null>(null);
  const drawn = timeline.lanes.reduce((n, lane) => n + lane.bars.length, 0);
  if (drawn === 0) {
    return (
      <p className="empty">
        No TaskRun of this run has both a start and a completion time, so there is no timeline to draw.
        {timeline.undrawn.length > 0 ? ` (${formatCount(timeline.undrawn.length, "TaskRun")} without times.)` : null}
      </p>
    );
  }
  const { placed, laneLabels, height } = layout(timeline);
  const span = Math.max(timeline.spanSeconds, 1);
  const x = (seconds: number) => PLOT_LEFT + (seconds / span) * (PLOT_RIGHT - PLOT_LEFT);
  const activeBar = placed.find((p) => p.bar.id === active) ?? null;

  return (
    <figure className="timeline" aria-labelledby="timeline-caption">
      <figcaption id="timeline-caption">
        <strong>TaskRuns over time</strong> <span className="muted">(seconds from the run&apos;s start)</span>
        <br />
        <span className="muted">
          One bar per TaskRun, grouped by architecture; the shaded segments inside a bar are its steps. Hover or focus a
          bar for its times and steps.
        </span>
      </figcaption>
      <ul className="timeline-legend">
        <li>
          <span className="timeline-swatch" aria-hidden="true" />
          <span>TaskRun</span>
        </li>
        <li>
          <span className="timeline-swatch timeline-swatch-critical" aria-hidden="true" />
          <span>
            ◆ Critical path: the TaskRuns that set the run&apos;s wall time. Inferred from timestamps, as no runAfter
            graph is stored: from the TaskRun that completed last, back to the one that completed latest before it
            started, and so on.
          </span>
        </li>
      </ul>
      <div className="timeline-frame">
        <div className="timeline-canvas">
          <svg
            viewBox={`0 0 ${WIDTH} ${height}`}
            className="timeline-svg"
            role="group"
            aria-label={`Timeline of ${drawn} TaskRuns; use Tab to move between bars`}
          >
            {axisTicks(span).map((tick) => (
              <g key={tick} className="timeline-tick" aria-hidden="true">
                <line x1={x(tick)} x2={x(tick)} y1={AXIS_HEIGHT - 6} y2={height} />
                <text x={x(tick)} y={AXIS_HEIGHT - 10} textAnchor="middle">
                  {formatSeconds(tick)}
                </text>
              </g>
            ))}
            {laneLabels.map((lane, index) => (
              <g key={lane.key} className="timeline-lane" data-lane={lane.key} aria-hidden="true">
                {index > 0 ? <line x1={0} x2={WIDTH} y1={lane.y - LANE_GAP / 2} y2={lane.y - LANE_GAP / 2} /> : null}
                <text x={0} y={lane.y + ROW_HEIGHT / 2 + 4}>
                  {laneLabel(lane.key)}
                </text>
              </g>
            ))}
            {placed.map(({ bar, lane, y }) => {
              const start = x(bar.startOffset);
              const width = Math.max(x(bar.endOffset) - start, 2);
              const text = barText(bar);
              const textWidth = text.length * CHAR_WIDTH;
              const barTop = y + (ROW_HEIGHT - BAR_HEIGHT) / 2;
              const textY = y + ROW_HEIGHT / 2 + 4;
              // The label goes after the bar, else before it, else inside it (a long bar near both edges).
              const label =
                start + width + 6 + textWidth <= WIDTH
                  ? { x: start + width + 6, anchor: "start" as const, inside: false }
                  : start - 6 - textWidth >= PLOT_LEFT
                    ? { x: start - 6, anchor: "end" as const, inside: false }
                    : { x: start + 6, anchor: "start" as const, inside: true };
              return (
                <g
                  key={bar.id}
                  className={`timeline-bar${bar.critical ? " timeline-bar-critical" : ""}`}
                  data-lane={lane}
                  data-critical={bar.critical ? "true" : "false"}
                  data-taskrun={bar.name}
                  tabIndex={0}
                  role="img"
                  aria-label={describeBar(bar, lane)}
                  onFocus={() => setActive(bar.id)}
                  onBlur={() => setActive((current) => (current === bar.id ? null : current))}
                  onMouseEnter={() => setActive(bar.id)}
                  onMouseLeave={() => setActive((current) => (current === bar.id ? null : current))}
                  onKeyDown={(event) => {
                    if (event.key === "Escape") setActive(null);
                  }}
                >
                  <title>{describeBar(bar, lane)}</title>
                  <rect className="timeline-bar-body" x={start} y={barTop} width={width} height={BAR_HEIGHT} rx={3} />
                  {bar.steps.map((step, index) =>
                    step.startOffset === null || step.endOffset === null || step.endOffset < step.startOffset ? null : (
                      <rect
                        key={`${step.name}-${index}`}
                        className={`timeline-step timeline-step-${index % 2 === 0 ? "even" : "odd"}`}
                        x={x(Math.max(step.startOffset, bar.startOffset))}
                        y={barTop + 3}
                        width={Math.max(
                          x(Math.min(step.endOffset, bar.endOffset)) - x(Math.max(step.startOffset, bar.startOffset)),
                          0,
                        )}
                        height={BAR_HEIGHT - 6}
                      />
                    ),
                  )}
                  <text
                    className={`timeline-label${label.inside ? " timeline-label-inside" : ""}`}
                    x={label.x}
                    y={textY}
                    textAnchor={label.anchor}
                  >
                    {text}
                  </text>
                </g>
              );
            })}
          </svg>
          {activeBar ? <Tooltip placed={activeBar} height={height} x={x} /> : null}
        </div>
      </div>
      {timeline.undrawn.length > 0 ? (
        <p className="timeline-undrawn">
          Not drawn (missing times):{" "}
          {timeline.undrawn.map((taskRun) => `${taskRun.label} (${taskRun.name}): ${taskRun.reason}`).join("; ")}.
        </p>
      ) : null}
      <details className="timeline-details">
        <summary>The timeline as a table</summary>
        <div className="table-wrap">
          <table className="data-table" aria-label="Timeline">
            <thead>
              <tr>
                <th scope="col">Arch</th>
                <th scope="col">Task</th>
                <th scope="col" className="num">
                  Start (s)
                </th>
                <th scope="col" className="num">
                  End (s)
                </th>
                <th scope="col" className="num">
                  Duration (s)
                </th>
                <th scope="col">Critical path</th>
                <th scope="col">Steps</th>
              </tr>
            </thead>
            <tbody>
              {placed.map(({ bar, lane }) => (
                <tr key={bar.id} data-critical={bar.critical ? "true" : "false"}>
                  <td>{laneLabel(lane)}</td>
                  <th scope="row">
                    {bar.label} <span className="muted">({bar.name})</span>
                  </th>
                  <td className="num">{formatSeconds(bar.startOffset)}</td>
                  <td className="num">{formatSeconds(bar.endOffset)}</td>
                  <td className="num">{formatSeconds(bar.durationSeconds)}</td>
                  <td>{bar.critical ? "◆ yes" : "no"}</td>
                  <td className="timeline-steps-cell">{stepSummary(bar) || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

function Tooltip({ placed, height, x }: { placed: PlacedBar; height: number; x: (seconds: number) => number }) {
  const { bar, lane, y } = placed;
  const below = y < height / 2;
  const anchorX = (x(bar.startOffset) / WIDTH) * 100;
  const style = {
    top: `${((below ? y + ROW_HEIGHT : y) / height) * 100}%`,
    ...(anchorX > 55 ? { right: `${100 - (x(bar.endOffset) / WIDTH) * 100}%` } : { left: `${anchorX}%` }),
    transform: below ? undefined : "translateY(-100%)",
  };
  return (
    <div className="timeline-tooltip" style={style} aria-hidden="true">
      <strong>{bar.label}</strong> <span className="muted">({laneLabel(lane)})</span>
      <br />
      {formatSeconds(bar.startOffset)} → {formatSeconds(bar.endOffset)} · {formatSeconds(bar.durationSeconds)}
      {bar.critical ? " · ◆ critical path" : null}
      {bar.steps.length > 0 ? (
        <ul>
          {bar.steps.map((step, index) => (
            <li key={`${step.name}-${index}`}>
              {step.name}: {step.durationSeconds === null ? "no times" : formatSeconds(step.durationSeconds)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
