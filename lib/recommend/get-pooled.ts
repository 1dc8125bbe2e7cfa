// The other components' measured points, for partial pooling of rates (docs/cost-model.md "Pooled rates"): one
// query reads the per-run values (RunPhase) of each other component's latest selected runs (the same run filters,
// at most `limit` runs per component), turned into points the way the component's own runs are (./run-samples).
import { Prisma } from "../../generated/sqlite/client";
import type { Db } from "../db/connect";
import type { ModelInputs } from "../model/types";
import { runFilterSql, type RunFilters } from "../queries/run-filters";
import { runSamples, type PhaseRow } from "./run-samples";

interface PooledRow extends PhaseRow {
  run_name: string;
  strategy: string;
  component: string;
}

const PHASES = ["payload", "prefetch", "create-upload", "restore", "rsync"];

export async function getPooledSamples(
  db: Db,
  componentId: number,
  filters: RunFilters,
  limit: number,
): Promise<NonNullable<ModelInputs["pooled"]>> {
  const rows = await db.$queryRaw<PooledRow[]>`
    WITH ranked AS (
      SELECT r."id" AS id, r."name" AS name, r."strategy" AS strategy, r."componentId" AS component_id,
             ROW_NUMBER() OVER (PARTITION BY r."componentId" ORDER BY r."startTime" DESC NULLS LAST, r."id" DESC) AS rn
      FROM "PipelineRun" r
      WHERE r."componentId" <> ${componentId} ${runFilterSql(filters)}
        AND EXISTS (SELECT 1 FROM "RunPhase" q WHERE q."pipelineRunId" = r."id")
    )
    SELECT k.id AS run_id, k.name AS run_name, k.strategy AS strategy, c."name" AS component,
           p."arch" AS arch, p."phase" AS phase, p."seconds" AS seconds, p."bytes" AS bytes, p."sources" AS sources
    FROM ranked k
    JOIN "RunPhase" p ON p."pipelineRunId" = k.id
    JOIN "Component" c ON c."id" = k.component_id
    WHERE k.rn <= ${limit} AND p."phase" IN (${Prisma.join(PHASES)})
    ORDER BY c."name", k.id`;
  const byRun = new Map<number, PooledRow[]>();
  for (const row of rows) {
    const id = Number(row.run_id);
    const list = byRun.get(id);
    if (list) list.push(row);
    else byRun.set(id, [row]);
  }
  const byComponent = new Map<string, NonNullable<ModelInputs["pooled"]>[number]>();
  for (const [id, runRows] of byRun) {
    const first = runRows[0]!;
    const entry = byComponent.get(first.component) ?? { component: first.component, samples: [] };
    entry.samples.push(...runSamples({ id, name: first.run_name, strategy: first.strategy }, runRows).samples);
    byComponent.set(first.component, entry);
  }
  return [...byComponent.values()].filter((entry) => entry.samples.length > 0);
}
