// `tsx cli/seed-large.ts [--runs <n>] [--components <n>] [--seed <n>] [--yes] [--no-regressions] [--thin-steps]
// [--injected-out <file>]`: fills DATABASE_URL with synthetic PipelineRuns shaped like real ingests (TaskRuns, steps,
// sourced measurements) by bulk inserts.
// `--thin-steps` (for seeds of a million runs) writes 38 % of the steps (22 of 58 per run): each TaskRun's
// first step (the queue time is "first step start − TaskRun start"), every step a Measurement names (its locator
// `<TaskRun>/<step>`: use-trusted-artifact, prefetch-dependencies, create-trusted-artifact, build) and a failing
// step. The SBOM, push, scan and other bookkeeping steps are left out; nothing else changes (same TaskRuns,
// Measurements, RunPhase rows and random draws), so the cost table, trend, recommendation and components list answer
// as without it (none of them reads Step); only a run page's step lists have gaps.
// PostgreSQL loads faster: two connections write batches side by side, foreign-key triggers are off for their sessions
// when the role may (`session_replication_role = replica`: a superuser, or a role granted SET on it; every id is
// generated consistently here, as SQLite's `foreign_keys = OFF`), and on an empty database the
// non-unique indexes of the bulk tables are dropped first and built again at the end (one sorted build instead of
// millions of random B-tree inserts; an interrupted fresh seed leaves them missing: drop that database).
// Then it injects four regressions (cli/seed-regressions.ts, docs/regressions.md), each into the latest 10 values of
// its cells: one component's s390x rsync ×2, one component's payload bytes ×2 on every arch (a lockfile that
// doubled), one component's ppc64le build ×1.5, one component's shared prefetch ×1.8. Only the stored values change
// (Measurement and RunPhase rows; TaskRun and Step times stay as drawn). They are printed and written as JSON
// (default: next to the SQLite file, `<file>.injected-regressions.json`; data/seed-large.injected-regressions.json
// for PostgreSQL) for `npm run regressions:eval`. `--no-regressions` leaves them out.
import { pathToFileURL } from "node:url";
import type Database from "better-sqlite3";
import pg from "pg";
import { readEnv } from "../lib/config/env";
import { parseDatabaseUrl, redactPassword, type DatabaseTarget } from "../lib/db/database-url";
import { migrate, openSqlite } from "../lib/db/migrate";
import { summarizeRunPhases } from "../lib/measure/run-phases";
import {
  defaultInjectedFile,
  injectRegressions,
  writeInjected,
  type InjectedCell,
  type SqlRunner,
} from "./seed-regressions";

const USAGE =
  "usage: tsx cli/seed-large.ts [--runs <n>] [--components <n>] [--seed <n>] [--yes] [--no-regressions] [--thin-steps] " +
  "[--injected-out <file>]";

export interface SeedOptions {
  runs: number;
  components: number;
  seed: number;
  /** Allow writing into a database that already holds data. */
  allowExisting: boolean;
  /** Progress lines go here (the bench passes its own prefix). */
  log?: (line: string) => void;
  /** Inject the documented regressions after seeding (default true). */
  injectRegressions?: boolean;
  /** Write only the steps something reads (see the header); default false. */
  thinSteps?: boolean;
}

export interface SeedResult {
  seconds: number;
  rows: Record<TableName, number>;
  /** The cells whose latest values were multiplied (empty with injectRegressions: false). */
  injected: InjectedCell[];
}

// ---------------------------------------------------------------------------------------------------------
// Tables as the migrations define them. Types drive the PostgreSQL unnest casts; SQLite binds values as they are.

type ColumnType = "int" | "text" | "float" | "time";
type Value = string | number | null;

const TABLES = {
  Upload: {
    id: "int",
    sha256: "text",
    filename: "text",
    bytes: "float",
    status: "text",
    warnings: "text",
    format: "text",
    files: "text",
    createdAt: "time",
  },
  Component: { id: "int", name: "text", application: "text", createdAt: "time" },
  PipelineRun: {
    id: "int",
    uid: "text",
    name: "text",
    namespace: "text",
    origin: "text",
    componentId: "int",
    uploadId: "int",
    eventType: "text",
    commitSha: "text",
    branch: "text",
    targetBranch: "text",
    startTime: "time",
    completionTime: "time",
    status: "text",
    strategy: "text",
    strategyReason: "text",
    hazards: "text",
    platforms: "text",
    createdAt: "time",
  },
  TaskRun: {
    id: "int",
    pipelineRunId: "int",
    uid: "text",
    name: "text",
    pipelineTaskName: "text",
    taskName: "text",
    arch: "text",
    archEvidence: "text",
    role: "text",
    platform: "text",
    startTime: "time",
    completionTime: "time",
    status: "text",
    queueSeconds: "float",
  },
  Step: {
    id: "int",
    taskRunId: "int",
    name: "text",
    startTime: "time",
    endTime: "time",
    exitCode: "int",
    reason: "text",
  },
  Measurement: {
    id: "int",
    componentId: "int",
    pipelineRunId: "int",
    taskRunId: "int",
    arch: "text",
    phase: "text",
    seconds: "float",
    bytes: "float",
    source: "text",
    sourceDetail: "text",
    locator: "text",
    createdAt: "time",
  },
  RunPhase: {
    id: "int",
    componentId: "int",
    pipelineRunId: "int",
    sortTime: "time",
    arch: "text",
    phase: "text",
    seconds: "float",
    bytes: "float",
    sources: "text",
  },
} as const satisfies Record<string, Record<string, ColumnType>>;

