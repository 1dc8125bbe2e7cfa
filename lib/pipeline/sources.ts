// The sources of synced runs: adding one (validated like POST /api/sources), listing them as the API and the
// /sources page show them (credentials only by reference: a file name or variable name, never a token), and
// deleting one. Syncing is lib/pipeline/sync-source.ts.
import type { Db } from "../db/connect";
import { AppError } from "../errors";
import {
  newSourceSchema,
  parseSince,
  SOURCE_KINDS,
  type NewSource,
  type SourceConfig,
  type SourceKind,
} from "../sources/types";

export const SOURCE_STATUSES = ["never", "running", "ok", "error"] as const;
export type SourceStatus = (typeof SOURCE_STATUSES)[number];

export interface SyncProgress {
  syncId: string;
  startedAt: string;
  recordsRead: number;
  runsStored: number;
  pages: number;
}

/** GET /api/sources: one source (public contract; extend, never rename). */
export interface SourceView {
  id: number;
  kind: SourceKind;
  url: string;
  namespace: string;
  labelSelector: string | null;
  component: string | null;
  since: string;
  intervalMinutes: number | null;
  tokenFile: string | null;
  tokenEnv: string | null;
  caFile: string | null;
  insecureSkipTlsVerify: boolean;
  lastSyncAt: string | null;
  lastStatus: SourceStatus;
  lastError?: string;
  runsAdded: number;
  runsUpdated: number;
  cursor: string | null;
  /** The sync in progress, when one runs. */
  progress: SyncProgress | null;
  createdAt: string;
}

type SourceRow = Awaited<ReturnType<Db["source"]["findFirstOrThrow"]>>;

function parseProgress(text: string | null): SyncProgress | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as SyncProgress;
  } catch {
    return null;
  }
}

export function sourceView(row: SourceRow): SourceView {
  const status = (SOURCE_STATUSES as readonly string[]).includes(row.lastStatus) ? row.lastStatus : "never";
  return {
    id: row.id,
    kind: row.kind as SourceKind,
    url: row.url,
    namespace: row.namespace,
    labelSelector: row.labelSelector,
    component: row.component,
    since: row.since.toISOString(),
    intervalMinutes: row.intervalMinutes,
    tokenFile: row.tokenFile,
    tokenEnv: row.tokenEnv,
    caFile: row.caFile,
    insecureSkipTlsVerify: row.insecureSkipTlsVerify,
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    lastStatus: status as SourceStatus,
    ...(row.lastError ? { lastError: row.lastError } : {}),
    runsAdded: row.runsAdded,
    runsUpdated: row.runsUpdated,
    cursor: row.cursor,
    progress: status === "running" ? parseProgress(row.progress) : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The stored source as its client needs it. */
export function sourceConfig(row: SourceRow): SourceConfig {
  if (!(SOURCE_KINDS as readonly string[]).includes(row.kind)) {
    throw new AppError("unprocessable", `source ${row.id} has an unknown kind ${JSON.stringify(row.kind)}`);
  }
  return {
    kind: row.kind as SourceKind,
    url: row.url,
    namespace: row.namespace,
    labelSelector: row.labelSelector,
    component: row.component,
    since: row.since,
    tokenFile: row.tokenFile,
    tokenEnv: row.tokenEnv,
    caFile: row.caFile,
    insecureSkipTlsVerify: row.insecureSkipTlsVerify,
  };
}

/** Validates a new source (the API's and the CLI's contract) into its stored fields; AppError 422 names the field. */
export function validateNewSource(input: unknown, now: Date = new Date()): NewSource & { sinceDate: Date } {
  const parsed = newSourceSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "(body)";
    throw new AppError("unprocessable", `${field}: ${issue.message}`, {
      details: { field, issues: parsed.error.issues },
    });
  }
  const sinceDate = parseSince(parsed.data.since, now);
  if (!sinceDate) {
    throw new AppError(
      "unprocessable",
      `since: expected an ISO time (2026-11-01T00:00:00Z) or a duration such as 30d, 12h or 2w, got ${JSON.stringify(parsed.data.since)}`,
      { details: { field: "since" } },
    );
  }
  return { ...parsed.data, sinceDate };
}

export async function createSource(db: Db, input: unknown, now: Date = new Date()): Promise<SourceView> {
  const source = validateNewSource(input, now);
  const row = await db.source.create({
    data: {
      kind: source.kind,
      url: source.url,
      namespace: source.namespace,
      labelSelector: source.labelSelector ?? null,
      component: source.component ?? null,
      since: source.sinceDate,
      intervalMinutes: source.intervalMinutes ?? null,
      tokenFile: source.tokenFile ?? null,
      tokenEnv: source.tokenEnv ?? null,
      caFile: source.caFile ?? null,
      insecureSkipTlsVerify: source.insecureSkipTlsVerify ?? false,
    },
  });
  return sourceView(row);
}

export async function listSourceViews(db: Db): Promise<SourceView[]> {
  return (await db.source.findMany({ orderBy: { id: "asc" } })).map(sourceView);
}

export async function getSourceView(db: Db, id: number): Promise<SourceView | null> {
  const row = await db.source.findUnique({ where: { id } });
  return row ? sourceView(row) : null;
}

/** Deletes a source (its synced runs stay); false when there was none. */
export async function deleteSource(db: Db, id: number): Promise<boolean> {
  const { count } = await db.source.deleteMany({ where: { id } });
  return count > 0;
}
