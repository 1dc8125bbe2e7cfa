// First start, restart and the demo data, on SQLite and PostgreSQL.
import { afterEach, describe, expect, it } from "vitest";
import { readEnv } from "@/lib/config/env";
import { createDb } from "@/lib/db/connect";
import { bootstrapDatabase } from "@/lib/pipeline/load-demo-data";
import { listComponents } from "@/lib/queries/list-components";
import { DATABASE_KINDS, emptyDatabase, projectRoot } from "./support";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function rowCounts(url: string) {
  const { db } = createDb((await import("@/lib/db/database-url")).parseDatabaseUrl(url));
  try {
    return {
      components: await db.component.count(),
      uploads: await db.upload.count(),
      runs: await db.pipelineRun.count(),
      measurements: await db.measurement.count(),
    };
  } finally {
    await db.$disconnect();
  }
}

describe.each(DATABASE_KINDS)("bootstrap on %s", (kind) => {
  it("migrates and loads the seed issue's two tables on first start, and nothing more on restart", async () => {
    const database = await emptyDatabase(kind);
    cleanups.push(database.cleanup);
    const env = readEnv({ DATABASE_URL: database.target.url });

    const first = await bootstrapDatabase(env, projectRoot);
    expect(first.migrationsApplied.length).toBeGreaterThan(0);
    expect(first.demo).toBe("loaded");
    const afterFirst = await rowCounts(database.target.url);
    // 2 components × 5 arches × 5 columns, minus the two source rows' empty rsync cells.
    expect(afterFirst).toEqual({ components: 2, uploads: 1, runs: 2, measurements: 48 });

    const second = await bootstrapDatabase(env, projectRoot);
    expect(second.migrationsApplied).toEqual([]);
    expect(second.demo).toBe("skipped-not-empty");
    expect(await rowCounts(database.target.url)).toEqual(afterFirst);

    const components = (await listComponents(database.connect())).data;
    expect(components.map((c) => [c.name, c.runs, c.strategy, c.platforms.join(",")])).toEqual([
      ["flatpak-runtime", 1, "ta-split", "amd64,arm64,ppc64le,s390x,source"],
      ["flatpak-sdk", 1, "ta-split", "amd64,arm64,ppc64le,s390x,source"],
    ]);
  });

  it("loads nothing with DEMO_DATA=off", async () => {
    const database = await emptyDatabase(kind);
    cleanups.push(database.cleanup);
    const result = await bootstrapDatabase(
      readEnv({ DATABASE_URL: database.target.url, DEMO_DATA: "off" }),
      projectRoot,
    );
    expect(result.demo).toBe("skipped-off");
    expect(await rowCounts(database.target.url)).toEqual({ components: 0, uploads: 0, runs: 0, measurements: 0 });
  });

  it("loads the demo once when two processes start at the same time", async () => {
    const database = await emptyDatabase(kind);
    cleanups.push(database.cleanup);
    const env = readEnv({ DATABASE_URL: database.target.url });
    const results = await Promise.all([bootstrapDatabase(env, projectRoot), bootstrapDatabase(env, projectRoot)]);
    expect(results.filter((r) => r.demo === "loaded")).toHaveLength(1);
    expect(await rowCounts(database.target.url)).toEqual({ components: 2, uploads: 1, runs: 2, measurements: 48 });
  });

  it("deletes a component's runs and measurements with it (foreign keys enforced)", async () => {
    const database = await emptyDatabase(kind);
    cleanups.push(database.cleanup);
    await bootstrapDatabase(readEnv({ DATABASE_URL: database.target.url }), projectRoot);
    const db = database.connect();
    await db.component.delete({ where: { name: "flatpak-sdk" } });
    expect(await rowCounts(database.target.url)).toEqual({ components: 1, uploads: 1, runs: 1, measurements: 24 });
  });
});

describe("SQLite client settings", () => {
  it("waits for a busy database instead of failing at once", async () => {
    const database = await emptyDatabase("sqlite");
    cleanups.push(database.cleanup);
    await bootstrapDatabase(readEnv({ DATABASE_URL: database.target.url, DEMO_DATA: "off" }), projectRoot);
    const rows = await database.connect().$queryRawUnsafe<{ timeout: number | bigint }[]>("PRAGMA busy_timeout");
    expect(Number(rows[0]?.timeout)).toBe(10_000);
  });
});
