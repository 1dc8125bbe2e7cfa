// Predicts what each of the five strategies costs a component per build: the task graph each one runs,
// its critical path, the task seconds the cluster pays, the bytes it moves and keeps, and its hazards
// (docs/cost-model.md "Strategies"). Pure.
import type { BuildArch } from "../domain/arch";
import { STRATEGY_IDS, strategyLabel, type StrategyId } from "../domain/strategies";
import { formatMiB, formatSeconds } from "../format";
import { GIB } from "./defaults";
import { describeFit, predictSeconds, type Fits } from "./fit";
import type {
  Explanation,
  Hazard,
  ModelSettings,
  PayloadArch,
  PredictedTask,
  Sourced,
  StrategyPrediction,
} from "./types";

/** Everything a strategy's prediction reads, resolved from inputs, settings and fits. */
export interface Scenario {
  settings: ModelSettings;
  fits: Fits;
  arches: BuildArch[];
  remote: ReadonlySet<BuildArch>;
  /** Bytes per payload part (0 when unknown; see `inputs.missing`). */
  payload: Record<PayloadArch, number>;
  payloadSource: Partial<Record<PayloadArch, string>>;
  /** Whether a source container is built (the sources are a payload part). */
  source: boolean;
  shared: number;
  sharedSource: string;
  build: Partial<Record<PayloadArch, Sourced>>;
  queue: Partial<Record<PayloadArch, Sourced>>;
  /** Hazards seen on the measured runs, by code, for the strategy that was current (none when it is unknown). */
  detected: { code: string; message: string; run: string }[];
  /** The detected strategy, or the shipped default it is compared with when none was detected. */
  current: StrategyId;
}

/** The longest path through the task graph (seconds plus queue), and the tasks on it. */
export function criticalPath(tasks: readonly PredictedTask[]): {
  wallS: number;
  path: { task: string; seconds: number }[];
} {
  const byName = new Map(tasks.map((task) => [task.name, task]));
  const finish = new Map<string, { at: number; via: string | null }>();
  const visit = (name: string, stack: Set<string>): number => {
    const known = finish.get(name);
    if (known) return known.at;
    if (stack.has(name)) throw new Error(`task graph has a cycle at ${name}`);
    const task = byName.get(name);
    if (!task) throw new Error(`task graph names an unknown task ${name}`);
    stack.add(name);
    let start = 0;
    let via: string | null = null;
    for (const before of task.after) {
      const end = visit(before, stack);
      if (end > start) {
        start = end;
        via = before;
      }
    }
    stack.delete(name);
    const at = start + task.queueS + task.seconds;
    finish.set(name, { at, via });
    return at;
  };
  let last: string | null = null;
  let wallS = 0;
  for (const task of tasks) {
    const at = visit(task.name, new Set());
    if (last === null || at > wallS) {
      wallS = at;
      last = task.name;
    }
  }
  const path: { task: string; seconds: number }[] = [];
  for (let name = last; name !== null; name = finish.get(name)?.via ?? null) {
    const task = byName.get(name)!;
    path.unshift({ task: name, seconds: task.queueS + task.seconds });
  }
  return { wallS, path };
}

interface Builder {
  tasks: PredictedTask[];
  explanation: Explanation[];
  hazards: Hazard[];
  bytes: StrategyPrediction["bytes"];
  registryBytes: number;
  pvcBytes: number;
}

function newBuilder(): Builder {
  return {
    tasks: [],
    explanation: [],
    hazards: [],
    bytes: { registryUp: 0, registryDown: 0, rsync: 0, prefetchDownload: 0 },
    registryBytes: 0,
    pvcBytes: 0,
  };
}

const payloadParts = (s: Scenario): PayloadArch[] => [...s.arches, ...(s.source ? (["source"] as const) : [])];
const totalPayload = (s: Scenario) => payloadParts(s).reduce((sum, part) => sum + s.payload[part], 0);
const contention = (s: Scenario, concurrent: number) => 1 + s.settings.prefetchContention * Math.max(0, concurrent - 1);

