// The cost model's worker (lib/recommend/model-worker.ts), on SQLite and PostgreSQL: with it on, every
// recommendation (default, what-if, filtered, with and without the backtest) and every stored summary's computation
// equals the inline one byte for byte, a missing component is null both ways, the worker's own client sees a write
// committed after it opened, and the calls of a stopped worker, and the ones after, are computed inline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLarge } from "@/cli/seed-large";
import { bumpDataVersionById } from "@/lib/db/data-version";
import { computeRecommendation, getRecommendation } from "@/lib/recommend/get-recommendation";
import { startModelWorker, stopModelWorker } from "@/lib/recommend/model-worker";
import { parseRecommendationQuery } from "@/lib/recommend/query";
import { computeSummary, computeSummaryHere } from "@/lib/recommend/summary";
import { DATABASE_KINDS, migratedDatabase, projectRoot, type TestDatabase } from "./support";

const QUERIES = ["", "objective=taskSeconds&thresholdPct=5", "platforms=amd64,arm64&allowPvc=true", "last=40"];

describe.each(DATABASE_KINDS)("the model worker on %s", (kind) => {
  let database: TestDatabase;
  let names: string[];
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    await seedLarge(database.target, {
      runs: 240,
      components: 3,
      seed: 16,
      allowExisting: false,
      injectRegressions: false,
      log: () => {},
    });
    names = (await database.db.component.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map(
      (c) => c.name,
    );
  }, 120_000);
  afterAll(async () => {
    // Its client holds connections: closed before the database goes.
    await stopModelWorker();
    await database.cleanup();
  });

  it("answers every recommendation and summary exactly as the inline code does", async () => {
    const { db } = database;
    const cases = names.flatMap((name) =>
      QUERIES.flatMap((search) => [true, false].map((backtest) => ({ name, search, backtest }))),
    );
    const inline = [];
    for (const c of cases) {
      inline.push(await computeRecommendation(db, c.name, parseRecommendationQuery(new URLSearchParams(c.search)), c));
    }
    const summaries = await Promise.all([...names, "no-such-component"].map((name) => computeSummaryHere(db, name)));
    expect(inline.every((answer) => answer !== null)).toBe(true);

    expect(startModelWorker(projectRoot)).toBe(true);
    const inWorker = await Promise.all(
      cases.map((c) =>
        getRecommendation(db, c.name, parseRecommendationQuery(new URLSearchParams(c.search)), {
          backtest: c.backtest,
          remember: false,
        }),
      ),
    );
    // Byte for byte as the API serializes them (a short failure message: the answers are ~100 KB each).
    expect(JSON.stringify(inWorker) === JSON.stringify(inline)).toBe(true);
    expect(inWorker).toEqual(inline);
    expect(await Promise.all([...names, "no-such-component"].map((name) => computeSummary(db, name)))).toEqual(
      summaries,
    );
    expect(await getRecommendation(db, "no-such-component", undefined, { remember: false })).toBeNull();
  }, 120_000);

  it("sees writes committed after its client opened", async () => {
    const { db } = database;
    expect(startModelWorker(projectRoot)).toBe(true);
    const name = names[0]!;
    const query = parseRecommendationQuery(new URLSearchParams());
    const before = await getRecommendation(db, name, query, { remember: false });
    const run = await db.pipelineRun.findFirst({
      where: { component: { name } },
      orderBy: [{ startTime: "desc" }, { id: "desc" }],
    });
    await db.pipelineRun.delete({ where: { id: run!.id } });
    await bumpDataVersionById(db, [run!.componentId]);
    const after = await getRecommendation(db, name, query, { remember: false });
    expect(after).toEqual(await computeRecommendation(db, name, query, {}));
    expect(after!.inputs.runs).toBe(before!.inputs.runs - 1);
    expect(await computeSummary(db, name)).toEqual(await computeSummaryHere(db, name));
  }, 60_000);

  it("finishes the calls of a stopped worker inline, and computes inline until started again", async () => {
    const { db } = database;
    expect(startModelWorker(projectRoot)).toBe(true);
    const query = parseRecommendationQuery(new URLSearchParams());
    const expected = await computeRecommendation(db, names[1]!, query, {});
    const pending = getRecommendation(db, names[1]!, query, { remember: false });
    await stopModelWorker();
    expect(await pending).toEqual(expected);
    expect(await getRecommendation(db, names[1]!, query, { remember: false })).toEqual(expected);
  }, 60_000);
});
