// Syncing from a (local, faithful) Tekton Results server, on SQLite and PostgreSQL: 500 runs over 3 pages give the
// tables an upload of the same runs gives; syncs are incremental; a sync killed with SIGKILL resumes without a run
// stored twice; 401 stores nothing and says why; 429 and 500 are retried; the token never shows.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/connect";
import { createSource, listSourceViews } from "@/lib/pipeline/sources";
import { syncSource } from "@/lib/pipeline/sync-source";
import { getCostTable } from "@/lib/queries/get-cost-table";
import { DEFAULT_FETCH_LIMITS } from "@/lib/sources/http";
import { createTektonResultsClient } from "@/lib/sources/tekton-results";
import type { SourceConfig } from "@/lib/sources/types";
import { startFakeResults, type FakeResultsServer } from "../fixtures/fake-sources/results-server";
import { fakeRuns, runFiles } from "../fixtures/fake-sources/runs";
import { DATABASE_KINDS, migratedDatabase, projectRoot, type DatabaseKind } from "./support";
import { ingestFiles, tarGz } from "./support-ingest";

const COMPONENT = "sync-component";
const NAMESPACE = "sync-tenant";
const TOKEN_ENV = "ADVISOR_TEST_RESULTS_TOKEN";
/** 500 runs in 3 pages. */
const LIMITS = { ...DEFAULT_FETCH_LIMITS, pageSize: 200, requestsPerSecond: 10_000, concurrency: 8, attempts: 4 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setup(kind: DatabaseKind, runs = fakeRuns(500, { component: COMPONENT, namespace: NAMESPACE })) {
  const database = await migratedDatabase(kind);
  cleanups.push(database.cleanup);
  const server = await startFakeResults({ runs });
  cleanups.push(() => server.close());
  process.env[TOKEN_ENV] = server.token;
  const source = await createSource(database.db, {
    kind: "tekton-results",
    url: server.url,
    namespace: NAMESPACE,
    component: COMPONENT,
    since: "2000-01-01T00:00:00Z",
    tokenEnv: TOKEN_ENV,
  });
  const sync = () =>
    syncSource(database.db, source.id, {
      clientFor: (config: SourceConfig) => createTektonResultsClient(config, LIMITS),
    });
  return { database, server, source, runs, sync };
}

async function storedRuns(db: Db) {
  const runs = await db.pipelineRun.findMany({ where: { origin: { not: "manual-table" } }, select: { uid: true } });
  return { count: runs.length, distinct: new Set(runs.map((run) => run.uid)).size };
}

function expectNoToken(server: FakeResultsServer, ...texts: string[]) {
  for (const text of texts) expect(text).not.toContain(server.token);
}

describe.each(DATABASE_KINDS)("sync from Tekton Results on %s", (kind) => {
  it("stores 500 runs from 3 pages whose tables equal an upload of the same runs; then 0, then exactly 5 more", async () => {
    const { database, server, runs, sync } = await setup(kind);
    const first = await sync();
    expect(first.errors).toEqual([]);
    expect(first.added).toBe(500);
    expect(await storedRuns(database.db)).toEqual({ count: 500, distinct: 500 });
    const listCalls = server.requests.filter((request) => request.path.endsWith("/records") && request.query.filter);
    expect(listCalls.length).toBeGreaterThanOrEqual(3);

    const uploaded = await migratedDatabase(kind);
    cleanups.push(uploaded.cleanup);
    // The same runs exported as files, the way a user uploads them: one tar.gz keeping the logs/<taskrun>/ folders.
    await ingestFiles(uploaded.db, [{ filename: "runs.tar.gz", bytes: await tarGz(runFiles(runs)) }]);
    expect(await getCostTable(database.db, COMPONENT)).toEqual(await getCostTable(uploaded.db, COMPONENT));

    const again = await sync();
    expect({ added: again.added, updated: again.updated, errors: again.errors }).toEqual({
      added: 0,
      updated: 0,
      errors: [],
    });
    server.addRuns(
      fakeRuns(5, { component: COMPONENT, namespace: NAMESPACE, startAt: new Date(Date.UTC(2026, 11, 1)) }),
    );
    const more = await sync();
    expect(more.added).toBe(5);
    expect(await storedRuns(database.db)).toEqual({ count: 505, distinct: 505 });
    const [view] = await listSourceViews(database.db);
    expect(view).toMatchObject({ lastStatus: "ok", runsAdded: 505 });
    expectNoToken(server, JSON.stringify(view), JSON.stringify(first), JSON.stringify(more));
  }, 240_000);

  it("answers 401 with state error naming the cause, stores nothing, and never shows the token", async () => {
    const { database, server, sync } = await setup(kind, fakeRuns(20, { component: COMPONENT, namespace: NAMESPACE }));
    process.env[TOKEN_ENV] = "wrong-token-0123456789abcdef";
    const result = await sync();
    expect(result.added).toBe(0);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toMatch(/401/);
    expect(await storedRuns(database.db)).toEqual({ count: 0, distinct: 0 });
    expect(await database.db.upload.count()).toBe(0);
    const [view] = await listSourceViews(database.db);
    expect(view).toMatchObject({ lastStatus: "error", runsAdded: 0, cursor: null });
    expect(view!.lastError).toMatch(/401/);
    expectNoToken(server, JSON.stringify(view), JSON.stringify(result));
    expect(JSON.stringify(view)).not.toContain("wrong-token-0123456789abcdef");
  });

  it("retries 429 and 500 with backoff and then stores every run", async () => {
    const { database, server, sync } = await setup(kind, fakeRuns(30, { component: COMPONENT, namespace: NAMESPACE }));
    server.failNext(429, 2);
    const result = await sync();
    expect(result.errors).toEqual([]);
    expect(result.added).toBe(30);
    server.addRuns(
      fakeRuns(3, { component: COMPONENT, namespace: NAMESPACE, startAt: new Date(Date.UTC(2026, 11, 2)) }),
    );
    server.failNext(500, 2);
    expect((await sync()).added).toBe(3);
    expect(await storedRuns(database.db)).toEqual({ count: 33, distinct: 33 });
  });

  it("resumes a sync killed with SIGKILL mid-way: every run once, the database intact", async () => {
    const { database, server, sync } = await setup(kind);
    server.slowNext(50, 1_000);
    // Node itself with tsx as a loader: the `tsx` command would run the CLI in a child process of its own, which
    // a SIGKILL of the command leaves running.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(projectRoot, "cli", "sync.ts"), "--json", ...cliArgs(server)],
      { cwd: projectRoot, env: { ...process.env, DATABASE_URL: database.target.url } },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    // Killed once its first page is stored, while the next is being fetched. The client holds one page at a time,
    // so requests past the first page's (9 per run: record lists and logs) mean that page was stored. Watched on
    // the server, not in the database: the test never reads SQLite while the CLI writes it.
    const firstPage = 9 * 100;
    for (let waited = 0; server.requests.length < firstPage + 50; waited += 100) {
      if (waited > 240_000) throw new Error(`the CLI fetched ${server.requests.length} requests in 240 s: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("close", resolve));
    const partial = await storedRuns(database.db);
    expect(partial.count).toBeGreaterThan(0);
    expect(partial.count).toBeLessThan(500);

    server.slowNext(0, 0);
    const resumed = await sync();
    expect(resumed.errors).toEqual([]);
    server.addRuns(
      fakeRuns(5, { component: COMPONENT, namespace: NAMESPACE, startAt: new Date(Date.UTC(2026, 11, 3)) }),
    );
    await sync();
    expect(await storedRuns(database.db)).toEqual({ count: 505, distinct: 505 });
    const [view] = await listSourceViews(database.db);
    expect(view!.runsAdded).toBe(505);
    if (kind === "sqlite") {
      expect(await database.db.$queryRawUnsafe("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
      expect(await database.db.$queryRawUnsafe("PRAGMA foreign_key_check")).toEqual([]);
    }
    const withoutTaskRuns = await database.db.pipelineRun.count({
      where: { origin: { not: "manual-table" }, taskRuns: { none: {} } },
    });
    expect(withoutTaskRuns).toBe(0);
    expectNoToken(server, output);
  }, 300_000);
});

function cliArgs(server: FakeResultsServer): string[] {
  return [
    "--kind",
    "tekton-results",
    "--url",
    server.url,
    "--namespace",
    NAMESPACE,
    "--component",
    COMPONENT,
    "--since",
    "2000-01-01T00:00:00Z",
    "--token-env",
    TOKEN_ENV,
  ];
}
