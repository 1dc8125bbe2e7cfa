// `npm run bench:upload [-- --bundle <file>] [--size-gib <n>] [--label <name>] [--warm] [--build] [--keep]`:
// issue #16's "upload path" goal. The 1.1 GiB ingest bench bundle (bench/log-bundle.ts; or --bundle <file>) is
// ingested by the CLI into a fresh SQLite database (bench/ingest.ts), then streamed from disk as a raw body
// (X-Filename) to `POST /api/bundles` of the production server (cli/start.ts, as bench/scale.ts starts it) on another
// fresh one.
// Meanwhile the server's RSS (it and its children, /proc VmRSS every 50 ms, plus VmHWM) is sampled and
// GET /api/health and GET /api/components are timed every 250 ms. Goals: upload ÷ CLI seconds ≤ 1.2, server peak
// RSS ≤ 300 MiB, other requests' max ≤ 200 ms, and both databases holding the same PipelineRuns, TaskRuns and
// measurements. Prints PASS/FAIL per goal and writes bench-results/upload[-<label>].json.
// The server needs the production build (`next build`) as `npm start` leaves it: without one, or with one older than
// the sources, the bench stops and says so; `--build` lets cli/start.ts build first (minutes, not measured).
// `--warm`: before the measured upload the server stores a small fixture bundle (another run) and answers both
// probed requests with it, so the figures are of a server that has served an upload, not of its first one.
import Database from "better-sqlite3";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { freeLoopbackPort } from "../cli/pg-cluster";
import { buildState } from "../cli/start";
import { taSplitV1beta1 } from "../tests/fixtures/bundles/scenarios";
import { bundleBuffer } from "../tests/fixtures/bundles/write-bundles";
import { readEventLoop, summarize, type Latency } from "./api-goals";
import { ingestCli } from "./ingest";
import { writeLogBundle } from "./log-bundle";
import { commandLine, loadAverage, mib, writeResults } from "./measure";
import { cpuSeconds, resetPeaks, RssSampler, startServer, statusKb } from "./scale";

const USAGE =
  "usage: npm run bench:upload -- [--bundle <file>] [--size-gib <n>] [--label <name>] [--warm] [--build] [--keep]\n" +
  "  needs the production build: run `npm start` once (it builds when the sources changed), or pass --build";
const DEFAULT_SIZE_GIB = 1.1;
/** Issue #16, "Upload path". */
const GOALS = { ratio: 1.2, peakRssMiB: 300, otherRequestsMaxMs: 200 };
const PROBE_INTERVAL_MS = 250;
const PROBED = ["/api/health", "/api/components"] as const;
/** The archive reader rejects more (BUNDLE_MAX_RATIO). */
const BOMB_RATIO = 200;

interface Options {
  bundle: string | null;
  sizeGib: number;
  label: string | null;
  build: boolean;
  warm: boolean;
  keep: boolean;
}

function parseArgs(argv: string[], ignoreUnknown: boolean): Options {
  const options: Options = {
    bundle: null,
    sizeGib: DEFAULT_SIZE_GIB,
    label: null,
    build: false,
    warm: false,
    keep: false,
  };
  for (const { arg, value } of commandLine(argv, USAGE)) {
    if (arg === "--keep") options.keep = true;
    else if (arg === "--build") options.build = true;
    else if (arg === "--warm") options.warm = true;
    else if (arg === "--bundle") options.bundle = path.resolve(value());
    else if (arg === "--label") options.label = value();
    else if (arg === "--size-gib") {
      options.sizeGib = Number(value());
      if (!(options.sizeGib > 0)) throw new Error(`--size-gib needs a positive number\n${USAGE}`);
    } else if (!ignoreUnknown) throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return options;
}

/** PipelineRuns, TaskRuns and measurements stored in a SQLite database file. */
function countRows(dbFile: string): { pipelineRuns: number; taskRuns: number; measurements: number } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    return { pipelineRuns: count("PipelineRun"), taskRuns: count("TaskRun"), measurements: count("Measurement") };
  } finally {
    db.close();
  }
}

