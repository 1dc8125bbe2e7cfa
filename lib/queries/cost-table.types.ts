// The per-arch cost table contract: GET /api/components/{name}/table. Field names are public.
import { z } from "zod";

export const costValueSchema = z.number().nullable().describe("null when nothing was measured (never 0 for unknown)");

export const costRowSchema = z.object({
  arch: z.string().describe("amd64, arm64, ppc64le, s390x, source; 'total' for the Total row"),
  sizeBytes: costValueSchema.describe("Prefetched payload size in bytes"),
  prefetchS: costValueSchema,
  createUploadS: costValueSchema,
  restoreS: costValueSchema,
  rsyncS: costValueSchema,
  buildS: costValueSchema,
  queueS: costValueSchema,
  n: z.number().int().describe("Runs that measured anything for this arch"),
  sources: z
    .record(z.string(), z.array(z.string()))
    .describe("Per column key: where its numbers came from (e.g. 'lockfile', 'manual table (build-definitions#1275)')"),
  sourceRuns: z
    .record(z.string(), z.record(z.string(), z.number().int()))
    .describe("Per column key and source: how many runs that source measured"),
});
export type CostRow = z.infer<typeof costRowSchema>;

export const costTableSchema = z.object({
  component: z.string(),
  stat: z.enum(["median", "p90", "mean", "last"]).describe("Statistic over the selected runs"),
  runs: z.number().int().describe("Runs with at least one measurement"),
  rows: z.array(costRowSchema),
  total: costRowSchema,
});
export type CostTable = z.infer<typeof costTableSchema>;
