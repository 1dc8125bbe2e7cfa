// `npm run bench:scale [-- --taskruns <n>] [--postgres] [--keep]`: one hostile PipelineRun (5,000 TaskRuns, mostly
// overlapping remote builds of one matrix task, all on one ReadWriteOnce volumeClaimTemplate PVC) uploaded as one
// tar.gz to the production server (cli/start.ts on a temp SQLite database, or a throwaway PostgreSQL cluster):
// the upload's wall time and the serving process's peak RSS, then the run API, the run page and the
// recommendation, each timed warm. Reports PASS/FAIL per target; writes bench-results/scale.json.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { createGzip } from "node:zlib";
import { pack } from "tar-stream";
import { freeLoopbackPort, startPgCluster, type PgCluster } from "../cli/pg-cluster";
import {
  DEFAULT_BASE,
  hex,
  konfluxAnnotations,
  konfluxLabels,
  kubectlList,
  pipelineRunObject,
  taskRunObject,
  uidFor,
  type Json,
  type Param,
  type PipelineTaskSpec,
  type RunSpec,
  type StepSpec,
  type TaskRunSpec,
} from "../tests/fixtures/real-shapes/tekton";
import { loadAverage, mib, REPO_ROOT, writeResults } from "./measure";

const USAGE = "usage: npm run bench:scale -- [--taskruns <n>] [--postgres] [--keep]";
const DEFAULT_TASKRUNS = 5000;
/** Targets (issue "Hold under hostile scale", acceptance 2). */
const MAX_INGEST_SECONDS = 10;
const MAX_RSS_MIB = 400;
const MAX_READ_MS = 2000;
const MAX_HAZARD_MESSAGE_BYTES = 2048;
/** TaskRuns per JSON file: about 10 MiB each, far below the ingest's 64 MiB per structured file. */
const TASKRUNS_PER_FILE = 1000;
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
/** The archive reader rejects a bundle that inflates more than this (BUNDLE_MAX_RATIO). */
const BOMB_RATIO = 200;
const WARM_REQUESTS = 3;
const READ_LABELS = {
  runApi: "GET /api/runs/{id}",
  runPage: "GET /runs/{id}",
  recommendation: "GET /api/components/{name}/recommendation",
} as const;
const POLL_MS = 50;
const COMPONENT = "scale-monolith";
const SERVER_START_TIMEOUT_MS = 15 * 60_000;

interface Options {
  taskRuns: number;
  postgres: boolean;
  keep: boolean;
}

function parseArgs(argv: string[], ignoreUnknown: boolean): Options {
  const options: Options = { taskRuns: DEFAULT_TASKRUNS, postgres: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--keep") options.keep = true;
    // --pg as well, so `npm run bench -- --pg` takes this part to PostgreSQL along with the query bench.
    else if (arg === "--postgres" || arg === "--pg") options.postgres = true;
    else if (arg === "--taskruns") {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 10) throw new Error(`--taskruns needs an integer ≥ 10\n${USAGE}`);
      options.taskRuns = value;
    } else if (!ignoreUnknown) throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return options;
}

// ---------------------------------------------------------------------------------------------------------
// The hostile run

/** Remote platforms, as the multi-platform controller names them; every 50th build is local (linux/x86_64). */
const REMOTE_PLATFORMS = [
  "linux/arm64",
  "linux/s390x",
  "linux/ppc64le",
  "linux-m2xlarge/arm64",
  "linux-mxlarge/amd64",
  "linux-c4xlarge/arm64",
  "linux-large/s390x",
];
const LOCAL_PLATFORM = "linux/x86_64";

const steps = (...list: [name: string, start: number, end: number][]): StepSpec[] =>
  list.map(([name, start, end]) => ({ name, start, end }));

/** A small deterministic number in [0, modulo) from a seed. */
const spread = (seed: string, modulo: number) => parseInt(hex(seed, 8), 16) % modulo;

/**
 * One PipelineRun with `total` TaskRuns: init, clone, prefetch, `total - 5` builds of the `build-images` matrix
 * task (overlapping in time), the image index and apply-tags; every workspace-using TaskRun on one PVC.
 */
