// The per-arch cost table, aggregated by the database, on SQLite and PostgreSQL.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getCostTable } from "@/lib/queries/get-cost-table";
import { getTrend } from "@/lib/queries/get-trend";
import { MIB } from "@/lib/domain/phases";
import { parseManualTables } from "@/lib/ingest/manual-table";
import { storeManualTables } from "@/lib/db/store-manual-tables";
import { storeRunPhases } from "@/lib/db/store-run-phases";
import type { Db } from "@/lib/db/connect";
import { markdownTable, uploadedFile } from "../fixtures/manual-tables";
import { DATABASE_KINDS, migratedDatabase, projectRoot } from "./support";

interface MeasurementRow {
  componentId: number;
  pipelineRunId: number;
  arch: string;
  phase: string;
  seconds?: number;
  bytes?: number;
  source: string;
  sourceDetail: string;
}

/** Stores one run's measurements as every writer does: the rows and their per-(arch, phase) values. */
async function storeMeasurements(db: Db, startTime: Date, rows: MeasurementRow[]): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.measurement.createMany({ data: rows });
    await storeRunPhases(
      tx,
      rows[0]!.componentId,
      rows[0]!.pipelineRunId,
      startTime,
      rows.map((row) => ({ ...row, seconds: row.seconds ?? null, bytes: row.bytes ?? null })),
    );
  });
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function store(db: Parameters<typeof storeManualTables>[0], filename: string, text: string) {
  return storeManualTables(db, uploadedFile(filename, text), parseManualTables(text));
}

describe.each(DATABASE_KINDS)("cost table on %s", (kind) => {
  it("reproduces the seed issue's flatpak-sdk table, totals included", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const text = readFileSync(path.join(projectRoot, "prisma/demo/build-definitions-1275.md"), "utf8");
    await store(database.db, "build-definitions-1275.md", text);

    const table = await getCostTable(database.db, "flatpak-sdk");
    expect(table).not.toBeNull();
    const byArch = Object.fromEntries(table!.rows.map((row) => [row.arch, row]));
    expect(table!.rows.map((r) => r.arch)).toEqual(["amd64", "arm64", "ppc64le", "s390x", "source"]);
    expect(byArch.s390x).toMatchObject({ prefetchS: 530, createUploadS: 48, restoreS: 13, rsyncS: 11, n: 1 });
    expect(byArch.source).toMatchObject({ sizeBytes: 3552 * MIB, prefetchS: 888, rsyncS: null, buildS: null });
    expect(byArch.amd64?.sources.prefetchS).toEqual(["manual table (build-definitions#1275)"]);
    // The seed's Total row: 5750 MiB, 3019 s, 547 s, 235 s, 29 s.
    expect(table!.total).toMatchObject({
      arch: "total",
      sizeBytes: 5750 * MIB,
      prefetchS: 3019,
      createUploadS: 547,
      restoreS: 235,
      rsyncS: 29,
      buildS: null,
      queueS: null,
    });
    expect(await getCostTable(database.db, "no-such-component")).toBeNull();
  });

  it("takes the median over runs (odd and even counts) and counts runs per arch", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const prefetches = [40, 100, 70, 10];
    for (const [index, prefetchS] of prefetches.entries()) {
      const rows = [{ arch: "amd64", sizeMiB: 300 + index, prefetchS }];
      if (index < 3) rows.push({ arch: "arm64", sizeMiB: 200, prefetchS: prefetchS * 2 });
      await store(database.db, `run-${index}.md`, markdownTable("median-demo", rows));
    }
    const table = await getCostTable(database.db, "median-demo");
    const byArch = Object.fromEntries(table!.rows.map((row) => [row.arch, row]));
    // amd64: 10, 40, 70, 100 → (40 + 70) / 2; arm64: 80, 140, 200 → 140.
    expect(byArch.amd64).toMatchObject({ prefetchS: 55, sizeBytes: 301.5 * MIB, n: 4 });
    expect(byArch.arm64).toMatchObject({ prefetchS: 140, sizeBytes: 200 * MIB, n: 3 });
    expect(table!.runs).toBe(4);
    expect(table!.total).toMatchObject({ prefetchS: 195, n: 4 });
  });

  it("stores a re-uploaded file once", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const text = markdownTable("dup-demo", [{ arch: "amd64", prefetchS: 12 }]);
    const first = await store(database.db, "a.md", text);
    const second = await store(database.db, "renamed.md", text);
    expect(first.status).toBe("ingested");
    expect(second).toEqual({ uploadId: first.uploadId, status: "duplicate", runs: [] });
    expect(await database.db.measurement.count()).toBe(1);
  });
});

