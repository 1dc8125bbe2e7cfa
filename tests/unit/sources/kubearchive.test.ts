// The KubeArchive client against the fake KubeArchive API: pages and continue tokens, filters, the resume cursor,
// retries, auth errors, per-step logs, an expired continue token and abort.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createKubeArchiveClient, LOOKBACK_MS, runSelector } from "@/lib/sources/kubearchive";
import { SourceAuthError, type FetchLimits, type SourceConfig, type SourcePage } from "@/lib/sources/types";
import { startFakeK8s, type FakeK8sServer } from "../../fixtures/fake-sources/k8s-server";
import { collectPages, sourceConfig } from "../../fixtures/fake-sources/client-support";
import { fakeRuns, type FakeRun } from "../../fixtures/fake-sources/runs";

interface Meta {
  metadata: { name: string; uid: string; labels: Record<string, string>; namespace: string };
  status: { completionTime?: string; podName?: string };
}
const LIMITS: FetchLimits = {
  concurrency: 4,
  requestsPerSecond: 1000,
  attempts: 4,
  timeoutMs: 2000,
  maxResponseBytes: 4 * 1024 * 1024,
  pageSize: 2,
};
const SINCE = new Date("2026-09-01T00:00:00Z");
const pr = (run: FakeRun) => run.pipelineRun as Meta;
const uidOf = (run: FakeRun) => pr(run).metadata.uid;
/** `count` runs of component `app` in namespace `ns`, or as `options` say; `edit` changes a copy of each. */
const runsOf = (count: number, options: Parameters<typeof fakeRuns>[1] = {}, edit: (run: Meta) => void = () => {}) =>
  fakeRuns(count, { namespace: "ns", component: "app", ...options }).map((run) => {
    edit(pr(run));
    return run;
  });
const logPaths = (run: FakeRun) =>
  Object.entries(run.logs).flatMap(([taskRun, steps]) =>
    Object.keys(steps).map((step) => `logs/${taskRun}/${step}.log`),
  );

let server: FakeK8sServer;
let runs: FakeRun[];
const configFor = (overrides: Partial<SourceConfig> = {}): SourceConfig =>
  sourceConfig({ kind: "kubearchive", url: server.url, since: SINCE, tokenEnv: "FAKE_KUBEARCHIVE_TOKEN" }, overrides);
const client = (overrides: Partial<SourceConfig> = {}, limits: Partial<FetchLimits> = {}) =>
  createKubeArchiveClient(configFor(overrides), { ...LIMITS, ...limits });
const listRequests = () => server.requests.filter((request) => request.path.endsWith("/pipelineruns"));

const collect = (source = client(), cursor: string | null = null) => collectPages(source, cursor);