export function hostileRun(total: number, base = DEFAULT_BASE): RunSpec {
  const name = `${COMPONENT}-on-push-${hex(`scale:${total}`, 5)}`;
  const namespace = "rhtap-build-tenant";
  const sha = hex(`sha:${name}`, 40);
  const repoUrl = `https://github.com/example-org/${COMPONENT}`;
  const id = {
    component: COMPONENT,
    application: `${COMPONENT}-app`,
    namespace,
    eventType: "push" as const,
    name,
    sha,
    repoUrl,
    pipelineLabel: "docker-build-multi-platform",
  };
  const image = `quay.io/redhat-user-workloads/${namespace}/${COMPONENT}:${sha}`;
  // Tekton names the claim it creates from the volumeClaimTemplate `pvc-<hash>`; every TaskRun shows that claim.
  const claim = `pvc-${hex(`pvc:${name}`, 10)}`;
  const onPvc = (taskWorkspace: string): Json[] => [
    { name: taskWorkspace, persistentVolumeClaim: { claimName: claim } },
  ];
  const prefetchInput = '[{"type": "rpm", "path": "."}, {"type": "gomod", "path": "."}]';
  const builds = total - 5;
  const platforms = [...REMOTE_PLATFORMS, LOCAL_PLATFORM];
  const buildPlatform = (index: number) =>
    index % 50 === 49 ? LOCAL_PLATFORM : REMOTE_PLATFORMS[index % REMOTE_PLATFORMS.length]!;

  const pipelineTasks: PipelineTaskSpec[] = [
    { name: "init", task: "init", version: "0.2", params: [{ name: "image-url", value: "$(params.output-image)" }] },
    {
      name: "clone-repository",
      task: "git-clone",
      version: "0.1",
      runAfter: ["init"],
      params: [
        { name: "url", value: "$(params.git-url)" },
        { name: "revision", value: "$(params.revision)" },
      ],
      workspaces: [{ name: "output", workspace: "workspace" }],
    },
    {
      name: "prefetch-dependencies",
      task: "prefetch-dependencies",
      version: "0.2",
      runAfter: ["clone-repository"],
      params: [{ name: "input", value: "$(params.prefetch-input)" }],
      workspaces: [{ name: "source", workspace: "workspace" }],
    },
    {
      name: "build-images",
      task: "buildah-remote",
      version: "0.4",
      runAfter: ["prefetch-dependencies"],
      matrix: [{ name: "PLATFORM", value: ["$(params.build-platforms)"] }],
      params: [
        { name: "IMAGE", value: "$(params.output-image)" },
        { name: "DOCKERFILE", value: "$(params.dockerfile)" },
        { name: "PREFETCH_INPUT", value: "$(params.prefetch-input)" },
        { name: "IMAGE_APPEND_PLATFORM", value: "true" },
      ],
      workspaces: [{ name: "source", workspace: "workspace" }],
    },
    {
      name: "build-image-index",
      task: "build-image-index",
      version: "0.1",
      runAfter: ["build-images"],
      params: [
        { name: "IMAGE", value: "$(params.output-image)" },
        { name: "IMAGES", value: ["$(tasks.build-images.results.IMAGE_REF[*])"] },
      ],
    },
    {
      name: "apply-tags",
      task: "apply-tags",
      version: "0.1",
      runAfter: ["build-image-index"],
      params: [{ name: "IMAGE", value: "$(tasks.build-image-index.results.IMAGE_URL)" }],
    },
  ];

  // Builds start over ten minutes after the prefetch and run 5–15 minutes each: hundreds at a time on the PVC.
  let lastBuildEnd = 0;
  const buildRuns: TaskRunSpec[] = Array.from({ length: builds }, (_, index) => {
    const trName = `${name}-build-images-${index}`;
    const platform = buildPlatform(index);
    const start = 221 + (index % 600);
    const queue = 5 + spread(`queue:${trName}`, 60);
    const buildEnd = start + queue + 300 + spread(`build:${trName}`, 600);
    // 3–5 steps.
    const stepList: [string, number, number][] = [
      ["build", start + queue, buildEnd],
      ["push", buildEnd, buildEnd + 15],
      ["sbom-syft-generate", buildEnd + 15, buildEnd + 25],
      ["prepare-sboms", buildEnd + 25, buildEnd + 27],
      ["upload-sbom", buildEnd + 27, buildEnd + 30],
    ].slice(0, 3 + (index % 3)) as [string, number, number][];
    const end = stepList.at(-1)![2] + 1;
    lastBuildEnd = Math.max(lastBuildEnd, end);
    const params: Param[] = [
      { name: "IMAGE", value: image },
      { name: "DOCKERFILE", value: "Containerfile" },
      { name: "CONTEXT", value: "." },
      { name: "HERMETIC", value: "true" },
      { name: "PREFETCH_INPUT", value: prefetchInput },
      { name: "IMAGE_APPEND_PLATFORM", value: "true" },
      { name: "PLATFORM", value: platform },
    ];
    return {
      name: trName,
      pipelineTask: "build-images",
      task: "buildah-remote",
      version: "0.4",
      start,
      end,
      steps: steps(...stepList),
      params,
      workspaces: onPvc("source"),
      labels: { "build.appstudio.redhat.com/target-platform": platform.replace("/", "-") },
    };
  });
  const indexStart = lastBuildEnd + 2;
  const taskRuns: TaskRunSpec[] = [
    {
      name: `${name}-init`,
      pipelineTask: "init",
      task: "init",
      version: "0.2",
      start: 0,
      end: 8,
      steps: steps(["init", 3, 7]),
      params: [{ name: "image-url", value: image }],
    },
    {
      name: `${name}-clone-repository`,
      pipelineTask: "clone-repository",
      task: "git-clone",
      version: "0.1",
      start: 9,
      end: 37,
      steps: steps(["clone", 13, 29], ["symlink-check", 29, 30], ["report", 30, 36]),
      params: [
        { name: "url", value: `${repoUrl}.git` },
        { name: "revision", value: sha },
      ],
      workspaces: onPvc("output"),
      results: [{ name: "commit", value: sha }],
    },
    {
      name: `${name}-prefetch-dependencies`,
      pipelineTask: "prefetch-dependencies",
      task: "prefetch-dependencies",
      version: "0.2",
      start: 38,
      end: 220,
      steps: steps(
        ["skip-ta", 43, 43],
        ["sanitize-cachi2-config-file-with-yq", 43, 45],
        ["prefetch-dependencies", 45, 205],
        ["register-sbom", 205, 215],
      ),
      params: [{ name: "input", value: prefetchInput }],
      workspaces: onPvc("source"),
    },
    ...buildRuns,
    {
      name: `${name}-build-image-index`,
      pipelineTask: "build-image-index",
      task: "build-image-index",
      version: "0.1",
      start: indexStart,
      end: indexStart + 21,
      steps: steps(["build", indexStart + 5, indexStart + 17], ["create-sbom", indexStart + 17, indexStart + 19]),
      params: [{ name: "IMAGE", value: image }],
    },
    {
      name: `${name}-apply-tags`,
      pipelineTask: "apply-tags",
      task: "apply-tags",
      version: "0.1",
      start: indexStart + 22,
      end: indexStart + 34,
      steps: steps(["apply-additional-tags-from-parameter", indexStart + 26, indexStart + 31]),
      params: [{ name: "IMAGE_URL", value: image }],
    },
  ];
  return {
    name,
    generateName: `${COMPONENT}-on-push-`,
    namespace,
    uid: uidFor(`pipelinerun:${namespace}/${name}`),
    base,
    start: 0,
    end: indexStart + 36,
    // Embedded: spec.pipelineSpec and status.pipelineSpec both carry the matrix task.
    pipeline: null,
    params: [
      { name: "git-url", value: `${repoUrl}.git` },
      { name: "revision", value: sha },
      { name: "output-image", value: image },
      { name: "dockerfile", value: "Containerfile" },
      { name: "prefetch-input", value: prefetchInput },
      { name: "build-platforms", value: platforms },
    ],
    pipelineTasks,
    pipelineWorkspaceNames: ["workspace", "git-auth"],
    workspaces: [
      {
        name: "workspace",
        volumeClaimTemplate: {
          metadata: { creationTimestamp: null },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
          status: {},
        },
      },
      { name: "git-auth", secret: { secretName: `pac-gitauth-${hex(`auth:${name}`, 6)}` } },
    ],
    taskRuns,
    labels: konfluxLabels(id),
    annotations: konfluxAnnotations(id),
  };
}