describe.each(DATABASE_KINDS)("statistics and filters on %s", (kind) => {
  /** Five runs of one component with known prefetch times, events, statuses, branches and dates. */
  async function seedRuns(db: Awaited<ReturnType<typeof migratedDatabase>>["db"]) {
    const component = await db.component.create({ data: { name: "stats-demo" } });
    const runs = [
      { prefetch: 10, bytes: 100, event: "push", status: "Succeeded", branch: "main", day: 1, strategy: "ta-shared" },
      { prefetch: 40, bytes: 400, event: "push", status: "Succeeded", branch: "main", day: 2, strategy: "ta-shared" },
      {
        prefetch: 20,
        bytes: 200,
        event: "pull_request",
        status: "Failed",
        branch: "feature",
        day: 3,
        strategy: "ta-shared",
      },
      { prefetch: 50, bytes: 500, event: "push", status: "Succeeded", branch: "main", day: 4, strategy: "ta-split" },
      {
        prefetch: 30,
        bytes: 300,
        event: "pull_request",
        status: "Succeeded",
        branch: "feature",
        day: 5,
        strategy: "ta-split",
      },
    ];
    for (const [i, spec] of runs.entries()) {
      const run = await db.pipelineRun.create({
        data: {
          uid: `uid-${i}`,
          name: `stats-demo-${i}`,
          origin: "tekton",
          componentId: component.id,
          eventType: spec.event,
          status: spec.status,
          branch: spec.branch,
          strategy: spec.strategy,
          startTime: new Date(Date.UTC(2025, 0, spec.day, 12)),
        },
      });
      await storeMeasurements(db, run.startTime!, [
        {
          componentId: component.id,
          pipelineRunId: run.id,
          arch: "amd64",
          phase: "prefetch",
          seconds: spec.prefetch,
          source: "step-timestamps",
          sourceDetail: "x",
        },
        {
          componentId: component.id,
          pipelineRunId: run.id,
          arch: "amd64",
          phase: "payload",
          bytes: spec.bytes,
          source: "lockfile",
          sourceDetail: "y",
        },
      ]);
    }
  }

  it("computes median, p90 (nearest rank), mean and the latest run's value in the database", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    await seedRuns(database.db);
    const amd64 = async (stat: "median" | "p90" | "mean" | "last") =>
      (await getCostTable(database.db, "stats-demo", { stat }))!.rows.find((r) => r.arch === "amd64")!;
    expect(await amd64("median")).toMatchObject({ prefetchS: 30, sizeBytes: 300, n: 5 });
    expect(await amd64("p90")).toMatchObject({ prefetchS: 50, sizeBytes: 500 });
    expect(await amd64("mean")).toMatchObject({ prefetchS: 30, sizeBytes: 300 });
    expect(await amd64("last")).toMatchObject({ prefetchS: 30, sizeBytes: 300 });
    const table = await getCostTable(database.db, "stats-demo", { stat: "p90" });
    expect(table!.stat).toBe("p90");
    expect(table!.rows[0]!.sourceRuns).toEqual({ prefetchS: { "step-timestamps": 5 }, sizeBytes: { lockfile: 5 } });
  });

  it("counts only the runs the filters select", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    await seedRuns(database.db);
    const prefetch = async (filters: Parameters<typeof getCostTable>[2]) => {
      const table = await getCostTable(database.db, "stats-demo", filters);
      return { runs: table!.runs, value: table!.rows[0]?.prefetchS ?? null };
    };
    expect(await prefetch({ filters: { event: "push" } })).toEqual({ runs: 3, value: 40 });
    expect(await prefetch({ filters: { status: "Failed" } })).toEqual({ runs: 1, value: 20 });
    expect(await prefetch({ filters: { branch: "feature" } })).toEqual({ runs: 2, value: 25 });
    expect(await prefetch({ filters: { strategy: "ta-split" } })).toEqual({ runs: 2, value: 40 });
    expect(
      await prefetch({ filters: { from: new Date(Date.UTC(2025, 0, 2)), to: new Date(Date.UTC(2025, 0, 4)) } }),
    ).toEqual({ runs: 2, value: 30 });
    expect(await prefetch({ filters: { event: "push", branch: "feature" } })).toEqual({ runs: 0, value: null });
  });
});

describe.each(DATABASE_KINDS)("trend on %s", (kind) => {
  it("groups runs in start order and takes median and p90 per group in the database", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const { db } = database;
    const component = await db.component.create({ data: { name: "trend-demo" } });
    const prefetch = [10, 20, 30, 40, 50, 60];
    for (const [i, seconds] of prefetch.entries()) {
      const run = await db.pipelineRun.create({
        data: {
          name: `t-${i}`,
          origin: "tekton",
          componentId: component.id,
          status: "Succeeded",
          startTime: new Date(Date.UTC(2025, 0, 10 - i)),
        },
      });
      await storeMeasurements(db, run.startTime!, [
        {
          componentId: component.id,
          pipelineRunId: run.id,
          arch: "amd64",
          phase: "prefetch",
          seconds,
          source: "step-timestamps",
          sourceDetail: "x",
        },
      ]);
    }
    // Start order is the reverse of creation: 60, 50, 40 | 30, 20, 10.
    const trend = await getTrend(db, "trend-demo", { buckets: 2 });
    expect(trend!.points.map((p) => [p.bucket, p.runs, p.p50S, p.p90S])).toEqual([
      [1, 3, 50, 60],
      [2, 3, 20, 30],
    ]);
    expect(trend!.points[0]!.from).toBe("2025-01-05T00:00:00.000Z");
    expect(await getTrend(db, "missing")).toBeNull();
  });
});
