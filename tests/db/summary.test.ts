// The stored component summaries (lib/recommend/summary.ts) on SQLite and PostgreSQL: after an ingest, a sync, a
// forced re-ingest and deletions (a run removed outside the store code, a whole component removed), the summary the
// components list reads equals a fresh computation for every component — including the one whose own data did not
// change, whose answer moved only through pooling — and a current summary is read, not computed again. The
// background refresher brings every summary up to date after a write. GET /api/components' remembered body is
// replaced by a fresh answer after each write. A list that may wait only so long for stale summaries leaves out
// the ones not ready (rows "computing", never a stale answer), is neither tagged nor remembered, and the computation
// it started goes on and stores them.
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/connect";
import { createSource } from "@/lib/pipeline/sources";
import { ingestSpooled } from "@/lib/pipeline/ingest-upload";
import { syncSource } from "@/lib/pipeline/sync-source";
import { DEFAULT_ARCHIVE_LIMITS } from "@/lib/ingest/types";
import { listDataState } from "@/lib/db/data-version";
import { route } from "@/lib/http/route";
import { componentsPage, componentsPageResponse } from "@/lib/recommend/components-page";
import { computeSummary, summariesFor, type Summary } from "@/lib/recommend/summary";
import { startSummaryRefresher } from "@/lib/recommend/summary-refresh";
import { DEFAULT_FETCH_LIMITS } from "@/lib/sources/http";
import { createKubernetesClient } from "@/lib/sources/kubernetes";
import type { SourceConfig } from "@/lib/sources/types";
import { buildLockfile, lockfileYaml } from "../fixtures/bundles/lockfile";
import { startFakeK8s } from "../fixtures/fake-sources/k8s-server";
import { fakeRuns, runFiles } from "../fixtures/fake-sources/runs";
import { DATABASE_KINDS, migratedDatabase } from "./support";
import { spooled, tarGz } from "./support-ingest";

const NAMESPACE = "summary-tenant";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function targets(db: Db) {
  return db.component.findMany({ select: { id: true, name: true, dataVersion: true }, orderBy: { name: "asc" } });
}

/** Every component's stored-path summary against a fresh computation; returns how many the read computed. */
async function expectCurrent(db: Db): Promise<number> {
  const list = await targets(db);
  const { summaries, computed } = await summariesFor(db, list);
  for (const target of list) {
    const fresh = await computeSummary(db, target.name);
    expect(fresh, target.name).not.toBeNull();
    expect(summaries.get(target.id), target.name).toEqual(fresh);
  }
  // Read again: every summary is current now, so nothing is computed, and the stored rows give the same answers.
  const again = await summariesFor(db, list);
  expect(again.computed).toBe(0);
  for (const target of list) expect(again.summaries.get(target.id)).toEqual(summaries.get(target.id));
  return computed;
}

/** The runs with the component's rpms.lock.yaml (counted for every run of the upload: their payload sizes). */
async function bundle(runs: ReturnType<typeof fakeRuns>, arches = ["amd64", "arm64", "s390x", "ppc64le"]) {
  const lockfile = { filename: "rpms.lock.yaml", bytes: Buffer.from(lockfileYaml(buildLockfile(arches))) };
  return spooled([{ filename: "runs.tar.gz", bytes: await tarGz([...runFiles(runs), lockfile]) }]);
}