/** Prefetch of the given parts in one task: each part pays the overhead (hermeto fetches arch by arch). */
function prefetch(s: Scenario, b: Builder, task: string, parts: PayloadArch[], concurrent: number): number {
  const bytes = parts.reduce((sum, part) => sum + s.payload[part], 0);
  const factor = contention(s, concurrent);
  const seconds = predictSeconds(s.fits.prefetch, bytes, parts.length) * factor;
  b.bytes.prefetchDownload += bytes;
  b.explanation.push({
    quantity: `${task}: prefetch`,
    formula:
      `Σ over ${parts.join(", ")} of (overhead + size / rate)` +
      (factor !== 1 ? ` × contention ${factor.toFixed(2)}` : ""),
    inputs: {
      rate: `${describeFit(s.fits.prefetch)} (${s.fits.prefetch.source})`,
      ...Object.fromEntries(
        parts.map((part) => [`size ${part}`, `${formatMiB(s.payload[part])} (${s.payloadSource[part] ?? "unknown"})`]),
      ),
    },
    value: formatSeconds(seconds),
  });
  return seconds;
}

function upload(s: Scenario, b: Builder, task: string, bytes: number): number {
  const seconds = predictSeconds(s.fits.upload, bytes);
  b.bytes.registryUp += bytes;
  b.registryBytes += bytes;
  b.explanation.push({
    quantity: `${task}: create/upload artifact`,
    formula: "overhead + artifact bytes / registry upload rate",
    inputs: { bytes: formatMiB(bytes), rate: `${describeFit(s.fits.upload)} (${s.fits.upload.source})` },
    value: formatSeconds(seconds),
  });
  return seconds;
}

function restore(s: Scenario, b: Builder, task: string, bytes: number, what: string): number {
  const seconds = predictSeconds(s.fits.restore, bytes);
  b.bytes.registryDown += bytes;
  b.explanation.push({
    quantity: `${task}: restore ${what}`,
    formula: "overhead + restored bytes / registry download rate",
    inputs: { bytes: formatMiB(bytes), rate: `${describeFit(s.fits.restore)} (${s.fits.restore.source})` },
    value: formatSeconds(seconds),
  });
  return seconds;
}

function rsync(s: Scenario, b: Builder, task: string, arch: BuildArch, bytes: number): number {
  if (!s.remote.has(arch)) return 0;
  const fit = s.fits.rsync[arch] ?? s.fits.rsyncPooled;
  const seconds = predictSeconds(fit, bytes);
  b.bytes.rsync += bytes;
  b.explanation.push({
    quantity: `${task}: rsync to the ${arch} VM`,
    formula: "overhead + workspace bytes / rsync rate of the platform",
    inputs: { bytes: formatMiB(bytes), rate: `${describeFit(fit)} (${fit.source})` },
    value: formatSeconds(seconds),
  });
  return seconds;
}

function buildTime(s: Scenario, b: Builder, task: string, part: PayloadArch): { seconds: number; queueS: number } {
  const build = s.build[part];
  const queue = s.queue[part];
  b.explanation.push({
    quantity: `${task}: build and queue`,
    formula: "measured, the same under every strategy",
    inputs: {
      build: build
        ? `${formatSeconds(build.value)} (${build.source})`
        : "not measured: 0 s (the comparison covers data passing only)",
      queue: queue ? `${formatSeconds(queue.value)} (${queue.source})` : "not measured: 0 s",
    },
    value: formatSeconds((build?.value ?? 0) + (queue?.value ?? 0)),
  });
  return { seconds: build?.value ?? 0, queueS: queue?.value ?? 0 };
}

/**
 * Trusted Artifacts: the clone pushes the source code (shared bytes) once, whatever the strategy; each build
 * restores it with its dependencies. Counted so bytes add up; its time is the same under every strategy.
 */
function cloneArtifact(s: Scenario, b: Builder): void {
  b.bytes.registryUp += s.shared;
  b.registryBytes += s.shared;
}

function addTask(b: Builder, name: string, seconds: number, after: string[], queueS = 0): void {
  b.tasks.push({ name, seconds, queueS, after });
}

// ---------------------------------------------------------------------------------------------------------
// The five task graphs (DOMAIN.md §1; the generator emits the same shapes, docs/generator.md).

