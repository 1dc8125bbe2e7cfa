// Predicts what each of the five strategies costs a component per build: the task graph each one runs,
// its critical path, the task seconds the cluster pays, the bytes it moves and keeps, and its hazards
// (docs/cost-model.md "Strategies"). Pure. The graphs are in ./graphs.ts, their arithmetic in ./graph-costs.ts.
import { STRATEGY_IDS, strategyLabel, type StrategyId } from "../domain/strategies";
import { formatMiB, formatSeconds } from "../format";
import { criticalPath } from "./critical-path";
import type { Builder } from "./graph-costs";
import { GRAPHS } from "./graphs";
import { hazardsOf } from "./hazards";
import type { Scenario } from "./scenario";
import type { Explanation, RangedQuantity, StrategyPrediction } from "./types";

export { criticalPath } from "./critical-path";
export type { Scenario } from "./scenario";

/** pvc-shared runs its builds in sequence: the wall time that costs over running them in parallel. */
function serialCost(id: StrategyId, b: Builder, wallS: number): number {
  if (id !== "pvc-shared") return 0;
  const parallel = criticalPath(
    b.tasks.map((task) =>
      task.name.startsWith("build-") && task.name !== "build-source-image"
        ? { ...task, after: ["prefetch-dependencies"] }
        : task,
    ),
  );
  return wallS - parallel.wallS;
}

/** The totals' lines of "show the arithmetic": wall time, task seconds, bytes moved and registry bytes kept. */
function totalsExplained(
  s: Scenario,
  b: Builder,
  totals: { wallS: number; path: { task: string; seconds: number }[]; taskS: number; bytesMoved: number },
): Explanation[] {
  const { wallS, path, taskS, bytesMoved } = totals;
  return [
    {
      quantity: "wall time",
      formula: "longest path through the task graph (queue + task seconds)",
      inputs: Object.fromEntries(path.map((step) => [step.task, formatSeconds(step.seconds)])),
      value: formatSeconds(wallS),
    },
    {
      quantity: "task seconds",
      formula: "Σ over all tasks (what the cluster pays; queue excluded)",
      inputs: Object.fromEntries(b.tasks.map((task) => [task.name, formatSeconds(task.seconds)])),
      value: formatSeconds(taskS),
    },
    {
      quantity: "bytes moved per build",
      formula: "registry upload + registry download + rsync",
      inputs: {
        upload: formatMiB(b.bytes.registryUp),
        download: formatMiB(b.bytes.registryDown),
        rsync: formatMiB(b.bytes.rsync),
      },
      value: formatMiB(bytesMoved),
    },
    {
      quantity: "registry bytes kept per build",
      formula: `Σ artifacts pushed, kept until image-expires-after (${s.settings.expiryDays} d)`,
      inputs: { artifacts: formatMiB(b.registryBytes), expiry: `${s.settings.expiryDays} d` },
      value: formatMiB(b.registryBytes),
    },
  ];
}

export function predictStrategy(id: StrategyId, s: Scenario): StrategyPrediction {
  const b = GRAPHS[id](s);
  const { wallS, path } = criticalPath(b.tasks);
  const hazards = hazardsOf(id, s, b, serialCost(id, b, wallS));
  const taskS = b.tasks.reduce((sum, task) => sum + task.seconds, 0);
  const bytesMoved = b.bytes.registryUp + b.bytes.registryDown + b.bytes.rsync;
  const explanation = [...b.explanation, ...totalsExplained(s, b, { wallS, path, taskS, bytesMoved })];
  return {
    id,
    label: strategyLabel(id),
    wallS,
    taskS,
    bytesMoved,
    bytes: b.bytes,
    registryBytes: b.registryBytes,
    registryByteDays: b.registryBytes * s.settings.expiryDays,
    pvcBytes: b.pvcBytes,
    criticalPath: path,
    tasks: b.tasks,
    hazards,
    explanation,
    eligible: !hazards.some((hazard) => hazard.severity === "blocker"),
  };
}

/** The five quantities that get a range, without hazards or arithmetic: one bootstrap draw (./ranges.ts). */
export function predictNumbers(id: StrategyId, s: Scenario): Record<RangedQuantity, number> {
  const b = GRAPHS[id]({ ...s, quiet: true });
  return {
    wallS: criticalPath(b.tasks).wallS,
    taskS: b.tasks.reduce((sum, task) => sum + task.seconds, 0),
    bytesMoved: b.bytes.registryUp + b.bytes.registryDown + b.bytes.rsync,
    registryBytes: b.registryBytes,
    pvcBytes: b.pvcBytes,
  };
}

export function predictAll(s: Scenario): StrategyPrediction[] {
  return STRATEGY_IDS.map((id) => predictStrategy(id, s));
}
