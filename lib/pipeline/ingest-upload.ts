// The ingest use case shared by the API route and the CLI: spooled parts in, stored bundle out. Checks for a
// duplicate before the (possibly long) analysis, joins the upload with runs stored before, always deletes the spool.
import { createHash } from "node:crypto";
import type { Db } from "../db/connect";
import {
  findDuplicate,
  storeBundle,
  type BundleAnalysis,
  type StoreBundleResult,
  type StoreOptions,
} from "../db/store-bundle";
import { findRunsByName, findRunsOfTaskRuns, findStoredRun, loadStoredRun, type StoredRunRef } from "../db/stored-runs";
import type { BuildArch } from "../domain/arch";
import { AppError } from "../errors";
import { completeFacts, logsOfRun, mergeRuns } from "../measure/complete-run";
import { deriveRun } from "../measure/derive-run";
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_VERSION, type RunSnapshotData } from "../measure/snapshot";
import type { LinkedPipelineRun, LogEvidence, StorableRun } from "../measure/types";
import type { PlannedPayloadDraft } from "../domain/upload";
import type { SpooledPart } from "../ingest/archive";
import { analyseUpload } from "../ingest/analyse-worker";
import type { BundleContents } from "../ingest/ingest-bundle";
import type { ArchiveLimits } from "../ingest/types";

export interface IngestOptions {
  /** The component a lockfile or manifest uploaded on its own belongs to (`?component=`, `--component`). */
  component?: string | null;
  /** Arch of the cluster's nodes, for local builds (CLUSTER_ARCH). */
  clusterArch?: BuildArch;
  /** The time of the upload (tests fix it). */
  now?: Date;
  /**
   * Apply this upload even if it was stored before (`?force=1`, CLI `--force`): each run it holds replaces what is
   * stored of that run (an older export restores the older version) instead of being joined with it.
   */
  force?: boolean;
  /** Runs inside the store's transaction after everything is stored (the start's rehearsal rolls it back there). */
  alsoInTransaction?: StoreOptions["alsoInTransaction"];
}

/** One part: the file's own sha256 (so `sha256sum bundle.tgz` matches); several: a digest of the parts' digests. */
export function uploadDigest(parts: Pick<SpooledPart, "sha256">[], component?: string | null): string {
  const base =
    parts.length === 1
      ? parts[0]!.sha256
      : createHash("sha256")
          .update(
            parts
              .map((part) => part.sha256)
              .sort()
              .join("\n"),
          )
          .digest("hex");
  // The same lockfile planned for two components is two uploads.
  return component ? createHash("sha256").update(`${base}\n${component}`).digest("hex") : base;
}

export function uploadName(parts: Pick<SpooledPart, "filename">[]): string {
  if (parts.length === 1) return parts[0]!.filename;
  return `${parts[0]!.filename} and ${parts.length - 1} more`;
}

export async function ingestSpooled(
  db: Db,
  parts: SpooledPart[],
  limits: ArchiveLimits,
  options: IngestOptions = {},
): Promise<StoreBundleResult> {
  try {
    const component = options.component?.trim() || null;
    const file = {
      filename: uploadName(parts),
      sha256: uploadDigest(parts, component),
      bytes: parts.reduce((sum, part) => sum + part.bytes, 0),
    };
    if (!options.force) {
      const duplicate = await findDuplicate(db, file.sha256);
      if (duplicate) return duplicate;
    }
    // In a worker thread in the web server (../ingest/analyse-worker.ts), inline in the CLI and tests.
    const contents = await analyseUpload(parts, limits);
    const analysis = await joinWithStored(db, contents, { ...options, component }, parts);
    return await storeBundle(db, file, analysis, {
      force: options.force === true,
      alsoInTransaction: options.alsoInTransaction,
    });
  } finally {
    await Promise.all(parts.map((part) => part.cleanup()));
  }
}

function snapshotOf(stored: StoredRunRef | null): RunSnapshotData | null {
  if (!stored?.snapshot || stored.snapshot.version !== SNAPSHOT_VERSION) return null;
  return decodeSnapshot(stored.snapshot.data);
}

/**
 * Derives every run of the upload, each joined with what was stored of it before, then the stored runs that
 * only the upload's logs name; with neither, a lockfile or manifest becomes the component's planned payload.
 */
