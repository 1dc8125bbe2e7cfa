// The components list: search, sort and pagination happen in the database, on SQLite and PostgreSQL; the run counts
// and last run times it reads (kept by PipelineRun's triggers) equal the runs' own COUNT and MAX after any writes.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { listComponents } from "@/lib/queries/list-components";
import { listComponentsQuerySchema } from "@/lib/queries/list-components.types";
import { listRuns, listRunsQuerySchema, streamRuns } from "@/lib/queries/list-runs";
import { DATABASE_KINDS, migratedDatabase } from "./support";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

describe.each(DATABASE_KINDS)("listComponents on %s", (kind) => {
  it("searches, sorts and paginates, with each component's latest run", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const { db } = database;
    const specs = [
      { name: "alpha-image", application: "shop", runs: 3 },
      { name: "beta_image", application: "shop", runs: 1 },
      { name: "gamma", application: "Flatpak", runs: 0 },
      { name: "delta-100%", application: null, runs: 2 },
    ];
    for (const spec of specs) {
      const component = await db.component.create({ data: { name: spec.name, application: spec.application } });
      for (let i = 0; i < spec.runs; i++) {
        await db.pipelineRun.create({
          data: {
            name: `${spec.name}-${i}`,
            origin: "tekton",
            componentId: component.id,
            status: i === spec.runs - 1 ? "Failed" : "Succeeded",
            strategy: i === spec.runs - 1 ? "ta-split" : "ta-shared",
            platforms: i === spec.runs - 1 ? "amd64,arm64" : "amd64",
            startTime: new Date(Date.UTC(2025, 0, 1 + i + spec.runs)),
          },
        });
      }
    }
    const list = (query: Record<string, string>) => listComponents(db, listComponentsQuerySchema.parse(query));

    const byName = await list({});
    expect(byName.data.map((c) => c.name)).toEqual(["alpha-image", "beta_image", "delta-100%", "gamma"]);
    expect(byName).toMatchObject({ count: 4, page: 1, perPage: 50, totalPages: 1 });
    expect(byName.data[0]).toMatchObject({
      runs: 3,
      lastRunAt: "2025-01-06T00:00:00.000Z",
      lastRunStatus: "Failed",
      strategy: "ta-split",
      platforms: ["amd64", "arm64"],
    });
    expect(byName.data[3]).toMatchObject({ runs: 0, lastRunAt: null, strategy: null, platforms: [] });

    expect((await list({ sort: "-runs" })).data.map((c) => c.name)).toEqual([
      "alpha-image",
      "delta-100%",
      "beta_image",
      "gamma",
    ]);
    expect((await list({ sort: "-lastRunAt" })).data.map((c) => c.name)).toEqual([
      "alpha-image",
      "delta-100%",
      "beta_image",
      "gamma",
    ]);
    expect((await list({ q: "SHOP" })).data.map((c) => c.name)).toEqual(["alpha-image", "beta_image"]);
    expect((await list({ q: "flat" })).data.map((c) => c.name)).toEqual(["gamma"]);
    // LIKE wildcards in the search text are literal characters.
    expect((await list({ q: "_" })).data.map((c) => c.name)).toEqual(["beta_image"]);
    expect((await list({ q: "%" })).data.map((c) => c.name)).toEqual(["delta-100%"]);
    const second = await list({ perPage: "3", page: "2" });
    expect(second).toMatchObject({ count: 4, page: 2, perPage: 3, totalPages: 2 });
    expect(second.data.map((c) => c.name)).toEqual(["gamma"]);
  });

  it("keeps each component's run count and last run equal to its runs' through any inserts, moves and deletions", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const { db } = database;
    const ids: number[] = [];
    for (const name of ["one", "two", "three"]) ids.push((await db.component.create({ data: { name } })).id);
    let serial = 0;
    type Op =
      | { kind: "insert"; component: number; day: number | null; many: number }
      | { kind: "delete"; pick: number }
      | { kind: "move"; pick: number; component: number }
      | { kind: "retime"; pick: number; day: number | null }
      | { kind: "delete-latest" | "move-latest"; component: number; to: number };
    const day = fc.option(fc.integer({ min: 0, max: 30 }), { nil: null, freq: 4 });
    const component = fc.integer({ min: 0, max: 2 });
    const pick = fc.nat();
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant("insert" as const), component, day, many: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant("delete" as const), pick }),
      fc.record({ kind: fc.constant("move" as const), pick, component }),
      fc.record({ kind: fc.constant("retime" as const), pick, day }),
      fc.record({ kind: fc.constantFrom("delete-latest" as const, "move-latest" as const), component, to: component }),
    );
    const at = (d: number | null) => (d === null ? null : new Date(Date.UTC(2025, 0, 1 + d)));
    const apply = async (o: Op) => {
      const runs = await db.pipelineRun.findMany({ select: { id: true }, orderBy: { id: "asc" } });
      const chosen = runs.length === 0 ? undefined : runs[("pick" in o ? o.pick : 0) % runs.length]!.id;
      switch (o.kind) {
        case "insert":
          // Several rows in one statement, as the ingest's bulk writes send them.
          await db.pipelineRun.createMany({
            data: Array.from({ length: o.many }, () => ({
              name: `run-${++serial}`,
              origin: "tekton",
              status: "Succeeded",
              componentId: ids[o.component]!,
              startTime: at(o.day),
            })),
          });
          return;
        case "delete":
          if (chosen !== undefined) await db.$executeRawUnsafe(`DELETE FROM "PipelineRun" WHERE "id" = ${chosen}`);
          return;
        case "move":
          if (chosen !== undefined)
            await db.pipelineRun.update({ where: { id: chosen }, data: { componentId: ids[o.component]! } });
          return;
        case "retime":
          if (chosen !== undefined)
            await db.pipelineRun.update({ where: { id: chosen }, data: { startTime: at(o.day) } });
          return;
        case "delete-latest":
        case "move-latest": {
          const latest = await db.pipelineRun.findFirst({
            where: { componentId: ids[o.component]! },
            orderBy: [{ startTime: { sort: "desc", nulls: "last" } }, { id: "desc" }],
          });
          if (latest && o.kind === "delete-latest") await db.pipelineRun.delete({ where: { id: latest.id } });
          if (latest && o.kind === "move-latest")
            await db.pipelineRun.update({ where: { id: latest.id }, data: { componentId: ids[o.to]! } });
        }
      }
    };
    const expectCounted = async () => {
      const rows = await db.pipelineRun.groupBy({
        by: ["componentId"],
        _count: { _all: true },
        _max: { startTime: true },
      });
      const fresh = new Map(rows.map((row) => [row.componentId, row]));
      const stored = await db.component.findMany({ select: { id: true, runCount: true, lastRunAt: true } });
      for (const c of stored) {
        const row = fresh.get(c.id);
        expect({ id: c.id, runs: c.runCount, last: c.lastRunAt?.toISOString() ?? null }).toEqual({
          id: c.id,
          runs: row?._count._all ?? 0,
          last: row?._max.startTime?.toISOString() ?? null,
        });
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        for (const o of ops) {
          await apply(o);
          await expectCounted();
        }
      }),
      { numRuns: 16, seed: 16 },
    );
    // A component's cascade deletion leaves the others' counts alone; the list shows what was counted.
    await db.component.delete({ where: { id: ids[0]! } });
    await expectCounted();
    const listed = await listComponents(db, listComponentsQuerySchema.parse({}));
    const counted = await db.pipelineRun.groupBy({ by: ["componentId"], _count: { _all: true } });
    expect(listed.data.map((c) => [c.id, c.runs])).toEqual(
      [ids[2]!, ids[1]!].map((id) => [id, counted.find((row) => row.componentId === id)?._count._all ?? 0]),
    );
  });

  it("rejects bad API queries", () => {
    expect(() => listComponentsQuerySchema.parse({ perPage: "500" })).toThrow();
    expect(() => listComponentsQuerySchema.parse({ page: "0" })).toThrow();
    expect(() => listComponentsQuerySchema.parse({ sort: "size" })).toThrow();
  });
});

