// The stored component summaries (ComponentSummary; docs/measurements.md "Stored summaries"): what the components list
// shows of each component's recommendation and regressions, at the default settings, kept as rows so the list reads
// them instead of running the model 50 times. A summary's key names what it was computed from — the model's version
// and defaults, the component's dataVersion, and the database's data signature (pooling makes every component's
// answer depend on the others' runs) — and a reader computes again, then stores, any summary whose key is not the
// current one. So a shown summary always equals a fresh computation; ./summary-refresh.ts keeps them current in the
// background after this process's writes.
import { createHash } from "node:crypto";
import type { Db } from "../db/connect";
import { dataSignature } from "../db/data-version";
import { DEFAULT_SETTINGS, MODEL_VERSION } from "../model/defaults";
import { getRegressions } from "../queries/get-regressions";
import { parseRegressionsQuery, type RegressionItem, type Regressions } from "../queries/get-regressions.types";
import { getRecommendation } from "./get-recommendation";
import { inModelWorker } from "./model-worker";
import { parseRecommendationQuery } from "./query";

/** The list's view of a recommendation (`GET /api/components` rows' `recommendation`). */
export interface SummaryRecommendation {
  decision: string;
  current: string;
  recommended: string;
  savingsWallS: number;
  confidence: string;
  /** Extensions for the badge's title. */
  reason: string;
  confidenceReason: string;
}

/** The list's view of the regressions (`GET /api/components` rows' `regressions`): the flagged cells. */
export interface SummaryRegressions {
  window: Regressions["window"];
  tested: number;
  flagged: number;
  items: RegressionItem[];
}

export interface Summary {
  recommendation: SummaryRecommendation;
  regressions: SummaryRegressions;
}

export interface SummaryTarget {
  id: number;
  name: string;
  dataVersion: number;
}

const DEFAULT_RECOMMENDATION_QUERY = parseRecommendationQuery(new URLSearchParams());
const DEFAULT_REGRESSIONS_QUERY = parseRegressionsQuery(new URLSearchParams());

/** What every key shares: the model's version and both defaults (a change to either recomputes every summary). */
export const SUMMARY_MODEL_KEY = createHash("sha256")
  .update(JSON.stringify([MODEL_VERSION, DEFAULT_SETTINGS, DEFAULT_RECOMMENDATION_QUERY, DEFAULT_REGRESSIONS_QUERY]))
  .digest("hex")
  .slice(0, 16);

export function summaryKey(target: SummaryTarget, signature: string): string {
  return `${SUMMARY_MODEL_KEY}:${target.dataVersion}:${signature}`;
}

/**
 * The summary computed now, the way the recommendation API (`fields=summary`) and the regressions API answer: in the
 * model worker when the server runs one (./model-worker.ts), else here.
 */
export function computeSummary(db: Db, name: string): Promise<Summary | null> {
  return inModelWorker<Summary | null>(db, "summary", [name], () => computeSummaryHere(db, name));
}

/** computeSummary in this thread (the model worker's entry calls it too). */
export async function computeSummaryHere(db: Db, name: string): Promise<Summary | null> {
  const [r, regressions] = await Promise.all([
    getRecommendation(db, name, DEFAULT_RECOMMENDATION_QUERY, { backtest: false, remember: false }),
    getRegressions(db, name, DEFAULT_REGRESSIONS_QUERY),
  ]);
  if (!r || !regressions) return null;
  return {
    recommendation: {
      decision: r.decision,
      current: r.current,
      recommended: r.recommended,
      savingsWallS: r.savings.wallS,
      confidence: r.confidence,
      reason: r.reason,
      confidenceReason: r.confidenceReason,
    },
    regressions: {
      window: regressions.window,
      tested: regressions.tested,
      flagged: regressions.flagged,
      items: regressions.items,
    },
  };
}

interface Row {
  componentId: number;
  key: string;
  decision: string;
  current: string;
  recommended: string;
  savingsWallS: number;
  confidence: string;
  detail: string;
}

function fromRow(row: Row): Summary {
  const detail = JSON.parse(row.detail) as {
    reason: string;
    confidenceReason: string;
    regressions: SummaryRegressions;
  };
  return {
    recommendation: {
      decision: row.decision,
      current: row.current,
      recommended: row.recommended,
      savingsWallS: row.savingsWallS,
      confidence: row.confidence,
      reason: detail.reason,
      confidenceReason: detail.confidenceReason,
    },
    regressions: detail.regressions,
  };
}

