// One run's stored per-run values (RunPhase rows) as the model's (bytes, seconds) points, its payload per part
// and its measured seconds per fitted phase: what a task moved depends on the run's strategy (docs/cost-model.md
// "Inputs"). Shared by the component's own runs and the other components' runs its rates are pooled with.
import { isBuildArch, BUILD_ARCHES, type BuildArch } from "../domain/arch";
import { SHARED_PAYLOAD_STRATEGIES } from "../domain/strategies";
import type { FittedPhase, PayloadArch, PhaseSample } from "../model/types";

export const PAYLOAD_PARTS: PayloadArch[] = [...BUILD_ARCHES, "source"];
const PHASE_OF: Record<string, FittedPhase | undefined> = {
  prefetch: "prefetch",
  "create-upload": "upload",
  restore: "restore",
  rsync: "rsync",
};

export interface PhaseRow {
  run_id: number | bigint;
  arch: string;
  phase: string;
  seconds: number | null;
  bytes: number | null;
  sources: string;
}

export interface RunSamples {
  samples: PhaseSample[];
  payload: Partial<Record<PayloadArch, number>>;
  measured: Record<FittedPhase, number | null>;
  /** Build arches the run rsynced to (their builds ran on a remote VM). */
  rsyncArches: BuildArch[];
}

export function runSamples(run: { id: number; name: string; strategy: string }, rows: readonly PhaseRow[]): RunSamples {
  const payload: Partial<Record<PayloadArch, number>> = {};
  for (const row of rows) {
    if (row.phase === "payload" && row.bytes !== null && (PAYLOAD_PARTS as string[]).includes(row.arch)) {
      payload[row.arch as PayloadArch] = Number(row.bytes);
    }
  }
  const parts = Object.keys(payload).length;
  const total = Object.values(payload).reduce((sum, bytes) => sum + (bytes ?? 0), 0);
  const sharedPayload = SHARED_PAYLOAD_STRATEGIES.has(run.strategy);
  const measured: Record<FittedPhase, number | null> = { prefetch: null, upload: null, restore: null, rsync: null };
  const samples: PhaseSample[] = [];
  const rsyncArches: BuildArch[] = [];
  for (const row of rows) {
    const phase = PHASE_OF[row.phase];
    if (!phase || row.seconds === null) continue;
    const seconds = Number(row.seconds);
    measured[phase] = (measured[phase] ?? 0) + seconds;
    if (phase === "rsync" && isBuildArch(row.arch) && !rsyncArches.includes(row.arch)) rsyncArches.push(row.arch);
    // What the task moved: a shared task (or any task of a shared-payload strategy) handles everything;
    // a per-arch task its own part.
    const whole = row.arch === "shared" || (sharedPayload && (phase === "restore" || phase === "rsync"));
    const bytes = whole ? total : payload[row.arch as PayloadArch];
    if (!bytes || bytes <= 0) continue;
    samples.push({
      phase,
      parts: phase === "prefetch" && row.arch === "shared" ? Math.max(1, parts) : 1,
      bytes,
      seconds,
      ...(phase === "rsync" && isBuildArch(row.arch) ? { arch: row.arch } : {}),
      source: `run ${run.name}: ${row.phase} of ${row.arch} (${row.sources.split("\n").join(", ")})`,
      runId: run.id,
    });
  }
  return { samples, payload, measured, rsyncArches };
}