interface Bundle {
  file: string;
  compressedBytes: number;
  uncompressedBytes: number;
  files: { path: string; bytes: number; items: number }[];
  run: { name: string; uid: string; taskRuns: number; builds: number; claim: string };
}

/** Writes the run as `kubectl get … -o json` Lists (the PipelineRun, then TaskRuns by the thousand) in a tar.gz. */
async function writeBundle(file: string, run: RunSpec): Promise<Bundle> {
  const archive = pack();
  const gzip = createGzip();
  const output = createWriteStream(file);
  const done = pipeline(archive, gzip, output);
  const mtime = new Date(run.base + run.end * 1000);
  const files: Bundle["files"] = [];
  const add = async (entryPath: string, items: Json[]) => {
    // kubectl indents by 4 spaces.
    const content = Buffer.from(JSON.stringify(kubectlList(items), null, 4) + "\n", "utf8");
    if (content.length > MAX_DOCUMENT_BYTES) throw new Error(`${entryPath} is ${mib(content.length)} MiB, over 64 MiB`);
    files.push({ path: entryPath, bytes: content.length, items: items.length });
    await new Promise<void>((resolve, reject) =>
      archive.entry({ name: entryPath, mode: 0o644, mtime }, content, (error) => (error ? reject(error) : resolve())),
    );
  };
  await new Promise<void>((resolve, reject) =>
    archive.entry({ name: "export/", type: "directory", mode: 0o755, mtime }, (error) =>
      error ? reject(error) : resolve(),
    ),
  );
  await add("export/pipelinerun.json", [pipelineRunObject(run)]);
  const ordered = [...run.taskRuns].sort((a, b) => a.start - b.start);
  for (let from = 0, part = 0; from < ordered.length; from += TASKRUNS_PER_FILE, part++) {
    const items = ordered.slice(from, from + TASKRUNS_PER_FILE).map((tr) => taskRunObject(run, tr));
    await add(`export/taskruns-${String(part).padStart(2, "0")}.json`, items);
  }
  archive.finalize();
  await done;
  const { size } = await stat(file);
  return {
    file,
    compressedBytes: size,
    uncompressedBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    files,
    run: {
      name: run.name,
      uid: run.uid,
      taskRuns: run.taskRuns.length,
      builds: run.taskRuns.filter((t) => t.pipelineTask === "build-images").length,
      claim: `pvc-${hex(`pvc:${run.name}`, 10)}`,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// /proc: the server's process tree, the process that serves, its memory

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      if (children) out.push(...children.split(/\s+/).map(Number));
    }
  } catch {
    // gone
  }
  return out;
}

