// The Tekton Results client against the local fake Results server: pages, filters, exactly-once resume, retries,
// auth errors, per-step logs in every layout the server writes, tolerated missing logs, request bounds, abort.
//
// Upstream followed: the Results API behaviour the fake mimics (see the header of results-server.ts).
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_FETCH_LIMITS } from "@/lib/sources/http";
import { createTektonResultsClient } from "@/lib/sources/tekton-results";
import { parseLabelSelector, pipelineRunFilter } from "@/lib/sources/tekton-results-filter";
import { SourceAuthError, SourceError, type SourceConfig, type SourcePage } from "@/lib/sources/types";
import { parseTektonText } from "@/lib/tekton/parse-documents";
import {
  startFakeResults,
  type FakeResultsOptions,
  type FakeResultsServer,
  type FakeRun,
} from "../../fixtures/fake-sources/results-server";
import { fakeRuns, runFiles } from "../../fixtures/fake-sources/runs";

const TOKEN_ENV = "TEKTON_RESULTS_TEST_TOKEN";
const NS = "build-tenant";
const LIMITS = { ...DEFAULT_FETCH_LIMITS, pageSize: 5, attempts: 3, requestsPerSecond: 10_000, timeoutMs: 5_000 };
const HOUR = 3_600_000;

let server: FakeResultsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.unstubAllEnvs();
});

async function start(runs: FakeRun[], options: FakeResultsOptions = {}): Promise<FakeResultsServer> {
  server = await startFakeResults({ runs, ...options });
  vi.stubEnv(TOKEN_ENV, server.token);
  return server;
}

function config(overrides: Partial<SourceConfig> = {}): SourceConfig {
  return {
    kind: "tekton-results",
    url: server!.url,
    namespace: NS,
    labelSelector: null,
    component: null,
    since: new Date("2026-09-01T00:00:00Z"),
    tokenFile: null,
    tokenEnv: TOKEN_ENV,
    caFile: null,
    insecureSkipTlsVerify: false,
    ...overrides,
  };
}

async function collect(cursor: string | null, overrides: Partial<SourceConfig> = {}, signal?: AbortSignal) {
  const pages: SourcePage[] = [];
  const client = createTektonResultsClient(config(overrides), LIMITS);
  for await (const page of client.pages(cursor, signal ?? new AbortController().signal)) pages.push(page);
  return pages;
}

type Meta = { metadata: { uid: string; name: string }; status: Record<string, unknown> };
const uidOf = (run: FakeRun) => (run.pipelineRun as Meta).metadata.uid;
const nameOf = (object: object) => (object as Meta).metadata.name;
const uidsOf = (pages: SourcePage[]) => pages.flatMap((page) => page.runUids);
const file = (pages: SourcePage[], path: string) =>
  pages.flatMap((page) => page.files).find((candidate) => candidate.path === path);
const runListings = () => server!.requests.filter((request) => request.path.endsWith("/results/-/records"));
const clone = <T>(value: T): T => structuredClone(value);

