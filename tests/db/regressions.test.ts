// The regressions read on SQLite and PostgreSQL: a small `seed:large` database with its injected regressions, read
// through getRegressions and the real route (the process-wide client of DATABASE_URL, pointed at each test
// database). No cell but the injected ones is flagged, the injected ones are (from one of their injected runs), and
// both databases give the same answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/components/[name]/regressions/route";
import { seedLarge } from "@/cli/seed-large";
import type { InjectedCell } from "@/cli/seed-regressions";
import { getDbHandle } from "@/lib/db/client";
import { storeManualTables } from "@/lib/db/store-manual-tables";
import { parseManualTables } from "@/lib/ingest/manual-table";
import { getRegressions } from "@/lib/queries/get-regressions";
import { parseRegressionsQuery, type Regressions } from "@/lib/queries/get-regressions.types";
import { uploadedFile } from "../fixtures/manual-tables";
import { DATABASE_KINDS, migratedDatabase, type DatabaseKind, type TestDatabase } from "./support";

const globalForDb = globalThis as unknown as { advisorDb?: ReturnType<typeof getDbHandle> };
const answers = new Map<DatabaseKind, Regressions[]>();
const query = (search = "") => parseRegressionsQuery(new URLSearchParams(search));
const route = (name: string, search = "") =>
  GET(new Request(`http://test/api/components/${encodeURIComponent(name)}/regressions${search}`), {
    params: Promise.resolve({ name }),
  });

describe.each(DATABASE_KINDS)("regressions on %s", (kind) => {
  let database: TestDatabase;
  let injected: InjectedCell[];
  let components: string[];
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    database = await migratedDatabase(kind);
    const seeded = await seedLarge(database.target, {
      runs: 1200,
      components: 6,
      seed: 1275,
      allowExisting: false,
      log: () => {},
    });
    injected = seeded.injected;
    components = (await database.db.component.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map(
      (c) => c.name,
    );
    process.env.DATABASE_URL = database.target.url;
    delete globalForDb.advisorDb;
    expect(getDbHandle().kind).toBe(kind);
  }, 120_000);
  afterAll(async () => {
    await globalForDb.advisorDb?.db.$disconnect();
    delete globalForDb.advisorDb;
    process.env.DATABASE_URL = savedUrl;
    await database.cleanup();
  });

  it("injected the four documented regressions into the latest 10 values of their cells", () => {
    expect(new Set(injected.map((cell) => cell.injection))).toEqual(
      new Set(["rsync-s390x-doubled", "payload-doubled", "build-ppc64le-slower", "prefetch-shared-slower"]),
    );
    expect(injected.every((cell) => cell.runs === 10)).toBe(true);
  });

  it("leaves each seeded component's run count and last run as its runs' (PostgreSQL's load skips the triggers)", async () => {
    const fresh = await database.db.pipelineRun.groupBy({
      by: ["componentId"],
      _count: { _all: true },
      _max: { startTime: true },
    });
    const stored = await database.db.component.findMany({ select: { id: true, runCount: true, lastRunAt: true } });
    expect(stored.map((c) => [c.id, c.runCount, c.lastRunAt?.toISOString()]).sort()).toEqual(
      fresh.map((row) => [row.componentId, row._count._all, row._max.startTime?.toISOString()]).sort(),
    );
    expect(stored.reduce((sum, c) => sum + c.runCount, 0)).toBe(1200);
  });

  it("flags no cell that was not injected; flags each injected one or at least finds its rise", async () => {
    const all = await Promise.all(components.map((name) => getRegressions(database.db, name, query("all=true"))));
    answers.set(kind, all as Regressions[]);
    const items = all.flatMap((r) => r!.items.map((i) => ({ component: r!.component, ...i })));
    const key = (c: { component: string; arch: string; phase: string; kind: string }) =>
      `${c.component} ${c.arch} ${c.phase} ${c.kind}`;
    const truth = new Set(injected.map(key));
    expect(items.filter((item) => item.flagged && !truth.has(key(item)))).toEqual([]);
    for (const cell of injected) {
      const item = items.find((i) => key(i) === key(cell))!;
      expect(item.changePct!).toBeGreaterThan(20);
      expect(item.pValue).toBeLessThan(0.01);
      // The s390x rsync cell mixes strategies and whole seconds: on this 1,200-run seed its Holm-adjusted p is just
      // over alpha (docs/regressions.md "Power"); on the default 100k-run seed it is flagged.
      if (cell.injection === "rsync-s390x-doubled") continue;
      expect(item.flagged).toBe(true);
      // The rise began at or after the first injected run (a raised value can still sit under the threshold).
      const [first, found] = await Promise.all(
        [cell.firstRunId, item.firstRunId!].map((id) =>
          database.db.pipelineRun.findUniqueOrThrow({ where: { id }, select: { startTime: true } }),
        ),
      );
      expect(found!.startTime!.getTime()).toBeGreaterThanOrEqual(first!.startTime!.getTime());
    }
  });

  it("answers through the route: flagged items only by default, 404 for an unknown component, 400 for a bad query", async () => {
    const target = injected.find((cell) => cell.injection === "payload-doubled")!;
    const response = await route(target.component);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Regressions;
    expect(body.window).toEqual({
      recent: 10,
      baseline: 30,
      minBaseline: 10,
      minChangePct: 20,
      alpha: 0.01,
      test: "mann-whitney-one-sided",
      correction: "holm-per-component",
      stratify: "strategy",
    });
    expect(body.items.length).toBe(body.flagged);
    expect(body.items.every((item) => item.flagged && item.kind === "bytes" && item.phase === "payload")).toBe(true);
    const item = body.items[0]!;
    expect(item.recentP50Bytes! / item.baselineP50Bytes!).toBeGreaterThan(1.8);
    expect(item).toMatchObject({ baselineP50S: null, direction: "up", runs: 40, recentRuns: 10, baselineRuns: 30 });
    expect(item.firstRunName).toMatch(new RegExp(`^${target.component}-on-`));
    expect((await route("no-such-component")).status).toBe(404);
    expect((await route(target.component, "?recent=-1")).status).toBe(400);
  });

  it("applies the run filters and a looser threshold", async () => {
    const target = injected.find((cell) => cell.injection === "build-ppc64le-slower")!;
    const push = await getRegressions(database.db, target.component, query("event=push&all=true"));
    const every = await getRegressions(database.db, target.component, query("all=true"));
    expect(push!.tested).toBeGreaterThan(0);
    const cellOf = (r: Regressions) => r.items.find((i) => i.arch === "ppc64le" && i.phase === "build")!;
    // Push runs only: other runs fill the windows, so the medians differ from the unfiltered ones.
    expect(cellOf(push!).baselineP50S).not.toBeUndefined();
    expect(cellOf(push!).runs).toBeLessThanOrEqual(40);
    const strict = await getRegressions(database.db, target.component, query("minChangePct=500"));
    expect(strict!.items).toEqual([]);
    expect(every!.flagged).toBeGreaterThan(0);
  });
});