/** `pid` and its descendants. */
function processTree(pid: number): number[] {
  const out: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop()!;
    out.push(current);
    pending.push(...childrenOf(current));
  }
  return out;
}

/** A `kB` field of /proc/<pid>/status (VmRSS, VmHWM), or null when the process is gone. */
export function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds of one process (/proc/<pid>/stat fields 14 and 15). */
export function cpuSeconds(pid: number): number | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    return "?";
  }
}

/** The process in `tree` holding the socket that listens on 127.0.0.1:`port` (IPv4 or IPv6 table). */
function listeningProcess(tree: number[], port: number): number | null {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT, st 0A is LISTEN, field 9 the inode.
      if (fields.length > 9 && fields[3] === "0A" && Number.parseInt(fields[1]!.split(":")[1]!, 16) === port) {
        inodes.add(fields[9]!);
      }
    }
  }
  for (const pid of tree) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const target = (() => {
          try {
            return readlinkSync(`/proc/${pid}/fd/${fd}`);
          } catch {
            return "";
          }
        })();
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return pid;
      }
    } catch {
      // not ours to read, or gone
    }
  }
  return null;
}

/** Polls VmRSS of every process in a tree every 50 ms while a phase runs. */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  /** Largest VmRSS seen, per pid (KiB). */
  readonly perPid = new Map<number, number>();
  treeSumKb = 0;
  /** When treeSumKb was seen, in seconds after start(). */
  treeSumAtS = 0;
  samples = 0;
  private startedAt = 0;

  constructor(private readonly root: number) {}

  start(): this {
    this.startedAt = performance.now();
    this.sample();
    this.timer = setInterval(() => this.sample(), POLL_MS);
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }

  private sample(): void {
    let sum = 0;
    for (const pid of processTree(this.root)) {
      const rss = statusKb(pid, "VmRSS");
      if (rss === null) continue;
      sum += rss;
      this.perPid.set(pid, Math.max(this.perPid.get(pid) ?? 0, rss));
    }
    if (sum > this.treeSumKb) {
      this.treeSumKb = sum;
      this.treeSumAtS = (performance.now() - this.startedAt) / 1000;
    }
    this.samples++;
  }

  maxKb(pid?: number): number {
    if (pid !== undefined) return this.perPid.get(pid) ?? 0;
    return Math.max(0, ...this.perPid.values());
  }
}

