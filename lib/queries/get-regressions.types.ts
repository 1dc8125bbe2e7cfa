// GET /api/components/{name}/regressions contract: the query (run filters, window sizes, thresholds; strict, a bad
// value is a 400 naming it) and the answer's shape. docs/regressions.md explains the statistic.
import { z } from "zod";
import { AppError } from "../errors";
import type { CellResult } from "../regressions/detect";
import { regressionSettingsQuerySchema, type RegressionSettings } from "../regressions/settings";
import { runFiltersSchema, type RunFilters } from "./run-filters";

export const STRATIFY_MODES = ["strategy", "none"] as const;
export type StratifyMode = (typeof STRATIFY_MODES)[number];

export interface RegressionsQuery {
  settings: RegressionSettings;
  /**
   * `strategy` (the default): in the phases whose bytes depend on the strategy (STRATEGY_DEPENDENT_PHASES), compare
   * a run's value only with runs of the same detected strategy; `none`: pool every run.
   */
  stratify: StratifyMode;
  /** List every tested cell, not only the flagged ones. */
  all: boolean;
  filters: RunFilters;
}

const stratifySchema = z.enum(STRATIFY_MODES).default("strategy").describe("Compare within the run's strategy or not");

const FILTER_KEYS = Object.keys(runFiltersSchema.shape);

/** Parses the query string strictly: every bad value is named in one 400. */
export function parseRegressionsQuery(search: URLSearchParams): RegressionsQuery {
  const raw = Object.fromEntries(search);
  const pick = (keep: (key: string) => boolean) => Object.fromEntries(Object.entries(raw).filter(([key]) => keep(key)));
  const filters = runFiltersSchema.safeParse(pick((key) => FILTER_KEYS.includes(key)));
  const settings = regressionSettingsQuerySchema.safeParse(pick((key) => !FILTER_KEYS.includes(key)));
  const stratify = stratifySchema.safeParse(raw.stratify);
  const issues = [
    ...(filters.success ? [] : filters.error.issues),
    ...(settings.success ? [] : settings.error.issues),
    ...(stratify.success ? [] : stratify.error.issues.map((issue) => ({ ...issue, path: ["stratify"] }))),
  ];
  if (issues.length > 0 || !filters.success || !settings.success || !stratify.success) {
    const message = issues.map((issue) => `${issue.path.join(".") || "(query)"}: ${issue.message}`).join("; ");
    throw new AppError("bad_request", `Invalid regressions query: ${message}`, { details: issues });
  }
  return { settings: settings.data.settings, all: settings.data.all, stratify: stratify.data, filters: filters.data };
}

/**
 * One cell (arch × phase, seconds or bytes) compared; a regression when `flagged`. The test's fields are the
 * detector's (lib/regressions/detect.ts CellResult); the medians are split by unit and the first run named.
 */
export type RegressionItem = Pick<
  CellResult,
  | "arch"
  | "phase"
  | "kind"
  | "changePct"
  | "pValue"
  | "adjustedPValue"
  | "method"
  | "significant"
  | "flagged"
  | "firstRunId"
  | "recentRuns"
  | "baselineRuns"
> & {
  /** Medians of the baseline and recent windows: seconds for `kind: "seconds"`, else null. */
  baselineP50S: number | null;
  recentP50S: number | null;
  /** The same for `kind: "bytes"` (payload, artifact). */
  baselineP50Bytes: number | null;
  recentP50Bytes: number | null;
  direction: "up" | "down" | "flat";
  /** The first run's name and start time (flagged cells only). */
  firstRunName: string | null;
  firstRunStartTime: string | null;
  /** Values compared: recent + baseline. */
  runs: number;
};

export interface Regressions {
  component: string;
  window: RegressionSettings & {
    test: "mann-whitney-one-sided";
    correction: "holm-per-component";
    stratify: StratifyMode;
  };
  /** Cells with enough values to test, and those without. */
  tested: number;
  skipped: number;
  flagged: number;
  /** Flagged cells, largest rise first (every tested cell with `all`). */
  items: RegressionItem[];
}
