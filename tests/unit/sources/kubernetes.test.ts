// The Kubernetes client (@kubernetes/client-node) against the fake API server: pages and continue tokens, filters,
// the resume cursor, retries, auth errors, per-step pod logs (pruned pods), an expired continue token, abort, and
// how the client configuration is built (URL and token, in-cluster service account, CA file).
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createKubernetesClient, kubeConfigFor } from "@/lib/sources/kubernetes";
import { parseTektonText } from "@/lib/tekton/parse-documents";
import {
  SourceAuthError,
  SourceError,
  type FetchLimits,
  type SourceConfig,
  type SourcePage,
} from "@/lib/sources/types";
import { parseSelector, startFakeK8s, type FakeK8sServer } from "../../fixtures/fake-sources/k8s-server";
import { collectPages, sourceConfig } from "../../fixtures/fake-sources/client-support";
import { fakeRuns, type FakeRun } from "../../fixtures/fake-sources/runs";

interface Meta {
  metadata: { name: string; uid: string; labels: Record<string, string> };
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
const pr = (run: FakeRun) => run.pipelineRun as Meta;
const uidOf = (run: FakeRun) => pr(run).metadata.uid;
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
  sourceConfig(
    { kind: "kubernetes", url: server.url, since: new Date("2026-09-01T00:00:00Z"), tokenEnv: "FAKE_K8S_TOKEN" },
    overrides,
  );
const client = (overrides: Partial<SourceConfig> = {}, limits: Partial<FetchLimits> = {}) =>
  createKubernetesClient(configFor(overrides), { ...LIMITS, ...limits });
const listRequests = () => server.requests.filter((request) => request.path.endsWith("/pipelineruns"));

const collect = (source = client(), cursor: string | null = null) => collectPages(source, cursor);

beforeEach(async () => {
  runs = runsOf(6);
  server = await startFakeK8s({ flavour: "kubernetes", runs });
  vi.stubEnv("FAKE_K8S_TOKEN", server.token);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

describe("the Kubernetes client", () => {
  it("lists PipelineRuns in pages with limit and continue and reads each step's pod log", async () => {
    const pages = await collect();
    expect(pages.map((page) => page.runUids)).toEqual([0, 2, 4].map((i) => [uidOf(runs[i]!), uidOf(runs[i + 1]!)]));
    const lists = listRequests();
    expect(lists.map((request) => request.query.limit)).toEqual(["2", "2", "2"]);
    expect(lists.filter((request) => request.query.continue)).toHaveLength(2);
    expect(lists.every((request) => request.authorized)).toBe(true);
    const [run] = runs as [FakeRun];
    const files = pages[0]!.files;
    const listFile = files.find((file) => file.path === `runs/${uidOf(run)}.json`)!;
    const documents = parseTektonText(listFile.content, listFile.path);
    expect(documents.pipelineRuns).toHaveLength(1);
    expect(documents.taskRuns).toHaveLength(run.taskRuns.length);
    const runLogs = files.filter((file) => file.path.startsWith("logs/") && logPaths(run).includes(file.path));
    expect(runLogs.map((file) => file.path).sort()).toEqual(logPaths(run).sort());
    for (const file of runLogs) {
      const [, taskRun, step] = /^logs\/([^/]+)\/(.+)\.log$/.exec(file.path)!;
      expect(file.content.toString()).toBe(run.logs[taskRun!]![step!]);
    }
    const logRequest = server.requests.find((request) => request.path.endsWith("/log"))!;
    expect(logRequest.path).toMatch(/^\/api\/v1\/namespaces\/ns\/pods\/[-a-z0-9]+-pod\/log$/);
    expect(logRequest.query).toMatchObject({ container: expect.stringMatching(/^step-/), limitBytes: "4194304" });
    const get = `/apis/tekton.dev/v1/namespaces/ns/pipelineruns/${pr(run).metadata.name}`;
    expect(server.requests.some((request) => request.path === get)).toBe(true);
  });

  it("takes only runs of the selector and component finished since `since`, skipping unfinished ones", async () => {
    const at = (day: number) => ({ startAt: new Date(Date.UTC(2026, 10, day, 8)) });
    const wanted = runsOf(1, at(1));
    server.addRuns([
      ...wanted,
      ...runsOf(1, { ...at(2), component: "other" }),
      ...runsOf(1, at(3), (run) => (run.metadata.labels["pipelines.appstudio.openshift.io/type"] = "test")),
      ...runsOf(1, at(4), (run) => delete run.status.completionTime),
      ...runsOf(1, { ...at(5), namespace: "elsewhere" }),
    ]);
    const since = new Date("2026-10-20T00:00:00Z");
    const pages = await collect(
      client({ labelSelector: "pipelines.appstudio.openshift.io/type=build", component: "app", since }),
    );
    expect(pages.flatMap((page) => page.runUids)).toEqual([uidOf(wanted[0]!)]);
    expect(listRequests()[0]!.query.labelSelector).toBe(
      "pipelines.appstudio.openshift.io/type=build,appstudio.openshift.io/component=app",
    );
  });

  it("resumes after each page's cursor with no run twice and none skipped", async () => {
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
    expect(seen).toEqual(runs.map(uidOf));
    const later = runsOf(1, { startAt: new Date("2026-11-01T08:00:00Z") });
    server.addRuns(later);
    expect((await collect(client(), cursor)).map((page) => page.runUids)).toEqual([[uidOf(later[0]!)]]);
  });

  it("retries 429 and 5xx answers, and a request that times out", async () => {
    server.failNext(429, 2);
    server.failNext(500, 1);
    server.failNext(503, 1);
    expect((await collect(client({}, { attempts: 5 }))).flatMap((page) => page.runUids)).toHaveLength(6);
    expect(server.requests.slice(0, 5).every((request) => request.path.endsWith("/pipelineruns"))).toBe(true);
    server.slowNext(400, 1);
    expect((await collect(client({}, { timeoutMs: 150 }))).flatMap((page) => page.runUids)).toHaveLength(6);
    server.failNext(500, 10);
    await expect(collect(client({}, { attempts: 2 }))).rejects.toThrow(/Kubernetes API at .*HTTP 500, 2 attempts/);
  });

  it("throws SourceAuthError on 401 and 403 naming the cause, never the token", async () => {
    vi.stubEnv("FAKE_K8S_TOKEN", "wrong-secret-token");
    const error = await collect().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceAuthError);
    expect((error as Error).message).toMatch(/Kubernetes API at .*401 Unauthorized .*token was refused/);
    expect((error as Error).message).not.toContain("wrong-secret-token");
    expect(JSON.stringify(server.requests)).not.toContain("wrong-secret-token");
    vi.stubEnv("FAKE_K8S_TOKEN", server.token);
    server.failNext(403);
    const forbidden = await collect().catch((caught: unknown) => caught);
    expect(forbidden).toBeInstanceOf(SourceAuthError);
    expect((forbidden as Error).message).toMatch(/403 Forbidden for .*pipelineruns: injected 403/);
    vi.stubEnv("FAKE_K8S_TOKEN", "");
    await expect(collect()).rejects.toThrow(/FAKE_K8S_TOKEN .*is not set/);
  });

  it("leaves out the logs of a pruned pod without failing", async () => {
    const [run] = runsOf(1, { startAt: new Date("2026-10-05T08:00:00Z") }) as [FakeRun];
    const pruned = run.taskRuns[1] as Meta;
    delete run.logs[pruned.metadata.name];
    server.addRuns([run]);
    const pages = await collect(client({}, { pageSize: 10 }));
    const files = pages.flatMap((page) => page.files.map((file) => file.path));
    expect(files).toContain(`runs/${uidOf(run)}.json`);
    expect(files.filter((file) => file.startsWith(`logs/${pruned.metadata.name}/`))).toEqual([]);
    expect(files.filter((file) => logPaths(run).includes(file)).sort()).toEqual(logPaths(run).sort());
  });

  it("restarts the listing when a continue token expires (410 Gone)", async () => {
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
    for await (const page of client().pages(null, slow.signal)) pages.push(page);
    expect(pages).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(800);
  });
});

describe("the Kubernetes client configuration", () => {
  const base = (overrides: Partial<SourceConfig>): SourceConfig => ({ ...configFor(), tokenEnv: null, ...overrides });

  it("uses the URL, the token and the CA file of the source", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "k8s-config-"));
    writeFileSync(path.join(dir, "ca.crt"), "-----BEGIN CERTIFICATE-----\n");
    writeFileSync(path.join(dir, "token"), "file-token\n");
    const config = base({
      url: "https://api.example:6443/",
      tokenFile: path.join(dir, "token"),
      caFile: path.join(dir, "ca.crt"),
    });
    const { kubeConfig, server: url, token } = kubeConfigFor(config);
    expect(url).toBe("https://api.example:6443");
    expect(token).toBe("file-token");
    expect(kubeConfig.getCurrentCluster()).toMatchObject({ caFile: path.join(dir, "ca.crt"), skipTLSVerify: false });
    expect(kubeConfig.getCurrentUser()).toMatchObject({ token: "file-token" });
    expect(() => kubeConfigFor(base({ caFile: path.join(dir, "missing.crt") }))).toThrow(/cannot read the CA file/);
  });

