// The Tekton Results source: finished PipelineRun records of a namespace, oldest update first, each with its
// TaskRun records and their logs split per step, as the files an upload of Results records and step logs holds.
//
// Upstream followed (tektoncd/results): docs/api/README.md (CEL filters, order_by, page_size, page_token),
// docs/api/openapi.yaml and proto/v1alpha2/api.proto (paths, Record fields, GetLog), cmd/api/main.go (JSON keeps
// proto field names: update_time, next_page_token), pkg/api/server/cel/env.go (a records filter may use parent,
// result_name, name, data_type and data only: no update_time), pkg/api/server/v1alpha2/lister (page size 5..10000,
// default 50, pages keyed on (order field, uid)); konflux-ci/konflux-ui src/utils/tekton-results.ts (data_type in
// [...], label filters, TaskRun logs at …/results/<result>/logs/<record>).
import { createHash } from "node:crypto";
import { DEFAULT_FETCH_LIMITS, SourceHttp } from "./http";
import {
  COMPONENT_LABEL,
  labelsMatch,
  parseLabelSelector,
  pipelineRunFilter,
  TASK_RUN_FILTER,
  validLabelValue,
  type LabelRequirement,
} from "./tekton-results-filter";
import { splitStepLogs } from "./tekton-results-logs";
import {
  SourceError,
  type FetchedFile,
  type FetchLimits,
  type SourceClient,
  type SourceConfig,
  type SourcePage,
} from "./types";

const API = "/apis/results.tekton.dev/v1alpha2/parents";
const ORDER_BY = "update_time asc";
const MIN_PAGE_SIZE = 5;
const MAX_PAGE_SIZE = 10_000;
const TASK_RUN_PAGE_SIZE = 100;
/** Records updated this recently wait for the next sync: a slower transaction may still commit one before them. */
export const SETTLE_MS = 30_000;
const RECORD_NAME = /^([^/]+)\/results\/([^/]+)\/records\/([^/]+)$/;
/** Kubernetes object and step names: safe as path segments. */
const SAFE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const SAFE_RESULT = /^[A-Za-z0-9][-A-Za-z0-9_.]*$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const objectAt = (value: unknown, key: string): Json => (isObject(value) && isObject(value[key]) ? value[key] : {});

/** A record as the API sends it (proto field names; camelCase accepted too). */
export interface ResultsRecord {
  name: string;
  uid: string;
  update_time?: string;
  updateTime?: string;
  data?: { type?: unknown; value?: unknown };
}

