// The KubeArchive source: the finished PipelineRuns of a namespace as KubeArchive archived them, with their TaskRuns
// and each step's log, as pages of upload files. It also holds the walk over finished runs (scan, order, cursor,
// files) that lib/sources/kubernetes.ts shares: both APIs answer alike, only their transport differs.
//
// Upstream documents followed: kubearchive/kubearchive docs/modules/ROOT/pages/reference/api.adoc (collections
// `/apis/:group/:version/namespaces/:ns/:resourceType` with `labelSelector`, `limit` ≤ 1000, `continue` from
// `.metadata.continue`, `creationTimestampAfter`; resources by `uid/:uid`; `…/:name/log` with `container`, for pods
// and for owners of pods) and getting-started/kubearchive-api.adoc (bearer token, authorised by the cluster's RBAC);
// its reader (pkg/database/sql) for the list order: newest creationTimestamp first. Tekton: the `tekton.dev/pipelineRun`
// label of TaskRuns (docs/labels.md), `status.podName` and `status.steps[].container` (`step-<name>`).
import { DEFAULT_FETCH_LIMITS, SourceHttp } from "./http";
import {
  SourceError,
  type FetchedFile,
  type FetchLimits,
  type SourceClient,
  type SourceConfig,
  type SourcePage,
} from "./types";

/** A Tekton object as the API answers it; only the fields the walk reads are typed. */
export interface KubeObject {
  metadata?: {
    name?: string;
    uid?: string;
    creationTimestamp?: string;
    ownerReferences?: { kind?: string; uid?: string }[];
  };
  status?: { completionTime?: string; podName?: string; steps?: { name?: string; container?: string }[] };
}

export interface ObjectPage {
  items: KubeObject[];
  /** The token of the next page; null after the last. */
  continue: string | null;
}

export interface ListQuery {
  labelSelector: string;
  limit: number;
  continue?: string;
  /** Only objects created after this (a hint: a server may ignore it). */
  createdAfter?: Date;
}

export interface RunSummary {
  uid: string;
  name: string;
  completedMs: number;
}

/** What the walk needs of a Kubernetes-style API; `list` throws SourceError 410 for an expired continue token. */
export interface RunsApi {
  /** Lists come newest creationTimestamp first (KubeArchive): the scan stops below `createdAfter`. */
  newestFirst: boolean;
  list(plural: "pipelineruns" | "taskruns", query: ListQuery, signal: AbortSignal): Promise<ObjectPage>;
  /** The PipelineRun as stored now, or null when it is gone. */
  getPipelineRun(run: RunSummary, signal: AbortSignal): Promise<KubeObject | null>;
  /** One step container's log, or null when there is none any more (pruned pod, log not archived). */
  stepLog(taskRun: KubeObject, container: string, signal: AbortSignal): Promise<Buffer | null>;
  close(): void;
}

export interface WalkOptions {
  /** Runs that finished less than this ago wait for the next sync (late status writes, archiving lag). */
  settleMs?: number;
  now?: () => number;
}

/** Default settle time: a run must have finished this long ago to be taken. */
export const SETTLE_MS = 2 * 60_000;
/** Longest run assumed: the scan skips runs created this long before the oldest completion it wants. */
export const LOOKBACK_MS = 24 * 3_600_000;
/** Restarts of a listing whose continue token expired (410 Gone) before giving up. */
const MAX_LIST_RESTARTS = 3;
const COMPONENT_LABEL = "appstudio.openshift.io/component";
const PIPELINE_RUN_LABEL = "tekton.dev/pipelineRun";
/** DNS labels and subdomains: safe as one path segment of a file name. */
const NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]*$/;

/** Where a walk resumes: every run finished before `completedMs`, and `uids` finished exactly then, are done. */
interface Position {
  completedMs: number;
  uids: string[];
}

function parseCursor(cursor: string | null, since: Date): Position {
  if (cursor === null) return { completedMs: since.getTime(), uids: [] };
  try {
    const value = JSON.parse(cursor) as { v?: unknown; completedAt?: unknown; uids?: unknown };
    const completedMs = typeof value.completedAt === "string" ? Date.parse(value.completedAt) : NaN;
    const uids = Array.isArray(value.uids) && value.uids.every((uid) => typeof uid === "string") ? value.uids : null;
    if (value.v === 1 && Number.isFinite(completedMs) && uids) return { completedMs, uids: uids as string[] };
  } catch {
    // falls through to the error below
  }
  throw new SourceError(`the cursor ${JSON.stringify(cursor.slice(0, 80))} is not one of this source's`);
}

function encodeCursor(position: Position): string {
  return JSON.stringify({ v: 1, completedAt: new Date(position.completedMs).toISOString(), uids: position.uids });
}

/** The position after `runs` (in completion order) are stored. */
function advance(position: Position, runs: RunSummary[]): Position {
  const last = runs.at(-1)!.completedMs;
  const uids = runs.filter((run) => run.completedMs === last).map((run) => run.uid);
  return { completedMs: last, uids: last === position.completedMs ? [...position.uids, ...uids] : uids };
}

