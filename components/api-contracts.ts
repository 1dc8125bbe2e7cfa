// Zod schemas of the JSON the browser reads from the app's API (recommendation, trend, generate, upload, sources,
// error bodies), so every response is parsed, never cast. Each schema is checked at compile time against the server's
// type; only pure modules and types are imported from lib/.
import { z } from "zod";
import { BUILD_ARCHES } from "@/lib/domain/arch";
import { STRATEGY_IDS } from "@/lib/domain/strategies";
import { CONFIDENCE_LEVELS } from "@/lib/model/confidence";
import type { Decision, Recommendation } from "@/lib/model/recommend";
import { FITTED_PHASES, OBJECTIVES, SPLIT_SOURCE_MODES } from "@/lib/model/types";
import type { Trend } from "@/lib/queries/get-trend";
import { SOURCE_KINDS } from "@/lib/sources/types";

/**
 * `{ error: { code, message, file? } }`: what every API route answers on a 4xx/5xx (lib/http/errors.ts). Only the
 * message is required: it is what the error box shows.
 */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.string(), file: z.string().optional() }),
});
export type ErrorDetail = z.infer<typeof errorBodySchema>["error"];

/** One line of a schema mismatch, for the error box: "strategies.0.wallS: Invalid input: expected number…". */
export function describeMismatch(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "unexpected shape";
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : "";
  return `${issue.path.join(".") || "(response)"}: ${issue.message}${more}`;
}

// ---- GET /api/components/{name}/recommendation (lib/model/recommend.ts) ----

const buildArch = z.enum(BUILD_ARCHES);
const payloadArch = z.enum([...BUILD_ARCHES, "source"]);
const strategyId = z.enum(STRATEGY_IDS);
const strategyOrUnknown = z.enum([...STRATEGY_IDS, "unknown"]);
const decision = z.enum(["keep", "switch", "none"] satisfies Decision[]);
const sourced = z.object({ value: z.number(), source: z.string() });
const bytesSourced = z.object({ bytes: z.number(), source: z.string() });

const fitSchema = z.object({
  phase: z.enum(FITTED_PHASES),
  arch: buildArch.optional(),
  overheadS: z.number(),
  secondsPerByte: z.number(),
  method: z.enum(["least-squares", "ratio", "default", "override", "pooled"]),
  samples: z.number(),
  source: z.string(),
  origin: z
    .object({
      text: z.string(),
      ownRuns: z.number(),
      pooledComponents: z.number(),
      pooledRuns: z.number(),
      ownWeight: z.number(),
    })
    .optional(),
});

const rangeSchema = z.object({ low: z.number(), high: z.number() });
const rangesSchema = z.object({
  wallS: rangeSchema,
  taskS: rangeSchema,
  bytesMoved: rangeSchema,
  registryBytes: rangeSchema,
  pvcBytes: rangeSchema,
});

const settingsSchema = z.object({
  platforms: z.array(buildArch),
  requireTrustedArtifacts: z.boolean(),
  objective: z.enum(OBJECTIVES),
  thresholdPct: z.number(),
  thresholdS: z.number(),
  prefetchMiBps: z.number().nullable(),
  registryUpMiBps: z.number().nullable(),
  registryDownMiBps: z.number().nullable(),
  rsyncMiBps: z.partialRecord(buildArch, z.number()),
  prefetchContention: z.number(),
  expiryDays: z.number(),
  pvcSizeGiB: z.number(),
  pvcAccessMode: z.enum(["ReadWriteOnce", "ReadWriteMany"]),
  splitSource: z.enum(SPLIT_SOURCE_MODES),
  payloadMiB: z.partialRecord(payloadArch, z.number()),
  sharedMiB: z.number().nullable(),
});

