// `npm run bench:ingest [-- --size-gib <n>] [--keep]`: times the ingest CLI on a generated ≥ 1 GiB log bundle
// against `gzip -dc | wc -l` on the same file, and reports the time ratio and peak RSS against their targets.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { StoreBundleResult } from "../lib/db/store-bundle";
import { writeLogBundle } from "./log-bundle";
import { loadAverage, mib, REPO_ROOT, runMeasured, writeResults } from "./measure";

const USAGE = "usage: npm run bench:ingest -- [--size-gib <n>] [--keep]";
const DEFAULT_SIZE_GIB = 1.1;
/** Targets: ingest at most twice as slow as decompressing and counting lines, in a quarter GiB of memory. */
const MAX_RATIO = 2;
const MAX_RSS_MIB = 256;
/** The archive reader rejects more; real logs compress 8–20×, so the bench bundle should too. */
const BOMB_RATIO = 200;

interface Options {
  sizeGib: number;
  keep: boolean;
}

function parseArgs(argv: string[], ignoreUnknown: boolean): Options {
  const options: Options = { sizeGib: DEFAULT_SIZE_GIB, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--keep") options.keep = true;
    else if (arg === "--size-gib") {
      const value = Number(argv[++i]);
      if (!(value > 0)) throw new Error(`--size-gib needs a positive number\n${USAGE}`);
      options.sizeGib = value;
    } else if (!ignoreUnknown) throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return options;
}

type Outcome = { ok: true; result: StoreBundleResult } | { ok: false; error: { code: string; message: string } };

/** Runs the ingest bench; throws when the bench itself fails (a missed target is only reported). */
export async function run(argv: string[], { ignoreUnknown = false } = {}): Promise<void> {
  const options = parseArgs(argv, ignoreUnknown);
  const dir = await mkdtemp(path.join(tmpdir(), "bench-ingest-"));
  try {
    await measure(dir, options);
  } finally {
    if (options.keep) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

async function measure(dir: string, options: Options): Promise<void> {
  const bundleFile = path.join(dir, "bundle.tar.gz");
  const loadBefore = loadAverage();

  console.log(`generating ${options.sizeGib} GiB of logs into ${bundleFile} …`);
  const started = performance.now();
  const bundle = await writeLogBundle(bundleFile, Math.round(options.sizeGib * 1024 ** 3));
  const generationSeconds = (performance.now() - started) / 1000;
  const compression = bundle.uncompressedBytes / bundle.compressedBytes;
  console.log(`generated in ${generationSeconds.toFixed(1)} s (not part of the measurement)`);
  if (compression >= BOMB_RATIO) {
    throw new Error(`generated bundle compresses ${compression.toFixed(0)}×, the ingest would reject it as a bomb`);
  }
  // The same run without the filler: what the CLI costs whatever the size (start-up, migrations, storing).
  const floorFile = path.join(dir, "floor.tar.gz");
  await writeLogBundle(floorFile, 0);

  console.log("baseline: gzip -dc | wc -l …");
  const baseline = await runMeasured("bash", ["-c", 'gzip -dc -- "$1" | wc -l', "bash", bundleFile]);
  if (baseline.exitCode !== 0) throw new Error(`baseline failed (${baseline.exitCode}): ${baseline.stderr}`);
  const baselineLines = Number(baseline.stdout.trim());

  console.log("ingest: tsx cli/ingest.ts --json …");
  const ingest = await ingestCli(bundleFile, path.join(dir, "bench.db"));
  console.log("fixed cost: the same run at fixture size …");
  const floor = await ingestCli(floorFile, path.join(dir, "floor.db"));

  const ratio = ingest.seconds / baseline.seconds;
  const cpuRatio = ingest.cpuSeconds !== null && baseline.cpuSeconds ? ingest.cpuSeconds / baseline.cpuSeconds : null;
  const rssMib = ingest.peakRssKb === null ? null : ingest.peakRssKb / 1024;
  const floorRssMib = floor.peakRssKb === null ? null : floor.peakRssKb / 1024;
  const figures = {
    measuredAt: new Date().toISOString(),
    loadAverage: { before: loadBefore, after: loadAverage() },
    bundle: {
      compressedBytes: bundle.compressedBytes,
      uncompressedBytes: bundle.uncompressedBytes,
      compressionRatio: round(compression, 1),
      entries: bundle.entries,
      generatedLines: bundle.lines,
      generationSeconds: round(generationSeconds, 2),
    },
    baseline: {
      command: "gzip -dc <bundle> | wc -l",
      seconds: round(baseline.seconds, 3),
      cpuSeconds: baseline.cpuSeconds,
      lines: baselineLines,
    },
    ingest: {
      command: `NODE_OPTIONS=${INGEST_NODE_OPTIONS} tsx cli/ingest.ts --json <bundle>`,
      seconds: round(ingest.seconds, 3),
      cpuSeconds: ingest.cpuSeconds,
      // The CLI's JSON reports files, runs and signals, not line counts.
      lines: null,
      peakRssMiB: rssMib === null ? null : round(rssMib, 1),
      rssMethod: ingest.rssMethod,
      run: ingest.run,
      files: ingest.files,
      signals: ingest.signals,
      warnings: ingest.warnings,
    },
    fixedCost: {
      bundleBytes: floor.bundleBytes,
      seconds: round(floor.seconds, 3),
      cpuSeconds: floor.cpuSeconds,
      peakRssMiB: floorRssMib === null ? null : round(floorRssMib, 1),
    },
    ratio: round(ratio, 3),
    cpuRatio: cpuRatio === null ? null : round(cpuRatio, 3),
    targets: {
      ratio: { max: MAX_RATIO, pass: ratio <= MAX_RATIO },
      peakRssMiB: { max: MAX_RSS_MIB, pass: rssMib !== null && rssMib <= MAX_RSS_MIB },
    },
  };
  const resultsFile = await writeResults("ingest", figures);

  const verdict = (pass: boolean) => (pass ? "PASS" : "MISS");
  const cpu = (run: { cpuSeconds: number | null }) =>
    run.cpuSeconds === null ? "" : `, ${run.cpuSeconds.toFixed(2)} s CPU`;
  const megabytes = (value: number | null) => (value === null ? "unknown" : `${value.toFixed(1)} MiB`);
  const rows: [string, string][] = [
    ["bundle (compressed)", `${mib(bundle.compressedBytes).toFixed(1)} MiB, ${bundle.entries} entries`],
    ["uncompressed", `${mib(bundle.uncompressedBytes).toFixed(1)} MiB (${compression.toFixed(1)}× compression)`],
    ["lines", `${baselineLines} by wc -l; ${bundle.lines} generated; the ingest CLI does not report lines`],
    ["baseline", `${baseline.seconds.toFixed(2)} s wall${cpu(baseline)}  (gzip -dc | wc -l)`],
    [
      "ingest",
      `${ingest.seconds.toFixed(2)} s wall${cpu(ingest)}  (${ingest.run}: ${ingest.signals} signals, ` +
        `${ingest.warnings} warnings)`,
    ],
    [
      "ratio ingest/baseline",
      `${ratio.toFixed(2)}  target ≤ ${MAX_RATIO}: ${verdict(figures.targets.ratio.pass)}` +
        (cpuRatio === null ? "" : `  (CPU time ratio ${cpuRatio.toFixed(2)})`),
    ],
    [
      "peak RSS",
      `${megabytes(rssMib)} (${ingest.rssMethod})  target ≤ ${MAX_RSS_MIB} MiB: ${verdict(figures.targets.peakRssMiB.pass)}`,
    ],
    [
      "fixed cost",
      `${floor.seconds.toFixed(2)} s wall${cpu(floor)}, ${megabytes(floorRssMib)} peak RSS at fixture size`,
    ],
    ["load average", `${loadBefore ?? "?"} before, ${figures.loadAverage.after ?? "?"} after`],
  ];
  console.log("\ningest bench");
  for (const [label, value] of rows) console.log(`  ${label.padEnd(22)} ${value}`);
  console.log(`  written to ${path.relative(process.cwd(), resultsFile)}`);
}

/** The V8 option `npm run ingest` sets (package.json): small young-generation semi-spaces keep a streaming CLI's RSS low. */
const INGEST_NODE_OPTIONS = "--max-semi-space-size=2";

/** Runs the real CLI on `bundleFile` into a fresh SQLite database and checks it stored one new run. */
export async function ingestCli(bundleFile: string, dbFile: string) {
  const measured = await runMeasured(
    path.join(REPO_ROOT, "node_modules/.bin/tsx"),
    ["cli/ingest.ts", "--json", bundleFile],
    { env: { ...process.env, DATABASE_URL: `file:${dbFile}`, NODE_OPTIONS: INGEST_NODE_OPTIONS } },
  );
  if (measured.exitCode !== 0) {
    const status = measured.exitCode ?? measured.signal;
    throw new Error(`ingest CLI exited ${status}: ${measured.stderr.trim()}\n${measured.stdout}`);
  }
  const outcomes = JSON.parse(measured.stdout) as Outcome[];
  const outcome = outcomes[0];
  if (outcomes.length !== 1 || outcome === undefined || !outcome.ok) {
    throw new Error(`ingest did not accept ${bundleFile}: ${measured.stdout}`);
  }
  const { upload, runs, files, warnings } = outcome.result;
  if (upload.status !== "ingested" || runs.length !== 1) {
    throw new Error(`expected one newly ingested run, got status ${upload.status} with ${runs.length} run(s)`);
  }
  const signals = files.reduce((sum, file) => sum + Number(/^(\d+) signal/.exec(file.message ?? "")?.[1] ?? 0), 0);
  const { size: bundleBytes } = await stat(bundleFile);
  return {
    ...measured,
    bundleBytes,
    run: runs[0]?.name ?? null,
    files: files.length,
    signals,
    warnings: warnings.length,
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  run(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`bench:ingest: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