function taShared(s: Scenario): Builder {
  const b = newBuilder();
  const artifact = totalPayload(s);
  cloneArtifact(s, b);
  addTask(
    b,
    "prefetch-dependencies",
    prefetch(s, b, "prefetch-dependencies", payloadParts(s), 1) + upload(s, b, "prefetch-dependencies", artifact),
    [],
  );
  for (const arch of s.arches) {
    const task = `build-images (${arch})`;
    const seconds =
      restore(s, b, task, artifact + s.shared, "every arch's dependencies") +
      rsync(s, b, task, arch, artifact + s.shared);
    const build = buildTime(s, b, task, arch);
    addTask(b, task, seconds + build.seconds, ["prefetch-dependencies"], build.queueS);
  }
  if (s.source) {
    const task = "build-source-image";
    const build = buildTime(s, b, task, "source");
    addTask(
      b,
      task,
      restore(s, b, task, artifact + s.shared, "the whole artifact") + build.seconds,
      ["prefetch-dependencies"],
      build.queueS,
    );
  }
  return b;
}

function sourceParts(s: Scenario): PayloadArch[] {
  return s.settings.splitSource === "sources-only" ? ["source"] : payloadParts(s);
}

function taSplit(s: Scenario): Builder {
  const b = newBuilder();
  const concurrent = s.arches.length + (s.source ? 1 : 0);
  cloneArtifact(s, b);
  for (const arch of s.arches) {
    const prefetchTask = `prefetch-dependencies-${arch}`;
    const artifact = s.payload[arch];
    addTask(
      b,
      prefetchTask,
      prefetch(s, b, prefetchTask, [arch], concurrent) + upload(s, b, prefetchTask, artifact),
      [],
    );
    const task = `build-${arch}`;
    const seconds =
      restore(s, b, task, artifact + s.shared, `its own arch (${arch})`) + rsync(s, b, task, arch, artifact + s.shared);
    const build = buildTime(s, b, task, arch);
    addTask(b, task, seconds + build.seconds, [prefetchTask], build.queueS);
  }
  if (s.source) {
    const prefetchTask = "prefetch-dependencies-source";
    const parts = sourceParts(s);
    const artifact = parts.reduce((sum, part) => sum + s.payload[part], 0);
    addTask(
      b,
      prefetchTask,
      prefetch(s, b, prefetchTask, parts, concurrent) + upload(s, b, prefetchTask, artifact),
      [],
    );
    const task = "build-source-image";
    const build = buildTime(s, b, task, "source");
    addTask(
      b,
      task,
      restore(s, b, task, artifact + s.shared, "the source artifact") + build.seconds,
      [prefetchTask],
      build.queueS,
    );
  }
  return b;
}

function pvcShared(s: Scenario): Builder {
  const b = newBuilder();
  const workspace = totalPayload(s) + s.shared;
  b.pvcBytes = workspace;
  addTask(b, "prefetch-dependencies", prefetch(s, b, "prefetch-dependencies", payloadParts(s), 1), []);
  // Race-free form only: the remote builds that share the workspace run one after another.
  let previous = "prefetch-dependencies";
  for (const arch of s.arches) {
    const task = `build-${arch}`;
    const build = buildTime(s, b, task, arch);
    addTask(b, task, rsync(s, b, task, arch, workspace) + build.seconds, [previous], build.queueS);
    previous = task;
  }
  if (s.source) {
    const build = buildTime(s, b, "build-source-image", "source");
    addTask(b, "build-source-image", build.seconds, ["prefetch-dependencies"], build.queueS);
  }
  return b;
}

function pvcPerArchDuplicated(s: Scenario): Builder {
  const b = newBuilder();
  const everything = totalPayload(s) + s.shared;
  b.pvcBytes = everything * s.arches.length;
  for (const arch of s.arches) {
    const prefetchTask = `prefetch-dependencies-${arch}`;
    addTask(b, prefetchTask, prefetch(s, b, prefetchTask, payloadParts(s), s.arches.length), []);
    const task = `build-${arch}`;
    const build = buildTime(s, b, task, arch);
    addTask(b, task, rsync(s, b, task, arch, everything) + build.seconds, [prefetchTask], build.queueS);
  }
  if (s.source && s.arches.length > 0) {
    // The source build mounts the first arch's workspace, which already holds everything.
    const build = buildTime(s, b, "build-source-image", "source");
    addTask(b, "build-source-image", build.seconds, [`prefetch-dependencies-${s.arches[0]}`], build.queueS);
  }
  return b;
}