type TableName = keyof typeof TABLES;
/** Parents first, so foreign keys always point at rows already written. */
const TABLE_ORDER: TableName[] = ["Upload", "Component", "PipelineRun", "TaskRun", "Step", "Measurement", "RunPhase"];

type Rows = Record<TableName, Value[][]>;
const emptyRows = (): Rows => ({
  Upload: [],
  Component: [],
  PipelineRun: [],
  TaskRun: [],
  Step: [],
  Measurement: [],
  RunPhase: [],
});

const columnsOf = (table: TableName) => Object.keys(TABLES[table]);
const quoted = (name: string) => `"${name}"`;

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness: the same --seed gives the same rows (timestamps are relative to today, UTC).

/** mulberry32: small, fast and good enough to shape test data. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  float(): number {
    return this.next();
  }
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  int(min: number, max: number): number {
    return Math.floor(this.between(min, max + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** A log-normal factor around 1: most values near it, a long slow tail, as build times are. */
  spread(sigma: number): number {
    const u = Math.max(this.next(), 1e-12);
    const gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
    return Math.exp(sigma * gaussian);
  }
  hex(length: number): string {
    let out = "";
    while (out.length < length) out += ((this.next() * 0x100000000) >>> 0).toString(16).padStart(8, "0");
    return out.slice(0, length);
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

const uuid = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
/** Prisma's SQLite adapter writes DateTime as ISO 8601 with "+00:00"; filters compare these strings. */
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 23) + "+00:00";

// ---------------------------------------------------------------------------------------------------------
// The synthetic world: components with their platforms and payloads, runs laid out like Konflux pipelines.

const MIB = 1024 ** 2;
const DAY_MS = 86_400_000;
const BUILD_ARCHES = ["amd64", "arm64", "ppc64le", "s390x"] as const;
const PLATFORM: Record<string, string> = {
  amd64: "linux/x86_64",
  arm64: "linux/arm64",
  ppc64le: "linux/ppc64le",
  s390x: "linux/s390x",
};
/** Relative build speed per arch (emulated or smaller VMs are slower). */
const BUILD_FACTOR: Record<string, number> = { amd64: 1, arm64: 1.15, ppc64le: 1.6, s390x: 1.4 };
const PREFIXES = [
  "flatpak",
  "ubi",
  "kernel",
  "quay",
  "ansible",
  "cert",
  "opm",
  "tekton",
  "hermeto",
  "podman",
  "keylime",
  "sssd",
  "ovn",
  "kiali",
  "loki",
  "tempo",
  "jaeger",
  "istio",
  "serverless",
  "gitops",
];
const SUFFIXES = ["sdk", "runtime", "builder", "operator", "bundle", "cli", "server", "agent", "gateway", "exporter"];
const STRATEGIES: [string, number][] = [
  ["ta-shared", 0.74],
  ["ta-split", 0.2],
  ["pvc-shared", 0.03],
  ["pvc-per-arch-duplicated", 0.015],
  ["pvc-per-arch-split", 0.015],
];
const STRATEGY_REASON: Record<string, string> = {
  "ta-shared": "one prefetch-dependencies-oci-ta TaskRun; every build restores its CACHI2_ARTIFACT",
  "ta-split": "one prefetch-dependencies-oci-ta TaskRun per platform, each build restores its own CACHI2_ARTIFACT",
  "pvc-shared": "one prefetch TaskRun writes a PVC workspace that every build mounts",
  "pvc-per-arch-duplicated": "one prefetch per platform, each of the whole lockfile, on its own PVC",
  "pvc-per-arch-split": "one prefetch per platform, each of its own arch's packages, on its own PVC",
};

/** The steps Measurements name (step-timestamps locators, and the build step whose log the markers come from). */
const MEASURED_STEPS = new Set(["use-trusted-artifact", "prefetch-dependencies", "create-trusted-artifact", "build"]);

interface ComponentProfile {
  id: number;
  name: string;
  application: string;
  namespace: string;
  /** Build platforms plus "source" when the component ships a source image. */
  platforms: string[];
  payloadBytes: Record<string, number>;
  buildSeconds: number;
}

function componentName(index: number): { name: string; application: string } {
  const prefix = PREFIXES[index % PREFIXES.length] as string;
  const suffix = SUFFIXES[Math.floor(index / PREFIXES.length) % SUFFIXES.length] as string;
  const round = Math.floor(index / (PREFIXES.length * SUFFIXES.length));
  return { name: `${prefix}-${suffix}${round > 0 ? `-${round + 1}` : ""}`, application: prefix };
}

function makeComponent(random: Random, id: number, name: string, application: string): ComponentProfile {
  const twoPlatforms = random.chance(0.1);
  const builds = twoPlatforms ? ["amd64", "arm64"] : [...BUILD_ARCHES];
  const platforms = twoPlatforms ? builds : [...builds, "source"];
  const base = 150 * MIB * random.spread(1.1);
  const payloadBytes: Record<string, number> = {};
  for (const arch of builds) payloadBytes[arch] = Math.round(base * random.between(0.85, 1.15));
  if (!twoPlatforms) payloadBytes.source = Math.round(base * random.between(1.1, 1.6));
  return {
    id,
    name,
    application,
    namespace: `${application}-tenant`,
    platforms,
    payloadBytes,
    buildSeconds: 240 * random.spread(0.8),
  };
}