export async function joinWithStored(
  db: Db,
  contents: BundleContents,
  options: IngestOptions,
  parts: SpooledPart[],
): Promise<BundleAnalysis> {
  const deriveOptions = { clusterArch: options.clusterArch ?? "amd64", now: options.now ?? new Date() };
  const warnings = [...contents.warnings];
  const runs: StorableRun[] = [];
  const derive = async (facts: RunSnapshotData, storedRunId: number | null, storedSnapshot?: Uint8Array) => {
    const derived = deriveRun(facts.run, { ...facts, runs: [facts.run] }, deriveOptions);
    warnings.push(...derived.warnings);
    const snapshot = await encodeSnapshot(facts);
    // Nothing new about a stored run (a sync fetching a page again after a crash): the caller may skip it.
    const unchanged = storedSnapshot !== undefined && Buffer.compare(storedSnapshot, snapshot) === 0;
    runs.push({ ...derived, storedRunId, snapshot, ...(unchanged ? { unchanged } : {}) });
  };

  const claimed = new Set<LogEvidence>();
  for (const uploaded of contents.linked) {
    const stored = await findStoredRun(db, uploaded);
    // Forced: the upload's version of the run replaces the stored one whole.
    const snapshot = options.force ? null : snapshotOf(stored);
    const run = (snapshot && mergeRuns(snapshot.run, uploaded)) ?? uploaded;
    for (const log of logsOfRun(run, contents.facts.logs)) claimed.add(log);
    if (stored && snapshot) warnings.push(`PipelineRun ${run.name}: joined with what was stored of it before`);
    await derive(
      completeFacts(snapshot, run, { ...contents.facts, runs: contents.linked }),
      stored?.id ?? null,
      snapshot && stored?.snapshot ? stored.snapshot.data : undefined,
    );
  }

  const unclaimed = contents.facts.logs.filter((log) => !claimed.has(log));
  const unknown = await attachLogsToStoredRuns(db, unclaimed, contents, derive, runs, warnings);

  let planned: PlannedPayloadDraft | null = null;
  const sizes = contents.facts.lockfiles.length + contents.facts.manifests.length;
  if (runs.length === 0 && contents.tables.length === 0) {
    if (unknown.length > 0) {
      throw new AppError(
        "unprocessable",
        `${unknown.map((u) => u.file).join(", ")}: logs of ${unknown.map((u) => u.owner).join(", ")}, which ${unknown.length === 1 ? "is" : "are"} neither in this upload nor stored; upload the PipelineRun or TaskRuns with (or before) their logs`,
        { file: unknown[0]!.file, details: { unknownLogs: unknown } },
      );
    }
    if (sizes > 0) planned = plannedPayload(contents, options.component ?? null, parts);
    else throw nothingToStore(contents, parts);
  } else if (unknown.length > 0) {
    for (const { file, owner } of unknown)
      warnings.push(`${file}: no TaskRun or PipelineRun named ${owner} in this upload or stored; its log was not used`);
  }
  return {
    format: contents.format,
    runs,
    tables: contents.tables,
    planned,
    files: contents.files,
    warnings: boundedWarnings(warnings),
  };
}

/** Warnings kept with an upload: distinct, and at most this many (a hostile upload can make millions). */
const MAX_WARNINGS = 200;

function boundedWarnings(warnings: readonly string[]): string[] {
  const distinct = [...new Set(warnings)];
  if (distinct.length <= MAX_WARNINGS) return distinct;
  return [...distinct.slice(0, MAX_WARNINGS), `… and ${distinct.length - MAX_WARNINGS} more warnings, not listed`];
}

/** `tkn pr logs <run>` saved as `<run>.log`: the file's base name is the PipelineRun's. */
const baseName = (file: string) => (file.split("/").at(-1) ?? file).replace(/\.(log|txt)$/i, "");

/**
 * Logs whose TaskRun (or `tkn pr logs` run) is stored: each such run is derived again with them. Returns the logs
 * that name nothing known.
 */
