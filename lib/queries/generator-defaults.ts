// What the component page's Pipeline YAML panel starts from: the platforms the cost table measured, the
// component's most common detected strategy and the payload sizes on screen (PVC size hints).
import { ALL_ARCHES, BUILD_ARCHES, type BuildArch } from "../domain/arch";
import { STRATEGY_IDS, type StrategyId } from "../domain/strategies";
import type { Db } from "../db/connect";
import type { CostTable } from "./cost-table.types";

export interface GeneratorDefaults {
  /** Build arches with a row in the table, in table order; all four when none has one. */
  platforms: BuildArch[];
  defaultStrategy: StrategyId;
  /** The Total row's size: every arch and the sources, what a shared prefetch writes. */
  payloadBytes: number | null;
  /** Size per arch (and `source`) where measured; other rows (e.g. a shared prefetch's) are left out. */
  payloadBytesByArch: Record<string, number>;
}

export interface StrategyRuns {
  strategy: string;
  runs: number;
}

const isStrategyId = (id: string): id is StrategyId => (STRATEGY_IDS as readonly string[]).includes(id);

/** Pure: the defaults from the table and the run count per detected strategy. */
export function generatorDefaults(table: CostTable, strategyRuns: readonly StrategyRuns[]): GeneratorDefaults {
  const measured = new Set(table.rows.map((row) => row.arch));
  const platforms = BUILD_ARCHES.filter((arch) => measured.has(arch));
  // "unknown" (and any id from an older detector) is skipped: the most common strategy we can generate wins,
  // ties going to the first in STRATEGY_IDS order.
  const ranked = strategyRuns
    .filter((entry): entry is StrategyRuns & { strategy: StrategyId } => isStrategyId(entry.strategy))
    .toSorted((a, b) => b.runs - a.runs || STRATEGY_IDS.indexOf(a.strategy) - STRATEGY_IDS.indexOf(b.strategy));
  const payloadBytesByArch: Record<string, number> = {};
  for (const row of table.rows) {
    if (row.sizeBytes !== null && (ALL_ARCHES as readonly string[]).includes(row.arch)) {
      payloadBytesByArch[row.arch] = row.sizeBytes;
    }
  }
  return {
    platforms: platforms.length > 0 ? platforms : [...BUILD_ARCHES],
    defaultStrategy: ranked[0]?.strategy ?? "ta-shared",
    payloadBytes: table.total.sizeBytes,
    payloadBytesByArch,
  };
}

/** Counts the component's runs per detected strategy (all runs, whatever the table's filters). */
export async function getGeneratorDefaults(db: Db, table: CostTable): Promise<GeneratorDefaults> {
  const groups = await db.pipelineRun.groupBy({
    by: ["strategy"],
    where: { component: { name: table.component } },
    _count: { _all: true },
  });
  return generatorDefaults(
    table,
    groups.map((group) => ({ strategy: group.strategy, runs: group._count._all })),
  );
}