describe.each(DATABASE_KINDS)("stored component summaries on %s", (kind) => {
  it("equal a fresh computation after ingest, sync, re-ingest and deletion", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const { db } = database;

    // Ingest: two components, so each one's rates are pooled with the other's.
    const alpha = fakeRuns(12, { component: "alpha", namespace: NAMESPACE });
    const beta = fakeRuns(9, { component: "beta", namespace: NAMESPACE, startAt: new Date(Date.UTC(2026, 9, 1)) });
    const first = await ingestSpooled(db, await bundle(alpha), DEFAULT_ARCHIVE_LIMITS);
    expect(first.upload.status).toBe("ingested");
    await ingestSpooled(db, await bundle(beta), DEFAULT_ARCHIVE_LIMITS);
    expect(await expectCurrent(db)).toBe(2);
    const before = (await summariesFor(db, await targets(db))).summaries;

    // Sync: 6 more runs of alpha from the cluster. beta's own data is unchanged, yet its summary is computed again
    // (its pooled rates now include alpha's new runs).
    const later = fakeRuns(6, { component: "alpha", namespace: NAMESPACE, startAt: new Date(Date.UTC(2026, 10, 20)) });
    const server = await startFakeK8s({ runs: later, flavour: "kubernetes" });
    cleanups.push(() => server.close());
    process.env.ADVISOR_TEST_SUMMARY_TOKEN = server.token;
    cleanups.push(async () => {
      delete process.env.ADVISOR_TEST_SUMMARY_TOKEN;
    });
    const source = await createSource(db, {
      kind: "kubernetes",
      url: server.url,
      namespace: NAMESPACE,
      component: "alpha",
      since: "2000-01-01T00:00:00Z",
      tokenEnv: "ADVISOR_TEST_SUMMARY_TOKEN",
    });
    const synced = await syncSource(db, source.id, {
      clientFor: (config: SourceConfig) =>
        createKubernetesClient(config, { ...DEFAULT_FETCH_LIMITS, requestsPerSecond: 10_000, timeoutMs: 10_000 }),
    });
    expect(synced).toMatchObject({ added: 6, errors: [] });
    expect(await db.pipelineRun.count()).toBe(27);
    expect(await expectCurrent(db)).toBe(2);

    // Re-ingest: the first upload again under force (its runs replace what is stored).
    const again = await ingestSpooled(db, await bundle(alpha), DEFAULT_ARCHIVE_LIMITS, { force: true });
    expect(again.runs).toHaveLength(12);
    expect(await expectCurrent(db)).toBe(2);

    // Deletion outside the store code (no dataVersion raised): the data signature still catches it.
    const newest = await db.pipelineRun.findFirstOrThrow({
      where: { component: { name: "alpha" } },
      orderBy: { startTime: "desc" },
    });
    await db.pipelineRun.delete({ where: { id: newest.id } });
    expect(await expectCurrent(db)).toBe(2);

    // A whole component deleted: its stored summary goes with it, and the other's is computed again.
    await db.component.delete({ where: { name: "beta" } });
    expect(await db.componentSummary.count()).toBe(1);
    expect(await expectCurrent(db)).toBe(1);
    const after = (await summariesFor(db, await targets(db))).summaries;
    // What moved is visible: alpha has runs it did not have at first.
    const alphaId = (await targets(db)).find((t) => t.name === "alpha")!.id;
    expect(after.get(alphaId)!.recommendation.savingsWallS).not.toBe(before.get(alphaId)!.recommendation.savingsWallS);

    // GET /api/components: each row's `recommendation` and `regressions`, from the stored summaries.
    const page = await componentsPage(db, { page: 1, perPage: 50, sort: "name" }, { waitMs: Infinity });
    const freshAlpha = (await computeSummary(db, "alpha"))!;
    expect(page.data).toEqual([
      expect.objectContaining({
        name: "alpha",
        recommendation: {
          decision: freshAlpha.recommendation.decision,
          current: freshAlpha.recommendation.current,
          recommended: freshAlpha.recommendation.recommended,
          savingsWallS: freshAlpha.recommendation.savingsWallS,
          confidence: freshAlpha.recommendation.confidence,
          reason: freshAlpha.recommendation.reason,
        },
        regressions: {
          tested: freshAlpha.regressions.tested,
          flagged: freshAlpha.regressions.flagged,
          window: freshAlpha.regressions.window,
        },
      }),
    ]);
  }, 180_000);

  it("give GET /api/components a remembered body that a write replaces with a fresh answer", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const { db } = database;
    const query = { page: 1, perPage: 50, sort: "name" as const };
    // The route as app/api/components/route.ts declares it, on the test's database.
    // Waiting for every summary (the route waits LIST_SUMMARY_WAIT_MS; the next test covers what it does then).
    const list = route({ etag: () => listDataState(db), cache: true }, () =>
      componentsPageResponse(db, query, { waitMs: Infinity }),
    );
    const get = async () => {
      const response = await list(new Request("http://test/api/components"));
      return { etag: response.headers.get("etag"), body: await response.text() };
    };
    await ingestSpooled(
      db,
      await bundle(fakeRuns(9, { component: "delta", namespace: NAMESPACE })),
      DEFAULT_ARCHIVE_LIMITS,
    );
    const first = await get();
    expect(first.body).toBe(JSON.stringify(await componentsPage(db, query, { waitMs: Infinity })));
    expect(await get()).toEqual(first);
    // Another component's runs: a new ETag, and the answer (with delta's summary moved by pooling) equals a fresh one.
    const epsilon = fakeRuns(8, {
      component: "epsilon",
      namespace: NAMESPACE,
      startAt: new Date(Date.UTC(2026, 9, 1)),
    });
    await ingestSpooled(db, await bundle(epsilon, ["amd64", "arm64"]), DEFAULT_ARCHIVE_LIMITS);
    const second = await get();
    expect(second.etag).not.toBe(first.etag);
    expect(second.body).toBe(JSON.stringify(await componentsPage(db, query, { waitMs: Infinity })));
    expect(JSON.parse(second.body).data.map((row: { name: string }) => row.name)).toEqual(["delta", "epsilon"]);
    // A run deleted outside the store code: new ETag, fresh answer.
    const run = await db.pipelineRun.findFirstOrThrow({ where: { component: { name: "epsilon" } } });
    await db.pipelineRun.delete({ where: { id: run.id } });
    const third = await get();
    expect(third.etag).not.toBe(second.etag);
    expect(third.body).toBe(JSON.stringify(await componentsPage(db, query, { waitMs: Infinity })));
  }, 120_000);

  it("are brought up to date in the background after a write", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const { db } = database;
    const refresher = startSummaryRefresher(db, 20);
    cleanups.push(async () => refresher.stop());
    await refresher.idle();
    await ingestSpooled(
      db,
      await bundle(fakeRuns(10, { component: "gamma", namespace: NAMESPACE })),
      DEFAULT_ARCHIVE_LIMITS,
    );
    await refresher.idle();
    const rows = await db.componentSummary.findMany();
    expect(rows.map((row) => row.decision)).toHaveLength(1);
    // Current: a reader computes nothing.
    expect((await summariesFor(db, await targets(db))).computed).toBe(0);
  }, 120_000);
  it("leave a summary not ready in time out of the list as computing, untagged, and store it when done", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const { db } = database;
    const query = { page: 1, perPage: 50, sort: "name" as const };
    await ingestSpooled(
      db,
      await bundle(fakeRuns(9, { component: "kappa", namespace: NAMESPACE })),
      DEFAULT_ARCHIVE_LIMITS,
    );
    const settled = await componentsPage(db, query, { waitMs: Infinity });
    expect(settled.computing).toBe(0);
    // A second component's runs: both summaries are stale now (pooling). Their computation waits for a gate.
    await ingestSpooled(
      db,
      await bundle(fakeRuns(7, { component: "lambda", namespace: NAMESPACE, startAt: new Date(Date.UTC(2026, 9, 2)) })),
      DEFAULT_ARCHIVE_LIMITS,
    );
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const started: string[] = [];
    const slow = async (on: Db, name: string): Promise<Summary | null> => {
      started.push(name);
      await gate;
      return computeSummary(on, name);
    };
    const list = route({ etag: () => listDataState(db), cache: true }, () =>
      componentsPageResponse(db, query, { waitMs: 30, compute: slow }),
    );
    const response = await list(new Request("http://test/api/components"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("etag")).toBeNull();
    const body = await response.json();
    expect(body.computing).toBe(2);
    for (const row of body.data) {
      expect(row).toMatchObject({ summaryState: "computing", recommendation: null, regressions: null });
    }
    // The stale stored summary of kappa is not shown, and not replaced yet.
    expect(started).toEqual(["kappa"]);
    open();
    // The computation goes on without a reader and stores both; then the list is current, tagged and remembered.
    await expect
      .poll(async () => (await summariesFor(db, await targets(db), { waitMs: 0 })).computing.size, {
        timeout: 60_000,
        interval: 50,
      })
      .toBe(0);
    expect(started).toEqual(["kappa", "lambda"]);
    const after = await list(new Request("http://test/api/components"));
    expect(after.headers.get("etag")).not.toBeNull();
    const fresh = await componentsPage(db, query, { waitMs: Infinity });
    expect(await after.text()).toBe(JSON.stringify(fresh));
    expect(fresh.computing).toBe(0);
    expect(fresh.data.map((row) => [row.name, row.summaryState])).toEqual([
      ["kappa", "current"],
      ["lambda", "current"],
    ]);
    for (const row of fresh.data) {
      expect(row.recommendation?.decision).toBe((await computeSummary(db, row.name))!.recommendation.decision);
    }
  }, 120_000);
});
