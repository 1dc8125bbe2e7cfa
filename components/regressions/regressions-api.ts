// The browser's read of GET /api/components/{name}/regressions: its zod schema (checked at compile time against the
// server's type) and the fetch the badge and the callout share, plus the one-line text of a flagged cell.
import { z } from "zod";
import { formatMiB, formatSeconds } from "@/lib/format";
import type { RegressionItem, Regressions } from "@/lib/queries/get-regressions.types";
import { errorBodySchema } from "../api-contracts";

const itemSchema = z.object({
  arch: z.string(),
  phase: z.string(),
  kind: z.enum(["seconds", "bytes"]),
  baselineP50S: z.number().nullable(),
  recentP50S: z.number().nullable(),
  baselineP50Bytes: z.number().nullable(),
  recentP50Bytes: z.number().nullable(),
  changePct: z.number().nullable(),
  direction: z.enum(["up", "down", "flat"]),
  pValue: z.number(),
  adjustedPValue: z.number(),
  method: z.enum(["exact", "normal"]),
  significant: z.boolean(),
  flagged: z.boolean(),
  firstRunId: z.number().nullable(),
  firstRunName: z.string().nullable(),
  firstRunStartTime: z.string().nullable(),
  runs: z.number(),
  recentRuns: z.number(),
  baselineRuns: z.number(),
});

export const regressionsSchema: z.ZodType<Regressions> = z.object({
  component: z.string(),
  window: z.object({
    recent: z.number(),
    baseline: z.number(),
    minBaseline: z.number(),
    minChangePct: z.number(),
    alpha: z.number(),
    test: z.literal("mann-whitney-one-sided"),
    correction: z.literal("holm-per-component"),
    stratify: z.enum(["strategy", "none"]),
  }),
  tested: z.number(),
  skipped: z.number(),
  flagged: z.number(),
  items: z.array(itemSchema),
});

/** GETs a component's regressions with the default settings; an error names the status or the mismatch. */
export async function fetchRegressions(component: string): Promise<Regressions> {
  const response = await fetch(`/api/components/${encodeURIComponent(component)}/regressions`);
  if (!response.ok) {
    const body = errorBodySchema.safeParse(await response.json().catch(() => null));
    throw new Error(body.success ? body.data.error.message : `The regressions API answered ${response.status}`);
  }
  const parsed = regressionsSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error("The regressions API answered in an unexpected shape");
  return parsed.data;
}

/** "1.8e-4" under 0.001, else "0.004": what a p-value line shows. */
export function formatPValue(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/** "s390x rsync: 48 s → 97 s (+102 %)" or "amd64 payload: 150 MiB → 300 MiB (+100 %)". */
export function describeChange(item: RegressionItem): string {
  const format = item.kind === "seconds" ? formatSeconds : formatMiB;
  const before = item.kind === "seconds" ? item.baselineP50S : item.baselineP50Bytes;
  const after = item.kind === "seconds" ? item.recentP50S : item.recentP50Bytes;
  const change =
    item.changePct === null ? "" : ` (${item.changePct >= 0 ? "+" : "−"}${Math.abs(item.changePct).toFixed(0)} %)`;
  const what = item.kind === "seconds" ? item.phase : `${item.phase} size`;
  return `${item.arch} ${what}: ${before === null ? "?" : format(before)} → ${after === null ? "?" : format(after)}${change}`;
}