describe("createTektonResultsClient", () => {
  it("pages through finished runs oldest update first, one SourcePage per listed page", async () => {
    const runs = fakeRuns(12, { namespace: NS });
    await start(runs);
    const pages = await collect(null);
    expect(pages.map((page) => page.runUids.length)).toEqual([5, 5, 2]);
    expect(uidsOf(pages)).toEqual(runs.map(uidOf));
    const listings = runListings();
    expect(listings).toHaveLength(3);
    expect(listings[0]!.query).toMatchObject({ order_by: "update_time asc", page_size: "5" });
    expect(listings[0]!.query.filter).toContain('data_type in ["tekton.dev/v1.PipelineRun"');
    expect(listings.map((request) => "page_token" in request.query)).toEqual([false, true, true]);
    expect(server!.requests.every((request) => request.authorized)).toBe(true);
    const runFile = file(pages, `runs/${uidOf(runs[0]!)}.json`)!;
    const documents = parseTektonText(runFile.content, runFile.path);
    expect(documents.pipelineRuns).toHaveLength(1);
    expect(documents.taskRuns).toHaveLength(runs[0]!.taskRuns.length);
    expect(pages[0]!.recordsRead).toBeGreaterThan(5 + runs[0]!.taskRuns.length);
  });

  it("keeps to the namespace, the component, runs finished since `since`, and the label selector", async () => {
    const api = fakeRuns(3, { namespace: NS, component: "api" });
    const web = fakeRuns(2, { namespace: NS, component: "web", startAt: new Date("2026-10-05T00:00:00Z") });
    const elsewhere = fakeRuns(2, { namespace: "other-tenant", component: "api", startAt: new Date("2026-10-08Z") });
    const old = fakeRuns(1, { namespace: NS, component: "api", startAt: new Date("2026-08-01T00:00:00Z") });
    const running = clone(fakeRuns(1, { namespace: NS, component: "api", startAt: new Date("2026-10-10Z") })[0]!);
    delete (running.pipelineRun as Meta).status.completionTime;
    await start([...api, ...web, ...elsewhere, ...old, running]);
    expect(uidsOf(await collect(null, { component: "api" }))).toEqual(api.map(uidOf));
    const notWeb = await collect(null, { labelSelector: "appstudio.openshift.io/application!=web-app,!absent-label" });
    expect(uidsOf(notWeb)).toEqual(api.map(uidOf));
    const typed = await collect(null, {
      labelSelector: "pipelines.appstudio.openshift.io/type=build,tekton.dev/pipeline",
    });
    expect(uidsOf(typed)).toEqual([...api, ...web].map(uidOf));
    expect(uidsOf(await collect(null, { component: "api", since: new Date("2026-10-01T12:00:00Z") }))).toEqual(
      api.slice(1).map(uidOf),
    );
  });

  it("resumes exactly once from any cursor, also across equal update_times at a page boundary", async () => {
    const runs = fakeRuns(12, { namespace: NS }).map(clone);
    const tie = (runs[3]!.pipelineRun as Meta).status.completionTime;
    for (const run of runs.slice(4, 8)) (run.pipelineRun as Meta).status.completionTime = tie;
    await start(runs);
    const all = await collect(null);
    expect(new Set(uidsOf(all)).size).toBe(12);
    const tied = new Set(runs.slice(3, 8).map(uidOf));
    expect(all[0]!.runUids.filter((uid) => tied.has(uid)).length).toBeGreaterThan(0);
    expect(all[1]!.runUids.filter((uid) => tied.has(uid)).length).toBeGreaterThan(0);

    const first = all[0]!;
    const rest = uidsOf(await collect(first.cursor));
    expect([...first.runUids, ...rest].sort()).toEqual(runs.map(uidOf).sort());
    expect(rest).toEqual(uidsOf(all.slice(1)));
    // The filter changed since (the token no longer fits) or the token is refused: list again, skip what is covered.
    expect(uidsOf(await collect(first.cursor, { labelSelector: "tekton.dev/pipeline" }))).toEqual(rest);
    const stale = JSON.stringify({ ...JSON.parse(first.cursor), pageToken: "not-a-token" });
    expect(uidsOf(await collect(stale))).toEqual(rest);

    const last = all.at(-1)!.cursor;
    expect(await collect(last)).toEqual([]);
    const later = fakeRuns(2, { namespace: NS, startAt: new Date("2026-11-01T00:00:00Z") });
    server!.addRuns(later);
    expect(uidsOf(await collect(last))).toEqual(later.map(uidOf));
    await expect(collect("not a cursor")).rejects.toBeInstanceOf(SourceError);
  });

  it("retries 429 and 500 answers, then succeeds", async () => {
    await start(fakeRuns(3, { namespace: NS }));
    server!.failNext(429, 1);
    server!.failNext(500, 1);
    const pages = await collect(null);
    expect(uidsOf(pages)).toHaveLength(3);
    expect(runListings()).toHaveLength(3);
  });

  it("gives up after the configured attempts with a SourceError", async () => {
    await start(fakeRuns(1, { namespace: NS }));
    server!.failNext(500, LIMITS.attempts);
    await expect(collect(null)).rejects.toThrow(/HTTP 500, 3 attempts/);
  });

  it("turns 401 and 403 into SourceAuthError naming the cause, never the token", async () => {
    await start(fakeRuns(1, { namespace: NS }));
    vi.stubEnv(TOKEN_ENV, "wrong-token-0123456789");
    const refused = await collect(null).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SourceAuthError);
    expect((refused as SourceAuthError).status).toBe(401);
    expect((refused as Error).message).toMatch(/401 Unauthorized .*the token was refused/);
    expect((refused as Error).message).not.toContain("wrong-token-0123456789");
    await expect(collect(null, { tokenEnv: null })).rejects.toThrow(/no token configured/);
    vi.stubEnv(TOKEN_ENV, server!.token);
    server!.failNext(403);
    const forbidden = await collect(null).catch((error: unknown) => error);
    expect(forbidden).toBeInstanceOf(SourceAuthError);
    expect((forbidden as Error).message).not.toContain(server!.token);
    expect(server!.requests.filter((request) => !request.authorized)).toHaveLength(2);
  });

  it.each([
    ["tkn", 13],
    ["tkn", 97],
    ["tkn", 32_768],
    ["loki", undefined],
    ["blob", undefined],
  ] as const)("splits each TaskRun's log per step (%s layout, chunks of %s bytes)", async (logFormat, chunk) => {
    const [run] = fakeRuns(1, { namespace: NS });
    await start([run!], { logFormat, logChunkBytes: chunk });
    const pages = await collect(null);
    for (const [taskRun, steps] of Object.entries(run!.logs)) {
      for (const [step, text] of Object.entries(steps)) {
        expect(file(pages, `logs/${taskRun}/${step}.log`)?.content.toString("utf8"), `${taskRun}/${step}`).toBe(text);
      }
    }
  });

  it("keeps a log whose layout names no step whole, as logs/<taskrun>.log", async () => {
    const [run] = fakeRuns(1, { namespace: NS });
    await start([run!], { logFormat: "plain" });
    const pages = await collect(null);
    const [taskRun, steps] = Object.entries(run!.logs).at(-1)!;
    const whole = Object.values(steps)
      .map((text) => text.replace(/\n$/, ""))
      .join("\n");
    expect(file(pages, `logs/${taskRun}.log`)?.content.toString("utf8")).toBe(whole);
  });

  it("stores a run whose TaskRun log is gone (404) without that log", async () => {
    const [run] = fakeRuns(1, { namespace: NS }).map(clone);
    const gone = nameOf(run!.taskRuns[1]!);
    delete run!.logs[gone];
    await start([run!]);
    const pages = await collect(null);
    expect(uidsOf(pages)).toEqual([uidOf(run!)]);
    const paths = pages.flatMap((page) => page.files.map((f) => f.path));
    expect(paths.some((path) => path.startsWith(`logs/${gone}`))).toBe(false);
    expect(paths.filter((path) => path.startsWith("logs/")).length).toBeGreaterThan(10);
  });

  it("makes one listing per page, one TaskRun listing per run and one log request per TaskRun", async () => {
    const runs = fakeRuns(7, { namespace: NS });
    await start(runs);
    await collect(null);
    const taskRuns = runs.reduce((sum, run) => sum + run.taskRuns.length, 0);
    expect(server!.requests).toHaveLength(2 + runs.length + taskRuns);
  });

  it("stops between requests when the signal aborts", async () => {
    await start(fakeRuns(12, { namespace: NS }));
    const controller = new AbortController();
    const pages: SourcePage[] = [];
    for await (const page of createTektonResultsClient(config(), LIMITS).pages(null, controller.signal)) {
      pages.push(page);
      controller.abort();
    }
    expect(pages).toHaveLength(1);
    const seen = server!.requests.length;
    server!.slowNext(5_000);
    const slow = new AbortController();
    setTimeout(() => slow.abort(), 50);
    const began = Date.now();
    expect(await collect(null, {}, slow.signal)).toEqual([]);
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(server!.requests.length).toBe(seen + 1);
  });

  it("leaves runs updated in the last seconds to the next sync", async () => {
    const settled = fakeRuns(2, { namespace: NS, startAt: new Date(Date.now() - 20 * HOUR) });
    const fresh = fakeRuns(1, { namespace: NS, startAt: new Date(Date.now() - 745_000) });
    await start([...settled, ...fresh]);
    expect(uidsOf(await collect(null))).toEqual(settled.map(uidOf));
  });

  it("reads like the same runs uploaded as files", async () => {
    const runs = fakeRuns(2, { namespace: NS });
    await start(runs);
    const synced = (await collect(null)).flatMap((page) => page.files);
    const uploaded = runFiles(runs);
    const names = (files: { path: string; content: Buffer }[]) =>
      files
        .filter((f) => f.path.endsWith(".json"))
        .flatMap((f) => parseTektonText(f.content, f.path).taskRuns.map((tr) => tr.name))
        .sort();
    const asSynced = uploaded.map((f) => ({ path: f.filename, content: f.bytes }));
    expect(names(synced)).toEqual(names(asSynced));
    const logs = (files: { path: string; content: Buffer }[]) =>
      Object.fromEntries(files.filter((f) => f.path.startsWith("logs/")).map((f) => [f.path, f.content.toString()]));
    expect(logs(synced)).toEqual(logs(asSynced));
  });
});