/** An RFC 3339 time as a string that sorts like the time, nanoseconds kept (protojson writes 0, 3, 6 or 9 digits). */
export function timeKey(value: string | undefined): string {
  const match = value ? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(value) : null;
  if (match) return `${match[1]}.${(match[2] ?? "").padEnd(9, "0")}`;
  const ms = value ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) return "";
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000`;
}

const updateTimeOf = (record: ResultsRecord) => record.update_time ?? record.updateTime;

/**
 * Where to resume: the update_time of the last record taken and the uids taken with that same time (records of
 * one update_time can straddle pages), and the server's page token to list from. Records filters cannot name
 * update_time, so the token (keyed on update_time, uid) does the seeking; `query` tells whether it still fits
 * the filter, else the listing starts over and skips what the cursor covers.
 */
interface Cursor {
  v: 1;
  updateTime: string;
  uids: string[];
  pageToken: string | null;
  query: string;
}
type Position = Pick<Cursor, "updateTime" | "uids">;

function readCursor(text: string | null): Cursor | null {
  if (text === null) return null;
  let cursor: unknown;
  try {
    cursor = JSON.parse(text);
  } catch {
    cursor = null;
  }
  const ok =
    isObject(cursor) &&
    cursor.v === 1 &&
    typeof cursor.updateTime === "string" &&
    Array.isArray(cursor.uids) &&
    cursor.uids.every((uid) => typeof uid === "string") &&
    (cursor.pageToken === null || typeof cursor.pageToken === "string") &&
    typeof cursor.query === "string";
  if (!ok) throw new SourceError("Tekton Results: the stored cursor was not written by this client");
  return cursor as unknown as Cursor;
}

/** Whether the cursor already covers a record: updated before it, or at its time and taken then. */
function covered(position: Position | null, record: ResultsRecord): boolean {
  if (position === null) return false;
  const key = timeKey(updateTimeOf(record));
  const at = timeKey(position.updateTime);
  return key < at || (key === at && position.uids.includes(record.uid));
}

function advance(position: Position | null, records: ResultsRecord[]): Position | null {
  const last = records.at(-1);
  if (!last) return position;
  const updateTime = updateTimeOf(last) ?? "";
  const key = timeKey(updateTime);
  const same = records.filter((record) => timeKey(updateTimeOf(record)) === key).map((record) => record.uid);
  const before = position && timeKey(position.updateTime) === key ? position.uids : [];
  return { updateTime, uids: [...new Set([...before, ...same])] };
}

interface Context {
  http: SourceHttp;
  config: SourceConfig;
  filter: string;
  requirements: LabelRequirement[];
  pageSize: number;
  concurrency: number;
  what: string;
}

function recordsOf(ctx: Context, body: unknown): { records: ResultsRecord[]; next: string | null } {
  const list = isObject(body) ? (body.records ?? []) : null;
  if (!Array.isArray(list)) throw new SourceError(`${ctx.what}: the records list is not { records: [...] }`);
  for (const record of list) {
    if (!isObject(record) || typeof record.name !== "string" || typeof record.uid !== "string") {
      throw new SourceError(`${ctx.what}: a listed record has no name or uid`);
    }
  }
  const next = isObject(body) ? (body.next_page_token ?? body.nextPageToken) : null;
  return { records: list as ResultsRecord[], next: typeof next === "string" && next !== "" ? next : null };
}

function recordsUrl(ctx: Context, parent: string, result: string, query: Record<string, string | number | undefined>) {
  const path = `${API}/${encodeURIComponent(parent)}/results/${result === "-" ? "-" : encodeURIComponent(result)}`;
  return ctx.http.url(`${path}/records`, query);
}

/** The object a record holds: base64 JSON as the API sends it (or already decoded); null when it is neither. */
function decodeObject(record: ResultsRecord): Json | null {
  const value = record.data?.value;
  if (isObject(value)) return value;
  if (typeof value !== "string") return null;
  try {
    const object: unknown = JSON.parse(Buffer.from(value, "base64").toString("utf8"));
    return isObject(object) ? object : null;
  } catch {
    return null;
  }
}

/** A finished run of the wanted component and labels, finished at or after `since`. */
function wanted(ctx: Context, run: Json): boolean {
  const completion = objectAt(run, "status").completionTime;
  const finished = typeof completion === "string" ? Date.parse(completion) : NaN;
  if (Number.isNaN(finished) || finished < ctx.config.since.getTime()) return false;
  const labels = objectAt(objectAt(run, "metadata"), "labels");
  if (ctx.config.component !== null && labels[COMPONENT_LABEL] !== ctx.config.component) return false;
  return labelsMatch(labels, ctx.requirements);
}

/** A TaskRun of the Result belongs to the run unless its label or owner names another PipelineRun. */
function belongsTo(taskRun: Json, runUid: string): boolean {
  const metadata = objectAt(taskRun, "metadata");
  const owners = Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences.filter(isObject) : [];
  const named = [
    objectAt(metadata, "labels")["tekton.dev/pipelineRunUID"],
    ...owners.filter((owner) => owner.kind === "PipelineRun").map((owner) => owner.uid),
  ].filter((uid): uid is string => typeof uid === "string");
  return named.length === 0 || named.includes(runUid);
}

interface TaskRunRecord {
  record: ResultsRecord;
  object: Json;
}

/** The TaskRun records of one Result, every page of them. */
async function taskRunRecords(ctx: Context, parent: string, result: string, runUid: string, signal: AbortSignal) {
  const items: TaskRunRecord[] = [];
  let reads = 0;
  let token: string | null = null;
  do {
    const query = { filter: TASK_RUN_FILTER, page_size: TASK_RUN_PAGE_SIZE };
    const url = recordsUrl(ctx, parent, result, { ...query, page_token: token ?? undefined });
    const page = recordsOf(ctx, await ctx.http.getJson(url, signal));
    reads += page.records.length;
    for (const record of page.records) {
      const object = decodeObject(record);
      if (object && belongsTo(object, runUid)) items.push({ record, object });
    }
    token = page.next;
  } while (token !== null && !signal.aborted);
  return { items, reads };
}

function stepNames(taskRun: Json): string[] {
  const status = objectAt(taskRun, "status");
  const steps = Array.isArray(status.steps) ? status.steps : objectAt(status, "taskSpec").steps;
  return (Array.isArray(steps) ? steps : [])
    .map((step) => (isObject(step) ? step.name : null))
    .filter((name): name is string => typeof name === "string");
}

/** A TaskRun's log as `logs/<taskrun>/<step>.log` files (or one `logs/<taskrun>.log`); a 404 gives none. */
async function taskRunLogFiles(ctx: Context, item: TaskRunRecord, signal: AbortSignal) {
  const name = objectAt(item.object, "metadata").name;
  const parts = RECORD_NAME.exec(item.record.name);
  if (typeof name !== "string" || !SAFE_NAME.test(name) || !parts) return { files: [], read: false };
  const [, parent, result, record] = parts.map((part) => encodeURIComponent(part));
  const url = ctx.http.url(`${API}/${parent}/results/${result}/logs/${record}`);
  const body = await ctx.http.getOptional(url, "text/plain, */*", signal);
  if (body === null || body.length === 0) return { files: [], read: body !== null };
  const steps = splitStepLogs(body.toString("utf8"), stepNames(item.object));
  if (steps === null || steps.size === 0) return { files: [{ path: `logs/${name}.log`, content: body }], read: true };
  const files: FetchedFile[] = [...steps]
    .filter(([step]) => SAFE_NAME.test(step))
    .map(([step, text]) => ({ path: `logs/${name}/${step}.log`, content: Buffer.from(text, "utf8") }));
  return { files, read: true };
}

/** One wanted run's fetched records and logs; null for a record that is not a wanted run. */
async function fetchRun(ctx: Context, record: ResultsRecord, signal: AbortSignal) {
  const run = decodeObject(record);
  const uid = run ? objectAt(run, "metadata").uid : null;
  if (!run || typeof uid !== "string" || !wanted(ctx, run) || signal.aborted) return null;
  const parts = RECORD_NAME.exec(record.name);
  if (!parts) throw new SourceError(`${ctx.what}: record name ${record.name} is not <parent>/results/<r>/records/<r>`);
  const taskRuns = await taskRunRecords(ctx, parts[1]!, parts[2]!, uid, signal);
  const logs = await Promise.all(taskRuns.items.map((item) => taskRunLogFiles(ctx, item, signal)));
  const content = JSON.stringify({ records: [record, ...taskRuns.items.map((item) => item.record)] });
  return {
    uid,
    stem: SAFE_RESULT.test(parts[2]!) ? parts[2]! : uid,
    content: Buffer.from(content, "utf8"),
    logs: logs.flatMap((log) => log.files),
    reads: taskRuns.reads + logs.filter((log) => log.read).length,
  };
}

/** The files of the wanted runs among `records` (fetched `concurrency` runs at a time), in the records' order. */
async function buildPage(ctx: Context, records: ResultsRecord[], signal: AbortSignal) {
  const fetched: (Awaited<ReturnType<typeof fetchRun>> | undefined)[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < records.length && !signal.aborted; index = next++) {
      fetched[index] = await fetchRun(ctx, records[index]!, signal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.concurrency, records.length) }, worker));
  const files: FetchedFile[] = [];
  const paths = new Set<string>();
  for (const run of fetched) {
    if (!run) continue;
    const path = paths.has(`runs/${run.stem}.json`) ? `runs/${run.stem}-${run.uid}.json` : `runs/${run.stem}.json`;
    paths.add(path);
    files.push({ path, content: run.content }, ...run.logs);
  }
  const wantedRuns = fetched.filter((run) => run != null);
  return {
    files,
    runUids: wantedRuns.map((run) => run.uid),
    reads: wantedRuns.reduce((sum, run) => sum + run.reads, 0),
  };
}

async function listRuns(ctx: Context, token: string | null, signal: AbortSignal) {
  const query = { filter: ctx.filter, order_by: ORDER_BY, page_size: ctx.pageSize, page_token: token ?? undefined };
  return recordsOf(ctx, await ctx.http.getJson(recordsUrl(ctx, ctx.config.namespace, "-", query), signal));
}

/** One SourcePage per page of PipelineRun records, from the cursor on, until the listing ends or nears now. */
async function* resultPages(ctx: Context, start: Cursor | null, signal: AbortSignal): AsyncGenerator<SourcePage> {
  const query = createHash("sha256").update(`${ctx.filter}\n${ORDER_BY}`).digest("hex").slice(0, 16);
  const settleKey = timeKey(new Date(Date.now() - SETTLE_MS).toISOString());
  let position: Position | null = start && { updateTime: start.updateTime, uids: start.uids };
  let token = start?.query === query ? start.pageToken : null;
  let tokenFromCursor = token !== null;
  let lastCursor = start ? JSON.stringify(start) : null;
  while (!signal.aborted) {
    let listed;
    try {
      listed = await listRuns(ctx, token, signal);
    } catch (error) {
      // A token the server no longer takes: list from the start, skipping what the cursor covers.
      if (!(tokenFromCursor && error instanceof SourceError && error.status === 400)) throw error;
      [token, tokenFromCursor] = [null, false];
      continue;
    }
    tokenFromCursor = false;
    const firstUnsettled = listed.records.findIndex((record) => timeKey(updateTimeOf(record)) > settleKey);
    const settled = firstUnsettled === -1 ? listed.records : listed.records.slice(0, firstUnsettled);
    const page = await buildPage(
      ctx,
      settled.filter((record) => !covered(position, record)),
      signal,
    );
    if (signal.aborted) return;
    position = advance(position, settled);
    const more = listed.next !== null && firstUnsettled === -1;
    const cursor = position && JSON.stringify({ v: 1, ...position, pageToken: more ? listed.next : token, query });
    if (cursor !== null && (cursor !== lastCursor || page.runUids.length > 0)) {
      yield { files: page.files, runUids: page.runUids, recordsRead: listed.records.length + page.reads, cursor };
      lastCursor = cursor;
    }
    if (!more) return;
    token = listed.next;
  }
}

export function createTektonResultsClient(
  config: SourceConfig,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
): SourceClient {
  const requirements = parseLabelSelector(config.labelSelector);
  if (config.component !== null && !validLabelValue(config.component)) {
    throw new SourceError(`component "${config.component}" is not a valid label value`);
  }
  const filter = pipelineRunFilter(config.since, config.component, requirements);
  const what = `Tekton Results at ${config.url}`;
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, Math.floor(limits.pageSize)));
  const concurrency = Math.max(1, Math.floor(limits.concurrency));
  return {
    async *pages(cursor, signal) {
      const start = readCursor(cursor);
      const http = new SourceHttp(config, what, limits);
      try {
        yield* resultPages({ http, config, filter, requirements, pageSize, what, concurrency }, start, signal);
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      } finally {
        http.close();
      }
    },
  };
}
