// Reads one component's per-arch cost table for the selected runs and statistic. The database does the
// work with the statements of ./cost-table-sql (SQLite and PostgreSQL run the same SQL): per-cell counts
// and sources in one ordered pass, then the statistic by index seeks (or one pass for the mean). Only
// per-(arch, phase) numbers reach JavaScript.
import type { Db } from "../db/connect";
import { buildCostTable } from "./cost-table";
import { queryCostTable } from "./cost-table-sql";
import type { CostTable } from "./cost-table.types";
import type { RunFilters, Stat } from "./run-filters";

/** Returns null when the component does not exist. */
export async function getCostTable(
  db: Db,
  componentName: string,
  options: { stat?: Stat; filters?: RunFilters } = {},
): Promise<CostTable | null> {
  const stat = options.stat ?? "median";
  const result = await queryCostTable((sql) => db.$queryRaw(sql), componentName, stat, options.filters ?? {});
  if (!result) return null;
  return buildCostTable(result.component, result.runs, stat, result.aggregates, result.sources);
}