function timeOf(value: string | undefined): number | null {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** The run when it finished (completionTime set) and has a name and uid. */
function summaryOf(object: KubeObject): RunSummary | null {
  const { name, uid } = object.metadata ?? {};
  const completedMs = timeOf(object.status?.completionTime);
  return name && uid && completedMs !== null ? { uid, name, completedMs } : null;
}

/** config.labelSelector and the component's label, ANDed. */
export function runSelector(config: Pick<SourceConfig, "labelSelector" | "component">): string {
  const parts = [config.labelSelector?.trim(), config.component ? `${COMPONENT_LABEL}=${config.component}` : ""];
  return parts.filter((part) => part).join(",");
}

/** Every page of a listing through `visit` (true: stop); an expired continue token restarts it after `restart`. */
async function forEachPage(
  api: RunsApi,
  plural: "pipelineruns" | "taskruns",
  query: ListQuery,
  signal: AbortSignal,
  visit: (items: KubeObject[]) => boolean,
  restart: () => void,
): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    let token: string | undefined;
    try {
      do {
        const page = await api.list(plural, { ...query, continue: token }, signal);
        if (visit(page.items)) return;
        if (page.continue !== null && page.continue === token) {
          throw new SourceError(`the ${plural} listing answered the same continue token twice`);
        }
        token = page.continue ?? undefined;
      } while (token);
      return;
    } catch (error) {
      const expired = token !== undefined && error instanceof SourceError && error.status === 410;
      if (!expired || attempt >= MAX_LIST_RESTARTS) throw error;
      restart();
    }
  }
}

/** The runs to take, oldest completion first: finished after `from` and `since`, at or before `cutMs`. */
async function scanFinished(
  api: RunsApi,
  config: SourceConfig,
  limits: FetchLimits,
  from: Position,
  cutMs: number,
  signal: AbortSignal,
): Promise<RunSummary[]> {
  const sinceMs = config.since.getTime();
  const done = new Set(from.uids);
  const createdAfter = new Date(Math.max(from.completedMs, sinceMs) - LOOKBACK_MS);
  const found = new Map<string, RunSummary>();
  const wanted = (run: RunSummary) =>
    run.completedMs >= sinceMs &&
    run.completedMs <= cutMs &&
    (run.completedMs > from.completedMs || (run.completedMs === from.completedMs && !done.has(run.uid)));
  const query = { labelSelector: runSelector(config), limit: Math.min(limits.pageSize, 1000), createdAfter };
  const visit = (items: KubeObject[]) => {
    for (const item of items) {
      const run = summaryOf(item);
      if (run && wanted(run)) found.set(run.uid, run);
    }
    const older = (item: KubeObject) => (timeOf(item.metadata?.creationTimestamp) ?? Infinity) < createdAfter.getTime();
    return api.newestFirst && items.length > 0 && items.every(older);
  };
  await forEachPage(api, "pipelineruns", query, signal, visit, () => found.clear());
  return [...found.values()].sort((a, b) => a.completedMs - b.completedMs || (a.uid < b.uid ? -1 : 1));
}

/** The TaskRuns of a PipelineRun: labelled with its name and, when they say, owned by its uid. */
async function taskRunsOf(api: RunsApi, run: RunSummary, limits: FetchLimits, signal: AbortSignal) {
  const taskRuns: KubeObject[] = [];
  const owned = (taskRun: KubeObject) =>
    (taskRun.metadata?.ownerReferences ?? []).every((owner) => owner.kind !== "PipelineRun" || owner.uid === run.uid);
  const query = { labelSelector: `${PIPELINE_RUN_LABEL}=${run.name}`, limit: Math.min(limits.pageSize, 1000) };
  const visit = (items: KubeObject[]) => {
    taskRuns.push(...items.filter(owned));
    return false;
  };
  await forEachPage(api, "taskruns", query, signal, visit, () => taskRuns.splice(0));
  return taskRuns;
}

/** The steps of a TaskRun with the container each ran in. */
function stepsOf(taskRun: KubeObject): { name: string; container: string }[] {
  return (taskRun.status?.steps ?? []).flatMap((step) =>
    step.name && NAME.test(step.name) ? [{ name: step.name, container: step.container ?? `step-${step.name}` }] : [],
  );
}

/** One run's files (a List of the PipelineRun and its TaskRuns, one log per step), or null when it is gone. */
async function fetchRun(api: RunsApi, run: RunSummary, limits: FetchLimits, signal: AbortSignal) {
  const pipelineRun = await api.getPipelineRun(run, signal);
  if (!pipelineRun || pipelineRun.metadata?.uid !== run.uid || !summaryOf(pipelineRun)) return null;
  const taskRuns = await taskRunsOf(api, run, limits, signal);
  const list = { apiVersion: "v1", kind: "List", metadata: {}, items: [pipelineRun, ...taskRuns] };
  const files: FetchedFile[] = [{ path: `runs/${run.uid}.json`, content: Buffer.from(JSON.stringify(list)) }];
  const logs = await Promise.all(
    taskRuns.flatMap((taskRun) => {
      const name = taskRun.metadata?.name;
      if (!name || !NAME.test(name)) return [];
      return stepsOf(taskRun).map(async (step): Promise<FetchedFile | null> => {
        const content = await api.stepLog(taskRun, step.container, signal);
        return content && content.length > 0 ? { path: `logs/${name}/${step.name}.log`, content } : null;
      });
    }),
  );
  const present = logs.filter((log) => log !== null);
  return { files: [...files, ...present], records: 1 + taskRuns.length + present.length };
}

