// Reads a component's model inputs from the database (docs/cost-model.md "Inputs"): typical sizes, build and
// queue times from the cost table (medians computed by the database), and the (bytes, seconds) points the
// model fits from the latest selected runs' per-run values (RunPhase), at most RECENT_RUNS of them.
import { Prisma } from "../../generated/sqlite/client";
import { getCostTable } from "../components/get-cost-table";
import { runFilterSql, type RunFilters } from "../components/run-filters";
import type { Db } from "../db/client";
import { BUILD_ARCHES, isBuildArch, type BuildArch } from "../domain/arch";
import { SHARED_PAYLOAD_STRATEGIES, STRATEGY_IDS, type StrategyId } from "../domain/strategies";
import { DEFAULT_REMOTE_ARCHES } from "../model/defaults";
import type { BacktestRun, FittedPhase, ModelInputs, PayloadArch, PhaseSample, Sourced } from "../model/types";

/** How many of the latest selected runs the fit and the backtest read. */
export const RECENT_RUNS = 200;

const PAYLOAD_PARTS: PayloadArch[] = [...BUILD_ARCHES, "source"];
const PHASE_OF: Record<string, FittedPhase | undefined> = {
  prefetch: "prefetch",
  "create-upload": "upload",
  restore: "restore",
  rsync: "rsync",
};

interface RunRow {
  id: number | bigint;
  name: string;
  strategy: string;
  platforms: string;
  hazards: string;
}

interface PhaseRow {
  run_id: number | bigint;
  arch: string;
  phase: string;
  seconds: number | null;
  bytes: number | null;
  sources: string;
}

const isStrategy = (value: string): value is StrategyId => (STRATEGY_IDS as readonly string[]).includes(value);

/** Returns null when the component does not exist. */
export async function getModelInputs(
  db: Db,
  componentName: string,
  filters: RunFilters = {},
): Promise<ModelInputs | null> {
  const table = await getCostTable(db, componentName, { stat: "median", filters });
  if (!table) return null;
  const component = await db.component.findUnique({ where: { name: componentName }, select: { id: true } });
  const runs = await db.$queryRaw<RunRow[]>`
    SELECT r."id" AS id, r."name" AS name, r."strategy" AS strategy, r."platforms" AS platforms, r."hazards" AS hazards
    FROM "PipelineRun" r
    WHERE r."componentId" = ${component!.id} ${runFilterSql(filters)}
      AND EXISTS (SELECT 1 FROM "RunPhase" p WHERE p."pipelineRunId" = r."id")
    ORDER BY r."startTime" DESC NULLS LAST, r."id" DESC
    LIMIT ${RECENT_RUNS}`;
  const ids = runs.map((run) => Number(run.id));
  const phases =
    ids.length === 0
      ? []
      : await db.$queryRaw<PhaseRow[]>`
          SELECT p."pipelineRunId" AS run_id, p."arch" AS arch, p."phase" AS phase, p."seconds" AS seconds,
                 p."bytes" AS bytes, p."sources" AS sources
          FROM "RunPhase" p
          WHERE p."pipelineRunId" IN (${Prisma.join(ids)})`;
  const byRun = new Map<number, PhaseRow[]>();
  for (const row of phases) {
    const list = byRun.get(Number(row.run_id)) ?? [];
    list.push(row);
    byRun.set(Number(row.run_id), list);
  }

  const medianSource = (column: "sizeBytes" | "buildS" | "queueS", arch: string): string => {
    const row = table.rows.find((r) => r.arch === arch);
    const counts = row?.sourceRuns[column] ?? {};
    const detail = Object.entries(counts)
      .map(([source, n]) => `${source}, ${n} run${n === 1 ? "" : "s"}`)
      .join("; ");
    return `median over the selected runs (${detail || "no source"})`;
  };
  const pick = (column: "sizeBytes" | "buildS" | "queueS") => {
    const out: Partial<Record<PayloadArch, Sourced>> = {};
    for (const part of PAYLOAD_PARTS) {
      const value = table.rows.find((row) => row.arch === part)?.[column];
      if (value !== null && value !== undefined) out[part] = { value, source: medianSource(column, part) };
    }
    return out;
  };

  const samples: PhaseSample[] = [];
  const backtestRuns: BacktestRun[] = [];
  const rsyncArches = new Set<BuildArch>();
  for (const run of runs) {
    const rows = byRun.get(Number(run.id)) ?? [];
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
    for (const row of rows) {
      const phase = PHASE_OF[row.phase];
      if (!phase || row.seconds === null) continue;
      const seconds = Number(row.seconds);
      measured[phase] = (measured[phase] ?? 0) + seconds;
      if (phase === "rsync" && isBuildArch(row.arch)) rsyncArches.add(row.arch);
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
        runId: Number(run.id),
      });
    }
    if (isStrategy(run.strategy) && parts > 0) {
      backtestRuns.push({
        id: Number(run.id),
        name: run.name,
        strategy: run.strategy,
        platforms: run.platforms.split(",").filter(isBuildArch),
        payload,
        measured,
      });
    }
  }

  const latest = runs[0];
  const current: ModelInputs["current"] =
    latest && isStrategy(latest.strategy)
      ? { strategy: latest.strategy, source: `detected on run ${latest.name}, the latest of ${runs.length} selected` }
      : {
          strategy: null,
          source: latest
            ? `the latest run (${latest.name}) does not show a strategy ("${latest.strategy}")`
            : "no runs selected",
        };
  const detectedHazards: ModelInputs["detectedHazards"] = [];
  for (const run of runs) {
    if (run.strategy !== current.strategy) continue;
    for (const hazard of parseHazards(run.hazards)) {
      if (!detectedHazards.some((h) => h.code === hazard.code)) detectedHazards.push({ ...hazard, run: run.name });
    }
  }
  const latestPlatforms = latest ? latest.platforms.split(",").filter(isBuildArch) : [];
  const tablePlatforms = BUILD_ARCHES.filter((arch) => table.rows.some((row) => row.arch === arch));
  const remote = [...rsyncArches].sort((a, b) => BUILD_ARCHES.indexOf(a) - BUILD_ARCHES.indexOf(b));
  return {
    component: table.component,
    measuredPlatforms: latestPlatforms.length > 0 ? latestPlatforms : tablePlatforms,
    remotePlatforms:
      remote.length > 0
        ? { arches: remote, source: `rsync measured for ${remote.join(", ")}; other arches build in the TaskRun pod` }
        : {
            arches: [...DEFAULT_REMOTE_ARCHES],
            source: `default: no rsync measured, so every arch but amd64 is assumed to build on a remote VM`,
          },
    payload: pick("sizeBytes"),
    sharedBytes: null,
    samples,
    buildS: pick("buildS"),
    queueS: pick("queueS"),
    current,
    detectedHazards,
    backtestRuns,
  };
}

function parseHazards(text: string): { code: string; message: string }[] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (h): h is { code: string; message: string } =>
        typeof h === "object" && h !== null && typeof h.code === "string" && typeof h.message === "string",
    );
  } catch {
    return [];
  }
}
