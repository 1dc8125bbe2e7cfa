// Syncing from KubeArchive and from the Kubernetes API (the local fake of both), on SQLite and PostgreSQL: 60 runs
// over 3 pages of limit/continue give the table an upload of the same runs gives; syncs are incremental; 401 stores
// nothing and says why; 429 and 500, at the start and in the middle of a sync, are retried; the token never shows.
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/connect";
import { createSource, listSourceViews, type SyncProgress } from "@/lib/pipeline/sources";
import { syncSource } from "@/lib/pipeline/sync-source";
import { getCostTable } from "@/lib/queries/get-cost-table";
import { DEFAULT_FETCH_LIMITS } from "@/lib/sources/http";
import { createKubeArchiveClient } from "@/lib/sources/kubearchive";
import { createKubernetesClient } from "@/lib/sources/kubernetes";
import type { FetchLimits, SourceConfig } from "@/lib/sources/types";
import { startFakeK8s, type FakeK8sRequest, type FakeK8sServer } from "../fixtures/fake-sources/k8s-server";
import { fakeRuns, runFiles, type FakeRun } from "../fixtures/fake-sources/runs";
import { DATABASE_KINDS, migratedDatabase, type DatabaseKind } from "./support";
import { ingestFiles, tarGz } from "./support-ingest";

const COMPONENT = "sync-component";
const NAMESPACE = "sync-tenant";
const PIPELINE_RUNS = `/apis/tekton.dev/v1/namespaces/${NAMESPACE}/pipelineruns`;
/** 60 runs: 3 listing pages of 20 and 3 sync pages of 20. */
const PAGE_SIZE = 20;
const LIMITS: FetchLimits = {
  ...DEFAULT_FETCH_LIMITS,
  pageSize: PAGE_SIZE,
  requestsPerSecond: 10_000,
  concurrency: 8,
  attempts: 4,
  timeoutMs: 10_000,
};
const SOURCE_KINDS = ["kubearchive", "kubernetes"] as const;
type SourceKind = (typeof SOURCE_KINDS)[number];
const CLIENTS = { kubearchive: createKubeArchiveClient, kubernetes: createKubernetesClient } as const;
/** Runs finished well after the first batch (and well before the tests' clock and its 2 minutes of settle time). */
const LATER = new Date(Date.UTC(2026, 11, 1));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const runsOf = (count: number, startAt?: Date) =>
  fakeRuns(count, { component: COMPONENT, namespace: NAMESPACE, startAt });
const uidOf = (run: FakeRun) => (run.pipelineRun as { metadata: { uid: string } }).metadata.uid;

async function setup(kind: DatabaseKind, source: SourceKind, runs: FakeRun[]) {
  const database = await migratedDatabase(kind);
  cleanups.push(database.cleanup);
  const server = await startFakeK8s({ runs, flavour: source });
  cleanups.push(() => server.close());
  const tokenEnv = `ADVISOR_TEST_${source.toUpperCase()}_TOKEN`;
  process.env[tokenEnv] = server.token;
  cleanups.push(async () => {
    delete process.env[tokenEnv];
  });
  const created = await createSource(database.db, {
    kind: source,
    url: server.url,
    namespace: NAMESPACE,
    component: COMPONENT,
    since: "2000-01-01T00:00:00Z",
    tokenEnv,
  });
  const progress: SyncProgress[] = [];
  const sync = () =>
    syncSource(database.db, created.id, {
      clientFor: (config: SourceConfig) => CLIENTS[source](config, LIMITS),
      onProgress: (step) => progress.push(step),
    });
  return { database, server, tokenEnv, sync, progress };
}

/** The synced runs' uids, sorted, and how many rows hold them. */
async function storedRuns(db: Db) {
  const runs = await db.pipelineRun.findMany({ where: { origin: { not: "manual-table" } }, select: { uid: true } });
  const uids = runs.map((run) => run.uid).sort();
  return { count: runs.length, distinct: new Set(uids).size, uids: [...new Set(uids)] };
}

/** Step logs of the runs: one log request each. */
const stepLogCount = (runs: FakeRun[]) =>
  runs.reduce((sum, run) => sum + Object.values(run.logs).flatMap(Object.keys).length, 0);