describe.each(DATABASE_KINDS)("listRuns and streamRuns on %s", (kind) => {
  it("filters, sorts, paginates, and streams every matching run in batches", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const { db } = database;
    const component = await db.component.create({ data: { name: "runs-demo" } });
    for (let i = 0; i < 7; i++) {
      await db.pipelineRun.create({
        data: {
          name: `run-${i}`,
          origin: "tekton",
          componentId: component.id,
          status: i % 3 === 0 ? "Failed" : "Succeeded",
          eventType: i % 2 === 0 ? "push" : "pull_request",
          strategy: "ta-shared",
          startTime: new Date(Date.UTC(2025, 1, 1, i)),
          completionTime: new Date(Date.UTC(2025, 1, 1, i, 10)),
        },
      });
    }
    const page = await listRuns(db, "runs-demo", listRunsQuerySchema.parse({ perPage: "3" }));
    expect(page!.data.map((r) => r.name)).toEqual(["run-6", "run-5", "run-4"]);
    expect(page!).toMatchObject({ count: 7, totalPages: 3 });
    expect(page!.data[0]).toMatchObject({ durationS: 600, status: "Failed", eventType: "push" });
    const failed = await listRuns(db, "runs-demo", listRunsQuerySchema.parse({ status: "Failed", sort: "startTime" }));
    expect(failed!.data.map((r) => r.name)).toEqual(["run-0", "run-3", "run-6"]);
    expect(await listRuns(db, "nope", listRunsQuerySchema.parse({}))).toBeNull();

    const streamed: string[] = [];
    for await (const run of streamRuns(db, component.id, { event: "push" }, 2)) streamed.push(run.name);
    expect(streamed).toEqual(["run-6", "run-4", "run-2", "run-0"]);
  });
});
