// GET /api/runs/compare contract: two run ids in the query (strict: anything but a run id is a 422),
// and the comparison it answers with. Field names are public.
import { z } from "zod";

const runIdSchema = z
  .string()
  .regex(/^\d{1,10}$/, "must be a run id (digits)")
  .transform(Number)
  .describe("Run id, as in /runs/{id}");

export const compareRunsQuerySchema = z.object({
  a: runIdSchema.describe("The baseline run"),
  b: runIdSchema.describe("The run compared with the baseline"),
});
export type CompareRunsQuery = z.infer<typeof compareRunsQuerySchema>;

export const phaseValueSchema = z.object({
  seconds: z.number().nullable().describe("Duration in seconds; null when not measured"),
  bytes: z.number().nullable().describe("Size in bytes; null when not measured"),
});
export type PhaseValue = z.infer<typeof phaseValueSchema>;

export const deltaSchema = z.object({
  value: z.number().describe("B − A, in the unit of the values (seconds or bytes)"),
  percent: z.number().nullable().describe("(B − A) / A × 100; null when A is 0"),
});
export type Delta = z.infer<typeof deltaSchema>;

export const comparisonRowSchema = z.object({
  arch: z.string().describe("amd64, arm64, ppc64le, s390x, source or shared"),
  phase: z.string().describe("payload, prefetch, create-upload, restore, rsync, rsync-back, build, queue, …"),
  a: phaseValueSchema.nullable().describe("null when run A measured nothing for this arch and phase"),
  b: phaseValueSchema.nullable().describe("null when run B measured nothing for this arch and phase"),
  secondsDelta: deltaSchema.nullable().describe("null unless both runs have seconds"),
  bytesDelta: deltaSchema.nullable().describe("null unless both runs have bytes"),
});
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

export const comparedRunSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  component: z.string(),
  startTime: z.string().nullable().describe("ISO 8601"),
  strategy: z.string().describe("Detected strategy id, e.g. ta-shared"),
  wallSeconds: z.number().nullable().describe("PipelineRun completion − start; null when either is missing"),
});
export type ComparedRun = z.infer<typeof comparedRunSchema>;

export const runComparisonSchema = z.object({
  a: comparedRunSchema,
  b: comparedRunSchema,
  wallDelta: deltaSchema.nullable(),
  rows: z.array(comparisonRowSchema).describe("Ordered by arch (amd64 … source, shared), then phase"),
});
export type RunComparison = z.infer<typeof runComparisonSchema>;