async function store(db: Db, componentId: number, key: string, summary: Summary): Promise<void> {
  const { reason, confidenceReason, ...columns } = summary.recommendation;
  const data = {
    key,
    ...columns,
    detail: JSON.stringify({ reason, confidenceReason, regressions: summary.regressions }),
    computedAt: new Date(),
  };
  // A component deleted meanwhile has nothing to store; the cascade took its row.
  await db.componentSummary
    .upsert({ where: { componentId }, create: { componentId, ...data }, update: data })
    .catch(async (error: unknown) => {
      if ((await db.component.count({ where: { id: componentId } })) > 0) throw error;
    });
}

/** Computations under way, per database and component and key: a reader joins the background's instead of repeating it. */
const inFlight = new WeakMap<Db, Map<string, Promise<Summary | null>>>();

function computeOnce(
  db: Db,
  target: SummaryTarget,
  key: string,
  signature: string,
  compute: (db: Db, name: string) => Promise<Summary | null> = computeSummary,
): Promise<Summary | null> {
  const running = inFlight.get(db) ?? new Map<string, Promise<Summary | null>>();
  inFlight.set(db, running);
  const id = `${target.id}|${key}`;
  const existing = running.get(id);
  if (existing) return existing;
  const work = (async () => {
    const summary = await compute(db, target.name);
    // Stored only when the data did not move while it was computed: else it may mix two states; the next reader
    // computes it again.
    if (summary && (await dataSignature(db)) === signature) await store(db, target.id, key, summary);
    return summary;
  })().finally(() => running.delete(id));
  running.set(id, work);
  return work;
}

export interface SummariesOptions {
  /**
   * How long to wait for the summaries that must be computed again (ms). Those not ready by then are left out and
   * listed in `computing`; their computation goes on and stores them, so a later reader finds them. Unset or
   * Infinity: wait for all. The components list waits LIST_SUMMARY_WAIT_MS, so a write (an upload, a sync) never
   * makes it slow.
   */
  waitMs?: number;
  /** What computes a stale summary: computeSummary unless given (tests slow it down to see `computing`). */
  compute?: (db: Db, name: string) => Promise<Summary | null>;
}

/** How long the components list (the API and the page) waits for summaries a write made stale. */
export const LIST_SUMMARY_WAIT_MS = 50;

/**
 * The current summary of each target: stored ones whose key is current, the others computed now (one at a time, so
 * the model never holds the event loop for more than one component in a row) and stored. null: the component is gone.
 * With `waitMs`, a target still being computed by then is in `computing` and not in `summaries`: never a stale
 * summary in place of the current one.
 */
export async function summariesFor(
  db: Db,
  targets: readonly SummaryTarget[],
  options: SummariesOptions = {},
): Promise<{ summaries: Map<number, Summary | null>; computed: number; computing: Set<number> }> {
  const summaries = new Map<number, Summary | null>();
  const computing = new Set<number>();
  if (targets.length === 0) return { summaries, computed: 0, computing };
  const signature = await dataSignature(db);
  const rows = await db.componentSummary.findMany({ where: { componentId: { in: targets.map((t) => t.id) } } });
  const byId = new Map(rows.map((row) => [row.componentId, row]));
  const stale: { target: SummaryTarget; key: string }[] = [];
  for (const target of targets) {
    const key = summaryKey(target, signature);
    const row = byId.get(target.id);
    if (row && row.key === key) summaries.set(target.id, fromRow(row));
    else stale.push({ target, key });
  }
  if (stale.length === 0) return { summaries, computed: 0, computing };
  const ready = new Map<number, Summary | null>();
  const all = (async () => {
    for (const { target, key } of stale)
      ready.set(target.id, await computeOnce(db, target, key, signature, options.compute));
  })();
  if (options.waitMs === undefined || !Number.isFinite(options.waitMs)) await all;
  else {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(resolve, options.waitMs, "late")));
    const outcome = await Promise.race([all, late]).finally(() => clearTimeout(timer));
    // Left to finish (it stores what it computes); a failure is the next reader's to see, as it computes again.
    if (outcome === "late") all.catch(() => undefined);
  }
  for (const { target } of stale) {
    if (ready.has(target.id)) summaries.set(target.id, ready.get(target.id)!);
    else computing.add(target.id);
  }
  return { summaries, computed: ready.size, computing };
}

/**
 * The rows with their current summaries (`summary: null` when the component went away meanwhile); with `waitMs`,
 * `computing: true` and `summary: null` for a row whose summary was not ready in time.
 */
export async function withSummaries<T extends SummaryTarget>(
  db: Db,
  rows: readonly T[],
  options: SummariesOptions = {},
): Promise<(T & { summary: Summary | null; computing: boolean })[]> {
  const { summaries, computing } = await summariesFor(db, rows, options);
  return rows.map((row) => ({ ...row, summary: summaries.get(row.id) ?? null, computing: computing.has(row.id) }));
}