/** Appends one run's rows (as the ingest would store them) to `rows`; returns the number of rows. */
class RunWriter {
  private ids: Record<TableName, number>;
  constructor(
    private readonly random: Random,
    startIds: Record<TableName, number>,
    private readonly createdAt: string,
    private readonly thinSteps = false,
  ) {
    this.ids = { ...startIds };
  }

  nextId(table: TableName): number {
    return this.ids[table]++;
  }

  writeComponent(rows: Rows, component: ComponentProfile): void {
    rows.Component.push([component.id, component.name, component.application, this.createdAt]);
  }

  writeRun(rows: Rows, component: ComponentProfile, startMs: number, ageFraction: number): void {
    const r = this.random;
    const runId = this.nextId("PipelineRun");
    const uploadId = this.nextId("Upload");
    const push = r.chance(0.4);
    const runName = `${component.name}-on-${push ? "push" : "pull-request"}-${r.hex(5)}`;
    let strategy = STRATEGIES[0]![0];
    for (let roll = r.float(), i = 0; i < STRATEGIES.length; roll -= STRATEGIES[i]![1], i++) {
      if (roll < STRATEGIES[i]![1]) {
        strategy = STRATEGIES[i]![0];
        break;
      }
    }
    const ta = strategy.startsWith("ta-");
    const perArchPrefetch = strategy !== "ta-shared" && strategy !== "pvc-shared";
    const failed = r.chance(0.07);
    const builds = component.platforms.filter((p) => p !== "source");
    const failingBuild = failed ? r.pick(builds) : null;
    // Payloads grow slowly over the year as lockfiles gain packages.
    const growth = 0.9 + 0.2 * ageFraction;
    const payload = (arch: string) => Math.round((component.payloadBytes[arch] ?? 0) * growth);
    const totalPayload = component.platforms.reduce((sum, arch) => sum + payload(arch), 0);
    const measurements: Value[][] = [];
    const taskRunIds = new Map<string, number>();
    let completion = startMs;

    const measure = (
      taskRunId: number | null,
      arch: string,
      phase: string,
      seconds: number | null,
      bytes: number | null,
      source: string,
      sourceDetail: string,
      locator: string | null,
    ) =>
      measurements.push([
        this.nextId("Measurement"),
        component.id,
        runId,
        taskRunId,
        arch,
        phase,
        seconds,
        bytes,
        source,
        sourceDetail,
        locator,
        this.createdAt,
      ]);

    /** One TaskRun with its steps laid out back to back after a queue wait; returns its end (ms). */
    const taskRun = (
      pipelineTask: string,
      taskName: string,
      role: string,
      arch: string | null,
      startAt: number,
      queueS: number,
      steps: [name: string, seconds: number][],
      failAtStep: string | null = null,
    ): { id: number; name: string; end: number; stepStart: Map<string, number> } => {
      const id = this.nextId("TaskRun");
      const name = `${runName}-${pipelineTask}`;
      taskRunIds.set(name, id);
      let cursor = startAt + queueS * 1000;
      const stepStart = new Map<string, number>();
      for (const [index, [stepName, seconds]] of steps.entries()) {
        const failsHere = stepName === failAtStep;
        const end = cursor + seconds * 1000;
        stepStart.set(stepName, cursor);
        const kept = !this.thinSteps || index === 0 || failsHere || MEASURED_STEPS.has(stepName);
        if (kept)
          rows.Step.push([
            this.nextId("Step"),
            id,
            stepName,
            iso(cursor),
            iso(end),
            failsHere ? 1 : 0,
            failsHere ? "Error" : "Completed",
          ]);
        cursor = end;
        if (failsHere) break;
      }
      const end = cursor + 1000;
      const evidence =
        arch === null
          ? null
          : arch === "shared"
            ? "shared prefetch"
            : role === "source-build"
              ? "task-name"
              : "PLATFORM";
      rows.TaskRun.push([
        id,
        runId,
        uuid(r.hex(32)),
        name,
        pipelineTask.replace(/-\d+$/, ""),
        taskName,
        arch,
        evidence,
        role,
        arch !== null && arch in PLATFORM ? PLATFORM[arch]! : null,
        iso(startAt),
        iso(end),
        failAtStep ? "Failed" : "Succeeded",
        queueS,
      ]);
      completion = Math.max(completion, end);
      return { id, name, end, stepStart };
    };
    const stepMeasure = (tr: { id: number; name: string }, arch: string, phase: string, step: string, s: number) =>
      measure(
        tr.id,
        arch,
        phase,
        s,
        null,
        "step-timestamps",
        `step ${step} of TaskRun ${tr.name}`,
        `${tr.name}/${step}`,
      );
    /** restore (step time and time -v bytes) and queue, as the ingest derives them for build TaskRuns. */
    const restoreAndQueue = (
      tr: { id: number; name: string },
      arch: string,
      restoreS: number,
      bytes: number,
      steps: [string, number][],
      queueS: number,
    ) => {
      if (ta) {
        stepMeasure(tr, arch, "restore", "use-trusted-artifact", restoreS);
        const log = `${tr.name}/use-trusted-artifact.log`;
        const line = 14 + r.int(0, 30);
        const detail = `time -v "File system outputs" × 512 in ${log}`;
        measure(tr.id, arch, "restore", null, Math.round(bytes / 512) * 512, "time-v", detail, `${log}:${line}`);
      }
      const first = steps[0]?.[0] ?? "build";
      const detail = `TaskRun ${tr.name}: first step start − TaskRun start`;
      measure(tr.id, arch, "queue", queueS, null, "step-timestamps", detail, `${tr.name}/${first}`);
    };

    const init = taskRun("init", "init", "other", null, startMs, r.int(2, 6), [["init", r.int(3, 8)]]);
    const cloneSteps: [string, number][] = [
      ["clone", r.int(8, 30)],
      ["symlink-check", 1],
    ];
    if (ta) cloneSteps.push(["create-trusted-artifact", r.int(3, 10)]);
    const clone = taskRun(
      "clone-repository",
      ta ? "git-clone-oci-ta" : "git-clone",
      "other",
      null,
      init.end + 1000,
      r.int(3, 10),
      cloneSteps,
    );

    // Prefetch: once for every arch ("shared"), or once per platform.
    const prefetchArches = perArchPrefetch ? component.platforms : ["shared"];
    const prefetchEnd = new Map<string, number>();
    const artifactBytes = new Map<string, number>();
    for (const [index, arch] of prefetchArches.entries()) {
      const bytes = arch === "shared" || strategy === "pvc-per-arch-duplicated" ? totalPayload : payload(arch);
      const prefetchS = Math.round((20 + bytes / (35 * MIB)) * r.spread(0.25));
      const createS = Math.round((4 + bytes / (90 * MIB)) * r.spread(0.2));
      const steps: [string, number][] = ta
        ? [
            ["skip-ta", 1],
            ["use-trusted-artifact", r.int(2, 6)],
            ["prefetch-dependencies", prefetchS],
            ["create-trusted-artifact", createS],
          ]
        : [
            ["sanitize-prefetch-input", 1],
            ["prefetch-dependencies", prefetchS],
          ];
      const tr = taskRun(
        perArchPrefetch ? `prefetch-dependencies-${index}` : "prefetch-dependencies",
        ta ? "prefetch-dependencies-oci-ta" : "prefetch-dependencies",
        "prefetch",
        arch,
        clone.end + 1000,
        r.int(2, 8),
        steps,
      );
      stepMeasure(tr, arch, "prefetch", "prefetch-dependencies", prefetchS);
      if (ta) stepMeasure(tr, arch, "create-upload", "create-trusted-artifact", createS);
      prefetchEnd.set(arch, tr.end);
      artifactBytes.set(arch, bytes);
    }
    const after = (arch: string) => (prefetchEnd.get(arch) ?? prefetchEnd.get("shared") ?? clone.end) + 1000;
    const restored = (arch: string) => artifactBytes.get(arch) ?? artifactBytes.get("shared") ?? totalPayload;

    let buildsEnd = 0;
    for (const [index, arch] of builds.entries()) {
      const remote = arch !== "amd64";
      const queueS = remote ? Math.round(20 * r.spread(0.9)) : r.int(2, 12);
      const restoreS = Math.round((3 + restored(arch) / (160 * MIB)) * r.spread(0.25));
      const rsyncS = Math.round((2 + restored(arch) / (70 * MIB)) * r.spread(0.3));
      const rsyncBackBytes = Math.round(restored(arch) * 0.15 + 40 * MIB * r.spread(0.5));
      const rsyncBackS = Math.round((2 + rsyncBackBytes / (70 * MIB)) * r.spread(0.3));
      const buildS = Math.round(component.buildSeconds * BUILD_FACTOR[arch]! * r.spread(0.2));
      const pullS = r.int(5, 20);
      const fails = arch === failingBuild;
      const buildStepS = remote ? rsyncS + 3 + (fails ? buildS : buildS + rsyncBackS + pullS) : buildS;
      const steps: [string, number][] = [
        ...(ta ? ([["use-trusted-artifact", restoreS]] as [string, number][]) : []),
        ["build", buildStepS],
        ["push", r.int(10, 60)],
        ["sbom-syft-generate", r.int(20, 90)],
        ["prepare-sboms", r.int(2, 5)],
        ["analyse-dependencies-java-sbom", r.int(1, 4)],
        ["merge-cachi2-sbom", r.int(1, 3)],
        ["inject-sbom-and-push", r.int(10, 30)],
        ["upload-sbom", r.int(3, 10)],
      ];
      const tr = taskRun(
        `build-images-${index}`,
        remote ? (ta ? "buildah-remote-oci-ta" : "buildah-remote") : ta ? "buildah-oci-ta" : "buildah",
        "build",
        arch,
        after(arch),
        queueS,
        steps,
        fails ? "build" : null,
      );
      buildsEnd = Math.max(buildsEnd, tr.end);
      restoreAndQueue(tr, arch, restoreS, restored(arch), steps, queueS);
      const log = `${tr.name}/build.log`;
      if (remote) {
        // Line numbers of the markers in the build log, as the log scanner reports them.
        const [rsyncLine, sshLine, backLine] = [12, 40 + r.int(0, 20), 900 + r.int(0, 4000)];
        const marker = (from: string, to: string, phase: string, s: number, a: number, b: number) =>
          measure(
            tr.id,
            arch,
            phase,
            s,
            null,
            "log-marker",
            `"${from}" → "${to}" markers in ${log}`,
            `${log}:${a}-${b}`,
          );
        marker("Rsync data", "Build via ssh", "rsync", rsyncS, rsyncLine, sshLine);
        if (!fails) {
          const pullAt = backLine + 30 + r.int(0, 10);
          marker("Build via ssh", "Rsync back", "build", buildS, sshLine, backLine);
          marker("Rsync back", "Buildah pull", "rsync-back", rsyncBackS, backLine, pullAt);
          measure(
            tr.id,
            arch,
            "rsync-back",
            null,
            rsyncBackBytes,
            "rsync-stats",
            `"Total bytes received" of 3 rsync --stats block(s) in ${log}`,
            `${log}:${backLine}-${pullAt}`,
          );
        }
      } else if (!fails) {
        stepMeasure(tr, arch, "build", "build", buildS);
      }
    }

    if (component.platforms.includes("source")) {
      const queueS = r.int(2, 15);
      const restoreS = Math.round((3 + restored("source") / (160 * MIB)) * r.spread(0.25));
      const steps: [string, number][] = [
        ...(ta ? ([["use-trusted-artifact", restoreS]] as [string, number][]) : []),
        ["get-base-images", r.int(5, 20)],
        ["build", Math.round((60 + restored("source") / (50 * MIB)) * r.spread(0.3))],
        ["push", r.int(10, 40)],
      ];
      const tr = taskRun(
        "build-source-image",
        ta ? "source-build-oci-ta" : "source-build",
        "source-build",
        "source",
        after("source"),
        queueS,
        steps,
      );
      restoreAndQueue(tr, "source", restoreS, restored("source"), steps, queueS);
    }

    const sast = taskRun(
      "sast-snyk-check",
      ta ? "sast-snyk-check-oci-ta" : "sast-snyk-check",
      "other",
      null,
      clone.end + 1000,
      r.int(2, 10),
      [
        ...(ta ? ([["use-trusted-artifact", r.int(2, 6)]] as [string, number][]) : []),
        ["sast-snyk-check", r.int(30, 200)],
        ["upload", r.int(2, 8)],
      ],
    );
    completion = Math.max(completion, sast.end);
    if (!failed) {
      const index = taskRun("build-image-index", "build-image-index", "other", null, buildsEnd + 1000, r.int(2, 8), [
        ["build", r.int(5, 20)],
        ["create-sbom", r.int(2, 6)],
        ["upload-sbom", r.int(2, 6)],
      ]);
      taskRun("clair-scan", "clair-scan", "other", null, index.end + 1000, r.int(2, 8), [
        ["get-image-manifests", r.int(2, 6)],
        ["get-vulnerabilities", r.int(20, 120)],
        ["oci-attach-report", r.int(2, 8)],
        ["conftest-vulnerabilities", r.int(2, 8)],
      ]);
    }

    for (const arch of component.platforms) {
      measure(
        null,
        arch,
        "payload",
        null,
        payload(arch),
        "lockfile",
        arch === "source"
          ? "rpms.lock.yaml: source RPMs of every arch, de-duplicated"
          : `rpms.lock.yaml: ${arch} packages`,
        "rpms.lock.yaml",
      );
    }
    // Half the bundles carry the OCI manifest of the prefetch artifact (collect needs registry access for it).
    if (ta && r.chance(0.5)) {
      for (const arch of prefetchArches) {
        const file = `manifest-${arch}.json`;
        const digest = `sha256:${r.hex(64)}`;
        measure(
          null,
          arch,
          "artifact",
          null,
          Math.round(restored(arch) * 0.92),
          "manifest",
          `${file}: CACHI2_ARTIFACT layer (compressed)`,
          `${file}#${digest}`,
        );
      }
    }

    rows.Upload.push([
      uploadId,
      r.hex(64),
      `${runName}.tar.gz`,
      Math.round(2 * MIB * r.spread(0.5)),
      "ingested",
      "[]",
      "tar.gz",
      JSON.stringify([{ name: `${runName}.tar.gz`, kind: "archive", status: "ok" }]),
      iso(completion + 60_000),
    ]);
    rows.PipelineRun.push([
      runId,
      uuid(r.hex(32)),
      runName,
      component.namespace,
      "tekton",
      component.id,
      uploadId,
      push ? "push" : "pull_request",
      r.hex(40),
      push ? "main" : "feature-x",
      "main",
      iso(startMs),
      iso(completion),
      failed ? "Failed" : "Succeeded",
      strategy,
      STRATEGY_REASON[strategy] ?? null,
      "[]",
      component.platforms.join(","),
      iso(completion + 60_000),
    ]);
    // Measurements reference TaskRuns, so they go after them within the run (the sink keeps table order).
    for (const row of measurements) rows.Measurement.push(row);
    // One value per arch and phase, as ingest writes them (lib/measure/run-phases.ts).
    const perPhase = summarizeRunPhases(
      measurements.map(([, , , , arch, phase, seconds, bytes, source, sourceDetail]) => ({
        arch: arch as string,
        phase: phase as string,
        seconds: seconds as number | null,
        bytes: bytes as number | null,
        source: source as string,
        sourceDetail: sourceDetail as string,
      })),
    );
    for (const value of perPhase) {
      rows.RunPhase.push([
        this.nextId("RunPhase"),
        component.id,
        runId,
        iso(startMs),
        value.arch,
        value.phase,
        value.seconds,
        value.bytes,
        value.sources,
      ]);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Sinks: how a batch of rows reaches each database.

interface Sink extends SqlRunner {
  existingRows(): Promise<number>;
  nextIds(): Promise<Record<TableName, number>>;
  takenComponentNames(): Promise<Set<string>>;
  /**
   * Writes one batch. Up to `parallelWrites` calls may be in flight; the caller waits for the oldest before the
   * next, so a sink with several connections can take them in turn.
   */
  write(rows: Rows): Promise<void>;
  parallelWrites: number;
  /** Before the first write into an empty database: drop what restoreIndexes() builds again faster (PostgreSQL). */
  deferIndexes?(): Promise<void>;
  restoreIndexes?(): Promise<void>;
  finish(): Promise<void>;
  close(): Promise<void>;
}

/** Well under SQLite's 32766 bound variables for the widest table (12 columns). */
const SQLITE_ROWS_PER_INSERT = 100;

function sqliteSink(file: string): Sink {
  const db: Database.Database = openSqlite(file);
  // Per-connection settings for the load only (they end with this connection): no fsync per commit, a
  // 1 GiB page cache for the index B-trees, and no foreign-key probes — every id is generated consistently here.
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -1048576");
  db.pragma("foreign_keys = OFF");
  db.pragma("temp_store = MEMORY");
  const insertInto = (table: TableName, rowCount: number) => {
    const columns = columnsOf(table);
    const tuple = `(${columns.map(() => "?").join(", ")})`;
    return db.prepare(
      `INSERT INTO ${quoted(table)} (${columns.map(quoted).join(", ")}) VALUES ${Array(rowCount).fill(tuple).join(", ")}`,
    );
  };
  // Many rows per statement: better-sqlite3's per-call cost, not SQLite, dominates single-row inserts.
  const statements = Object.fromEntries(
    TABLE_ORDER.map((table) => [table, { many: insertInto(table, SQLITE_ROWS_PER_INSERT), one: insertInto(table, 1) }]),
  ) as Record<TableName, { many: Database.Statement; one: Database.Statement }>;
  const insertAll = db.transaction((rows: Rows) => {
    for (const table of TABLE_ORDER) {
      const { many, one } = statements[table];
      const tableRows = rows[table];
      let i = 0;
      for (; i + SQLITE_ROWS_PER_INSERT <= tableRows.length; i += SQLITE_ROWS_PER_INSERT) {
        many.run(tableRows.slice(i, i + SQLITE_ROWS_PER_INSERT).flat());
      }
      for (; i < tableRows.length; i++) one.run(tableRows[i]);
    }
  });
  return {
    existingRows: async () =>
      TABLE_ORDER.reduce(
        (sum, table) => sum + (db.prepare(`SELECT COUNT(*) AS n FROM ${quoted(table)}`).get() as { n: number }).n,
        0,
      ),
    nextIds: async () =>
      Object.fromEntries(
        TABLE_ORDER.map((table) => [
          table,
          (db.prepare(`SELECT COALESCE(MAX("id"), 0) + 1 AS n FROM ${quoted(table)}`).get() as { n: number }).n,
        ]),
      ) as Record<TableName, number>,
    takenComponentNames: async () =>
      new Set((db.prepare(`SELECT "name" FROM "Component"`).all() as { name: string }[]).map((row) => row.name)),
    write: async (rows) => {
      insertAll.immediate(rows);
    },
    parallelWrites: 1,
    select: async <T>(sql: string, params: (string | number)[]) => db.prepare(sql).all(...params) as T[],
    exec: async (sql, params) => {
      db.prepare(sql).run(...params);
    },
    finish: async () => {
      db.exec("ANALYZE");
      db.pragma("wal_checkpoint(TRUNCATE)");
    },
    close: async () => {
      db.close();
    },
  };
}

const PG_ARRAY_TYPE: Record<ColumnType, string> = {
  int: "int[]",
  text: "text[]",
  float: "float8[]",
  // timestamp without time zone ignores the "+00:00" of our ISO strings: the value is the UTC wall time, as Prisma stores it.
  time: "timestamp(3)[]",
};

/** `?` placeholders → PostgreSQL's `$1, $2, …` (the statements hold no literal question mark). */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** PostgreSQL connections that write batches side by side (the server parses and indexes each on its own core). */
const PG_WRITERS = 2;

async function postgresSink(url: string, log: (line: string) => void): Promise<Sink> {
  const writers: pg.Client[] = [];
  let foreignKeysOn = false;
  for (let i = 0; i < PG_WRITERS; i++) {
    const writer = new pg.Client({ connectionString: url });
    await writer.connect();
    writers.push(writer);
    // The load's own sessions only: commits do not wait for the WAL flush, and foreign-key triggers are skipped when
    // the role may (a superuser, or a role granted SET on the parameter); otherwise they stay on, just slower.
    await writer.query("SET synchronous_commit = off");
    try {
      await writer.query("SET session_replication_role = replica");
    } catch {
      foreignKeysOn = true;
    }
  }
  if (foreignKeysOn) log("  foreign-key checks stay on (this role may not set session_replication_role)");
  const client = writers[0]!;
  let nextWriter = 0;
  /** Non-unique indexes dropped by deferIndexes(), with their definitions, until they are built again. */
  let deferred: { name: string; definition: string }[] = [];
  const buildDeferred = async () => {
    if (deferred.length === 0) return;
    const started = performance.now();
    await client.query("SET maintenance_work_mem = '1GB'");
    for (const index of deferred) await client.query(index.definition);
    log(`  built ${deferred.length} deferred indexes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    deferred = [];
  };
  const insertSql = Object.fromEntries(
    TABLE_ORDER.map((table) => {
      const columns = Object.entries(TABLES[table]) as [string, ColumnType][];
      const params = columns.map(([, type], i) => `$${i + 1}::${PG_ARRAY_TYPE[type]}`);
      return [
        table,
        `INSERT INTO ${quoted(table)} (${columns.map(([name]) => quoted(name)).join(", ")})
         SELECT * FROM unnest(${params.join(", ")})`,
      ];
    }),
  ) as Record<TableName, string>;
  return {
    existingRows: async () => {
      let sum = 0;
      for (const table of TABLE_ORDER) {
        const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${quoted(table)}`);
        sum += Number(rows[0]?.n ?? 0);
      }
      return sum;
    },
    nextIds: async () => {
      const ids = {} as Record<TableName, number>;
      for (const table of TABLE_ORDER) {
        const { rows } = await client.query<{ n: number }>(
          `SELECT CAST(COALESCE(MAX("id"), 0) + 1 AS INTEGER) AS n FROM ${quoted(table)}`,
        );
        ids[table] = rows[0]?.n ?? 1;
      }
      return ids;
    },
    takenComponentNames: async () =>
      new Set((await client.query<{ name: string }>(`SELECT "name" FROM "Component"`)).rows.map((row) => row.name)),
    write: async (rows) => {
      // Round robin: with at most PG_WRITERS batches in flight, awaited oldest first, this connection is idle.
      const client = writers[nextWriter]!;
      nextWriter = (nextWriter + 1) % writers.length;
      await client.query("BEGIN");
      try {
        for (const table of TABLE_ORDER) {
          const tableRows = rows[table];
          if (tableRows.length === 0) continue;
          const width = columnsOf(table).length;
          const columns: Value[][] = Array.from({ length: width }, () => new Array<Value>(tableRows.length));
          for (const [r, row] of tableRows.entries()) {
            for (let c = 0; c < width; c++) columns[c]![r] = row[c] ?? null;
          }
          await client.query(insertSql[table], columns);
        }
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
    parallelWrites: PG_WRITERS,
    select: async <T>(sql: string, params: (string | number)[]) =>
      (await client.query(numbered(sql), params)).rows as T[],
    exec: async (sql, params) => {
      await client.query(numbered(sql), params);
    },
    deferIndexes: async () => {
      // Random inserts into the (componentId, arch, phase, …) B-trees dominate a large load once they outgrow the
      // cache; one sorted CREATE INDEX per index at the end is much cheaper. Unique indexes and keys stay.
      const { rows } = await client.query<{ name: string; definition: string }>(
        `SELECT i.indexname AS name, i.indexdef AS definition
         FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname AND c.relnamespace = i.schemaname::regnamespace
         JOIN pg_index x ON x.indexrelid = c.oid
         WHERE i.schemaname = current_schema() AND i.tablename = ANY($1) AND NOT x.indisunique`,
        [TABLE_ORDER],
      );
      for (const index of rows) await client.query(`DROP INDEX ${quoted(index.name)}`);
      deferred = rows;
    },
    restoreIndexes: buildDeferred,
    finish: async () => {
      // Explicit ids bypass the SERIAL sequences: move them past the new rows so later inserts do not collide.
      for (const table of TABLE_ORDER) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence('${quoted(table)}', 'id'), GREATEST((SELECT MAX("id") FROM ${quoted(table)}), 1))`,
        );
      }
      await client.query("ANALYZE");
    },
    close: async () => {
      // A failed load still gets its indexes back (the rows written so far stay).
      try {
        await buildDeferred();
      } finally {
        for (const writer of writers) await writer.end();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------

/** Component.runCount and lastRunAt from the runs (what the triggers of migration component_run_stats keep). */
const RECOUNT_COMPONENT_RUNS = `UPDATE "Component" SET
  "runCount" = (SELECT COUNT(*) FROM "PipelineRun" r WHERE r."componentId" = "Component"."id"),
  "lastRunAt" = (SELECT MAX(r."startTime") FROM "PipelineRun" r WHERE r."componentId" = "Component"."id")`;

/** Runs per batch: one transaction on SQLite, one multi-table transaction of unnest INSERTs on PostgreSQL. */
const BATCH_RUNS = { sqlite: 2000, postgresql: 500 } as const;
const PROGRESS_MS = 5000;

export async function seedLarge(target: DatabaseTarget, options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  await migrate(target);
  const sink = target.kind === "sqlite" ? sqliteSink(target.file) : await postgresSink(target.url, log);
  try {
    const existing = await sink.existingRows();
    if (existing > 0 && !options.allowExisting) {
      throw new Error(
        `the database already holds ${existing} rows; seeding would mix synthetic runs into them. Pass --yes to add them anyway, or point DATABASE_URL at an empty database`,
      );
    }
    const started = performance.now();
    if (existing === 0) await sink.deferIndexes?.();
    const startIds = await sink.nextIds();
    // Offset by the rows already there (none on an empty database), so seeding twice with --yes and the same
    // --seed draws new uids and sha256s instead of colliding with the unique ones of the first pass.
    const random = new Random(options.seed + startIds.PipelineRun - 1);
    const writer = new RunWriter(random, startIds, iso(Date.now()), options.thinSteps === true);
    const taken = await sink.takenComponentNames();

    const components: ComponentProfile[] = [];
    const first = emptyRows();
    for (let i = 0; i < options.components; i++) {
      const { name, application } = componentName(i);
      // With --yes on a database that has these names already, keep ours distinct rather than merging.
      let unique = name;
      for (let n = 2; taken.has(unique); n++) unique = `${name}-seed${n}`;
      taken.add(unique);
      const component = makeComponent(random, writer.nextId("Component"), unique, application);
      components.push(component);
      writer.writeComponent(first, component);
    }
    // Run counts follow 1/sqrt(rank): a few busy components, a long tail of quiet ones.
    const cumulative: number[] = [];
    let total = 0;
    for (let i = 0; i < components.length; i++) cumulative.push((total += 1 / Math.sqrt(i + 1)));
    const pickComponent = () => {
      const target = random.float() * total;
      let [lo, hi] = [0, cumulative.length - 1];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < target) lo = mid + 1;
        else hi = mid;
      }
      return components[lo]!;
    };
    // Runs are written in start order, as ingests arrive: ids grow with time.
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const yearAgo = today - 365 * DAY_MS;
    const starts = Float64Array.from({ length: options.runs }, () =>
      Math.floor(yearAgo + random.float() * 365 * DAY_MS),
    );
    starts.sort();

    const counts = Object.fromEntries(TABLE_ORDER.map((t) => [t, 0])) as Record<TableName, number>;
    const addCounts = (rows: Rows) => {
      for (const table of TABLE_ORDER) counts[table] += rows[table].length;
    };
    const batchRuns = BATCH_RUNS[target.kind];
    let lastReport = performance.now();
    /** Batches being written, oldest first (at most sink.parallelWrites). */
    const inFlight: Promise<void>[] = [];
    const startWrite = (batch: Rows) => {
      const write = sink.write(batch);
      write.catch(() => undefined); // awaited below; this keeps a later batch's failure from going unhandled meanwhile
      inFlight.push(write);
    };
    let rows = first;
    for (let i = 0; i < options.runs; i++) {
      const startMs = starts[i]!;
      writer.writeRun(rows, pickComponent(), startMs, (startMs - yearAgo) / (365 * DAY_MS));
      if ((i + 1) % batchRuns === 0 || i + 1 === options.runs) {
        // PostgreSQL inserts while the next batch is generated, on PG_WRITERS connections side by side.
        if (inFlight.length >= sink.parallelWrites) await inFlight.shift();
        addCounts(rows);
        startWrite(rows);
        rows = emptyRows();
        const now = performance.now();
        if (now - lastReport >= PROGRESS_MS) {
          lastReport = now;
          const written = Object.values(counts).reduce((a, b) => a + b, 0);
          const seconds = (now - started) / 1000;
          log(
            `  ${i + 1}/${options.runs} runs, ${written.toLocaleString("en")} rows, ${Math.round(written / seconds).toLocaleString("en")} rows/s`,
          );
        }
      }
    }
    if (options.runs === 0) {
      addCounts(rows);
      startWrite(rows);
    }
    for (const write of inFlight) await write;
    // Before the injection, whose lookups use them.
    await sink.restoreIndexes?.();
    const injected = options.injectRegressions === false ? [] : await injectRegressions(sink, components);
    // PostgreSQL's load skips triggers (session_replication_role = replica), so the components' run counts and last
    // run times that PipelineRun's triggers keep are counted here once, as the migration component_run_stats does.
    log("  counting each component's runs …");
    await sink.exec(RECOUNT_COMPONENT_RUNS, []);
    log("  ANALYZE …");
    await sink.finish();
    return { seconds: (performance.now() - started) / 1000, rows: counts, injected };
  } finally {
    await sink.close();
  }
}

function parseArgs(argv: string[]): SeedOptions & { injectedOut?: string } {
  const options: SeedOptions & { injectedOut?: string } = {
    runs: 100_000,
    components: 200,
    seed: 1275,
    allowExisting: false,
    injectRegressions: true,
  };
  const count = (flag: string, value: string | undefined, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs an integer ≥ ${min}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--runs") options.runs = count(arg, argv[++i], 0);
    else if (arg === "--components") options.components = count(arg, argv[++i], 1);
    else if (arg === "--seed") options.seed = count(arg, argv[++i], 0);
    else if (arg === "--yes") options.allowExisting = true;
    else if (arg === "--no-regressions") options.injectRegressions = false;
    else if (arg === "--thin-steps") options.thinSteps = true;
    else if (arg === "--injected-out") {
      options.injectedOut = argv[++i];
      if (!options.injectedOut) throw new Error(`--injected-out needs a file name\n${USAGE}`);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const target = parseDatabaseUrl(readEnv().DATABASE_URL);
  const where = target.kind === "sqlite" ? target.file : redactPassword(target.url);
  console.log(
    `seeding ${options.runs} runs across ${options.components} components (seed ${options.seed}) into ${target.kind} ${where}`,
  );
  const result = await seedLarge(target, options);
  const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
  for (const table of TABLE_ORDER) console.log(`  ${table.padEnd(12)} ${result.rows[table].toLocaleString("en")}`);
  console.log(
    `  ${"total".padEnd(12)} ${total.toLocaleString("en")} rows in ${result.seconds.toFixed(1)} s (${Math.round(total / result.seconds).toLocaleString("en")} rows/s)`,
  );
  if (options.injectRegressions !== false) {
    const file = options.injectedOut ?? defaultInjectedFile(target);
    writeInjected(file, result.injected);
    console.log(`  injected regressions (${result.injected.length} cells; list in ${file}):`);
    for (const cell of result.injected) {
      console.log(
        `    ${cell.component} ${cell.arch} ${cell.phase} ${cell.kind} ×${cell.factor} from run ${cell.firstRunId} (${cell.firstRunName}), ${cell.runs} runs: ${cell.injection}`,
      );
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(`seed-large: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