/** Resets the kernel's peak-RSS mark (VmHWM) of each process (`5` > clear_refs, Linux ≥ 4.0); false if refused. */
export function resetPeaks(pids: number[]): boolean {
  let ok = true;
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, "5");
    } catch {
      ok = false;
    }
  }
  return ok;
}

// ---------------------------------------------------------------------------------------------------------
// The server

interface Server {
  url: string;
  /** The spawned `tsx cli/start.ts`. */
  root: number;
  /** The process that listens on the port (next start's server). */
  serving: number;
  tree: { pid: number; command: string }[];
  startSeconds: number;
  log: string;
  stop(): Promise<void>;
}

/** Environment variables that would change what the bench measures (auth, limits) are left out. */
const DROPPED_ENV = [
  "UPLOAD_TOKEN",
  "READ_TOKEN",
  "AUTH_PROXY_HEADER",
  "UPLOAD_MAX_BYTES",
  "BUNDLE_MAX_TOTAL_BYTES",
  "BUNDLE_MAX_ENTRY_BYTES",
  "BUNDLE_MAX_ENTRIES",
  "BUNDLE_MAX_RATIO",
  "NODE_OPTIONS",
];

/** Starts the production server the way users do (`npx tsx cli/start.ts`: build if stale, migrate, next start). */
export async function startServer(
  databaseUrl: string,
  logFile: string,
  extraEnv: Record<string, string> = {},
): Promise<Server> {
  const port = await freeLoopbackPort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of DROPPED_ENV) delete env[name];
  Object.assign(env, {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    DEMO_DATA: "off",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extraEnv,
  });
  const started = performance.now();
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(path.join(REPO_ROOT, "node_modules/.bin/tsx"), ["cli/start.ts"], {
    cwd: REPO_ROOT,
    env,
    // Its own process group, so stopping it stops next start and anything it spawned.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on("data", (chunk: Buffer) => {
      log.write(chunk);
      // Show start's own progress (a rebuild takes minutes), not next's request log.
      for (const line of chunk.toString("utf8").split("\n")) if (/^start: /.test(line)) console.log(`  ${line}`);
    });
  }
  // A Ctrl+C of the bench does not reach the server's own process group: pass it on.
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const stop = async () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    const running = child.exitCode === null && child.signalCode === null;
    // The whole group, even when start.ts has exited: next start could outlive it.
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    if (running) {
      const timeout = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timeout);
    }
    log.end();
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  let ready = false;
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    try {
      ready = (await fetch(`${url}/api/health`)).ok;
    } catch {
      // not listening yet
    }
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!ready) {
    await stop();
    const tail = (await readFile(logFile, "utf8").catch(() => "")).split("\n").slice(-30).join("\n");
    throw new Error(`the server did not answer /api/health (log ${logFile}):\n${tail}`);
  }
  const tree = processTree(child.pid!);
  const serving = listeningProcess(tree, port);
  if (serving === null) {
    await stop();
    throw new Error(`no process of the server's tree (${tree.join(", ")}) listens on port ${port}`);
  }
  return {
    url,
    root: child.pid!,
    serving,
    tree: tree.map((pid) => ({ pid, command: commandLine(pid).slice(0, 120) })),
    startSeconds: (performance.now() - started) / 1000,
    log: logFile,
    stop,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The measurement

interface ReadTiming {
  path: string;
  status: number;
  bytes: number;
  firstMs: number;
  warmMs: number[];
  maxMs: number;
}

async function timedGet(url: string): Promise<{ status: number; bytes: number; ms: number; body: Buffer }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, bytes: body.length, ms: performance.now() - started, body };
}

