// Reads a component's model inputs from the database (docs/cost-model.md "Inputs"): typical sizes, build and
// queue times from the cost table (medians computed by the database), planned sizes where runs carry none, the
// (bytes, seconds) points the model fits from the latest selected runs' per-run values (RunPhase), at most
// RECENT_RUNS of them, and the strategy the latest selected run with a detected one used.
import { Prisma } from "../../generated/sqlite/client";
import { getCostTable } from "../queries/get-cost-table";
import { choosePlanned, plannedSourceText, readPlannedPayload } from "../queries/get-planned-payload";
import { runFilterSql, type RunFilters } from "../queries/run-filters";
import type { Db } from "../db/connect";
import { BUILD_ARCHES, isBuildArch, type BuildArch } from "../domain/arch";
import { STRATEGY_IDS, type StrategyId } from "../domain/strategies";
import { DEFAULT_REMOTE_ARCHES } from "../model/defaults";
import type { BacktestRun, ModelInputs, PayloadArch, PhaseSample, Sourced } from "../model/types";
import { getPooledSamples } from "./get-pooled";
import { PAYLOAD_PARTS, runSamples, type PhaseRow } from "./run-samples";

const TIMED_PHASE_NAMES = {
  prefetchS: "prefetch",
  createUploadS: "create-upload",
  restoreS: "restore",
  rsyncS: "rsync",
} as const;

/** How many of the latest selected runs the fit and the backtest read. */
export const RECENT_RUNS = 200;
/** How many of each other component's latest selected runs the pooled fit reads (a typical rate needs fewer). */
export const POOLED_RUNS = 20;

interface RunRow {
  id: number | bigint;
  name: string;
  strategy: string;
  platforms: string;
  hazards: string;
}

interface StrategyRow {
  name: string;
  strategy: string;
  platforms: string;
  hazards: string;
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
  // What the component runs is read from every selected run, measured or not: a run with no phase data (no logs,
  // a run rebuilt from TaskRuns alone) still shows its pipeline.
  const recent = await db.$queryRaw<StrategyRow[]>`
    SELECT r."name" AS name, r."strategy" AS strategy, r."platforms" AS platforms, r."hazards" AS hazards
    FROM "PipelineRun" r
    WHERE r."componentId" = ${component!.id} ${runFilterSql(filters)}
    ORDER BY r."startTime" DESC NULLS LAST, r."id" DESC
    LIMIT ${RECENT_RUNS}`;
  const planned = choosePlanned(await readPlannedPayload(db, component!.id));
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
    const id = Number(run.id);
    const own = runSamples({ id, name: run.name, strategy: run.strategy }, byRun.get(id) ?? []);
    samples.push(...own.samples);
    for (const arch of own.rsyncArches) rsyncArches.add(arch);
    if (isStrategy(run.strategy) && Object.keys(own.payload).length > 0) {
      backtestRuns.push({
        id,
        name: run.name,
        strategy: run.strategy,
        platforms: run.platforms.split(",").filter(isBuildArch),
        payload: own.payload,
        measured: own.measured,
      });
    }
  }

  // The latest run with a detected strategy, not the latest run: one run whose pipeline could not be read does
  // not make the component's strategy unknown. Not the majority either: after a switch the latest runs tell.
  const detected = recent.filter((run) => isStrategy(run.strategy));
  const latestDetected = detected[0];
  const current: ModelInputs["current"] =
    latestDetected && isStrategy(latestDetected.strategy)
      ? {
          strategy: latestDetected.strategy,
          source:
            `detected on run ${latestDetected.name}, the latest of ${detected.length} selected run` +
            `${detected.length === 1 ? "" : "s"} with a detected strategy` +
            otherStrategies(detected, latestDetected.strategy),
        }
      : {
          strategy: null,
          source:
            recent.length > 0
              ? `none of the ${recent.length} latest selected run${recent.length === 1 ? "" : "s"} shows a strategy ` +
                `(the latest, ${recent[0]!.name}, says "${recent[0]!.strategy}")`
              : "no runs selected",
        };
  const detectedHazards: ModelInputs["detectedHazards"] = [];
  for (const run of detected) {
    if (run.strategy !== current.strategy) continue;
    for (const hazard of parseHazards(run.hazards)) {
      if (!detectedHazards.some((h) => h.code === hazard.code)) detectedHazards.push({ ...hazard, run: run.name });
    }
  }
  const platformsOf = (run: { platforms: string } | undefined) =>
    run ? run.platforms.split(",").filter(isBuildArch) : [];
  const latestPlatforms = platformsOf(runs[0]);
  const selectedPlatforms = platformsOf(recent.find((run) => platformsOf(run).length > 0));
  const tablePlatforms = BUILD_ARCHES.filter((arch) => table.rows.some((row) => row.arch === arch));
  // A lockfile uploaded on its own lists the arches the component plans to build.
  const plannedPlatforms = BUILD_ARCHES.filter((arch) => planned[arch] !== undefined);
  const payload = pick("sizeBytes");
  const plannedParts: PayloadArch[] = [];
  for (const part of PAYLOAD_PARTS) {
    const row = planned[part];
    if (payload[part] || !row) continue;
    payload[part] = { value: row.bytes, source: plannedSourceText(row) };
    plannedParts.push(part);
  }
  const remote = [...rsyncArches].sort((a, b) => BUILD_ARCHES.indexOf(a) - BUILD_ARCHES.indexOf(b));
  return {
    component: table.component,
    measuredPlatforms:
      [latestPlatforms, selectedPlatforms, tablePlatforms, plannedPlatforms].find((arches) => arches.length > 0) ?? [],
    remotePlatforms:
      remote.length > 0
        ? { arches: remote, source: `rsync measured for ${remote.join(", ")}; other arches build in the TaskRun pod` }
        : {
            arches: [...DEFAULT_REMOTE_ARCHES],
            source: `default: no rsync measured, so every arch but amd64 is assumed to build on a remote VM`,
          },
    payload,
    plannedPayload: plannedParts,
    timedPhases: (["prefetchS", "createUploadS", "restoreS", "rsyncS"] as const)
      .filter((column) => table.rows.some((row) => row[column] !== null))
      .map((column) => TIMED_PHASE_NAMES[column]),
    sharedBytes: null,
    samples,
    buildS: pick("buildS"),
    queueS: pick("queueS"),
    current,
    detectedHazards,
    backtestRuns,
    pooled: await getPooledSamples(db, component!.id, filters, POOLED_RUNS),
  };
}

/** "; other selected runs used ta-split (3)": the other detected strategies, most used first. */
function otherStrategies(runs: readonly StrategyRow[], current: string): string {
  const counts = new Map<string, number>();
  for (const run of runs) if (run.strategy !== current) counts.set(run.strategy, (counts.get(run.strategy) ?? 0) + 1);
  if (counts.size === 0) return "";
  const text = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([strategy, n]) => `${strategy} (${n})`)
    .join(", ");
  return `; other selected runs used ${text}`;
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
