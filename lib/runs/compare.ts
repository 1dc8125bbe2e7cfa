// Two runs side by side (pure): per (arch, phase) the seconds and bytes of run A and run B, and the
// change B − A; plus each run's wall time. Missing in one run means null, never 0, and no delta.
import { compareArches } from "../domain/arch";
import { PHASES } from "../domain/phases";
import type { ComparedRun, ComparisonRow, Delta, PhaseValue, RunComparison } from "./compare.types";
import type { RunDetail } from "./get-run";
import { runWallSeconds } from "./timeline";

export function delta(a: number | null, b: number | null): Delta | null {
  if (a === null || b === null) return null;
  return { value: b - a, percent: a > 0 ? ((b - a) / a) * 100 : null };
}

const key = (arch: string, phase: string) => `${arch}\u0000${phase}`;

/**
 * One value per (arch, phase) and kind. The ingester stores at most one duration per (run, arch,
 * phase), but a phase may have a seconds row and a separate bytes row (rsync-back: log markers and
 * rsync --stats); each kind is taken from the first row that has it, in getRun's order.
 */
function phaseValues(run: RunDetail): Map<string, PhaseValue> {
  const values = new Map<string, PhaseValue>();
  for (const m of run.measurements) {
    const value = values.get(key(m.arch, m.phase)) ?? { seconds: null, bytes: null };
    values.set(key(m.arch, m.phase), {
      seconds: value.seconds ?? m.seconds,
      bytes: value.bytes ?? m.bytes,
    });
  }
  return values;
}

function phaseRank(phase: string): number {
  const index = (PHASES as readonly string[]).indexOf(phase);
  return index === -1 ? PHASES.length : index;
}

const summary = (run: RunDetail): ComparedRun => ({
  id: run.id,
  name: run.name,
  component: run.component,
  startTime: run.startTime,
  strategy: run.strategy,
  wallSeconds: runWallSeconds(run),
});

export function compareRuns(a: RunDetail, b: RunDetail): RunComparison {
  const valuesA = phaseValues(a);
  const valuesB = phaseValues(b);
  const pairs = new Map<string, { arch: string; phase: string }>();
  for (const m of [...a.measurements, ...b.measurements])
    pairs.set(key(m.arch, m.phase), { arch: m.arch, phase: m.phase });
  const rows = [...pairs.values()]
    .sort(
      (x, y) =>
        compareArches(x.arch, y.arch) || phaseRank(x.phase) - phaseRank(y.phase) || x.phase.localeCompare(y.phase),
    )
    .map(({ arch, phase }): ComparisonRow => {
      const valueA = valuesA.get(key(arch, phase)) ?? null;
      const valueB = valuesB.get(key(arch, phase)) ?? null;
      return {
        arch,
        phase,
        a: valueA,
        b: valueB,
        secondsDelta: delta(valueA?.seconds ?? null, valueB?.seconds ?? null),
        bytesDelta: delta(valueA?.bytes ?? null, valueB?.bytes ?? null),
      };
    });
  const runA = summary(a);
  const runB = summary(b);
  return { a: runA, b: runB, wallDelta: delta(runA.wallSeconds, runB.wallSeconds), rows };
}
