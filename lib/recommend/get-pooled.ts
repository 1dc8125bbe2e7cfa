// The other components' measured points, for partial pooling of rates (docs/cost-model.md "Pooled rates"): one
// query reads the per-run values (RunPhase) of each component's latest selected runs (the same run filters, at most
// `limit` runs per component), turned into points the way the component's own runs are (./run-samples); kept in
// memory until the data changes.
import { Prisma } from "../../generated/sqlite/client";
import { databaseKind, type Db } from "../db/connect";
import { dataSignature } from "../db/data-version";
import type { ModelInputs } from "../model/types";
import { runFilterSql, type RunFilters } from "../queries/run-filters";
import { runSamples, type PhaseRow } from "./run-samples";

interface PooledRow extends PhaseRow {
  run_name: string;
  strategy: string;
  component: string;
  component_id: number | bigint;
}

const PHASES = ["payload", "prefetch", "create-upload", "restore", "rsync"];

type Pooled = NonNullable<ModelInputs["pooled"]>;
/** Every component's points, with its id (to leave the asking component out). */
type PooledById = { componentId: number; entry: Pooled[number] }[];

/** Every component's pooled points per database and filters, read again only when the data changed. */
const CACHE = new WeakMap<Db, Map<string, { signature: string; pooled: PooledById }>>();
const CACHED_FILTERS = 16;

/**
 * The other components' points (every component but `componentId`): read once per state of the data and kept in
 * memory (reading them takes 0.7–2 s at 100k runs; checking that they are current takes a few ms).
 */
export async function getPooledSamples(
  db: Db,
  componentId: number,
  filters: RunFilters,
  limit: number,
): Promise<Pooled> {
  const key = JSON.stringify([filters, limit]);
  const signature = await dataSignature(db);
  const entries = CACHE.get(db) ?? new Map<string, { signature: string; pooled: PooledById }>();
  CACHE.set(db, entries);
  let entry = entries.get(key);
  if (entry?.signature !== signature) {
    entry = { signature, pooled: await readPooledSamples(db, filters, limit) };
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > CACHED_FILTERS) entries.delete(entries.keys().next().value!);
  }
  return entry.pooled.filter((pooled) => pooled.componentId !== componentId).map((pooled) => pooled.entry);
}

async function readPooledSamples(db: Db, filters: RunFilters, limit: number): Promise<PooledById> {
  // Per component, its latest `limit` measured runs read in order from PipelineRun_componentId_latest_idx, not a
  // window over every run of the database (that took 4 s at 100k runs). SQLite runs the correlated `IN (… LIMIT)`
  // once per component; PostgreSQL planned that form as a join filter re-run for every (component, run) pair (over
  // 300 s at 100k runs: bench/pg-scale.ts), so there it is a LATERAL subquery, run once per component (18 s at 1M
  // runs with a sort of each component's runs; 0.4 s with the index, measured in a rolled-back transaction).
  const latest = Prisma.sql`
      SELECT r."id" FROM "PipelineRun" r
      WHERE r."componentId" = c."id" ${runFilterSql(filters)}
        AND EXISTS (SELECT 1 FROM "RunPhase" q WHERE q."pipelineRunId" = r."id")
      ORDER BY r."startTime" DESC NULLS LAST, r."id" DESC
      LIMIT ${limit}`;
  const runs =
    databaseKind(db) === "postgresql"
      ? Prisma.sql`CROSS JOIN LATERAL (${latest}) l JOIN "PipelineRun" k ON k."id" = l."id"`
      : Prisma.sql`JOIN "PipelineRun" k ON k."id" IN (${latest})`;
  const rows = await db.$queryRaw<PooledRow[]>`
    SELECT k."id" AS run_id, k."name" AS run_name, k."strategy" AS strategy, c."name" AS component, c."id" AS component_id,
           p."arch" AS arch, p."phase" AS phase, p."seconds" AS seconds, p."bytes" AS bytes, p."sources" AS sources
    FROM "Component" c
    ${runs}
    JOIN "RunPhase" p ON p."pipelineRunId" = k."id"
    WHERE p."phase" IN (${Prisma.join(PHASES)})
    ORDER BY c."name", k."id"`;
  const byRun = new Map<number, PooledRow[]>();
  for (const row of rows) {
    const id = Number(row.run_id);
    const list = byRun.get(id);
    if (list) list.push(row);
    else byRun.set(id, [row]);
  }
  const byComponent = new Map<number, PooledById[number]>();
  for (const [id, runRows] of byRun) {
    const first = runRows[0]!;
    const componentId = Number(first.component_id);
    const pooled = byComponent.get(componentId) ?? { componentId, entry: { component: first.component, samples: [] } };
    pooled.entry.samples.push(...runSamples({ id, name: first.run_name, strategy: first.strategy }, runRows).samples);
    byComponent.set(componentId, pooled);
  }
  return [...byComponent.values()].filter((pooled) => pooled.entry.samples.length > 0);
}
