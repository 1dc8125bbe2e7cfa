// The trend (lib/queries/get-trend.ts) against its definition, the window-function SQL it replaced, on random runs
// with filters, ties, missing start times and both kinds of values; on SQLite also through the read pool of worker
// threads (lib/db/sqlite-read-pool.ts), which must answer exactly as the in-process connection does.
import { afterEach, describe, expect, it } from "vitest";
import { Prisma } from "@/generated/sqlite/client";
import { createDb, type Db } from "@/lib/db/connect";
import { storeRunPhases } from "@/lib/db/store-run-phases";
import { getCostTable } from "@/lib/queries/get-cost-table";
import { getTrend, type Trend } from "@/lib/queries/get-trend";
import { runFilterSql, type RunFilters } from "@/lib/queries/run-filters";
import { DATABASE_KINDS, migratedDatabase } from "./support";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** The statement get-trend.ts ran before (window functions over every value), kept here as the definition. */
async function referenceTrend(db: Db, name: string, buckets: number, filters: RunFilters): Promise<Trend> {
  const component = await db.component.findUniqueOrThrow({ where: { name } });
  const rows = await db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
    WITH selected AS (
      SELECT r."id" AS id, r."startTime" AS started,
             NTILE(${buckets}) OVER (ORDER BY r."startTime" ASC NULLS FIRST, r."id" ASC) AS bucket
      FROM "PipelineRun" r WHERE r."componentId" = ${component.id} ${runFilterSql(filters)}
    ),
    per_run AS (
      SELECT s.bucket AS bucket, s.started AS started, p."arch" AS arch, p."phase" AS phase,
             p."seconds" AS seconds, p."bytes" AS bytes
      FROM "RunPhase" p JOIN selected s ON s.id = p."pipelineRunId" WHERE p."componentId" = ${component.id}
    ),
    ranked AS (
      SELECT bucket, started, arch, phase, seconds, bytes,
             ROW_NUMBER() OVER (PARTITION BY bucket, arch, phase ORDER BY seconds ASC NULLS LAST) AS rn_s,
             COUNT(seconds) OVER (PARTITION BY bucket, arch, phase) AS n_s,
             ROW_NUMBER() OVER (PARTITION BY bucket, arch, phase ORDER BY bytes ASC NULLS LAST) AS rn_b,
             COUNT(bytes) OVER (PARTITION BY bucket, arch, phase) AS n_b
      FROM per_run
    )
    SELECT bucket, MIN(started) AS "from", MAX(started) AS "to", arch, phase, CAST(COUNT(*) AS INTEGER) AS runs,
           AVG(CASE WHEN rn_s IN ((n_s + 1) / 2, (n_s + 2) / 2) THEN seconds END) AS p50_s,
           MAX(CASE WHEN rn_s = (9 * n_s + 9) / 10 THEN seconds END) AS p90_s,
           AVG(CASE WHEN rn_b IN ((n_b + 1) / 2, (n_b + 2) / 2) THEN bytes END) AS p50_b,
           MAX(CASE WHEN rn_b = (9 * n_b + 9) / 10 THEN bytes END) AS p90_b
    FROM ranked GROUP BY bucket, arch, phase`);
  const iso = (v: unknown) => (v === null ? null : new Date(v as string).toISOString());
  const num = (v: unknown) => (v === null ? null : Number(v));
  const points = rows.map((row) => ({
    bucket: Number(row.bucket),
    from: iso(row.from),
    to: iso(row.to),
    arch: row.arch as string,
    phase: row.phase as string,
    runs: Number(row.runs),
    p50S: num(row.p50_s),
    p90S: num(row.p90_s),
    p50Bytes: num(row.p50_b),
    p90Bytes: num(row.p90_b),
  }));
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  points.sort((a, b) => a.bucket - b.bucket || text(a.arch, b.arch) || text(a.phase, b.phase));
  return { component: name, buckets, points };
}

/** A deterministic pseudo-random source (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PHASES = [
  ["amd64", "prefetch", "seconds"],
  ["amd64", "payload", "bytes"],
  ["arm64", "restore", "both"],
  ["s390x", "rsync", "seconds"],
] as const;

/** `runs` runs of one component: some without a start time, equal start times, fractional values, gaps. */
async function seed(db: Db, name: string, runs: number, seedValue: number): Promise<void> {
  const next = random(seedValue);
  const component = await db.component.create({ data: { name } });
  for (let i = 0; i < runs; i++) {
    const startTime = next() < 0.05 ? null : new Date(Date.UTC(2025, 0, 1) + Math.floor(next() * 40) * 3_600_000);
    const run = await db.pipelineRun.create({
      data: {
        name: `${name}-${i}`,
        origin: "tekton",
        componentId: component.id,
        status: "Succeeded",
        eventType: next() < 0.5 ? "push" : "pull_request",
        startTime,
      },
    });
    const measurements = PHASES.filter(() => next() < 0.85).map(([arch, phase, kind]) => ({
      arch,
      phase,
      seconds: kind === "bytes" || (kind === "both" && next() < 0.2) ? null : Math.round(next() * 100_000) / 7,
      bytes: kind === "seconds" ? null : Math.floor(next() * 3) * 1_048_576 + next() / 3,
      source: "step-timestamps",
      sourceDetail: "x",
    }));
    await db.$transaction((tx) => storeRunPhases(tx, component.id, run.id, startTime ?? run.createdAt, measurements));
  }
}

describe.each(DATABASE_KINDS)("trend on %s", (kind) => {
  it("equals the window-function definition for any bucket count and filter", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    await seed(database.db, "busy", 157, 16);
    await seed(database.db, "other", 20, 17);
    for (const buckets of [1, 2, 7, 30, 200]) {
      for (const filters of [{}, { event: "push" }, { from: new Date(Date.UTC(2025, 0, 2)) }] as RunFilters[]) {
        const actual = await getTrend(database.db, "busy", { buckets, filters });
        expect(actual, `${buckets} buckets, ${JSON.stringify(filters)}`).toEqual(
          await referenceTrend(database.db, "busy", buckets, filters),
        );
      }
    }
    expect((await getTrend(database.db, "busy", { filters: { event: "none" } }))!.points).toEqual([]);
  });

  if (kind === "sqlite") {
    it("answers the same through the read pool as in-process, and sees every committed write", async () => {
      const database = await migratedDatabase(kind);
      cleanups.push(database.cleanup);
      await seed(database.db, "busy", 60, 3);
      const { db: pooled } = createDb(database.target, { readWorkers: 2 });
      cleanups.push(() => pooled.$disconnect());
      const reads = (db: Db) =>
        Promise.all([
          getTrend(db, "busy", { buckets: 9 }),
          getCostTable(db, "busy", { stat: "p90" }),
          db.pipelineRun.findMany({ orderBy: { id: "asc" } }),
        ]);
      expect(await reads(pooled)).toEqual(await reads(database.db));
      // A write through the pooled client's own connection, then a read: the worker sees it.
      await pooled.component.create({ data: { name: "written" } });
      expect(await pooled.component.findUnique({ where: { name: "written" } })).not.toBeNull();
      // SQL errors come back as Prisma's errors.
      await expect(pooled.$queryRawUnsafe('SELECT * FROM "Missing"')).rejects.toThrow(/Missing/);
    });
  }
});