function pvcPerArchSplit(s: Scenario): Builder {
  const b = newBuilder();
  const concurrent = s.arches.length + (s.source ? 1 : 0);
  for (const arch of s.arches) {
    const prefetchTask = `prefetch-dependencies-${arch}`;
    const workspace = s.payload[arch] + s.shared;
    b.pvcBytes += workspace;
    addTask(b, prefetchTask, prefetch(s, b, prefetchTask, [arch], concurrent), []);
    const task = `build-${arch}`;
    const build = buildTime(s, b, task, arch);
    addTask(b, task, rsync(s, b, task, arch, workspace) + build.seconds, [prefetchTask], build.queueS);
  }
  if (s.source) {
    const parts = sourceParts(s);
    b.pvcBytes += parts.reduce((sum, part) => sum + s.payload[part], 0) + s.shared;
    addTask(b, "prefetch-dependencies-source", prefetch(s, b, "prefetch-dependencies-source", parts, concurrent), []);
    const build = buildTime(s, b, "build-source-image", "source");
    addTask(b, "build-source-image", build.seconds, ["prefetch-dependencies-source"], build.queueS);
  }
  return b;
}

const GRAPHS: Record<StrategyId, (s: Scenario) => Builder> = {
  "ta-shared": taShared,
  "ta-split": taSplit,
  "pvc-shared": pvcShared,
  "pvc-per-arch-duplicated": pvcPerArchDuplicated,
  "pvc-per-arch-split": pvcPerArchSplit,
};

// ---------------------------------------------------------------------------------------------------------
// Hazards (docs/cost-model.md "Hazards").

function hazardsOf(id: StrategyId, s: Scenario, b: Builder, serialCostS: number): Hazard[] {
  const hazards: Hazard[] = [];
  const isPvc = id.startsWith("pvc-");
  const isSplit = id === "ta-split" || id === "pvc-per-arch-split";
  if (isPvc && s.settings.requireTrustedArtifacts) {
    hazards.push({
      code: "policy-requires-trusted-artifacts",
      severity: "blocker",
      message:
        "Konflux build pipelines must pass data as Trusted Artifacts (ADR-63); Enterprise Contract rejects " +
        "pipelines that pass it through PVC workspaces. Shown for comparison, never recommended while the policy applies.",
    });
  }
  if (id === s.current) {
    for (const detected of s.detected) {
      hazards.push({
        code: detected.code,
        severity: detected.code === "shared-workspace-race" ? "blocker" : "warning",
        message: `Seen on run ${detected.run}: ${detected.message}`,
      });
    }
  }
  // One build arch: nothing to serialise, duplicate or filter per arch (docs/cost-model.md "One build arch").
  const severalArches = s.arches.length > 1;
  if (id === "pvc-shared" && severalArches) {
    hazards.push({
      code: "serialised-remote-builds",
      severity: "info",
      message:
        "Predicted in its race-free form: the remote builds share one workspace, so they run one after another " +
        `(build-definitions#1275: in parallel they rsync into the same workspace and corrupt each other). ` +
        `That costs ${formatSeconds(serialCostS)} of wall time over running them in parallel.`,
    });
  }
  if (id === "pvc-shared" && s.settings.pvcAccessMode === "ReadWriteOnce") {
    hazards.push({
      code: "rwo-node-pinning",
      severity: "warning",
      message: "A ReadWriteOnce volume pins every pod of the pipeline that mounts it to one node.",
    });
  }
  if (isPvc) {
    const perWorkspace =
      id === "pvc-shared"
        ? b.pvcBytes
        : id === "pvc-per-arch-duplicated"
          ? b.pvcBytes / Math.max(1, s.arches.length)
          : Math.max(...s.arches.map((arch) => s.payload[arch] + s.shared), s.source ? s.payload.source + s.shared : 0);
    if (perWorkspace > s.settings.pvcSizeGiB * GIB) {
      hazards.push({
        code: "pvc-too-small",
        severity: "warning",
        message: `A workspace needs ${formatMiB(perWorkspace)} but the PVC is ${s.settings.pvcSizeGiB} GiB: size it with headroom.`,
      });
    }
  }
  if (isSplit && severalArches) {
    hazards.push({
      code: "split-needs-per-arch-input",
      severity: "warning",
      message:
        "Each prefetch task needs its own input: hermeto ≥ 0.39's rpm binary.arch filter, or a lockfile per arch; " +
        `${s.arches.length + (s.source ? 1 : 0)} prefetch tasks to maintain.`,
    });
  } else if (isSplit && s.source) {
    // One arch: its prefetch uses the component's input as it is; only the SRPM prefetch needs one of its own.
    hazards.push({
      code: "split-needs-per-arch-input",
      severity: "warning",
      message:
        "With one arch only the separate source prefetch needs an input of its own (an SRPM-only lockfile, or the " +
        "arch's input again); 2 prefetch tasks to maintain where the shared pipeline has 1.",
    });
  }
  if (isSplit && s.source) {
    hazards.push({
      code: "source-needs-all-artifacts",
      severity: "info",
      message:
        "The source container needs every arch's SRPMs, and a per-arch artifact holds only its own. Predicted with a " +
        (s.settings.splitSource === "sources-only"
          ? "separate source prefetch of the SRPMs only (an SRPM-only input, as build-definitions#1275 measured)."
          : "source prefetch of every arch again (the union of their SRPMs, downloading the binaries once more)."),
    });
  }
  if (id === "pvc-per-arch-duplicated" && severalArches) {
    hazards.push({
      code: "duplicated-prefetch",
      severity: "warning",
      message: `Every arch downloads and stores everything: ${s.arches.length}× the prefetch traffic and storage.`,
    });
  }
  return hazards;
}