  it("loads the pod's service account in-cluster, and says so when not in a pod", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "k8s-sa-"));
    const account = path.join(dir, "var/run/secrets/kubernetes.io/serviceaccount");
    mkdirSync(account, { recursive: true });
    for (const file of ["token", "ca.crt", "namespace"]) writeFileSync(path.join(account, file), `${file}\n`);
    vi.stubEnv("KUBERNETES_SERVICE_HOST", "");
    expect(() => kubeConfigFor(base({ url: "in-cluster" }))).toThrow(SourceError);
    vi.stubEnv("KUBERNETES_SERVICE_HOST", "10.0.0.1");
    vi.stubEnv("KUBERNETES_SERVICE_PORT", "443");
    const { kubeConfig, server: url, token } = kubeConfigFor(base({ url: "" }), dir);
    expect(url).toBe("https://10.0.0.1:443");
    expect(token).toBeNull();
    expect(kubeConfig.getCurrentCluster()!.caFile).toBe(path.join(account, "ca.crt"));
    expect(kubeConfig.getCurrentUser()!.authProvider).toMatchObject({ name: "tokenFile" });
    const insecure = kubeConfigFor(base({ url: "in-cluster", insecureSkipTlsVerify: true }), dir).kubeConfig;
    expect(insecure.getCurrentCluster()!.skipTLSVerify).toBe(true);
  });
});

describe("the fake API server's label selectors", () => {
  it("reads equality, set-based and existence requirements, ANDed", () => {
    const labels = { app: "a", tier: "build" };
    const cases: [string, boolean][] = [
      ["app=a", true],
      ["app==a,tier!=test", true],
      ["tier in (build, test)", true],
      ["tier notin (build)", false],
      ["app,!missing", true],
      ["!app", false],
      ["app=a,tier in (x,y)", false],
    ];
    for (const [selector, expected] of cases) expect(parseSelector(selector)(labels), selector).toBe(expected);
    expect(() => parseSelector("app in build")).toThrow(/unable to parse/);
  });
});