/** Streams `file` from disk as the raw body of POST /api/bundles; resolves with the answer once it is complete. */
function postFile(url: string, file: string, bytes: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/bundles`,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/gzip",
          "Content-Length": String(bytes),
          "X-Filename": path.basename(file),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        response.on("error", reject);
      },
    );
    req.on("error", reject);
    const source = createReadStream(file);
    source.on("error", (error) => req.destroy(error));
    source.pipe(req);
  });
}

interface Probe {
  path: string;
  samples: number[];
  failures: string[];
  /** The slowest answer and when it was asked, in seconds after the upload started. */
  slowest: { ms: number; atS: number } | null;
}

/** GETs `route` every PROBE_INTERVAL_MS (at once after a slower answer) until `stop` resolves. */
async function probeWhile(url: string, route: string, stop: Promise<unknown>, origin: number): Promise<Probe> {
  const probe: Probe = { path: route, samples: [], failures: [], slowest: null };
  let stopped = false;
  void stop.finally(() => (stopped = true)).catch(() => undefined);
  while (!stopped) {
    const started = performance.now();
    try {
      const response = await fetch(url + route);
      await response.arrayBuffer();
      const ms = performance.now() - started;
      probe.samples.push(ms);
      if (!probe.slowest || ms > probe.slowest.ms) probe.slowest = { ms, atS: (started - origin) / 1000 };
      if (response.status !== 200) probe.failures.push(`${response.status} after ${probe.samples.length} requests`);
    } catch (error) {
      probe.failures.push(error instanceof Error ? error.message : String(error));
    }
    const wait = PROBE_INTERVAL_MS - (performance.now() - started);
    if (wait > 0 && !stopped) await Promise.race([new Promise((resolve) => setTimeout(resolve, wait)), stop]);
  }
  return probe;
}

async function eventLoopMax(probePort: number, reset: boolean): Promise<number | null> {
  return (await readEventLoop(`http://127.0.0.1:${probePort}`, reset))?.maxMs ?? null;
}

