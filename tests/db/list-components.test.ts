// The components list: search, sort and pagination happen in the database, on SQLite and PostgreSQL.
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