const expected = (runs: FakeRun[]) => {
  const uids = runs.map(uidOf).sort();
  return { count: uids.length, distinct: uids.length, uids };
};

/** The table of an upload of `runs` as one tar.gz keeping the logs/<taskrun>/ folders, the way a user uploads. */
async function uploadedTable(kind: DatabaseKind, runs: FakeRun[]) {
  const uploaded = await migratedDatabase(kind);
  cleanups.push(uploaded.cleanup);
  await ingestFiles(uploaded.db, [{ filename: "runs.tar.gz", bytes: await tarGz(runFiles(runs)) }]);
  return getCostTable(uploaded.db, COMPONENT);
}

/** Requests sent more than once (same method, path and query): each extra one is a retry. */
function repeats(requests: FakeK8sRequest[]): number {
  const seen = new Map<string, number>();
  for (const request of requests) {
    const key = JSON.stringify([request.method, request.path, Object.entries(request.query).sort()]);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen.values()].reduce((sum, times) => sum + times - 1, 0);
}

function expectNoToken(server: FakeK8sServer, ...texts: string[]) {
  for (const text of texts) expect(text).not.toContain(server.token);
}

const CASES = DATABASE_KINDS.flatMap((kind) => SOURCE_KINDS.map((source) => [source, kind] as const));

