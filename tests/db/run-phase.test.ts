// RunPhase (one value per run, arch and phase) is written by ingest in JavaScript and, for databases that
// existed before it, by the migration's backfill SQL. Both must produce the same rows; and the cost table
// read from it by index seeks must equal the statistics computed directly from the measurements.
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { getCostTable } from "@/lib/queries/get-cost-table";
import type { Db } from "@/lib/db/connect";
import { storeRunPhases } from "@/lib/db/store-run-phases";
import { allScenarios } from "../fixtures/bundles/scenarios";
import { bundleBuffer } from "../fixtures/bundles/write-bundles";
import { DATABASE_KINDS, migratedDatabase, migrationsFor } from "./support";
import { ingestFiles } from "./support-ingest";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface PhaseRow {
  pipelineRunId: number;
  arch: string;
  phase: string;
  seconds: number | null;
  bytes: number | null;
  sources: string;
  sortTime: Date;
}

async function runPhases(db: Db): Promise<string[]> {
  const rows: PhaseRow[] = await db.runPhase.findMany({
    select: { pipelineRunId: true, arch: true, phase: true, seconds: true, bytes: true, sources: true, sortTime: true },
  });
  const round = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);
  return rows
    .map((row) =>
      JSON.stringify([
        row.pipelineRunId,
        row.arch,
        row.phase,
        round(row.seconds),
        round(row.bytes),
        // Label order is not part of the contract; the set is.
        row.sources.split("\n").sort(),
        row.sortTime.toISOString(),
      ]),
    )
    .sort();
}

function backfillSql(kind: (typeof DATABASE_KINDS)[number]): string {
  const dir = migrationsFor(kind);
  const file = path.join(dir, "20261129020933_run_phase", "migration.sql");
  const text = readFileSync(file, "utf8");
  return text.slice(text.indexOf("-- Backfill"));
}

/** Nearest-rank statistics over per-run values, computed in JavaScript as the reference. */
function reference(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const p90 = sorted[Math.ceil(0.9 * n) - 1]!;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  return { median, p90, mean };
}

describe.each(DATABASE_KINDS)("RunPhase on %s", (kind) => {
  it("the migration's backfill writes the same rows as ingest", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    for (const scenario of allScenarios()) {
      await ingestFiles(database.db, [
        { filename: `${scenario.name}.tar.gz`, bytes: await bundleBuffer(scenario, "tar.gz") },
      ]);
    }
    const written = await runPhases(database.db);
    expect(written.length).toBeGreaterThan(20);
    await database.db.runPhase.deleteMany();
    await database.db.$executeRawUnsafe(backfillSql(kind));
    expect(await runPhases(database.db)).toEqual(written);
  });

  it("index-seek statistics equal the statistics of the per-run values", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const { db } = database;
    // Per run: 1–3 measurements of amd64 prefetch (averaged per run), some runs without one; ties included.
    const runsArb = fc.array(
      fc.record({
        prefetch: fc.option(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 3 }), {
          nil: null,
        }),
        bytes: fc.integer({ min: 1, max: 5 }),
      }),
      { minLength: 1, maxLength: 25 },
    );
    let round = 0;
    await fc.assert(
      fc.asyncProperty(runsArb, async (runs) => {
        const name = `seek-${round++}`;
        const component = await db.component.create({ data: { name } });
        const perRun: number[] = [];
        for (const [i, spec] of runs.entries()) {
          const startTime = new Date(Date.UTC(2025, 0, 1 + i));
          const run = await db.pipelineRun.create({
            data: { name: `${name}-${i}`, origin: "tekton", componentId: component.id, status: "Succeeded", startTime },
          });
          const measurements = [
            ...(spec.prefetch ?? []).map((seconds) => ({
              arch: "amd64",
              phase: "prefetch",
              seconds,
              bytes: null,
              source: "step-timestamps",
              sourceDetail: "x",
            })),
            {
              arch: "amd64",
              phase: "payload",
              seconds: null,
              bytes: spec.bytes,
              source: "lockfile",
              sourceDetail: "y",
            },
          ];
          await db.$transaction(async (tx) => {
            await tx.measurement.createMany({
              data: measurements.map((m) => ({ ...m, componentId: component.id, pipelineRunId: run.id })),
            });
            await storeRunPhases(tx, component.id, run.id, startTime, measurements);
          });
          if (spec.prefetch) perRun.push(spec.prefetch.reduce((a, b) => a + b, 0) / spec.prefetch.length);
        }
        const lastWithPrefetch = [...runs].reverse().find((spec) => spec.prefetch)?.prefetch;
        for (const stat of ["median", "p90", "mean", "last"] as const) {
          const table = await getCostTable(db, name, { stat });
          const amd64 = table!.rows.find((row) => row.arch === "amd64")!;
          expect(table!.runs).toBe(runs.length);
          if (perRun.length === 0) {
            expect(amd64.prefetchS).toBeNull();
            continue;
          }
          const expected =
            stat === "last"
              ? lastWithPrefetch!.reduce((a, b) => a + b, 0) / lastWithPrefetch!.length
              : reference(perRun)[stat];
          expect(amd64.prefetchS).toBeCloseTo(expected, 9);
          expect(amd64.sourceRuns.prefetchS).toEqual({ "step-timestamps": perRun.length });
        }
        const sizes = reference(runs.map((spec) => spec.bytes));
        const median = await getCostTable(db, name, { stat: "median" });
        expect(median!.rows.find((row) => row.arch === "amd64")!.sizeBytes).toBeCloseTo(sizes.median, 9);
      }),
      { numRuns: kind === "sqlite" ? 25 : 12 },
    );
  });
});