const strategySchema = z.object({
  id: strategyId,
  label: z.string(),
  rank: z.number(),
  wallS: z.number(),
  taskS: z.number(),
  bytesMoved: z.number(),
  bytes: z.object({
    registryUp: z.number(),
    registryDown: z.number(),
    rsync: z.number(),
    prefetchDownload: z.number(),
  }),
  registryBytes: z.number(),
  registryByteDays: z.number(),
  pvcBytes: z.number(),
  criticalPath: z.array(z.object({ task: z.string(), seconds: z.number() })),
  tasks: z.array(z.object({ name: z.string(), seconds: z.number(), queueS: z.number(), after: z.array(z.string()) })),
  hazards: z.array(
    z.object({ code: z.string(), severity: z.enum(["blocker", "warning", "info"]), message: z.string() }),
  ),
  explanation: z.array(
    z.object({
      quantity: z.string(),
      formula: z.string(),
      inputs: z.record(z.string(), z.string()),
      value: z.string(),
    }),
  ),
  eligible: z.boolean(),
  ranges: rangesSchema,
});

const backtestSchema = z.object({
  runs: z.number(),
  medianErrorPct: z.number().nullable(),
  method: z.string(),
  results: z.array(
    z.object({
      run: z.string(),
      strategy: z.string(),
      predictedS: z.number(),
      measuredS: z.number(),
      errorPct: z.number(),
      phases: z.array(z.enum(FITTED_PHASES)),
      fittedOn: z.number(),
      low: z.number(),
      high: z.number(),
      inside: z.boolean(),
    }),
  ),
  coveragePct: z.number().nullable(),
  coverageTarget: z.number(),
  coverage: z.array(z.object({ strategy: z.string(), runs: z.number(), inside: z.number(), pct: z.number() })),
});

const recommendationObject = z.object({
  component: z.string(),
  current: strategyOrUnknown,
  currentSource: z.string(),
  baseline: strategyId,
  recommended: strategyOrUnknown,
  decision,
  singleArch: z.boolean(),
  reason: z.string(),
  savings: z.object({
    wallS: z.number(),
    taskS: z.number(),
    bytesMoved: z.number(),
    registryBytes: z.number(),
    pvcBytes: z.number(),
  }),
  savingsRanges: rangesSchema,
  confidence: z.enum(CONFIDENCE_LEVELS),
  confidenceReason: z.string(),
  objective: z.enum(OBJECTIVES),
  threshold: z.object({ pct: z.number(), seconds: z.number() }),
  settings: settingsSchema,
  strategies: z.array(strategySchema),
  inputs: z.object({
    platforms: z.array(buildArch),
    remotePlatforms: z.object({ arches: z.array(buildArch), source: z.string() }),
    payload: z.partialRecord(payloadArch, bytesSourced),
    sharedBytes: bytesSourced,
    build: z.partialRecord(payloadArch, sourced),
    queue: z.partialRecord(payloadArch, sourced),
    fits: z.object({
      prefetch: fitSchema,
      upload: fitSchema,
      restore: fitSchema,
      rsync: z.partialRecord(buildArch, fitSchema),
      rsyncPooled: fitSchema,
    }),
    samples: z.number(),
    runs: z.number(),
    pooled: z.object({ components: z.number(), runs: z.number() }),
    missing: z.array(z.object({ input: z.string(), assumed: z.string(), override: z.string().nullable() })),
  }),
  backtest: backtestSchema,
});

/** The full answer, as the recommendation panel reads it. */
export const recommendationSchema: z.ZodType<Recommendation> = recommendationObject;

/** POST /api/plan (lib/recommend/plan.ts): the recommendation's shape for a planned payload, and what it assumed. */
export const planResponseSchema = recommendationObject.extend({ planWarnings: z.array(z.string()) });
export type PlanResponse = Recommendation & { planWarnings: string[] };

// ---- GET /api/components/{name}/trend (lib/queries/get-trend.ts) ----

