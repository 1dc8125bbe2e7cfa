// What every source of runs (Tekton Results, KubeArchive, the Kubernetes API) gives the sync use case
// (lib/pipeline/sync-source.ts): pages of finished runs as the same files an upload holds, each with the cursor
// to resume after it. The clients only fetch; parsing, deriving and storing are the upload path's.
import { z } from "zod";

export const SOURCE_KINDS = ["tekton-results", "kubearchive", "kubernetes"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** How to reach a source and which runs to take (the stored Source row, credentials by reference only). */
export interface SourceConfig {
  kind: SourceKind;
  /** Base URL: the Results REST gateway, the KubeArchive API or the Kubernetes API server. */
  url: string;
  namespace: string;
  /** Kubernetes label selector the runs must match (e.g. `pipelines.appstudio.openshift.io/type=build`). */
  labelSelector: string | null;
  /** Only runs of this component (label `appstudio.openshift.io/component`). */
  component: string | null;
  /** Runs that finished before this are not synced. */
  since: Date;
  /** Bearer token read from this file (e.g. a mounted service-account token) or environment variable. */
  tokenFile: string | null;
  tokenEnv: string | null;
  /** PEM bundle to trust for TLS, and whether to skip verification (test clusters only). */
  caFile: string | null;
  insecureSkipTlsVerify: boolean;
}

/** One fetched file, as an upload would hold it: Tekton objects as JSON, or one step's log. */
export interface FetchedFile {
  /**
   * Path inside the virtual bundle. Tekton objects: `runs/<name>.json` (one object, a List, or Results records).
   * Logs: `logs/<taskrun-name>/<step-name>.log` (one step's log, no prefixes), as the upload path reads them.
   */
  path: string;
  content: Buffer;
}

export interface SourcePage {
  /** The finished PipelineRuns of this page with their TaskRuns and logs. */
  files: FetchedFile[];
  /** metadata.uid of each PipelineRun in the page. */
  runUids: string[];
  /** Records / objects / log streams fetched for this page (for progress). */
  recordsRead: number;
  /**
   * Where to resume once this page is stored: a later `pages(cursor)` yields only runs after this page's (or
   * changed since). Opaque to everyone but the client that made it.
   */
  cursor: string;
}

export interface SourceClient {
  /**
   * Pages of finished runs, oldest change first, starting after `cursor` (null: every run that finished since
   * `config.since`). Throws SourceAuthError on 401/403, SourceError when retries are exhausted or an answer is
   * malformed; stops early when `signal` aborts.
   */
  pages(cursor: string | null, signal: AbortSignal): AsyncIterable<SourcePage>;
}

/** A source's error that stops this sync; the message names the source and the cause, never the token. */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = "SourceError";
  }
}

/** 401/403: the credentials are missing, wrong or lack a permission. */
export class SourceAuthError extends SourceError {
  constructor(message: string, status: number) {
    super(message, status);
    this.name = "SourceAuthError";
  }
}

/** Limits every client honours (defaults in lib/sources/http.ts). */
export interface FetchLimits {
  /** Requests in flight at once. */
  concurrency: number;
  /** Requests per second at most. */
  requestsPerSecond: number;
  /** Attempts per request for 429, 5xx and timeouts (with exponential backoff, honouring Retry-After). */
  attempts: number;
  /** One request's timeout. */
  timeoutMs: number;
  /** Largest answer read (a JSON page or a log). */
  maxResponseBytes: number;
  /** Runs per page (the source's page size). */
  pageSize: number;
}

/** POST /api/sources and the CLI: the contract of a new source. */
export const newSourceSchema = z
  .object({
    kind: z.enum(SOURCE_KINDS),
    url: z.url({ protocol: /^https?$/, message: "url must be an http(s) URL" }),
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "namespace must be a Kubernetes namespace name")
      .max(63),
    labelSelector: z.string().trim().min(1).max(1024).optional(),
    component: z.string().trim().min(1).max(253).optional(),
    /** An ISO time, or a duration back from now such as `30d`, `12h`, `2w` (default 30d). */
    since: z.string().trim().min(1).optional(),
    intervalMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional(),
    tokenFile: z.string().min(1).optional(),
    tokenEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "tokenEnv must be an environment variable name")
      .optional(),
    caFile: z.string().min(1).optional(),
    insecureSkipTlsVerify: z.boolean().optional(),
  })
  .strict()
  .refine((source) => !(source.tokenFile && source.tokenEnv), {
    message: "give tokenFile or tokenEnv, not both",
    path: ["tokenEnv"],
  });
export type NewSource = z.infer<typeof newSourceSchema>;

const DURATION = /^(\d+)([mhdw])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `since` as a date: an ISO time, or a duration back from `now` (`30d`); null when it is neither. */
export function parseSince(value: string | undefined, now: Date = new Date()): Date | null {
  const text = (value ?? "30d").trim();
  const duration = DURATION.exec(text);
  if (duration) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS]);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}
