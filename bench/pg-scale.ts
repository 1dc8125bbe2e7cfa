// `tsx bench/pg-scale.ts [--runs <n>] [--base-runs <n>] [--components <n>] [--database-url <url>] [--keep] [--reuse]
//  [--seed-only]` (npm run bench:pg-scale; `--runs 200000` for a short run; `--base-runs 2000 --runs 4000` to
// smoke-test it): issue #16's PostgreSQL goal. Seeds 100,000 runs (cli/seed-large.ts, --thin-steps) into a fresh
// database, times the busiest component's cost table, trend and recommendation APIs and the components list, then
// seeds `--runs` (default 1,000,000) into another fresh database and times the same again. It reports each seed's
// time (runs/s, minutes), pg_database_size and the largest tables, and prints PASS/FAIL for "the --runs figure ≤ 2×
// the 100k figure" per API and for "seed well under 30 minutes" (taken as ≤ 20 min). Figures go to
// bench-results/pg-scale.json.
//
// Each size is seeded fresh rather than by adding 900k runs to the 100k database with --yes: a fresh seed is what
// "seeded in well under 30 minutes" times, and only an empty database takes seed-large's deferred-index path.
// The same --seed gives both sizes the same 200 components, so the busiest is the same component.
//
// Two sets of figures per size, all in process (no HTTP server: its cost does not grow with the runs):
// - The functions alone (the first version of this bench): getCostTable, getTrend, getRecommendation,
//   listComponents, plus the table and trend routes' data-version lookup, through one Prisma client, each answer
//   serialized with JSON.stringify as Response.json would; 2 warm-up calls, then p95 of 30 (nearest rank, i.e. the
//   second slowest of the 30). getRecommendation remembers its answers per data state, so its figure is the memo's.
// - Through the app's route handlers, built with route() exactly as app/api/components/route.ts and
//   app/api/components/[name]/{table,trend,recommendation}/route.ts declare them (ETag from componentDataState,
//   remembered bodies; the list through lib/recommend/components-page.ts as its route does) but on the bench's
//   client, each called with a Request of the real API path and its body read whole. The goal is judged on
//   these:
//   - "list, summaries cold": every ComponentSummary row deleted, then the list's first call on a fresh client (it
//     computes and stores its page's summaries inline: what the first list after a write costs without the
//     background refresh);
//   - cold: the first call of each API on a fresh client (no remembered model answer) right after
//     clearCachedBodies() (no remembered body): what a request after a write costs. The client's connection is
//     opened first (SELECT 1), so the figure is not the connect's. Taken 3 times; the median is reported;
//   - warm: p95 of 30 calls after 2 warm-ups on one client (remembered bodies answer them when the body fits the
//     cache; the report says how many calls ran the handler); PASS when the --runs p95 ≤ 2× the 100k p95;
//   - componentDataState alone (every component route reads it first): p95 of 30 after 2 warm-ups.
//
// Without --database-url it starts a throwaway cluster (cli/pg-cluster.ts) and renices its postmaster to 10 (the
// machine is shared). With --database-url the role must be allowed to CREATE DATABASE: the bench creates
// `<database>_scale_<runs>` next to the URL's database and drops it afterwards. --keep keeps the cluster/databases;
// --reuse times such a database that already exists (from a --keep run) without seeding it again, after applying any
// newer migrations (to time a kept throwaway cluster, pass its URL, printed by the --keep run, as --database-url).
// --seed-only seeds and reports the sizes without timing anything (with --keep, for a later --reuse run that loads
// newer code).
// Each API's statements stop after 300 s (statement_timeout): such an API is reported as failed. The list's
// summaries-cold call deletes the database's ComponentSummary rows (derived data; the call stores them again).
import { pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { z } from "zod";
import { seedLarge } from "../cli/seed-large";
import { startPgCluster, type PgCluster } from "../cli/pg-cluster";
import { createDb, type Db } from "../lib/db/connect";
import { componentDataState, componentDataVersion, listDataState } from "../lib/db/data-version";
import { migrate } from "../lib/db/migrate";
import { AppError } from "../lib/errors";
import { route, segments } from "../lib/http/route";
import { clearCachedBodies } from "../lib/http/response-cache";
import { getCostTable } from "../lib/queries/get-cost-table";
import { getTrend } from "../lib/queries/get-trend";
import { listComponents } from "../lib/queries/list-components";
import { listComponentsQuerySchema } from "../lib/queries/list-components.types";
import { getRecommendation } from "../lib/recommend/get-recommendation";
import { parseRecommendationQuery } from "../lib/recommend/query";
import { componentsPageResponse } from "../lib/recommend/components-page";
import { runFiltersSchema, tableQuerySchema } from "../lib/queries/run-filters";
import { summarize, type Latency } from "./api-goals";
import { commandLine, loadAverage, writeResults } from "./measure";

const USAGE =
  "usage: tsx bench/pg-scale.ts [--runs <n>] [--base-runs <n>] [--components <n>] [--database-url <url>] [--keep] [--reuse] [--seed-only]";
const MAX_RATIO = 2;
/** "Well under 30 minutes", made a number. */
const MAX_SEED_MINUTES = 20;
const WARMUP = 2;
/** Timed calls per figure: with remembered bodies answering in 1–2 ms, a p95 of 10 was one sample and flipped. */
const ITERATIONS = 30;
const API_NAMES = ["table", "trend", "components", "recommendation"] as const;
/** A statement running longer than this fails the API (PostgreSQL's statement_timeout on the timing connection). */
const STATEMENT_TIMEOUT_S = 300;
type ApiName = (typeof API_NAMES)[number];
/** The APIs timed through their route handlers (cold and warm). */
const ROUTE_NAMES = ["table", "trend", "recommendation", "components"] as const;
type RouteName = (typeof ROUTE_NAMES)[number];
/** Each cold figure is the first call on a fresh client with no remembered body, taken this many times (median). */
const COLD_REPEATS = 3;

interface Options {
  runs: number;
  baseRuns: number;
  components: number;
  databaseUrl: string | null;
  keep: boolean;
  /** Time an existing `<database>_scale_<runs>` as it is instead of creating and seeding it. */
  reuse: boolean;
  /** Seed (and report sizes) without timing the APIs: with --keep, a later --reuse run times them. */
  seedOnly: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    runs: 1_000_000,
    baseRuns: 100_000,
    components: 200,
    databaseUrl: null,
    keep: false,
    reuse: false,
    seedOnly: false,
  };
  for (const { arg, value } of commandLine(argv, USAGE)) {
    if (arg === "--runs" || arg === "--base-runs" || arg === "--components") {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} needs a positive integer\n${USAGE}`);
      if (arg === "--runs") options.runs = n;
      else if (arg === "--base-runs") options.baseRuns = n;
      else options.components = n;
    } else if (arg === "--database-url") options.databaseUrl = value();
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--reuse") options.reuse = true;
    else if (arg === "--seed-only") options.seedOnly = true;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (options.runs <= options.baseRuns) throw new Error(`--runs must be more than --base-runs\n${USAGE}`);
  return options;
}

interface StageResult {
  runs: number;
  /** null when an existing database was reused. */
  seed: { seconds: number; minutes: number; runsPerSecond: number; rows: Record<string, number> } | null;
  databaseBytes: number;
  tables: { table: string; totalBytes: number; heapBytes: number; indexBytes: number }[];
  busiest: { name: string; runs: number };
  /** The functions the routes call, called directly (the figures of the first version of this bench). */
  apis: Partial<Record<ApiName, Latency | { error: string }>>;
  /** Through the app's route handlers (ETag, remembered bodies, stored summaries); absent with --seed-only. */
  routes?: RouteFigures;
  load: string[];
}

type Failed = { error: string };
interface ColdFigure {
  /** Each repeat's first call, ms. */
  samplesMs: number[];
  firstMs: number;
  medianMs: number;
  bodyBytes: number;
}
interface WarmFigure extends Latency {
  /** How many of the timed calls ran the handler (0: every one was answered from the remembered body). */
  handlerRuns: number;
  bodyBytes: number;
}
interface RouteFigures {
  cold: Record<RouteName, ColdFigure | Failed>;
  warm: Record<RouteName, WarmFigure | Failed>;
  /** The list's first call when no ComponentSummary row is stored: its page's summaries computed inline. */
  listSummariesCold: { ms: number; summariesStored: number } | Failed;
  /** componentDataState(db, busiest) alone (what every component route reads first). */
  dataState: Latency | Failed;
  load: string[];
}

/** Loads sampled every 30 s while a stage runs (and at its start and end). */
function sampleLoad(): { stop(): string[] } {
  const samples = [loadAverage() ?? "?"];
  const timer = setInterval(() => samples.push(loadAverage() ?? "?"), 30_000);
  return {
    stop: () => {
      clearInterval(timer);
      samples.push(loadAverage() ?? "?");
      return samples;
    },
  };
}

async function timeCall(call: () => Promise<unknown>): Promise<Latency> {
  const once = async () => {
    const started = performance.now();
    const answer = await call();
    if (answer === null) throw new Error("the API answered not found");
    JSON.stringify(answer);
    return performance.now() - started;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) samples.push(await once());
  return summarize(samples);
}

async function stage(url: string, runs: number, options: Options, reused: boolean): Promise<StageResult> {
  const load = sampleLoad();
  let seed: StageResult["seed"] = null;
  if (reused) {
    console.log(`\n== ${runs.toLocaleString("en")} runs: reusing the existing database`);
    // Migrations newer than the seed (a kept database timed with newer code) apply first, timed.
    const started = performance.now();
    await migrate({ kind: "postgresql", url });
    console.log(`  migrated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } else {
    console.log(`\n== ${runs.toLocaleString("en")} runs: seeding (thin steps) …`);
    const seeded = await seedLarge(
      { kind: "postgresql", url },
      { runs, components: options.components, seed: 1275, allowExisting: false, thinSteps: true },
    );
    seed = {
      seconds: Math.round(seeded.seconds * 10) / 10,
      minutes: Math.round((seeded.seconds / 60) * 100) / 100,
      runsPerSecond: Math.round(runs / seeded.seconds),
      rows: seeded.rows,
    };
    console.log(
      `seeded in ${seed.seconds} s (${seed.minutes} min, ${seed.runsPerSecond} runs/s); load ${loadAverage()}`,
    );
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const [size] = (await client.query<{ b: string }>("SELECT pg_database_size(current_database()) AS b")).rows;
  const tables = (
    await client.query<{ table: string; total: string; heap: string; idx: string }>(
      `SELECT c.relname AS table, pg_total_relation_size(c.oid) AS total, pg_relation_size(c.oid) AS heap,
              pg_indexes_size(c.oid) AS idx
       FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
       ORDER BY 2 DESC LIMIT 8`,
    )
  ).rows.map((row) => ({
    table: row.table,
    totalBytes: Number(row.total),
    heapBytes: Number(row.heap),
    indexBytes: Number(row.idx),
  }));
  const [top] = (
    await client.query<{ name: string; runs: number }>(
      `SELECT c."name" AS name, CAST(COUNT(*) AS INTEGER) AS runs FROM "PipelineRun" r
       JOIN "Component" c ON c."id" = r."componentId" GROUP BY c."name" ORDER BY 2 DESC, 1 LIMIT 1`,
    )
  ).rows;
  await client.end();
  const busiest = { name: top!.name, runs: top!.runs };
  console.log(`database ${gib(Number(size!.b))}; busiest component ${busiest.name} (${busiest.runs} runs)`);
  for (const t of tables)
    console.log(
      `  ${t.table.padEnd(14)} ${gib(t.totalBytes)} (heap ${gib(t.heapBytes)}, indexes ${gib(t.indexBytes)})`,
    );

  if (options.seedOnly)
    return { runs, seed, databaseBytes: Number(size!.b), tables, busiest, apis: {}, load: load.stop() };

  const timed = new URL(url);
  timed.searchParams.set("options", `-c statement_timeout=${STATEMENT_TIMEOUT_S * 1000}`);
  const { db } = createDb({ kind: "postgresql", url: timed.toString() });
  const name = busiest.name;
  const calls: Record<ApiName, () => Promise<unknown>> = {
    table: async () => {
      await componentDataVersion(db, name);
      return getCostTable(db, name, { stat: "median", filters: {} });
    },
    trend: async () => {
      await componentDataVersion(db, name);
      return getTrend(db, name, { buckets: 30, filters: {} });
    },
    recommendation: () => getRecommendation(db, name, parseRecommendationQuery(new URLSearchParams()), {}),
    components: () => listComponents(db, listComponentsQuerySchema.parse({})),
  };
  const apis = {} as StageResult["apis"];
  try {
    for (const api of API_NAMES) {
      try {
        const latency = await timeCall(calls[api]);
        apis[api] = latency;
        console.log(`  ${api.padEnd(15)} p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms; load ${loadAverage()}`);
      } catch (error) {
        apis[api] = { error: error instanceof Error ? error.message.split("\n").slice(-3).join(" ") : String(error) };
        console.log(`  ${api.padEnd(15)} failed: ${apis[api].error}; load ${loadAverage()}`);
      }
    }
  } finally {
    await db.$disconnect();
  }
  const routes = await timeRoutes(url, timed.toString(), name);
  return {
    runs,
    seed,
    databaseBytes: Number(size!.b),
    tables,
    busiest,
    apis,
    routes,
    load: load.stop(),
  };
}

/** The trend route's query (app/api/components/[name]/trend/route.ts declares it there, unexported). */
const trendQuerySchema = runFiltersSchema.extend({
  buckets: z.coerce.number().int().min(1).max(200).default(30),
});

type AppHandler = (request: Request, context: { params: Promise<{ name: string }> }) => Promise<Response>;

/**
 * The routes of app/api/components/route.ts and app/api/components/[name]/{table,trend,recommendation}/route.ts as
 * they declare them (same options, same calls, same answers), on the bench's client instead of getDb() — as
 * tests/db/etag.test.ts builds them. `counter.handler` counts the handler runs (a remembered body skips them).
 */
function appRoutes(db: Db, counter: { handler: number }): Record<RouteName, AppHandler> {
  const etag = ({ params: { name } }: { params: { name: string } }) => componentDataState(db, name);
  const table = route({ params: segments("name"), etag, cache: true }, async ({ request, params: { name } }) => {
    counter.handler += 1;
    const { stat, ...filters } = tableQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const answer = await getCostTable(db, name, { stat, filters });
    if (!answer) throw new AppError("not_found", `No component named "${name}"`);
    return Response.json(answer);
  });
  const trend = route(
    { params: segments("name"), query: trendQuerySchema, etag, cache: true },
    async ({ params: { name }, query: { buckets, ...filters } }) => {
      counter.handler += 1;
      const answer = await getTrend(db, name, { buckets, filters });
      if (!answer) throw new AppError("not_found", `No component named "${name}"`);
      return Response.json(answer);
    },
  );
  const recommendation = route(
    { params: segments("name"), etag, cache: true },
    async ({ request, params: { name } }) => {
      counter.handler += 1;
      const query = parseRecommendationQuery(new URL(request.url).searchParams);
      const answer = await getRecommendation(db, name, query, { backtest: true });
      if (!answer) throw new AppError("not_found", `No component named "${name}"`);
      return Response.json(answer);
    },
  );
  const list = route(
    { query: listComponentsQuerySchema, etag: () => listDataState(db), cache: true },
    async ({ query }) => {
      counter.handler += 1;
      // Waiting for every summary, as before: its "no stored summaries" figure is the time to compute all 50.
      return componentsPageResponse(db, query, { waitMs: Infinity });
    },
  );
  return { table, trend, recommendation, components: (request) => list(request) };
}

const apiUrl = (api: RouteName, name: string) =>
  api === "components"
    ? "http://bench.invalid/api/components"
    : `http://bench.invalid/api/components/${encodeURIComponent(name)}/${api}`;

/** One request through a handler, its body read whole; throws unless it answered 200. */
async function callRoute(handler: AppHandler, api: RouteName, name: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await handler(new Request(apiUrl(api, name)), { params: Promise.resolve({ name }) });
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${api} answered ${response.status}: ${body.slice(0, 300)}`);
  return { ms, bytes: body.length };
}

/** A new client (so no remembered model answer) with its connection open (so the figure is not the connect's). */
async function freshDb(url: string): Promise<Db> {
  const { db } = createDb({ kind: "postgresql", url });
  await db.$queryRaw`SELECT 1`;
  return db;
}

const failed = (error: unknown): Failed => ({
  error: error instanceof Error ? error.message.split("\n").slice(-3).join(" ") : String(error),
});
const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** Cold and warm figures through the route handlers, the list with and without stored summaries, the data state. */
async function timeRoutes(adminUrl: string, url: string, name: string): Promise<RouteFigures> {
  const load = sampleLoad();
  const cold = {} as RouteFigures["cold"];
  const warm = {} as RouteFigures["warm"];
  console.log(
    `  route handlers (cold: first call on a fresh client after clearCachedBodies(), ${COLD_REPEATS} times, median; warm: p95 of ${ITERATIONS} after ${WARMUP}):`,
  );

  // The list with nothing stored: every summary on its page is computed inline (then stored).
  let listSummariesCold: RouteFigures["listSummariesCold"];
  try {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const deleted = (await admin.query(`DELETE FROM "ComponentSummary"`)).rowCount ?? 0;
    const db = await freshDb(url);
    try {
      clearCachedBodies();
      const { ms } = await callRoute(appRoutes(db, { handler: 0 }).components, "components", name);
      const [stored] = (
        await admin.query<{ n: number }>(`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM "ComponentSummary"`)
      ).rows;
      listSummariesCold = { ms: round1(ms), summariesStored: stored!.n };
      console.log(
        `  list, summaries cold ${listSummariesCold.ms} ms (${deleted} stored summaries deleted first, ${stored!.n} stored by the call); load ${loadAverage()}`,
      );
    } finally {
      await db.$disconnect();
      await admin.end();
    }
  } catch (error) {
    listSummariesCold = failed(error);
    console.log(`  list, summaries cold failed: ${listSummariesCold.error}`);
  }

  for (const api of ROUTE_NAMES) {
    try {
      const samples: number[] = [];
      let bytes = 0;
      for (let i = 0; i < COLD_REPEATS; i++) {
        const db = await freshDb(url);
        try {
          clearCachedBodies();
          const call = await callRoute(appRoutes(db, { handler: 0 })[api], api, name);
          samples.push(round1(call.ms));
          bytes = call.bytes;
        } finally {
          await db.$disconnect();
        }
      }
      const sorted = [...samples].sort((a, b) => a - b);
      cold[api] = {
        samplesMs: samples,
        firstMs: samples[0]!,
        medianMs: sorted[Math.floor(sorted.length / 2)]!,
        bodyBytes: bytes,
      };
      console.log(
        `  ${api.padEnd(15)} cold ${cold[api].medianMs} ms (${samples.join(", ")}; ${bytes} chars); load ${loadAverage()}`,
      );
    } catch (error) {
      cold[api] = failed(error);
      console.log(`  ${api.padEnd(15)} cold failed: ${cold[api].error}; load ${loadAverage()}`);
    }
  }

  const db = await freshDb(url);
  let dataState: RouteFigures["dataState"];
  try {
    clearCachedBodies();
    const counter = { handler: 0 };
    const routes = appRoutes(db, counter);
    for (const api of ROUTE_NAMES) {
      try {
        let bytes = 0;
        for (let i = 0; i < WARMUP; i++) await callRoute(routes[api], api, name);
        counter.handler = 0;
        const samples: number[] = [];
        for (let i = 0; i < ITERATIONS; i++) {
          const call = await callRoute(routes[api], api, name);
          samples.push(call.ms);
          bytes = call.bytes;
        }
        warm[api] = { ...summarize(samples), handlerRuns: counter.handler, bodyBytes: bytes };
        console.log(
          `  ${api.padEnd(15)} warm p50 ${warm[api].p50Ms} ms, p95 ${warm[api].p95Ms} ms (handler ran ${counter.handler}/${ITERATIONS}); load ${loadAverage()}`,
        );
      } catch (error) {
        warm[api] = failed(error);
        console.log(`  ${api.padEnd(15)} warm failed: ${warm[api].error}; load ${loadAverage()}`);
      }
    }
    try {
      dataState = await timeCall(() => componentDataState(db, name));
      console.log(`  componentDataState p50 ${dataState.p50Ms} ms, p95 ${dataState.p95Ms} ms; load ${loadAverage()}`);
    } catch (error) {
      dataState = failed(error);
      console.log(`  componentDataState failed: ${dataState.error}`);
    }
  } finally {
    await db.$disconnect();
  }
  return { cold, warm, listSummariesCold, dataState, load: load.stop() };
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

/** Runs one statement on the URL's database; true when it returned rows. */
async function adminQuery(url: string, sql: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return ((await client.query(sql)).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  let cluster: PgCluster | null = null;
  let baseUrl = options.databaseUrl;
  if (!baseUrl) {
    cluster = await startPgCluster("advisor");
    baseUrl = cluster.url;
    // The cluster's processes are children of the postmaster: reniced here, every backend is.
    const pid = readFileSync(path.join(cluster.dataDir, "postmaster.pid"), "utf8").split("\n")[0]!.trim();
    execFileSync("renice", ["-n", "10", "-p", pid]);
    console.log(`throwaway cluster ${cluster.url} (${cluster.dataDir}), postmaster ${pid} reniced to 10`);
  }
  const base = new URL(baseUrl);
  const created: string[] = [];
  const databaseOf = (runs: number) => `${decodeURIComponent(base.pathname.replace(/^\//, ""))}_scale_${runs}`;
  const urlOf = (runs: number) => {
    const url = new URL(base);
    url.pathname = `/${encodeURIComponent(databaseOf(runs))}`;
    return url.toString();
  };
  const results: StageResult[] = [];
  try {
    for (const runs of [options.baseRuns, options.runs]) {
      const database = databaseOf(runs);
      const exists = await adminQuery(baseUrl, `SELECT 1 FROM pg_database WHERE datname = '${database}'`);
      if (!(options.reuse && exists)) await adminQuery(baseUrl, `CREATE DATABASE "${database}"`);
      created.push(database);
      results.push(await stage(urlOf(runs), runs, options, options.reuse && exists));
      if (!options.keep && runs === options.baseRuns) {
        // Frees the disk and the cache for the large seed.
        await adminQuery(baseUrl, `DROP DATABASE "${database}"`);
        created.pop();
      }
    }
  } finally {
    if (!options.keep)
      for (const database of created) await adminQuery(baseUrl, `DROP DATABASE IF EXISTS "${database}"`);
    if (cluster) {
      if (options.keep) console.log(`kept the cluster at ${cluster.url} (${cluster.dataDir}); databases ${created}`);
      else cluster.stop();
    }
  }

  if (options.seedOnly) {
    for (const r of results)
      console.log(`seeded ${r.runs} runs: ${r.seed?.minutes ?? "reused"} min, ${gib(r.databaseBytes)}`);
    return;
  }
  const [small, large] = results as [StageResult, StageResult];
  console.log(
    `\n== issue #16, PostgreSQL: ${large.runs.toLocaleString("en")} runs against ${options.baseRuns.toLocaleString("en")}`,
  );
  const verdicts: Record<string, boolean> = {};
  const p95 = (latency: Latency | { error: string } | undefined) =>
    !latency || "error" in latency ? null : latency.p95Ms;
  console.log("the functions alone (no ETag, no remembered body; the first version of this bench):");
  for (const api of API_NAMES) {
    const [before, after] = [p95(small.apis[api]), p95(large.apis[api])];
    const ratio = before !== null && after !== null ? after / before : null;
    verdicts[api] = ratio !== null && ratio <= MAX_RATIO;
    console.log(
      `${verdicts[api] ? "PASS" : "FAIL"}  ${api} p95 ${before ?? "failed"} → ${after ?? "failed"} ms (×${ratio?.toFixed(2) ?? "?"}, target ≤ ×${MAX_RATIO})`,
    );
  }
  if (small.routes && large.routes) {
    const [a, b] = [small.routes, large.routes];
    const ms = (figure: { medianMs: number } | Latency | { ms: number } | Failed, key: "medianMs" | "p95Ms" | "ms") =>
      "error" in figure ? null : ((figure as unknown as Record<string, number>)[key] ?? null);
    const change = (before: number | null, after: number | null) =>
      `${before ?? "failed"} → ${after ?? "failed"} ms (×${before !== null && after !== null ? (after / before).toFixed(2) : "?"})`;
    console.log(
      `through the route handlers (issue #16's goal: warm p95 at ${large.runs.toLocaleString("en")} ≤ ×${MAX_RATIO}):`,
    );
    for (const api of ROUTE_NAMES) {
      const [before, after] = [ms(a.warm[api], "p95Ms"), ms(b.warm[api], "p95Ms")];
      const pass = before !== null && after !== null && after <= MAX_RATIO * before;
      verdicts[`warm:${api}`] = pass;
      console.log(
        `${pass ? "PASS" : "FAIL"}  ${api} warm p95 ${change(before, after)}; cold ${change(ms(a.cold[api], "medianMs"), ms(b.cold[api], "medianMs"))} (information)`,
      );
    }
    console.log(`      list, summaries cold ${change(ms(a.listSummariesCold, "ms"), ms(b.listSummariesCold, "ms"))}`);
    console.log(`      componentDataState p95 ${change(ms(a.dataState, "p95Ms"), ms(b.dataState, "p95Ms"))}`);
  }
  if (large.seed) {
    verdicts.seed = large.seed.minutes <= MAX_SEED_MINUTES;
    console.log(
      `${verdicts.seed ? "PASS" : "FAIL"}  seed of ${large.runs.toLocaleString("en")} runs ${large.seed.minutes} min, ${large.seed.runsPerSecond} runs/s (target ≤ ${MAX_SEED_MINUTES} min, "well under 30")`,
    );
  }
  console.log(
    `      database size ${gib(large.databaseBytes)} (${options.baseRuns.toLocaleString("en")} runs: ${gib(small.databaseBytes)})`,
  );
  const file = await writeResults("pg-scale", { date: new Date().toISOString(), stages: results, verdicts });
  console.log(`figures in ${file}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(`bench:pg-scale: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  });
}