export const trendSchema: z.ZodType<Trend> = z.object({
  component: z.string(),
  buckets: z.number(),
  points: z.array(
    z.object({
      bucket: z.number(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      arch: z.string(),
      phase: z.string(),
      runs: z.number(),
      p50S: z.number().nullable(),
      p90S: z.number().nullable(),
      p50Bytes: z.number().nullable(),
      p90Bytes: z.number().nullable(),
    }),
  ),
});

// ---- POST /api/generate (lib/generate/output.ts) ----

export const generateResponseSchema = z.object({
  yaml: z.string(),
  /** Patch mode only: unified diff from the base file to `yaml`. */
  diff: z.string().optional(),
  /** Patch mode only: the diff in one line, and what it touches. */
  diffSummary: z
    .object({
      linesAdded: z.number(),
      linesRemoved: z.number(),
      tasks: z.array(z.string()),
      sections: z.array(z.string()),
      headline: z.string(),
    })
    .optional(),
  warnings: z.array(z.string()),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() })),
});
export type GenerateResponse = z.infer<typeof generateResponseSchema>;

// ---- POST /api/bundles (lib/db/store-bundle.ts StoreBundleResult, the fields the upload page shows) ----

const plannedRowSchema = z.object({ arch: z.string(), bytes: z.number(), source: z.string(), file: z.string() });

export const uploadResponseSchema = z.object({
  upload: z.object({ id: z.number(), sha256: z.string(), status: z.enum(["ingested", "duplicate"]) }),
  runs: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      component: z.string(),
      strategy: z.string(),
      arches: z.array(z.string()),
    }),
  ),
  planned: z.object({ component: z.string(), rows: z.array(plannedRowSchema) }).nullish(),
  files: z.array(z.object({ name: z.string(), kind: z.string(), status: z.string(), message: z.string().nullish() })),
  warnings: z.array(z.string()),
});
export type UploadResponse = z.infer<typeof uploadResponseSchema>;

// ---- /api/sources (lib/pipeline/sources.ts SourceView, lib/pipeline/sync-source.ts SyncResult) ----
// Checked against the server's types in tests/unit/http/sources-routes.test.ts (components/ may not import them).

export const sourceViewSchema = z.object({
  id: z.number(),
  kind: z.enum(SOURCE_KINDS),
  url: z.string(),
  namespace: z.string(),
  labelSelector: z.string().nullable(),
  component: z.string().nullable(),
  since: z.string(),
  intervalMinutes: z.number().nullable(),
  tokenFile: z.string().nullable(),
  tokenEnv: z.string().nullable(),
  caFile: z.string().nullable(),
  insecureSkipTlsVerify: z.boolean(),
  lastSyncAt: z.string().nullable(),
  lastStatus: z.enum(["never", "running", "ok", "error"]),
  lastError: z.string().optional(),
  runsAdded: z.number(),
  runsUpdated: z.number(),
  cursor: z.string().nullable(),
  progress: z
    .object({
      syncId: z.string(),
      startedAt: z.string(),
      recordsRead: z.number(),
      runsStored: z.number(),
      pages: z.number(),
    })
    .nullable(),
  createdAt: z.string(),
});
export type SourceViewData = z.infer<typeof sourceViewSchema>;

export const sourceListSchema = z.object({ data: z.array(sourceViewSchema) });

/** POST /api/sources/{id}/sync: 202 `{ syncId }`. */
export const syncStartedSchema = z.object({ syncId: z.string() });

/** POST /api/sources/{id}/sync?wait=1: 200, the finished sync. */
export const syncResultSchema = z.object({
  syncId: z.string(),
  added: z.number(),
  updated: z.number(),
  skipped: z.number(),
  errors: z.array(z.object({ record: z.string(), message: z.string() })),
});

/** POST /api/sources' 422: `details.field` names the bad field (`namespace`, `since`, `tokenEnv`, …). */
export const sourceFieldErrorSchema = z.object({
  error: z.object({ message: z.string(), details: z.object({ field: z.string() }) }),
});
