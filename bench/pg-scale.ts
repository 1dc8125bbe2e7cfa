// `tsx bench/pg-scale.ts [--runs <n>] [--base-runs <n>] [--components <n>] [--database-url <url>] [--keep] [--reuse]`
// (npm run bench:pg-scale; `--runs 200000` for a short run; `--base-runs 2000 --runs 4000` to smoke-test it):
// issue #16's PostgreSQL goal. Seeds 100,000 runs (cli/seed-large.ts, --thin-steps) into a fresh database, times the
// busiest component's cost table, trend and recommendation APIs and the components list, then seeds `--runs`
// (default 1,000,000) into another fresh database and times the same again. It reports each seed's time (runs/s,
// minutes), pg_database_size and the largest tables, and prints PASS/FAIL for "the --runs figure ≤ 2× the 100k
// figure" per API and for "seed well under 30 minutes" (taken as ≤ 20 min). Figures go to bench-results/pg-scale.json.
//
// Each size is seeded fresh rather than by adding 900k runs to the 100k database with --yes: a fresh seed is what
// "seeded in well under 30 minutes" times, and only an empty database takes seed-large's deferred-index path.
// The same --seed gives both sizes the same 200 components, so the busiest is the same component.
// The APIs are timed in process: the functions their routes call (getCostTable, getTrend, getRecommendation,
// listComponents, plus the table and trend routes' data-version lookup for the ETag) through one Prisma client,
// each answer serialized with JSON.stringify as Response.json would; 2 warm-up calls, then p95 of 10 (nearest rank,
// i.e. the slowest of the 10). No HTTP server: its cost does not grow with the runs.
//
// Without --database-url it starts a throwaway cluster (cli/pg-cluster.ts) and renices its postmaster to 10 (the
// machine is shared). With --database-url the role must be allowed to CREATE DATABASE: the bench creates
// `<database>_scale_<runs>` next to the URL's database and drops it afterwards. --keep keeps the cluster/databases;
// --reuse times such a database that already exists (from a --keep run) without seeding it again.
// Each API's statements stop after 300 s (statement_timeout): such an API is reported as failed.
import { pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { seedLarge } from "../cli/seed-large";
import { startPgCluster, type PgCluster } from "../cli/pg-cluster";
import { createDb } from "../lib/db/connect";
import { componentDataVersion } from "../lib/db/data-version";
import { getCostTable } from "../lib/queries/get-cost-table";
import { getTrend } from "../lib/queries/get-trend";
import { listComponents } from "../lib/queries/list-components";
import { listComponentsQuerySchema } from "../lib/queries/list-components.types";
import { getRecommendation } from "../lib/recommend/get-recommendation";
import { parseRecommendationQuery } from "../lib/recommend/query";
import { summarize, type Latency } from "./api-goals";
import { loadAverage, writeResults } from "./measure";

const USAGE =
  "usage: tsx bench/pg-scale.ts [--runs <n>] [--base-runs <n>] [--components <n>] [--database-url <url>] [--keep] [--reuse]";
const MAX_RATIO = 2;
/** "Well under 30 minutes", made a number. */
const MAX_SEED_MINUTES = 20;
const WARMUP = 2;
const ITERATIONS = 10;
const API_NAMES = ["table", "trend", "components", "recommendation"] as const;
/** A statement running longer than this fails the API (PostgreSQL's statement_timeout on the timing connection). */
const STATEMENT_TIMEOUT_S = 300;
type ApiName = (typeof API_NAMES)[number];

interface Options {
  runs: number;
  baseRuns: number;
  components: number;
  databaseUrl: string | null;
  keep: boolean;
  /** Time an existing `<database>_scale_<runs>` as it is instead of creating and seeding it. */
  reuse: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    runs: 1_000_000,
    baseRuns: 100_000,
    components: 200,
    databaseUrl: null,
    keep: false,
    reuse: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (!next) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === "--runs" || arg === "--base-runs" || arg === "--components") {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} needs a positive integer\n${USAGE}`);
      if (arg === "--runs") options.runs = n;
      else if (arg === "--base-runs") options.baseRuns = n;
      else options.components = n;
    } else if (arg === "--database-url") options.databaseUrl = value();
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--reuse") options.reuse = true;
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
  apis: Record<ApiName, Latency | { error: string }>;
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
  if (reused) console.log(`\n== ${runs.toLocaleString("en")} runs: reusing the existing database`);
  else {
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
  return {
    runs,
    seed,
    databaseBytes: Number(size!.b),
    tables,
    busiest,
    apis,
    load: load.stop(),
  };
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

  const [small, large] = results as [StageResult, StageResult];
  console.log(
    `\n== issue #16, PostgreSQL: ${large.runs.toLocaleString("en")} runs against ${options.baseRuns.toLocaleString("en")}`,
  );
  const verdicts: Record<string, boolean> = {};
  const p95 = (latency: Latency | { error: string }) => ("error" in latency ? null : latency.p95Ms);
  for (const api of API_NAMES) {
    const [before, after] = [p95(small.apis[api]), p95(large.apis[api])];
    const ratio = before !== null && after !== null ? after / before : null;
    verdicts[api] = ratio !== null && ratio <= MAX_RATIO;
    console.log(
      `${verdicts[api] ? "PASS" : "FAIL"}  ${api} p95 ${before ?? "failed"} → ${after ?? "failed"} ms (×${ratio?.toFixed(2) ?? "?"}, target ≤ ×${MAX_RATIO})`,
    );
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