async function mapLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await task(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Pages of finished runs after `cursor`, oldest completion first: one scan of the listing picks the runs, then
 * each page fetches its runs again (the scan keeps names and times only), their TaskRuns and step logs. The cursor
 * is `{"v":1,"completedAt":<last stored completion>,"uids":[<runs stored that finished exactly then>]}`.
 * An abort ends the pages quietly.
 */
export async function* finishedRunPages(
  open: () => RunsApi,
  config: SourceConfig,
  limits: FetchLimits,
  cursor: string | null,
  signal: AbortSignal,
  options: WalkOptions = {},
): AsyncGenerator<SourcePage> {
  let position = parseCursor(cursor, config.since);
  const api = open();
  try {
    const cutMs = (options.now ?? Date.now)() - (options.settleMs ?? SETTLE_MS);
    const runs = await scanFinished(api, config, limits, position, cutMs, signal);
    for (let start = 0; start < runs.length; start += limits.pageSize) {
      const chunk = runs.slice(start, start + limits.pageSize);
      const fetched = await mapLimit(chunk, limits.concurrency, (run) => fetchRun(api, run, limits, signal));
      signal.throwIfAborted();
      position = advance(position, chunk);
      yield {
        files: fetched.flatMap((run) => run?.files ?? []),
        runUids: chunk.filter((_, index) => fetched[index] !== null).map((run) => run.uid),
        recordsRead: fetched.reduce((sum, run) => sum + (run?.records ?? 0), 0),
        cursor: encodeCursor(position),
      };
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  } finally {
    api.close();
  }
}

/** The body of a list answer: `items` (KubeArchive answers null for none) and `metadata.continue`. */
export function objectPage(body: unknown, what: string): ObjectPage {
  const list = body as { items?: unknown; metadata?: { continue?: unknown } } | null;
  const items = list?.items ?? null;
  if (typeof list !== "object" || list === null || (items !== null && !Array.isArray(items))) {
    throw new SourceError(`${what}: the answer is not a list of objects`);
  }
  const token = list.metadata?.continue;
  return { items: (items ?? []) as KubeObject[], continue: typeof token === "string" && token ? token : null };
}

/** RFC 3339 without fractions, as KubeArchive's `creationTimestampAfter` takes it. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function kubeArchiveApi(config: SourceConfig, limits: FetchLimits): RunsApi {
  const what = `KubeArchive at ${config.url}`;
  const http = new SourceHttp(config, what, limits);
  const namespace = encodeURIComponent(config.namespace);
  const tekton = `/apis/tekton.dev/v1/namespaces/${namespace}`;
  return {
    newestFirst: true,
    async list(plural, query, signal) {
      const url = http.url(`${tekton}/${plural}`, {
        labelSelector: query.labelSelector || undefined,
        limit: query.limit,
        continue: query.continue,
        creationTimestampAfter: query.createdAfter ? rfc3339(query.createdAfter) : undefined,
      });
      return objectPage(await http.getJson(url, signal), `${what}: ${url.pathname}`);
    },
    async getPipelineRun(run, signal) {
      const url = http.url(`${tekton}/pipelineruns/uid/${encodeURIComponent(run.uid)}`);
      const body = await http.getOptional(url, "application/json", signal);
      if (body === null) return null;
      try {
        return JSON.parse(body.toString("utf8")) as KubeObject;
      } catch {
        throw new SourceError(`${what}: ${url.pathname} did not answer JSON`);
      }
    },
    stepLog(taskRun, container, signal) {
      // The pod's log when the TaskRun names its pod; else the TaskRun's, which KubeArchive resolves to its pod.
      const pod = taskRun.status?.podName;
      const path = pod
        ? `/api/v1/namespaces/${namespace}/pods/${encodeURIComponent(pod)}/log`
        : `${tekton}/taskruns/${encodeURIComponent(taskRun.metadata?.name ?? "")}/log`;
      return http.getOptional(http.url(path, { container }), "text/plain", signal);
    },
    close: () => http.close(),
  };
}

/** The KubeArchive client: pages of the namespace's finished PipelineRuns with TaskRuns and step logs. */
export function createKubeArchiveClient(
  config: SourceConfig,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
  options: WalkOptions = {},
): SourceClient {
  return {
    pages: (cursor, signal) =>
      finishedRunPages(() => kubeArchiveApi(config, limits), config, limits, cursor, signal, options),
  };
}