/** One uncounted request (the cold one, reported apart), then WARM_REQUESTS timed ones. */
async function timeRead(server: string, route: string): Promise<ReadTiming> {
  const first = await timedGet(server + route);
  const warm: number[] = [];
  let status = first.status;
  for (let i = 0; i < WARM_REQUESTS; i++) {
    const result = await timedGet(server + route);
    warm.push(result.ms);
    if (result.status !== 200) status = result.status;
  }
  return {
    path: route,
    status,
    bytes: first.bytes,
    firstMs: round(first.ms, 1),
    warmMs: warm.map((ms) => round(ms, 1)),
    maxMs: round(Math.max(...warm), 1),
  };
}

interface UploadAnswer {
  upload: { id: number; status: string };
  runs: { id: number; name: string }[];
  warnings: string[];
}

async function measureOn(kind: "sqlite" | "postgresql", databaseUrl: string, bundle: Bundle, dir: string) {
  console.log(`${kind}: starting the production server (npx tsx cli/start.ts, DEMO_DATA=off) …`);
  const server = await startServer(databaseUrl, path.join(dir, `server-${kind}.log`));
  try {
    console.log(
      `  serving at ${server.url} after ${server.startSeconds.toFixed(1)} s; serving process ${server.serving} ` +
        `(${commandLine(server.serving).slice(0, 80)})`,
    );
    const tree = processTree(server.root);
    const idleRssKb = statusKb(server.serving, "VmRSS") ?? 0;
    const hwmReset = resetPeaks(tree);
    const cpuBefore = cpuSeconds(server.serving);

    // The upload.
    const body = await readFile(bundle.file);
    const sampler = new RssSampler(server.root).start();
    const started = performance.now();
    const response = await fetch(`${server.url}/api/bundles`, {
      method: "POST",
      headers: { "Content-Type": "application/gzip", "X-Filename": path.basename(bundle.file) },
      body,
    });
    const text = await response.text();
    const ingestSeconds = (performance.now() - started) / 1000;
    sampler.stop();
    const cpuAfter = cpuSeconds(server.serving);
    const hwmKb = hwmReset ? (statusKb(server.serving, "VmHWM") ?? 0) : null;
    if (response.status !== 201) {
      throw new Error(`POST /api/bundles answered ${response.status}, expected 201: ${text.slice(0, 2000)}`);
    }
    const answer = JSON.parse(text) as UploadAnswer;
    const runId = answer.runs[0]?.id;
    if (answer.runs.length !== 1 || runId === undefined) {
      throw new Error(`expected one stored run, got ${answer.runs.length}: ${text.slice(0, 2000)}`);
    }
    const ingest = {
      status: response.status,
      seconds: round(ingestSeconds, 3),
      serverCpuSeconds: cpuBefore !== null && cpuAfter !== null ? round(cpuAfter - cpuBefore, 2) : null,
      runId,
      warnings: answer.warnings.length,
      answerBytes: Buffer.byteLength(text, "utf8"),
      rss: {
        idleBeforeMiB: round(idleRssKb / 1024, 1),
        // Polled every 50 ms.
        servingPeakMiB: round(sampler.maxKb(server.serving) / 1024, 1),
        treeLargestMiB: round(sampler.maxKb() / 1024, 1),
        treeSumPeakMiB: round(sampler.treeSumKb / 1024, 1),
        // The kernel's own mark, reset just before the upload: catches a peak between two polls.
        servingVmHwmMiB: hwmKb === null ? null : round(hwmKb / 1024, 1),
        samples: sampler.samples,
      },
    };
    const peakRssMiB = Math.max(ingest.rss.treeLargestMiB, ingest.rss.servingVmHwmMiB ?? 0);

    // The run as stored: the race hazard must be there, and short.
    const detail = await timedGet(`${server.url}/api/runs/${runId}`);
    if (detail.status !== 200) throw new Error(`GET /api/runs/${runId} answered ${detail.status}`);
    const run = JSON.parse(detail.body.toString("utf8")) as {
      strategy: string;
      hazards: { code: string; message: string }[];
      taskRuns: unknown[];
      component: string;
    };
    const race = run.hazards.find((h) => h.code === "shared-workspace-race");
    if (!race) throw new Error(`run ${runId} has no shared-workspace-race hazard: ${JSON.stringify(run.hazards)}`);
    const raceBytes = Buffer.byteLength(race.message, "utf8");
    if (raceBytes >= MAX_HAZARD_MESSAGE_BYTES) {
      throw new Error(`the shared-workspace-race message is ${raceBytes} bytes, not under ${MAX_HAZARD_MESSAGE_BYTES}`);
    }
    if (run.taskRuns.length !== bundle.run.taskRuns) {
      throw new Error(`run ${runId} has ${run.taskRuns.length} TaskRuns, the bundle ${bundle.run.taskRuns}`);
    }

    // Reads, with the server's memory watched too.
    const readSampler = new RssSampler(server.root).start();
    const reads = {
      runApi: await timeRead(server.url, `/api/runs/${runId}`),
      runPage: await timeRead(server.url, `/runs/${runId}`),
      recommendation: await timeRead(server.url, `/api/components/${encodeURIComponent(run.component)}/recommendation`),
    };
    readSampler.stop();

    const targets = {
      ingestSeconds: { max: MAX_INGEST_SECONDS, value: ingest.seconds, pass: ingest.seconds < MAX_INGEST_SECONDS },
      peakRssMiB: { max: MAX_RSS_MIB, value: peakRssMiB, pass: peakRssMiB < MAX_RSS_MIB },
      ...Object.fromEntries(
        Object.entries(reads).map(([name, read]) => [
          `${name}MaxMs`,
          {
            max: MAX_READ_MS,
            value: read.maxMs,
            status: read.status,
            pass: read.status === 200 && read.maxMs < MAX_READ_MS,
          },
        ]),
      ),
    } as Record<string, { max: number; value: number; status?: number; pass: boolean }>;
    return {
      kind,
      server: { startSeconds: round(server.startSeconds, 1), servingPid: server.serving, tree: server.tree },
      ingest,
      peakRssMiB,
      run: {
        id: runId,
        strategy: run.strategy,
        hazards: run.hazards.map((h) => ({ code: h.code, bytes: Buffer.byteLength(h.message, "utf8") })),
        raceMessage: race.message,
        taskRuns: run.taskRuns.length,
      },
      reads,
      readsPeakRssMiB: round(readSampler.maxKb() / 1024, 1),
      targets,
    };
  } finally {
    await server.stop();
  }
}

