// The regression detector's settings: defaults (docs/regressions.md says why these), their bounds, and the strict
// zod contract of the API's query parameters. Pure: no database, no I/O.
import { z } from "zod";
import { PHASES } from "../domain/phases";

export interface RegressionSettings {
  /** How many of a cell's latest values form the recent window. */
  recent: number;
  /** How many values before them form the baseline window. */
  baseline: number;
  /** A cell is tested only when its baseline window holds at least this many values. */
  minBaseline: number;
  /** Flag only when the recent median exceeds the baseline median by more than this (percent). */
  minChangePct: number;
  /** Family-wise error rate per component: Holm-adjusted p-values are compared with it. */
  alpha: number;
}

export const DEFAULT_REGRESSION_SETTINGS: RegressionSettings = {
  recent: 10,
  baseline: 30,
  minBaseline: 10,
  minChangePct: 20,
  alpha: 0.01,
};

/** The cost-table phases whose seconds are compared (every phase but the payload size), and the size phases whose bytes are. */
export const SECONDS_PHASES = PHASES.filter((phase) => phase !== "payload");
export const BYTES_PHASES = ["payload", "artifact"] as const;

/**
 * Phases whose values depend on the run's strategy (how many bytes it moves: a shared prefetch fetches every arch, a
 * split one its own): compared within runs of one strategy. Build, queue and the lockfile's payload do not depend
 * on it and are compared pooled, which keeps every pair of runs (more power).
 */
export const STRATEGY_DEPENDENT_PHASES: ReadonlySet<string> = new Set([
  "prefetch",
  "create-upload",
  "restore",
  "rsync",
  "rsync-back",
  "artifact",
]);

const count = (max: number, what: string) => z.coerce.number().int().min(1).max(max).describe(what);

/** GET /api/components/{name}/regressions query (besides the run filters): strict, bad values are a 400. */
export const regressionSettingsQuerySchema = z
  .object({
    recent: count(200, "Values in the recent window (latest runs of each arch and phase)").default(
      DEFAULT_REGRESSION_SETTINGS.recent,
    ),
    baseline: count(1000, "Values in the baseline window, just before the recent one").default(
      DEFAULT_REGRESSION_SETTINGS.baseline,
    ),
    minBaseline: count(1000, "Fewest baseline values a cell needs to be tested").optional(),
    minChangePct: z.coerce
      .number()
      .min(0)
      .max(10_000)
      .default(DEFAULT_REGRESSION_SETTINGS.minChangePct)
      .describe("Smallest rise of the median, in percent, that is flagged"),
    alpha: z.coerce
      .number()
      .gt(0)
      .max(0.5)
      .default(DEFAULT_REGRESSION_SETTINGS.alpha)
      .describe("Family-wise error rate per component (Holm)"),
    all: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((value) => value === "true" || value === "1")
      .describe("Also list the tested cells that are not flagged"),
  })
  .transform(({ all, minBaseline, ...settings }) => ({
    all,
    settings: {
      ...settings,
      // At most the baseline itself; by default a third of it (10 of 30), and at least 2 values.
      minBaseline: Math.min(settings.baseline, minBaseline ?? Math.max(2, Math.ceil(settings.baseline / 3))),
    } satisfies RegressionSettings,
  }));
export type RegressionSettingsQuery = z.output<typeof regressionSettingsQuerySchema>;
