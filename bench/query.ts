// `tsx bench/query.ts [--database-url <url> | --pg] [--runs <n>] [--iterations <n>] [--server <url>] [--keep]`:
// on a large seeded database, times the cost table API against the same SQL through the bare driver.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { seedLarge, type SeedResult } from "../cli/seed-large";
import { startPgCluster, type PgCluster } from "../cli/pg-cluster";
import { queryCostTable, type Execute } from "../lib/queries/cost-table-sql";
import { getCostTable } from "../lib/queries/get-cost-table";
import type { Prisma } from "../generated/sqlite/client";
import { listComponents } from "../lib/queries/list-components";
import { listRuns, listRunsQuerySchema } from "../lib/queries/list-runs";
import { createDb } from "../lib/db/connect";
import { parseDatabaseUrl, redactPassword, type DatabaseTarget } from "../lib/db/database-url";
import { SQLITE_BUSY_TIMEOUT_MS } from "../lib/db/migrate";
import { loadAverage, writeResults } from "./measure";

const USAGE =
  "usage: tsx bench/query.ts [--database-url <url> | --pg] [--runs <n>] [--components <n>] [--seed <n>] " +
  "[--sample <n>] [--iterations <n>] [--server <url>] [--keep]";
/** Targets: the API at most 1.5× the bare SQL, and the table's queries well inside a page load. */
const MAX_RATIO = 1.5;
const MAX_TABLE_P50_MS = 200;
const TABLES = ["Component", "Upload", "PipelineRun", "TaskRun", "Step", "Measurement", "RunPhase"] as const;

interface Options {
  databaseUrl: string | null;
  pg: boolean;
  runs: number;
  components: number;
  seed: number;
  sample: number;
  iterations: number;
  server: string | null;
  keep: boolean;
}

