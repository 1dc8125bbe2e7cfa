// `npm start`: everything a fresh clone needs to serve the dashboard.
//   1. build the production bundle when it is missing or older than the sources (fingerprint below);
//   2. apply pending migrations and, on an empty database, load the demo data;
//   3. run `next start` on HOST:PORT, with the configuration the build resolved (below), and print the URL once it
//      answers.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { readEnv } from "../lib/config/env";
import { bootstrapDatabase } from "../lib/pipeline/load-demo-data";
import { sweepStaleSpools } from "../lib/ingest/archive/spool";

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const fingerprintFile = path.join(root, ".next", "advisor-build-fingerprint");

/** What a production build depends on: app code, generated clients, config and the lockfile. */
const BUILD_INPUTS = ["app", "components", "lib", "generated", "public"];
const BUILD_INPUT_FILES = [
  "package-lock.json",
  "next.config.ts",
  "proxy.ts",
  "instrumentation.ts",
  "instrumentation-client.ts",
  "tsconfig.json",
  "prisma/schema.prisma",
];

function walk(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
}

export function buildFingerprint(): string {
  const files: string[] = [];
  for (const dir of BUILD_INPUTS) walk(path.join(root, dir), files);
  for (const file of BUILD_INPUT_FILES) if (existsSync(path.join(root, file))) files.push(path.join(root, file));
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    const stat = statSync(file);
    hash.update(`${path.relative(root, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

/** Whether `npm start` would serve the production build as it is ("current") or build first. */
export function buildState(): "missing" | "stale" | "current" {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(fingerprintFile)) return "missing";
  return readFileSync(fingerprintFile, "utf8") === buildFingerprint() ? "current" : "stale";
}

function ensureBuild(env: NodeJS.ProcessEnv): void {
  const fingerprint = buildFingerprint();
  const built = existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(fingerprintFile);
  if (built && readFileSync(fingerprintFile, "utf8") === fingerprint) return;
  console.log(
    built
      ? "start: sources changed since the last build; rebuilding…"
      : "start: building the dashboard (first run, about a minute)…",
  );
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) {
    console.error("start: the build failed (see above)");
    process.exit(result.status ?? 1);
  }
  writeFileSync(fingerprintFile, fingerprint);
}

/**
 * The configuration `next build` resolved from next.config.ts, as JSON, from .next/required-server-files.json (the
 * file Next's own standalone server starts from), or null when it is missing, unreadable or was built in another
 * folder (it holds absolute paths). Handed to `next start` in __NEXT_PRIVATE_STANDALONE_CONFIG, it spares the
 * server compiling next.config.ts at every start: that loads SWC's native binding (about 25 MiB mapped, and its
 * threads), which then stays in the server for good (docs/measurements.md, "Fourth sitting"). The headers the
 * config declares are in the build's routes manifest either way. With null, `next start` reads next.config.ts.
 */
export function builtNextConfig(dir: string = root): string | null {
  try {
    const file = JSON.parse(readFileSync(path.join(dir, ".next", "required-server-files.json"), "utf8")) as {
      config?: unknown;
    };
    const config = file.config;
    if (typeof config !== "object" || config === null || Array.isArray(config)) return null;
    const builtIn = (config as { outputFileTracingRoot?: unknown }).outputFileTracingRoot;
    if (builtIn !== undefined && builtIn !== dir) return null;
    return JSON.stringify(config);
  } catch {
    return null;
  }
}

async function waitUntilReady(url: string, child: { exitCode: number | null }): Promise<boolean> {
  for (let attempt = 0; attempt < 600 && child.exitCode === null; attempt++) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function main(): Promise<void> {
  const env = readEnv();
  // glibc keeps freed blocks under its mmap threshold (which grows up to 32 MiB) in the heap instead of returning
  // them: an upload's request chunks and store left ~40 MiB behind that way. A fixed 64 KiB threshold gives large
  // blocks back when freed (bench:upload: server peak 305–329 MiB → 259–274 MiB, no time cost seen; docs/
  // measurements.md "Upload path"). Set it in the environment to choose another; other C libraries ignore it.
  const childEnv: NodeJS.ProcessEnv = { MALLOC_MMAP_THRESHOLD_: "65536", ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  ensureBuild(childEnv);
  const config = builtNextConfig();
  if (config !== null && childEnv.__NEXT_PRIVATE_STANDALONE_CONFIG === undefined) {
    childEnv.__NEXT_PRIVATE_STANDALONE_CONFIG = config;
  }
  const bootstrap = await bootstrapDatabase(env, root);
  console.log(`start: ${bootstrap.summary}`);
  // Upload spool folders of a dashboard that was killed mid-upload (kill -9, OOM) would stay in the temp
  // folder forever: remove those before serving. The server sweeps again before its first upload.
  const swept = await sweepStaleSpools().catch(() => []);
  if (swept.length > 0)
    console.log(`start: removed ${swept.length} upload spool folder(s) left by a stopped dashboard`);
  // Small young-generation semi-spaces: an upload's parsed JSON is garbage within moments, and V8's default 16 MiB
  // semi-spaces let ~50 MiB of it pile up before a scavenge. And a full collection once the old generation has
  // grown by half of what was live after the last one, not (V8's default on a large machine) up to 4×: a large
  // upload otherwise took the server ~100 MiB past what it needed (docs/measurements.md "Scale": peak RSS).
  const nodeFlags = ["--max-semi-space-size=4", "--heap-growing-percent=50"];
  const child = spawn(
    process.execPath,
    [...nodeFlags, nextBin, "start", "--port", String(env.PORT), "--hostname", env.HOST],
    {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...childEnv, DATABASE_URL: env.DATABASE_URL },
    },
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
  const shownHost = env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST;
  const url = `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${env.PORT}`;
  if (await waitUntilReady(url, child)) {
    console.log(`\nPrefetch Cost Advisor is running at ${url}  (Ctrl+C to stop)\n`);
  }
}

// Run as a script only: bench/upload.ts imports buildState() to refuse a missing or stale build.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