type Measured = Awaited<ReturnType<typeof measureOn>>;

function report(result: Measured): void {
  const verdict = (pass: boolean) => (pass ? "PASS" : "FAIL");
  const t = result.targets;
  const rows: [string, string, string, string][] = [
    [
      "POST /api/bundles",
      `${result.ingest.seconds.toFixed(2)} s`,
      `< ${MAX_INGEST_SECONDS} s`,
      verdict(t.ingestSeconds!.pass),
    ],
    ["server peak RSS", `${result.peakRssMiB.toFixed(1)} MiB`, `< ${MAX_RSS_MIB} MiB`, verdict(t.peakRssMiB!.pass)],
    ...(["runApi", "runPage", "recommendation"] as const).map((name): [string, string, string, string] => {
      const read = result.reads[name];
      return [
        READ_LABELS[name],
        `${read.maxMs.toFixed(0)} ms (${read.status})`,
        `200, < ${MAX_READ_MS} ms`,
        verdict(t[`${name}MaxMs`]!.pass),
      ];
    }),
  ];
  console.log(`\nscale bench (${result.kind}): ${result.run.taskRuns} TaskRuns, run ${result.run.id}`);
  console.log(`  ${"".padEnd(44)} ${"measured".padEnd(18)} ${"target".padEnd(16)}`);
  for (const [label, value, target, pass] of rows) {
    console.log(`  ${label.padEnd(44)} ${value.padEnd(18)} ${target.padEnd(16)} ${pass}`);
  }
  const rss = result.ingest.rss;
  console.log(
    `  RSS detail: idle ${rss.idleBeforeMiB} MiB; serving process polled ${rss.servingPeakMiB} MiB, VmHWM ` +
      `${rss.servingVmHwmMiB ?? "n/a"} MiB; tree sum ${rss.treeSumPeakMiB} MiB; during reads ${result.readsPeakRssMiB} MiB`,
  );
  console.log(
    `  server CPU during the upload ${result.ingest.serverCpuSeconds ?? "?"} s; first (cold) reads: ` +
      (["runApi", "runPage", "recommendation"] as const)
        .map((name) => `${result.reads[name].firstMs.toFixed(0)} ms`)
        .join(", ") +
      `; strategy ${result.run.strategy}; hazards ${result.run.hazards.map((h) => `${h.code} (${h.bytes} B)`).join(", ")}`,
  );
}