function parseArgs(argv: string[], ignoreUnknown: boolean): Options {
  const options: Options = {
    databaseUrl: null,
    pg: false,
    runs: 100_000,
    components: 200,
    seed: 1275,
    sample: 20,
    iterations: 5,
    server: null,
    keep: false,
  };
  const count = (flag: string, value: string | undefined, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs an integer ≥ ${min}\n${USAGE}`);
    return n;
  };
  const text = (flag: string, value: string | undefined) => {
    if (!value) throw new Error(`${flag} needs a value\n${USAGE}`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--database-url") options.databaseUrl = text(arg, argv[++i]);
    else if (arg === "--pg") options.pg = true;
    else if (arg === "--runs") options.runs = count(arg, argv[++i], 1);
    else if (arg === "--components") options.components = count(arg, argv[++i], 1);
    else if (arg === "--seed") options.seed = count(arg, argv[++i], 0);
    else if (arg === "--sample") options.sample = count(arg, argv[++i], 1);
    else if (arg === "--iterations") options.iterations = count(arg, argv[++i], 1);
    else if (arg === "--server") options.server = text(arg, argv[++i]).replace(/\/+$/, "");
    else if (arg === "--keep") options.keep = true;
    else if (!ignoreUnknown) throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (options.pg && options.databaseUrl) throw new Error(`--pg and --database-url exclude each other\n${USAGE}`);
  return options;
}

// ---------------------------------------------------------------------------------------------------------
// The cost table's statements (lib/queries/get-cost-table.ts, stat "median", no filters), verbatim but
// for the parameter syntax, plus the component lookup getCostTable starts with: both sides do the same work.

/** The bare driver: what the same statements cost without Prisma. */
interface RawDriver {
  costTable(name: string): Promise<{ aggregates: number; runs: number } | null>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

function sqliteDriver(file: string): RawDriver {
  const db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  const statements = new Map<string, Database.Statement>();
  // The same statements the API builds (lib/queries/cost-table-sql.ts), with "?" placeholders.
  const execute: Execute = async <T>(sql: Prisma.Sql) => {
    let statement = statements.get(sql.sql);
    if (!statement) {
      statement = db.prepare(sql.sql);
      statements.set(sql.sql, statement);
    }
    return statement.all(...sql.values) as T[];
  };
  return {
    costTable: async (name) => {
      const result = await queryCostTable(execute, name, "median", {});
      return result && { aggregates: result.aggregates.length, runs: result.runs };
    },
    query: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
    close: async () => {
      db.close();
    },
  };
}

async function postgresDriver(url: string): Promise<RawDriver> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // The same statements the API builds, with "$n" placeholders.
  const execute: Execute = async <T>(sql: Prisma.Sql) => (await client.query(sql.text, sql.values)).rows as T[];
  return {
    costTable: async (name) => {
      const result = await queryCostTable(execute, name, "median", {});
      return result && { aggregates: result.aggregates.length, runs: result.runs };
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
    close: () => client.end(),
  };
}

// ---------------------------------------------------------------------------------------------------------

interface Latency {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
  maxMs: number;
}

/** Nearest-rank percentiles. */
function summarize(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
  return {
    samples: sorted.length,
    p50Ms: round(rank(0.5), 2),
    p95Ms: round(rank(0.95), 2),
    meanMs: round(sorted.reduce((a, b) => a + b, 0) / sorted.length, 2),
    maxMs: round(sorted.at(-1) ?? NaN, 2),
  };
}

async function timed<T>(samples: number[], work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  samples.push(performance.now() - started);
  return result;
}

/** Runs the query bench; throws when the bench itself fails (a missed target is only reported). */
export async function run(argv: string[], { ignoreUnknown = false } = {}): Promise<void> {
  const options = parseArgs(argv, ignoreUnknown);
  let cluster: PgCluster | null = null;
  let tempDir: string | null = null;
  try {
    let target: DatabaseTarget;
    if (options.databaseUrl) target = parseDatabaseUrl(options.databaseUrl);
    else if (options.pg) {
      console.log("starting a throwaway PostgreSQL cluster …");
      cluster = await startPgCluster("advisor_bench");
      target = { kind: "postgresql", url: cluster.url };
    } else {
      tempDir = await mkdtemp(path.join(tmpdir(), "bench-query-"));
      const file = path.join(tempDir, "bench.db");
      target = { kind: "sqlite", url: `file:${file}`, file };
    }
    let seeded: (SeedResult & { runs: number; components: number; seed: number }) | null = null;
    if (!options.databaseUrl) {
      console.log(`seeding ${options.runs} runs across ${options.components} components into ${target.kind} …`);
      const result = await seedLarge(target, {
        runs: options.runs,
        components: options.components,
        seed: options.seed,
        allowExisting: false,
      });
      console.log(`seeded in ${result.seconds.toFixed(1)} s`);
      seeded = { ...result, runs: options.runs, components: options.components, seed: options.seed };
    }
    await measure(target, options, seeded);
  } finally {
    if (cluster) {
      if (options.keep) console.log(`kept the PostgreSQL cluster at ${cluster.url} (${cluster.dataDir})`);
      else cluster.stop();
    }
    if (tempDir) {
      if (options.keep) console.log(`kept ${tempDir}`);
      else await rm(tempDir, { recursive: true, force: true });
    }
  }
}

async function measure(target: DatabaseTarget, options: Options, seeded: unknown): Promise<void> {
  const { db } = createDb(target);
  const raw = target.kind === "sqlite" ? sqliteDriver(target.file) : await postgresDriver(target.url);
  try {
    const rows: Record<string, number> = {};
    for (const table of TABLES) {
      const [count] = await raw.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "${table}"`);
      rows[table] = Number(count?.n ?? 0);
    }
    // Components by run count, sampled evenly from the busiest to the quietest.
    const ranked = await raw.query<{ name: string; runs: number | string; measurements: number | string }>(`
      SELECT c."name" AS name,
             (SELECT COUNT(*) FROM "PipelineRun" r WHERE r."componentId" = c."id") AS runs,
             (SELECT COUNT(*) FROM "Measurement" m WHERE m."componentId" = c."id") AS measurements
      FROM "Component" c ORDER BY runs DESC, c."name" ASC`);
    if (ranked.length === 0) throw new Error("the database has no components to query");
    const step = Math.max(1, (ranked.length - 1) / Math.max(1, options.sample - 1));
    const sample = [
      ...new Set(Array.from({ length: Math.min(options.sample, ranked.length) }, (_, i) => Math.round(i * step))),
    ]
      .map((index) => ranked[Math.min(index, ranked.length - 1)]!)
      .map((c) => ({ name: c.name, runs: Number(c.runs), measurements: Number(c.measurements) }));
    console.log(
      `${target.kind}: ${rows.Measurement?.toLocaleString("en")} measurements, ${rows.Step?.toLocaleString("en")} steps; ` +
        `${sample.length} components (${sample.at(-1)?.runs}–${sample[0]?.runs} runs) × ${options.iterations} iterations`,
    );

    const apiSamples: number[] = [];
    const rawSamples: number[] = [];
    const listComponentsSamples: number[] = [];
    const listRunsSamples: number[] = [];
    const perComponent = new Map(sample.map((c) => [c.name, { api: [] as number[], raw: [] as number[] }]));
    const runsQuery = listRunsQuerySchema.parse({});

    const api = async (name: string) => {
      const table = await getCostTable(db, name, { stat: "median" });
      if (!table) throw new Error(`getCostTable found no component ${name}`);
      return table;
    };
    // Warm-up: the first pass reads pages from disk and compiles Prisma's queries; it is not counted.
    for (const { name } of sample) {
      const table = await api(name);
      const bare = await raw.costTable(name);
      if (!bare || bare.runs !== table.runs) {
        throw new Error(`${name}: the raw SQL counts ${bare?.runs} runs, the API ${table.runs}; they differ`);
      }
    }
    await listComponents(db);
    for (let iteration = 0; iteration < options.iterations; iteration++) {
      for (const { name } of sample) {
        const own = perComponent.get(name)!;
        // Alternate which side goes first, so neither always meets the other's warm caches.
        const sides = [() => timed(own.api, () => api(name)), () => timed(own.raw, () => raw.costTable(name))];
        for (const side of iteration % 2 === 0 ? sides : sides.reverse()) await side();
        await timed(listRunsSamples, () => listRuns(db, name, runsQuery));
      }
      await timed(listComponentsSamples, () => listComponents(db));
      process.stdout.write(`  iteration ${iteration + 1}/${options.iterations}\r`);
    }
    for (const own of perComponent.values()) {
      apiSamples.push(...own.api);
      rawSamples.push(...own.raw);
    }

    let http: { url: string; status: number; ms: number; bytes: number } | null = null;
    if (options.server) {
      const url = `${options.server}/components/${encodeURIComponent(sample[0]!.name)}`;
      const started = performance.now();
      const response = await fetch(url);
      const body = await response.arrayBuffer();
      http = { url, status: response.status, ms: round(performance.now() - started, 1), bytes: body.byteLength };
    }

    const latency = {
      costTableApi: summarize(apiSamples),
      costTableRawSql: summarize(rawSamples),
      listComponentsFirstPage: summarize(listComponentsSamples),
      listRunsFirstPage: summarize(listRunsSamples),
    };
    const ratio = latency.costTableApi.p50Ms / latency.costTableRawSql.p50Ms;
    const figures = {
      measuredAt: new Date().toISOString(),
      loadAverage: loadAverage(),
      database: {
        kind: target.kind,
        where: target.kind === "sqlite" ? target.file : redactPassword(target.url),
        seeded,
      },
      rows,
      sample: { components: sample.length, iterations: options.iterations },
      latencyMs: latency,
      ratio: round(ratio, 3),
      perComponent: sample.map((c) => ({
        ...c,
        apiP50Ms: summarize(perComponent.get(c.name)!.api).p50Ms,
        rawSqlP50Ms: summarize(perComponent.get(c.name)!.raw).p50Ms,
      })),
      http,
      targets: {
        ratio: { max: MAX_RATIO, pass: ratio <= MAX_RATIO },
        costTableP50Ms: { max: MAX_TABLE_P50_MS, pass: latency.costTableApi.p50Ms <= MAX_TABLE_P50_MS },
      },
    };
    const resultsFile = await writeResults(`query-${target.kind}`, figures);

    const verdict = (pass: boolean) => (pass ? "PASS" : "MISS");
    const line = (l: Latency) => `p50 ${l.p50Ms} ms, p95 ${l.p95Ms} ms (n=${l.samples})`;
    console.log(`\nquery bench (${target.kind})`);
    console.log(`  rows                 ${TABLES.map((t) => `${t} ${rows[t]}`).join(", ")}`);
    console.log(`  cost table (API)     ${line(latency.costTableApi)}`);
    console.log(`  cost table (raw SQL) ${line(latency.costTableRawSql)}`);
    console.log(
      `  ratio API/raw (p50)  ${ratio.toFixed(2)}  target ≤ ${MAX_RATIO}: ${verdict(figures.targets.ratio.pass)}`,
    );
    console.log(
      `  table p50            target ≤ ${MAX_TABLE_P50_MS} ms: ${verdict(figures.targets.costTableP50Ms.pass)}` +
        ` (busiest, ${sample[0]!.runs} runs: ${figures.perComponent[0]?.apiP50Ms} ms)`,
    );
    console.log(`  listComponents p.1   ${line(latency.listComponentsFirstPage)}`);
    console.log(`  listRuns p.1         ${line(latency.listRunsFirstPage)}`);
    if (http) console.log(`  GET ${http.url}  ${http.status} in ${http.ms} ms (${http.bytes} bytes)`);
    console.log(`  written to ${path.relative(process.cwd(), resultsFile)}`);
  } finally {
    await raw.close();
    await db.$disconnect();
  }
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  run(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`bench:query: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
