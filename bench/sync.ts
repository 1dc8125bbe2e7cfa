// `npm run bench:sync [-- --runs N]`: the same N runs (PipelineRuns with TaskRuns and step logs) stored twice on
// fresh SQLite databases, in one process, alternating: once uploaded as files through the upload path (one
// tar.gz spooled and ingested), once synced from the local Tekton Results test server (records, pages, logs over
// HTTP). Reports records per second of each and the ratio sync ÷ upload (target ≥ 0.8); bench-results/sync.json.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { pack } from "tar-stream";
import { createDb, type Db } from "../lib/db/connect";
import { migrate, migrationsDir } from "../lib/db/migrate";
import { spoolUpload } from "../lib/ingest/archive";
import { DEFAULT_ARCHIVE_LIMITS } from "../lib/ingest/types";
import { ingestSpooled } from "../lib/pipeline/ingest-upload";
import { createSource } from "../lib/pipeline/sources";
import { syncSource } from "../lib/pipeline/sync-source";
import { DEFAULT_FETCH_LIMITS } from "../lib/sources/http";
import { createTektonResultsClient } from "../lib/sources/tekton-results";
import { startFakeResults } from "../tests/fixtures/fake-sources/results-server";
import { fakeRuns, runFiles, type FakeRun } from "../tests/fixtures/fake-sources/runs";
import { loadAverage, REPO_ROOT, writeResults } from "./measure";

const USAGE = "usage: npm run bench:sync -- [--runs N] [--rounds N]";
const TARGET_RATIO = 0.8;
const NAMESPACE = "bench-tenant";
const COMPONENT = "bench-sync";

interface Options {
  runs: number;
  rounds: number;
}

function parseArgs(argv: string[], ignoreUnknown: boolean): Options {
  const options: Options = { runs: 300, rounds: 2 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--runs" || arg === "--rounds") {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} needs a positive integer\n${USAGE}`);
      options[arg === "--runs" ? "runs" : "rounds"] = value;
    } else if (!ignoreUnknown) throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return options;
}

async function freshDb(dir: string, name: string): Promise<Db> {
  const file = path.join(dir, `${name}.db`);
  const target = { kind: "sqlite" as const, url: `file:${file}`, file };
  await migrate(target, migrationsDir("sqlite", REPO_ROOT));
  return createDb(target).db;
}

async function tarGz(files: { filename: string; bytes: Buffer }[]): Promise<Readable> {
  const archive = pack();
  for (const file of files) archive.entry({ name: file.filename }, file.bytes);
  archive.finalize();
  return archive.pipe(createGzip());
}

/** Records the sync reads: each PipelineRun, its TaskRuns and one log per TaskRun. */
const recordsOf = (runs: FakeRun[]) => runs.reduce((sum, run) => sum + 1 + 2 * run.taskRuns.length, 0);

async function timeUpload(dir: string, round: number, runs: FakeRun[]): Promise<number> {
  const db = await freshDb(dir, `upload-${round}`);
  try {
    const started = performance.now();
    const spooled = await spoolUpload(await tarGz(runFiles(runs)), { maxBytes: 2 ** 32, filename: "runs.tar.gz" });
    await ingestSpooled(db, [{ ...spooled, filename: "runs.tar.gz" }], DEFAULT_ARCHIVE_LIMITS);
    return (performance.now() - started) / 1000;
  } finally {
    await db.$disconnect();
  }
}

async function timeSync(dir: string, round: number, runs: FakeRun[]): Promise<number> {
  const db = await freshDb(dir, `sync-${round}`);
  const server = await startFakeResults({ runs, token: "bench-token-0123456789" });
  process.env.ADVISOR_BENCH_RESULTS_TOKEN = server.token;
  try {
    const source = await createSource(db, {
      kind: "tekton-results",
      url: server.url,
      namespace: NAMESPACE,
      since: "2000-01-01T00:00:00Z",
      tokenEnv: "ADVISOR_BENCH_RESULTS_TOKEN",
    });
    const limits = { ...DEFAULT_FETCH_LIMITS, requestsPerSecond: 100_000, concurrency: 8 };
    const started = performance.now();
    const result = await syncSource(db, source.id, {
      clientFor: (config) => createTektonResultsClient(config, limits),
    });
    const seconds = (performance.now() - started) / 1000;
    if (result.errors.length > 0 || result.added !== runs.length) {
      throw new Error(`sync stored ${result.added} of ${runs.length} runs: ${JSON.stringify(result.errors)}`);
    }
    return seconds;
  } finally {
    await server.close();
    await db.$disconnect();
  }
}

export async function run(argv: string[], { ignoreUnknown = false } = {}): Promise<void> {
  const options = parseArgs(argv, ignoreUnknown);
  const dir = await mkdtemp(path.join(tmpdir(), "bench-sync-"));
  const loadBefore = loadAverage();
  try {
    const runs = fakeRuns(options.runs, { component: COMPONENT, namespace: NAMESPACE });
    const records = recordsOf(runs);
    const rounds: { upload: number; sync: number }[] = [];
    for (let round = 0; round < options.rounds; round++) {
      // Alternating, so a slower moment of the machine hits both.
      rounds.push({ upload: await timeUpload(dir, round, runs), sync: await timeSync(dir, round, runs) });
    }
    const best = (pick: (r: { upload: number; sync: number }) => number) => Math.min(...rounds.map(pick));
    const upload = records / best((r) => r.upload);
    const sync = records / best((r) => r.sync);
    const ratio = sync / upload;
    console.log(`sync bench: ${options.runs} runs, ${records} records, best of ${options.rounds} round(s)`);
    console.log(`  upload path  ${upload.toFixed(0)} records/s (${best((r) => r.upload).toFixed(2)} s)`);
    console.log(`  sync         ${sync.toFixed(0)} records/s (${best((r) => r.sync).toFixed(2)} s)`);
    console.log(
      `  ratio sync ÷ upload  ${ratio.toFixed(2)}  (target ≥ ${TARGET_RATIO})  ${ratio >= TARGET_RATIO ? "PASS" : "FAIL"}`,
    );
    await writeResults("sync", {
      measuredAt: new Date().toISOString(),
      loadAverage: { before: loadBefore, after: loadAverage() },
      runs: options.runs,
      records,
      rounds,
      recordsPerSecond: { upload, sync },
      ratio,
      target: TARGET_RATIO,
      pass: ratio >= TARGET_RATIO,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  run(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`bench:sync: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
