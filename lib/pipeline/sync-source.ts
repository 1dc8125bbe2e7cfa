// The sync use case: a source's client fetches pages of finished runs (lib/sources), and each page takes the
// upload path — analyseFiles (parse), joinWithStored (derive, joined with what is stored), storeBundle (store) —
// with the source's cursor and totals moved in the same transaction, so a sync killed at any point resumes after
// the last stored page and never stores a run twice (runs are keyed on their uid as well).
import { createHash, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { serializeWrites, type Db, type Tx } from "../db/connect";
import { storeBundle } from "../db/store-bundle";
import type { BuildArch } from "../domain/arch";
import { AppError } from "../errors";
import { isProcessAlive } from "../ingest/archive/spool";
import { analyseFiles } from "../ingest/ingest-bundle";
import { createClient } from "../sources/clients";
import { SourceAuthError, SourceError, type SourceClient, type SourceConfig, type SourcePage } from "../sources/types";
import { joinWithStored } from "./ingest-upload";
import { sourceConfig, type SyncProgress } from "./sources";

/** POST /api/sources/{id}/sync?wait=1 (public contract; extend, never rename). */
export interface SyncResult {
  syncId: string;
  added: number;
  updated: number;
  /** Runs fetched again with nothing new (e.g. the page a crashed sync had stored already). */
  skipped: number;
  errors: { record: string; message: string }[];
}

export interface SyncOptions {
  signal?: AbortSignal;
  /** Builds the source's client (tests pass small limits); default lib/sources/clients.ts. */
  clientFor?: (config: SourceConfig) => SourceClient;
  /** Who holds the lease while syncing (a replica, the CLI); default host and pid. */
  owner?: string;
  /** How long the lease holds without renewal; renewed after every page. */
  leaseMs?: number;
  clusterArch?: BuildArch;
  onProgress?: (progress: SyncProgress) => void;
  syncId?: string;
}

const DEFAULT_LEASE_MS = 10 * 60_000;
export const processOwner = () => `${hostname()}:${process.pid}`;

/**
 * Takes the source's lease: only one process (replica, CLI) syncs a source at a time. The lease row works the same
 * on SQLite and PostgreSQL: a conditional UPDATE, atomic per row. False when another holder's lease still runs.
 */
async function takeLease(db: Db, id: number, owner: string, leaseMs: number, progress: SyncProgress): Promise<boolean> {
  const now = new Date();
  const { count } = await db.source.updateMany({
    where: { id, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: owner }] },
    data: {
      leaseOwner: owner,
      leaseUntil: new Date(now.getTime() + leaseMs),
      lastStatus: "running",
      progress: JSON.stringify(progress),
    },
  });
  return count === 1;
}

/**
 * A lease whose holder was a process of this host that is gone (`kill -9`, a crash): free it at once rather than
 * waiting for it to run out, so a restarted sync resumes now. A holder on another host waits for `leaseUntil`.
 */
export async function freeDeadLease(db: Db, id: number, holder: string | null): Promise<void> {
  const [host, pid] = holder?.split(":") ?? [];
  if (host !== hostname() || !pid || isProcessAlive(Number(pid))) return;
  await db.source.updateMany({ where: { id, leaseOwner: holder }, data: { leaseOwner: null, leaseUntil: null } });
}

/** The page's runs that are new or changed, and how many were fetched again unchanged. */
async function analysePage(db: Db, page: SourcePage, clusterArch: BuildArch) {
  const contents = await analyseFiles(page.files);
  if (contents.linked.length === 0) return null;
  const analysis = await joinWithStored(db, contents, { clusterArch }, []);
  const changed = analysis.runs.filter((run) => !run.unchanged);
  return {
    analysis: { ...analysis, runs: changed },
    added: changed.filter((run) => run.storedRunId === null).length,
    updated: changed.filter((run) => run.storedRunId !== null).length,
    skipped: analysis.runs.length - changed.length,
  };
}