describe("the CEL the client sends", () => {
  it("refuses set-based selectors and values the server would paste into SQL", () => {
    expect(() => parseLabelSelector("env in (a,b)")).toThrow(SourceError);
    expect(() => parseLabelSelector("app=x'y")).toThrow(SourceError);
    expect(parseLabelSelector("a=b, c!=d,e,!f")).toEqual([
      { key: "a", op: "=", value: "b" },
      { key: "c", op: "!=", value: "d" },
      { key: "e", op: "exists", value: "" },
      { key: "f", op: "absent", value: "" },
    ]);
    expect(pipelineRunFilter(new Date("2026-10-01T08:00:00.750Z"), "api", parseLabelSelector("a=b,c!=d,e"))).toBe(
      'data_type in ["tekton.dev/v1.PipelineRun", "tekton.dev/v1beta1.PipelineRun"] && ' +
        'data.status.completionTime >= timestamp("2026-10-01T08:00:00Z") && ' +
        'data.metadata.labels["appstudio.openshift.io/component"] == "api" && data.metadata.labels["a"] == "b" && ' +
        'data.metadata.labels.contains("e")',
    );
  });
});

describe("the fake Results server", () => {
  const get = (path: string, token?: string) =>
    fetch(`${server!.url}/apis/results.tekton.dev/v1alpha2/parents/${NS}/results/-/records?${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it("answers like the real one for bad filters, page sizes, tokens and credentials", async () => {
    await start(fakeRuns(6, { namespace: NS }));
    const updated = await get(
      `filter=${encodeURIComponent('update_time >= timestamp("2026-01-01T00:00:00Z")')}`,
      server!.token,
    );
    expect(updated.status).toBe(400);
    expect(await updated.text()).toMatch(/undeclared reference to 'update_time'/);
    expect((await get("page_size=3", server!.token)).status).toBe(400);
    expect((await get("page_size=10001", server!.token)).status).toBe(400);
    expect((await get("order_by=name", server!.token)).status).toBe(400);
    expect((await get("")).status).toBe(401);
    expect((await get("", "wrong")).status).toBe(401);
    const first = (await (await get("page_size=5&filter=data_type%3D%3DPIPELINE_RUN", server!.token)).json()) as {
      records: { update_time: string; data: { value: string } }[];
      next_page_token: string;
    };
    expect(first.records).toHaveLength(5);
    expect(JSON.parse(Buffer.from(first.records[0]!.data.value, "base64").toString()).kind).toBe("PipelineRun");
    expect((await get(`page_size=5&page_token=${first.next_page_token}`, server!.token)).status).toBe(400);
    expect(server!.requests.some((request) => JSON.stringify(request).includes(server!.token))).toBe(false);
  });
});