beforeEach(async () => {
  runs = runsOf(6);
  server = await startFakeK8s({ flavour: "kubearchive", runs });
  vi.stubEnv("FAKE_KUBEARCHIVE_TOKEN", server.token);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

describe("the KubeArchive client", () => {
  it("pages through the archive with limit and continue, oldest completion first, as upload files", async () => {
    const pages = await collect();
    expect(pages.map((page) => page.runUids)).toEqual([0, 2, 4].map((i) => [uidOf(runs[i]!), uidOf(runs[i + 1]!)]));
    const lists = listRequests();
    expect(lists[0]!.path).toBe("/apis/tekton.dev/v1/namespaces/ns/pipelineruns");
    expect(lists.every((request) => request.query.limit === "2" && request.authorized)).toBe(true);
    expect(lists.filter((request) => request.query.continue).length).toBeGreaterThanOrEqual(2);
    const lookback = new Date(SINCE.getTime() - LOOKBACK_MS).toISOString().replace(".000", "");
    expect(lists[0]!.query.creationTimestampAfter).toBe(lookback);
    const [run] = runs as [FakeRun];
    const files = pages[0]!.files;
    const list = JSON.parse(files.find((file) => file.path === `runs/${uidOf(run)}.json`)!.content.toString());
    expect(list).toMatchObject({ apiVersion: "v1", kind: "List" });
    expect(list.items[0]).toEqual(run.pipelineRun);
    expect(list.items.slice(1)).toHaveLength(run.taskRuns.length);
    expect(list.items.slice(1)).toEqual(expect.arrayContaining(run.taskRuns));
    const runLogs = files.filter((file) => logPaths(run).includes(file.path));
    expect(runLogs.map((file) => file.path).sort()).toEqual(logPaths(run).sort());
    for (const file of runLogs) {
      const [, taskRun, step] = /^logs\/([^/]+)\/(.+)\.log$/.exec(file.path)!;
      expect(file.content.toString()).toBe(run.logs[taskRun!]![step!]);
    }
    const perRun = (r: FakeRun) => 1 + r.taskRuns.length + logPaths(r).length;
    expect(pages[0]!.recordsRead).toBe(perRun(run) + perRun(runs[1]!));
    const logRequest = server.requests.find((request) => request.path.endsWith("/log"))!;
    expect(logRequest.path).toMatch(/^\/api\/v1\/namespaces\/ns\/pods\/[-a-z0-9]+-pod\/log$/);
    expect(logRequest.query.container).toMatch(/^step-/);
    const taskRunList = server.requests.find((request) => request.path.endsWith("/taskruns"))!;
    expect(taskRunList.query.labelSelector).toMatch(/^tekton\.dev\/pipelineRun=app-on-push-/);
  });

  it("takes only runs of the selector and component finished since `since`, skipping unfinished ones", async () => {
    const since = new Date("2026-10-20T00:00:00Z");
    const at = (day: number) => ({ startAt: new Date(Date.UTC(2026, 10, day, 8)) });
    const wanted = runsOf(1, at(1));
    server.addRuns([
      ...wanted,
      ...runsOf(1, { ...at(2), component: "other" }),
      ...runsOf(1, at(3), (run) => (run.metadata.labels["pipelines.appstudio.openshift.io/type"] = "test")),
      ...runsOf(1, at(4), (run) => delete run.status.completionTime),
      ...runsOf(1, { ...at(5), namespace: "elsewhere" }),
      ...runsOf(1, { startAt: new Date("2026-10-10T08:00:00Z") }),
    ]);
    const config = { labelSelector: "pipelines.appstudio.openshift.io/type in (build)", component: "app", since };
    const pages = await collect(client(config));
    expect(pages.flatMap((page) => page.runUids)).toEqual([uidOf(wanted[0]!)]);
    expect(listRequests()[0]!.query.labelSelector).toBe(
      "pipelines.appstudio.openshift.io/type in (build),appstudio.openshift.io/component=app",
    );
    expect(runSelector({ labelSelector: null, component: null })).toBe("");
  });

  it("resumes after the cursor: no run twice, none skipped, later finishers on the next sync", async () => {
    // Three runs finish in the same second, across a page boundary: the cursor keeps the uids taken at that time.
    const tie = pr(runs[3]!).status.completionTime!;
    for (const run of runs.slice(1, 4)) server.addRuns([edited(run, (meta) => (meta.status.completionTime = tie))]);
    const running = runsOf(1, { startAt: new Date("2026-10-05T08:00:00Z") }, (run) => delete run.status.completionTime);
    server.addRuns(running);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const iterator = client().pages(cursor, new AbortController().signal)[Symbol.asyncIterator]();
      const next = await iterator.next();
      await iterator.return?.(undefined);
      if (next.done) break;
      seen.push(...next.value.runUids);
      cursor = next.value.cursor;
    }
    const tied = runs.slice(1, 4).map(uidOf).sort();
    expect(seen).toEqual([uidOf(runs[0]!), ...tied, uidOf(runs[4]!), uidOf(runs[5]!)]);
    const last = pr(runs[5]!).status.completionTime!;
    expect(JSON.parse(cursor!)).toEqual({ v: 1, completedAt: new Date(last).toISOString(), uids: [uidOf(runs[5]!)] });
    expect(await collect(client(), cursor)).toEqual([]);
    server.addRuns([edited(running[0]!, (meta) => (meta.status.completionTime = "2026-10-05T09:00:00Z"))]);
    expect((await collect(client(), cursor)).map((page) => page.runUids)).toEqual([[uidOf(running[0]!)]]);
  });

  it("leaves runs that finished within the settle time to the next sync", async () => {
    const now = () => Date.parse(pr(runs[1]!).status.completionTime!) + 30_000;
    const pages = await collect(createKubeArchiveClient(configFor(), LIMITS, { now, settleMs: 60_000 }));
    expect(pages.flatMap((page) => page.runUids)).toEqual([uidOf(runs[0]!)]);
  });

  it("retries 429 and 500 answers with backoff", async () => {
    server.failNext(429, 2);
    server.failNext(500, 1);
    const pages = await collect();
    expect(pages.flatMap((page) => page.runUids)).toHaveLength(6);
    expect(server.requests.slice(0, 4).map((request) => request.path)).toEqual(
      Array(4).fill("/apis/tekton.dev/v1/namespaces/ns/pipelineruns"),
    );
  });

  it("gives up after the attempts with an error naming the source", async () => {
    server.failNext(503, 10);
    await expect(collect(client({}, { attempts: 2 }))).rejects.toThrow(/KubeArchive at .*HTTP 503, 2 attempts/);
  });

  it("throws SourceAuthError on 401 and 403 without the token in the message", async () => {
    vi.stubEnv("FAKE_KUBEARCHIVE_TOKEN", "wrong-secret-token");
    const error = await collect().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceAuthError);
    expect((error as Error).message).toMatch(/KubeArchive at .*401 Unauthorized .*refused/);
    expect((error as Error).message).not.toContain("wrong-secret-token");
    expect(JSON.stringify(server.requests)).not.toContain("wrong-secret-token");
    vi.stubEnv("FAKE_KUBEARCHIVE_TOKEN", server.token);
    server.failNext(403);
    await expect(collect()).rejects.toBeInstanceOf(SourceAuthError);
  });

  it("tolerates a step log that is gone and reads the TaskRun's log endpoint when no pod is named", async () => {
    const [run] = runsOf(1, { startAt: new Date("2026-10-05T08:00:00Z") }) as [FakeRun];
    const [lost, ...kept] = logPaths(run);
    const [, lostTaskRun, lostStep] = /^logs\/([^/]+)\/(.+)\.log$/.exec(lost!)!;
    delete run.logs[lostTaskRun!]![lostStep!];
    const noPod = run.taskRuns.at(-1) as Meta;
    delete noPod.status.podName;
    server.addRuns([run]);
    const pages = await collect(client({}, { pageSize: 10 }));
    const paths = pages
      .flatMap((page) => page.files.map((file) => file.path))
      .filter((path) => path.startsWith("logs/"));
    expect(paths.filter((path) => logPaths(run).includes(path) || path === lost).sort()).toEqual(kept.sort());
    const taskRunLog = `/apis/tekton.dev/v1/namespaces/ns/taskruns/${noPod.metadata.name}/log`;
    expect(server.requests.some((request) => request.path === taskRunLog)).toBe(true);
  });

  it("restarts the listing from the time cursor when a continue token expires (410)", async () => {
    server.expireNextContinue(1);
    const pages = await collect();
    expect(pages.flatMap((page) => page.runUids)).toEqual(runs.map(uidOf));
    expect(listRequests().filter((request) => !request.query.continue)).toHaveLength(2);
  });

  it("stops when the signal aborts, also in the middle of a request", async () => {
    const controller = new AbortController();
    const pages: SourcePage[] = [];
    for await (const page of client().pages(null, controller.signal)) {
      pages.push(page);
      controller.abort();
    }
    expect(pages).toHaveLength(1);
    server.slowNext(1000, 1);
    const slow = new AbortController();
    setTimeout(() => slow.abort(), 50);
    const started = Date.now();
    const none: SourcePage[] = [];
    for await (const page of client().pages(null, slow.signal)) none.push(page);
    expect(none).toEqual([]);
    expect(Date.now() - started).toBeLessThan(800);
  });
});

/** A copy of the run with its PipelineRun changed (the server replaces the stored one by uid). */
function edited(run: FakeRun, edit: (meta: Meta) => void): FakeRun {
  const copy = structuredClone(run);
  edit(pr(copy));
  return copy;
}