describe.each(CASES)("sync from %s on %s", (source, kind) => {
  it("stores 60 runs listed in 3 pages of limit/continue, whose table equals an upload of the same runs", async () => {
    const runs = runsOf(60);
    const { database, server, sync, progress } = await setup(kind, source, runs);
    const result = await sync();
    expect(result).toMatchObject({ added: 60, updated: 0, skipped: 0, errors: [] });
    expect(await storedRuns(database.db)).toEqual(expected(runs));
    expect(progress.map((step) => step.pages)).toEqual([1, 2, 3]);
    expect(progress.at(-1)!.runsStored).toBe(60);

    const lists = server.requests.filter((request) => request.path === PIPELINE_RUNS);
    expect(lists.length).toBeGreaterThanOrEqual(3);
    expect(lists.every((request) => request.query.limit === String(PAGE_SIZE))).toBe(true);
    expect(lists[0]!.query.continue).toBeUndefined();
    expect(lists[0]!.query.labelSelector).toBe(`appstudio.openshift.io/component=${COMPONENT}`);
    const tokens = lists.slice(1).map((request) => request.query.continue);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(tokens.every((token) => typeof token === "string" && token.length > 0)).toBe(true);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(server.requests.every((request) => request.authorized)).toBe(true);
    // Every step log was read from the pod log endpoint, one request each.
    const logReads = server.requests.filter((request) => request.path.endsWith("/log"));
    expect(logReads).toHaveLength(stepLogCount(runs));
    expect(repeats(server.requests)).toBe(0);

    const synced = await getCostTable(database.db, COMPONENT);
    expect(synced).toMatchObject({ component: COMPONENT, runs: 60 });
    expect(synced!.rows.length).toBeGreaterThan(1);
    expect(synced).toEqual(await uploadedTable(kind, runs));

    const [view] = await listSourceViews(database.db);
    expect(view).toMatchObject({ kind: source, lastStatus: "ok", runsAdded: 60, runsUpdated: 0, progress: null });
    expect(JSON.parse(view!.cursor!)).toMatchObject({ v: 1 });
    expectNoToken(server, JSON.stringify(view), JSON.stringify(result));
  }, 120_000);

  it("syncs incrementally: a second sync adds nothing, one after 3 more runs finished adds exactly those 3", async () => {
    const runs = runsOf(30);
    const { database, server, sync } = await setup(kind, source, runs);
    expect((await sync()).added).toBe(30);

    const since = (from: number) => server.requests.slice(from);
    let before = server.requests.length;
    const again = await sync();
    expect({ added: again.added, updated: again.updated, skipped: again.skipped, errors: again.errors }).toEqual({
      added: 0,
      updated: 0,
      skipped: 0,
      errors: [],
    });
    // Nothing after the cursor: the listing only, no run fetched again.
    expect(since(before).length).toBeGreaterThan(0);
    expect(since(before).every((request) => request.path === PIPELINE_RUNS)).toBe(true);
    expect(await storedRuns(database.db)).toEqual(expected(runs));

    const more = runsOf(3, LATER);
    server.addRuns(more);
    before = server.requests.length;
    const third = await sync();
    expect({ added: third.added, updated: third.updated, skipped: third.skipped, errors: third.errors }).toEqual({
      added: 3,
      updated: 0,
      skipped: 0,
      errors: [],
    });
    // Only the 3 new runs' step logs were read.
    expect(since(before).filter((request) => request.path.endsWith("/log"))).toHaveLength(stepLogCount(more));
    expect(await storedRuns(database.db)).toEqual(expected([...runs, ...more]));
    expect((await sync()).added).toBe(0);

    const [view] = await listSourceViews(database.db);
    expect(view).toMatchObject({ lastStatus: "ok", runsAdded: 33, runsUpdated: 0 });
    expect(JSON.parse(view!.cursor!)).toMatchObject({ v: 1, uids: [uidOf(more.at(-1)!)] });
    expect(await getCostTable(database.db, COMPONENT)).toEqual(await uploadedTable(kind, [...runs, ...more]));
    expectNoToken(server, JSON.stringify(view), JSON.stringify(third));
  }, 120_000);

  it("answers 401 with state error naming the cause, stores nothing, and never shows the token", async () => {
    const { database, server, tokenEnv, sync } = await setup(kind, source, runsOf(10));
    const wrong = "wrong-token-0123456789abcdef";
    process.env[tokenEnv] = wrong;
    const result = await sync();
    expect(result.added).toBe(0);
    expect(result.errors).toHaveLength(1);
    const what = source === "kubearchive" ? "KubeArchive at" : "Kubernetes API at";
    expect(result.errors[0]!.message).toContain(`${what} ${server.url}`);
    expect(result.errors[0]!.message).toMatch(/401 Unauthorized for \/apis\/tekton\.dev\/v1\/.*token was refused/);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.some((request) => request.authorized)).toBe(false);
    expect(await storedRuns(database.db)).toEqual({ count: 0, distinct: 0, uids: [] });
    expect(await database.db.upload.count()).toBe(0);

    const [view] = await listSourceViews(database.db);
    expect(view).toMatchObject({ lastStatus: "error", runsAdded: 0, cursor: null, progress: null, tokenEnv });
    expect(view!.lastError).toBe(result.errors[0]!.message);
    for (const text of [JSON.stringify(view), JSON.stringify(result)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(server.token);
    }
  });

  it("retries 429 and 500 at the start and in the middle of a sync, and then stores every run", async () => {
    const runs = runsOf(30);
    const { database, server, sync } = await setup(kind, source, runs);
    server.failNext(429, 2);
    let settled = false;
    const running = sync().finally(() => (settled = true));
    // Once the listing is done and runs are being fetched (TaskRuns, step logs), two 500s hit requests in flight.
    while (!settled && server.requests.length < 120) await new Promise((resolve) => setTimeout(resolve, 2));
    server.failNext(500, 2);
    const result = await running;
    expect(result).toMatchObject({ added: 30, errors: [] });
    // The first listing request was answered 429 twice and sent again unchanged; each fault cost one retry.
    expect(server.requests.slice(0, 3).map((request) => request.path)).toEqual(Array(3).fill(PIPELINE_RUNS));
    expect(new Set(server.requests.slice(0, 3).map((request) => JSON.stringify(request.query))).size).toBe(1);
    expect(repeats(server.requests)).toBe(4);
    expect(await storedRuns(database.db)).toEqual(expected(runs));
    // No object nor step log was lost to a fault: the same table as an upload of the runs.
    expect(await getCostTable(database.db, COMPONENT)).toEqual(await uploadedTable(kind, runs));

    const more = runsOf(3, LATER);
    server.addRuns(more);
    const before = server.requests.length;
    server.failNext(500, 2);
    const next = await sync();
    expect(next).toMatchObject({ added: 3, errors: [] });
    expect(repeats(server.requests.slice(before))).toBe(2);
    expect(await storedRuns(database.db)).toEqual(expected([...runs, ...more]));
    const [view] = await listSourceViews(database.db);
    expect(view).toMatchObject({ lastStatus: "ok", runsAdded: 33 });
  }, 120_000);
});