/** One page stored with the cursor and totals moved in the same transaction. */
async function storePage(
  db: Db,
  id: number,
  syncId: string,
  pageNumber: number,
  page: SourcePage,
  clusterArch: BuildArch,
) {
  const result = await analysePage(db, page, clusterArch);
  const moveCursor = (counts: { added: number; updated: number }) => async (tx: Tx) => {
    await tx.source.update({
      where: { id },
      data: { cursor: page.cursor, runsAdded: { increment: counts.added }, runsUpdated: { increment: counts.updated } },
    });
  };
  if (!result || result.analysis.runs.length === 0) {
    // Queued with this process's other SQLite writes, as storeBundle's are (lib/db/connect.ts serializeWrites).
    await serializeWrites(db, () => db.$transaction(moveCursor({ added: 0, updated: 0 })));
    return { added: 0, updated: 0, skipped: result?.skipped ?? 0 };
  }
  const bytes = page.files.reduce((sum, file) => sum + file.content.length, 0);
  const sha256 = createHash("sha256")
    .update(`source ${id} sync ${syncId} page ${pageNumber}\n${page.cursor}`)
    .digest("hex");
  await storeBundle(db, { filename: `sync of source ${id}, page ${pageNumber}`, sha256, bytes }, result.analysis, {
    alsoInTransaction: moveCursor(result),
  });
  return { added: result.added, updated: result.updated, skipped: result.skipped };
}

function failureMessage(error: unknown): string {
  if (error instanceof SourceError || error instanceof AppError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Syncs one source now: every page after its cursor, each stored before the next is fetched. An error of the
 * source (401/403, retries exhausted) ends the sync with state `error` naming it; pages stored before it stay.
 */
export async function syncSource(db: Db, id: number, options: SyncOptions = {}): Promise<SyncResult> {
  const row = await db.source.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `source ${id} does not exist`);
  const syncId = options.syncId ?? randomUUID();
  const owner = options.owner ?? processOwner();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const progress: SyncProgress = {
    syncId,
    startedAt: new Date().toISOString(),
    recordsRead: 0,
    runsStored: 0,
    pages: 0,
  };
  if (row.leaseOwner && row.leaseOwner !== owner) await freeDeadLease(db, id, row.leaseOwner);
  if (!(await takeLease(db, id, owner, leaseMs, progress))) {
    throw new AppError("conflict", `source ${id} is being synced by another process (${row.leaseOwner ?? "unknown"})`);
  }
  const result: SyncResult = { syncId, added: 0, updated: 0, skipped: 0, errors: [] };
  const signal = options.signal ?? new AbortController().signal;
  try {
    const config = sourceConfig(row);
    const client = (options.clientFor ?? createClient)(config);
    for await (const page of client.pages(row.cursor, signal)) {
      progress.pages += 1;
      const counts = await storePage(db, id, syncId, progress.pages, page, options.clusterArch ?? "amd64");
      result.added += counts.added;
      result.updated += counts.updated;
      result.skipped += counts.skipped;
      progress.recordsRead += page.recordsRead;
      progress.runsStored += counts.added + counts.updated;
      options.onProgress?.({ ...progress });
      await db.source.update({
        where: { id },
        data: { progress: JSON.stringify(progress), leaseUntil: new Date(Date.now() + leaseMs) },
      });
    }
    await finish(db, id, owner, { lastStatus: "ok", lastError: null });
  } catch (error) {
    const message = failureMessage(error);
    result.errors.push({ record: error instanceof SourceAuthError ? row.url : `source ${id}`, message });
    await finish(db, id, owner, { lastStatus: "error", lastError: message });
    if (!(error instanceof SourceError) && !(error instanceof AppError)) throw error;
  }
  return result;
}

async function finish(db: Db, id: number, owner: string, outcome: { lastStatus: string; lastError: string | null }) {
  await db.source.updateMany({
    where: { id, leaseOwner: owner },
    data: { ...outcome, lastSyncAt: new Date(), progress: null, leaseOwner: null, leaseUntil: null },
  });
}