async function attachLogsToStoredRuns(
  db: Db,
  logs: LogEvidence[],
  contents: BundleContents,
  derive: (facts: RunSnapshotData, storedRunId: number | null) => Promise<void>,
  runs: StorableRun[],
  warnings: string[],
): Promise<{ file: string; owner: string }[]> {
  if (logs.length === 0) return [];
  const byTaskRun = await findRunsOfTaskRuns(
    db,
    logs.flatMap((log) => (log.taskRunName !== null ? [log.taskRunName] : [])),
  );
  const byRunName = await findRunsByName(
    db,
    logs.filter((log) => log.taskRunName === null).map((log) => baseName(log.file)),
  );
  const logsByRun = new Map<number, LogEvidence[]>();
  const unknown = new Map<string, { file: string; owner: string }>();
  for (const log of logs) {
    const runId = log.taskRunName !== null ? byTaskRun.get(log.taskRunName)?.[0] : byRunName.get(baseName(log.file));
    if (runId === undefined) {
      const owner = log.taskRunName ?? `PipelineRun ${baseName(log.file)}`;
      unknown.set(`${log.file}\u0000${owner}`, { file: log.file, owner });
      continue;
    }
    logsByRun.set(runId, [...(logsByRun.get(runId) ?? []), log]);
  }
  const alreadyDerived = new Set(runs.map((run) => run.storedRunId));
  for (const [runId, runLogs] of logsByRun) {
    if (alreadyDerived.has(runId)) continue;
    const stored = await loadStoredRun(db, runId);
    const snapshot = snapshotOf(stored);
    if (!stored || !snapshot) {
      throw new AppError(
        "unprocessable",
        `${runLogs[0]!.file}: the logs belong to PipelineRun ${stored?.name ?? runId}, which was stored before this version kept what runs are derived from; upload the run's objects again together with its logs`,
        { file: runLogs[0]!.file },
      );
    }
    warnings.push(
      `${runLogs
        .map((l) => l.file)
        .filter((f, i, all) => all.indexOf(f) === i)
        .join(", ")}: attached to the stored PipelineRun ${stored.name}, whose measurements were derived again`,
    );
    await derive(
      completeFacts(snapshot, snapshot.run as LinkedPipelineRun, { ...contents.facts, logs: runLogs }),
      runId,
    );
  }
  return [...unknown.values()];
}

function plannedPayload(contents: BundleContents, component: string | null, parts: SpooledPart[]): PlannedPayloadDraft {
  const files = [...contents.facts.lockfiles, ...contents.facts.manifests].map((f) => f.file);
  if (component === null) {
    throw new AppError(
      "unprocessable",
      `${files.join(", ")}: a lockfile or OCI manifest on its own is a component's planned payload; say which component ` +
        `it belongs to (?component=NAME, the form field "component", or the CLI's --component NAME)`,
      { file: files[0] ?? parts[0]?.filename, details: { files: contents.files } },
    );
  }
  const rows: PlannedPayloadDraft["rows"] = [];
  for (const { file, sizes } of contents.facts.lockfiles) {
    for (const [arch, bytes] of Object.entries(sizes.bytesByArch)) {
      if (bytes !== undefined) rows.push({ arch, bytes, source: "lockfile", file });
    }
  }
  for (const { file, sizes } of contents.facts.manifests) {
    const layer = sizes.layers.find((l) => l.title === "CACHI2_ARTIFACT");
    if (layer) rows.push({ arch: sizes.arch ?? "shared", bytes: layer.bytes, source: "manifest", file });
  }
  if (rows.length === 0) {
    throw new AppError("unprocessable", `${files.join(", ")}: no package sizes and no CACHI2_ARTIFACT layer in it`, {
      file: files[0],
    });
  }
  return { component, rows };
}

function nothingToStore(contents: BundleContents, parts: SpooledPart[]): AppError {
  const { files } = contents;
  const names = parts.map((p) => p.filename).join(", ");
  const listed = files.map((f) => `${f.name} (${f.kind}${f.message ? `: ${f.message}` : ""})`).join("; ") || "none";
  const onlyTemplates = files.length > 0 && files.every((f) => f.kind === "template" || f.kind === "definition");
  const message = onlyTemplates
    ? `${names}: holds only ${files.some((f) => f.kind === "template") ? "PipelineRun templates (no status)" : ""}${files.some((f) => f.kind === "template") && files.some((f) => f.kind === "definition") ? " and " : ""}${files.some((f) => f.kind === "definition") ? "Pipeline/Task definitions" : ""}, not runs: there is nothing to measure. Upload PipelineRuns that ran (kubectl get pipelinerun NAME -o yaml), or paste a .tekton file into the generator's patch mode`
    : `${names}: found no PipelineRun, TaskRun and no timing table (files: ${listed})`;
  return new AppError("unprocessable", message, { file: parts[0]?.filename, details: { files } });
}