export function predictStrategy(id: StrategyId, s: Scenario): StrategyPrediction {
  const b = GRAPHS[id](s);
  const { wallS, path } = criticalPath(b.tasks);
  let serialCostS = 0;
  if (id === "pvc-shared") {
    const parallel = criticalPath(
      b.tasks.map((task) =>
        task.name.startsWith("build-") && task.name !== "build-source-image"
          ? { ...task, after: ["prefetch-dependencies"] }
          : task,
      ),
    );
    serialCostS = wallS - parallel.wallS;
  }
  const hazards = hazardsOf(id, s, b, serialCostS);
  const taskS = b.tasks.reduce((sum, task) => sum + task.seconds, 0);
  const bytesMoved = b.bytes.registryUp + b.bytes.registryDown + b.bytes.rsync;
  const explanation: Explanation[] = [
    ...b.explanation,
    {
      quantity: "wall time",
      formula: "longest path through the task graph (queue + task seconds)",
      inputs: Object.fromEntries(path.map((step) => [step.task, formatSeconds(step.seconds)])),
      value: formatSeconds(wallS),
    },
    {
      quantity: "task seconds",
      formula: "Σ over all tasks (what the cluster pays; queue excluded)",
      inputs: Object.fromEntries(b.tasks.map((task) => [task.name, formatSeconds(task.seconds)])),
      value: formatSeconds(taskS),
    },
    {
      quantity: "bytes moved per build",
      formula: "registry upload + registry download + rsync",
      inputs: {
        upload: formatMiB(b.bytes.registryUp),
        download: formatMiB(b.bytes.registryDown),
        rsync: formatMiB(b.bytes.rsync),
      },
      value: formatMiB(bytesMoved),
    },
    {
      quantity: "registry bytes kept per build",
      formula: `Σ artifacts pushed, kept until image-expires-after (${s.settings.expiryDays} d)`,
      inputs: { artifacts: formatMiB(b.registryBytes), expiry: `${s.settings.expiryDays} d` },
      value: formatMiB(b.registryBytes),
    },
  ];
  return {
    id,
    label: strategyLabel(id),
    wallS,
    taskS,
    bytesMoved,
    bytes: b.bytes,
    registryBytes: b.registryBytes,
    registryByteDays: b.registryBytes * s.settings.expiryDays,
    pvcBytes: b.pvcBytes,
    criticalPath: path,
    tasks: b.tasks,
    hazards,
    explanation,
    eligible: !hazards.some((hazard) => hazard.severity === "blocker"),
  };
}

export function predictAll(s: Scenario): StrategyPrediction[] {
  return STRATEGY_IDS.map((id) => predictStrategy(id, s));
}