/** The e2e spec's data (e2e/regressions.spec.ts): 40 hand tables, s390x rsync ~55 s, then ~103 s in the last 10. */
function handTable(i: number): string {
  const rsync = i < 30 ? 50 + ((i * 7) % 11) : 100 + ((i * 3) % 7);
  const day = new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  return `---\nsource: manual table (regressions)\nstrategy: ta-shared\nmeasuredAt: ${day}\n---\n\n| | Prefetch (s) | rsync (s) |\n| --- | ---: | ---: |\n| hand - amd64 | ${40 + (i % 5)} | ${4 + (i % 3)} |\n| hand - s390x | ${33 + (i % 4)} | ${rsync} |\n`;
}

describe.each(DATABASE_KINDS)("regressions of hand-measured tables on %s", (kind) => {
  it("flags the one raised cell, from the 31st table", async () => {
    const database = await migratedDatabase(kind);
    try {
      for (let i = 0; i < 40; i++) {
        const text = handTable(i);
        await storeManualTables(database.db, uploadedFile(`hand-${i}.md`, text), parseManualTables(text));
      }
      const result = await getRegressions(database.db, "hand", query());
      expect(result!.tested).toBe(4);
      expect(result!.items).toHaveLength(1);
      const [item] = result!.items;
      expect(item).toMatchObject({ arch: "s390x", phase: "rsync", baselineP50S: 55, flagged: true });
      expect(item!.recentP50S).toBeGreaterThanOrEqual(100);
      const first = await database.db.pipelineRun.findUniqueOrThrow({ where: { id: item!.firstRunId! } });
      expect(first.startTime!.toISOString().slice(0, 10)).toBe("2025-01-31");
      expect(item!.firstRunStartTime).toBe(first.startTime!.toISOString());
    } finally {
      await database.cleanup();
    }
  });
});

describe("regressions on both databases", () => {
  it("are the same answer", () => {
    const [sqlite, postgresql] = DATABASE_KINDS.map((kind) => answers.get(kind));
    expect(sqlite).toBeDefined();
    const round = (answers: Regressions[] | undefined) =>
      JSON.parse(
        JSON.stringify(answers, (_key, value: unknown) =>
          typeof value === "number" ? Number(value.toPrecision(9)) : value,
        ),
      );
    expect(round(postgresql)).toEqual(round(sqlite));
  });
});