/** Asks for the components list until no row's summary is being computed (at most 120 s). */
async function listSettled(url: string): Promise<void> {
  const until = performance.now() + 120_000;
  for (;;) {
    const page = (await (await fetch(`${url}/api/components`)).json()) as { computing?: number };
    if (!page.computing) return;
    if (performance.now() > until)
      throw new Error(`the list still had ${page.computing} summaries computing after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The warm-up: a small bundle of another run, stored through the same route. */
async function warmUp(url: string): Promise<void> {
  const body = await bundleBuffer(taSplitV1beta1(), "tar.gz");
  const response = await fetch(`${url}/api/bundles`, {
    method: "POST",
    headers: { "Content-Type": "application/gzip", "X-Filename": "warm-up.tar.gz" },
    body: new Uint8Array(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`the warm-up upload answered ${response.status}: ${text.slice(0, 500)}`);
}

async function uploadThroughServer(bundleFile: string, bytes: number, dir: string, warm: boolean) {
  const probePort = await freeLoopbackPort();
  console.log("server: starting the production server (tsx cli/start.ts, fresh SQLite, DEMO_DATA=off) …");
  const dbFile = path.join(dir, "server.db");
  const server = await startServer(`file:${dbFile}`, path.join(dir, "server.log"), {
    BENCH_EVENT_LOOP: "1",
    BENCH_EVENT_LOOP_PORT: String(probePort),
  });
  try {
    console.log(`  serving at ${server.url} (pid ${server.serving}) after ${server.startSeconds.toFixed(1)} s`);
    if (warm) await warmUp(server.url);
    // One of each probed request first, so the figures are of a warm server, as a user's would be; after the warm-up
    // upload, until the list has every summary again (the summaries it made stale are computed in the background,
    // and the list waits up to 50 ms for them: lib/recommend/components-page.ts), so that wait is not this upload's.
    for (const route of PROBED) await (await fetch(server.url + route)).arrayBuffer();
    await listSettled(server.url);
    const rowsBefore = countRows(dbFile);
    const idleRssKb = statusKb(server.serving, "VmRSS") ?? 0;
    const hwmReset = resetPeaks([server.serving]);
    await eventLoopMax(probePort, true);
    const cpuBefore = cpuSeconds(server.serving);
    // The server and its children (the goal), and the whole tree with the cli/start.ts launcher (context).
    const sampler = new RssSampler(server.serving).start();
    const treeSampler = new RssSampler(server.root).start();

    console.log(`upload: POST /api/bundles, ${mib(bytes).toFixed(1)} MiB streamed from disk …`);
    const started = performance.now();
    const posting = postFile(server.url, bundleFile, bytes);
    const probes = Promise.all(PROBED.map((route) => probeWhile(server.url, route, posting, started)));
    const answer = await posting;
    const seconds = (performance.now() - started) / 1000;
    sampler.stop();
    treeSampler.stop();
    const others = await probes;
    const cpuAfter = cpuSeconds(server.serving);
    const hwmKb = hwmReset ? statusKb(server.serving, "VmHWM") : null;
    const loopMaxMs = await eventLoopMax(probePort, false);
    if (answer.status !== 201) {
      throw new Error(`POST /api/bundles answered ${answer.status}, expected 201: ${answer.text.slice(0, 2000)}`);
    }
    const result = JSON.parse(answer.text) as { runs: { name: string }[]; warnings: string[] };
    const peakKb = Math.max(sampler.treeSumKb, hwmKb ?? 0);
    return {
      seconds,
      status: answer.status,
      run: result.runs[0]?.name ?? null,
      warnings: result.warnings.length,
      serverCpuSeconds: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
      serverStartSeconds: server.startSeconds,
      rss: {
        idleMiB: idleRssKb / 1024,
        // The goal's figure: the largest of the polled sum (server + children) and the kernel's own peak mark.
        peakMiB: peakKb / 1024,
        polledServerAndChildrenMiB: sampler.treeSumKb / 1024,
        polledPeakAtS: sampler.treeSumAtS,
        servingVmHwmMiB: hwmKb === null ? null : hwmKb / 1024,
        withLauncherMiB: treeSampler.treeSumKb / 1024,
        samples: sampler.samples,
      },
      others: others.map((probe) => ({
        path: probe.path,
        failures: probe.failures,
        slowestAtS: probe.slowest?.atS ?? null,
        ...summarize(probe.samples),
      })),
      eventLoopMaxMs: loopMaxMs,
      warm,
      rowsBefore,
      dbFile,
    };
  } finally {
    await server.stop();
  }
}

/** Runs the upload bench; throws when the bench itself fails (a missed goal is only reported). */
export async function run(argv: string[], { ignoreUnknown = false } = {}): Promise<void> {
  const options = parseArgs(argv, ignoreUnknown);
  const build = buildState();
  if (build !== "current" && !options.build) {
    if (ignoreUnknown) {
      // Under `npm run bench`, like the page bench without --server: say how to run it, do not fail the others.
      console.log(`upload bench skipped: the production build is ${build}; run \`npm start\` once, or pass --build`);
      return;
    }
    throw new Error(
      `the production build is ${build === "missing" ? "missing" : "older than the sources"}: the server would build ` +
        `first. Run \`npm start\` once (it builds, then serves; stop it), or pass --build to let the bench do it\n${USAGE}`,
    );
  }
  const dir = await mkdtemp(path.join(tmpdir(), "bench-upload-"));
  try {
    await measure(dir, options, build);
  } finally {
    if (options.keep) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

async function measure(dir: string, options: Options, build: string): Promise<void> {
  const loadBefore = loadAverage();
  let bundleFile = options.bundle;
  let generated = null;
  if (bundleFile === null) {
    bundleFile = path.join(dir, "bundle.tar.gz");
    console.log(`generating ${options.sizeGib} GiB of logs into ${bundleFile} (not measured) …`);
    generated = await writeLogBundle(bundleFile, Math.round(options.sizeGib * 1024 ** 3));
    const compression = generated.uncompressedBytes / generated.compressedBytes;
    if (compression >= BOMB_RATIO)
      throw new Error(`the bundle compresses ${compression.toFixed(0)}×: it would be rejected`);
  }
  const { size: bytes } = await stat(bundleFile);

  console.log("cli: tsx cli/ingest.ts --json into a fresh SQLite database …");
  const cliDb = path.join(dir, "cli.db");
  const cli = await ingestCli(bundleFile, cliDb);
  const cliRows = countRows(cliDb);
  const upload = await uploadThroughServer(bundleFile, bytes, dir, options.warm);
  // What the measured upload added (with --warm the server held the warm-up's rows before).
  const after = countRows(upload.dbFile);
  const uploadRows = {
    pipelineRuns: after.pipelineRuns - upload.rowsBefore.pipelineRuns,
    taskRuns: after.taskRuns - upload.rowsBefore.taskRuns,
    measurements: after.measurements - upload.rowsBefore.measurements,
  };

  const ratio = upload.seconds / cli.seconds;
  const othersMaxMs = Math.max(...upload.others.map((o) => o.maxMs));
  const othersFailed = upload.others.some((o) => o.failures.length > 0 || o.samples === 0);
  const sameRows = (Object.keys(cliRows) as (keyof typeof cliRows)[]).every((k) => cliRows[k] === uploadRows[k]);
  const goals = {
    ratio: { figure: round(ratio, 3), max: GOALS.ratio, pass: ratio <= GOALS.ratio },
    peakRssMiB: {
      figure: round(upload.rss.peakMiB, 1),
      max: GOALS.peakRssMiB,
      pass: upload.rss.peakMiB <= GOALS.peakRssMiB,
    },
    otherRequestsMaxMs: {
      figure: othersMaxMs,
      max: GOALS.otherRequestsMaxMs,
      pass: !othersFailed && othersMaxMs <= GOALS.otherRequestsMaxMs,
    },
    sameRows: { cli: cliRows, upload: uploadRows, pass: sameRows },
  };
  const loadAfter = loadAverage();
  const file = await writeResults(options.label ? `upload-${options.label}` : "upload", {
    measuredAt: new Date().toISOString(),
    label: options.label,
    loadAverage: { before: loadBefore, after: loadAfter },
    build,
    bundle: { file: options.bundle, bytes, generated },
    cli: {
      seconds: round(cli.seconds, 3),
      cpuSeconds: cli.cpuSeconds,
      peakRssMiB: cli.peakRssKb === null ? null : round(cli.peakRssKb / 1024, 1),
      rssMethod: cli.rssMethod,
      run: cli.run,
      warnings: cli.warnings,
    },
    upload: {
      ...upload,
      dbFile: undefined,
      seconds: round(upload.seconds, 3),
      rss: Object.fromEntries(Object.entries(upload.rss).map(([k, v]) => [k, typeof v === "number" ? round(v, 1) : v])),
    },
    goals,
    pass: goals.ratio.pass && goals.peakRssMiB.pass && goals.otherRequestsMaxMs.pass && goals.sameRows.pass,
  });

  const verdict = (pass: boolean) => (pass ? "PASS" : "FAIL");
  const latency = (l: Latency) => `p50 ${l.p50Ms} ms, p95 ${l.p95Ms} ms, max ${l.maxMs} ms (n=${l.samples})`;
  const rows = (r: typeof cliRows) =>
    `${r.pipelineRuns} PipelineRuns, ${r.taskRuns} TaskRuns, ${r.measurements} measurements`;
  console.log(
    `\nupload bench: ${mib(bytes).toFixed(1)} MiB bundle${generated ? ` (${mib(generated.uncompressedBytes).toFixed(0)} MiB of logs)` : ""}, ` +
      (options.warm ? "server warmed by one small upload first" : "the server's first upload"),
  );
  console.log(
    `  CLI ingest            ${cli.seconds.toFixed(2)} s wall, ${cli.cpuSeconds?.toFixed(2) ?? "?"} s CPU, peak RSS ${cli.peakRssKb === null ? "?" : (cli.peakRssKb / 1024).toFixed(1)} MiB`,
  );
  console.log(
    `  POST /api/bundles     ${upload.seconds.toFixed(2)} s wall (request start to response), server CPU ${upload.serverCpuSeconds?.toFixed(2) ?? "?"} s`,
  );
  console.log(
    `  server RSS            idle ${upload.rss.idleMiB.toFixed(1)} MiB; polled peak ${upload.rss.polledServerAndChildrenMiB.toFixed(1)} MiB ` +
      `(${upload.rss.samples} samples, the highest ${upload.rss.polledPeakAtS.toFixed(2)} s into the upload), VmHWM ${upload.rss.servingVmHwmMiB?.toFixed(1) ?? "n/a"} MiB; with the launcher ${upload.rss.withLauncherMiB.toFixed(1)} MiB`,
  );
  for (const o of upload.others) {
    console.log(
      `  GET ${o.path.padEnd(18)} ${latency(o)}` +
        (o.slowestAtS === null ? "" : `; the slowest asked ${o.slowestAtS.toFixed(2)} s into the upload`) +
        (o.failures.length ? `; failures: ${o.failures.join("; ")}` : ""),
    );
  }
  console.log(`  event loop            longest stall during the upload ${upload.eventLoopMaxMs ?? "n/a"} ms`);
  console.log(`  stored by the CLI     ${rows(cliRows)}`);
  console.log(`  stored by the upload  ${rows(uploadRows)}${options.warm ? " (added to the warm-up's)" : ""}`);
  console.log(`  load average          ${loadBefore ?? "?"} before, ${loadAfter ?? "?"} after`);
  console.log(
    `  ${verdict(goals.ratio.pass)}  upload ÷ CLI seconds           ${ratio.toFixed(3).padStart(9)}  target ≤ ${GOALS.ratio}`,
  );
  console.log(
    `  ${verdict(goals.peakRssMiB.pass)}  server peak RSS (MiB)         ${upload.rss.peakMiB.toFixed(1).padStart(9)}  target ≤ ${GOALS.peakRssMiB}`,
  );
  console.log(
    `  ${verdict(goals.otherRequestsMaxMs.pass)}  other requests max (ms)       ${othersMaxMs.toFixed(1).padStart(9)}  target ≤ ${GOALS.otherRequestsMaxMs}`,
  );
  console.log(`  ${verdict(sameRows)}  same rows as the CLI's        ${(sameRows ? "yes" : "no").padStart(9)}`);
  console.log(`  written to ${path.relative(process.cwd(), file)}`);
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  run(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`bench:upload: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