/** Runs the scale bench; throws when the bench itself fails (a missed target is only reported). */
export async function run(argv: string[], { ignoreUnknown = false } = {}): Promise<void> {
  const options = parseArgs(argv, ignoreUnknown);
  const dir = await mkdtemp(path.join(tmpdir(), "bench-scale-"));
  let cluster: PgCluster | null = null;
  try {
    const loadBefore = loadAverage();
    const bundleFile = path.join(dir, "scale.tar.gz");
    console.log(`generating one PipelineRun with ${options.taskRuns} TaskRuns into ${bundleFile} …`);
    const generationStarted = performance.now();
    const bundle = await writeBundle(bundleFile, hostileRun(options.taskRuns));
    const generationSeconds = (performance.now() - generationStarted) / 1000;
    const ratio = bundle.uncompressedBytes / bundle.compressedBytes;
    console.log(
      `  ${bundle.files.length} JSON files, ${mib(bundle.uncompressedBytes).toFixed(1)} MiB ` +
        `(largest ${mib(Math.max(...bundle.files.map((f) => f.bytes))).toFixed(1)} MiB), ` +
        `${mib(bundle.compressedBytes).toFixed(1)} MiB compressed (${ratio.toFixed(1)}×), ` +
        `${generationSeconds.toFixed(1)} s (not measured)`,
    );
    if (ratio >= BOMB_RATIO) throw new Error(`the bundle compresses ${ratio.toFixed(0)}×: the ingest would reject it`);

    const results: Measured[] = [];
    results.push(await measureOn("sqlite", `file:${path.join(dir, "scale.db")}`, bundle, dir));
    report(results.at(-1)!);
    if (options.postgres) {
      console.log("\nstarting a throwaway PostgreSQL cluster …");
      cluster = await startPgCluster("advisor_scale");
      results.push(await measureOn("postgresql", cluster.url, bundle, dir));
      report(results.at(-1)!);
    }
    const file = await writeResults("scale", {
      measuredAt: new Date().toISOString(),
      loadAverage: { before: loadBefore, after: loadAverage() },
      bundle: {
        compressedBytes: bundle.compressedBytes,
        uncompressedBytes: bundle.uncompressedBytes,
        compressionRatio: round(ratio, 1),
        files: bundle.files,
        run: bundle.run,
        generationSeconds: round(generationSeconds, 2),
      },
      targets: {
        ingestSeconds: MAX_INGEST_SECONDS,
        peakRssMiB: MAX_RSS_MIB,
        readMaxMs: MAX_READ_MS,
        warmRequests: WARM_REQUESTS,
      },
      databases: results,
      pass: results.every((r) => Object.values(r.targets).every((target) => target.pass)),
    });
    console.log(`  written to ${path.relative(process.cwd(), file)}`);
  } finally {
    if (cluster) {
      if (options.keep) console.log(`kept the PostgreSQL cluster at ${cluster.url} (${cluster.dataDir})`);
      else cluster.stop();
    }
    if (options.keep) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  run(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`bench:scale: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
