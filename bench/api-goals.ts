// The component API goals of issue #16, timed over HTTP against a running dashboard (used by bench/page.ts):
// warm p95 of the busiest component's table, trend and recommendation APIs; how long GET /api/health waits while
// the trend runs (better-sqlite3 is synchronous, so a long query stalls every other request); and the server's
// event-loop delay, read from the opt-in probe of lib/http/event-loop-probe.ts (BENCH_EVENT_LOOP=1).
import type { EventLoopFigures } from "../lib/http/event-loop-probe";

export interface Latency {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** Nearest-rank percentiles. */
export function summarize(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
  const round = (value: number) => Math.round(value * 10) / 10;
  return { samples: sorted.length, p50Ms: round(rank(0.5)), p95Ms: round(rank(0.95)), maxMs: round(rank(1)) };
}

/** One GET, body read whole; throws on a status other than 200 or 304. */
export async function timedGet(url: string, headers: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (response.status !== 200 && response.status !== 304) throw new Error(`GET ${url} answered ${response.status}`);
  return performance.now() - started;
}

export const componentApis = (server: string, component: string) => {
  const base = `${server}/api/components/${encodeURIComponent(component)}`;
  return {
    table: `${base}/table`,
    trend: `${base}/trend`,
    recommendation: `${base}/recommendation`,
  };
};

/** Warm p95 of each API: one uncounted request, then `iterations` sequential ones (no caching headers sent). */
export async function timeApis(
  server: string,
  component: string,
  iterations: number,
): Promise<Record<"table" | "trend" | "recommendation", Latency>> {
  const urls = componentApis(server, component);
  const result = {} as Record<keyof typeof urls, Latency>;
  for (const [name, url] of Object.entries(urls) as [keyof typeof urls, string][]) {
    await timedGet(url);
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) samples.push(await timedGet(url));
    result[name] = summarize(samples);
  }
  return result;
}

/** Revalidation: the answer to a request carrying the ETag of the previous answer (304 when supported). */
export async function timeRevalidation(url: string, iterations: number): Promise<{ status: number; latency: Latency }> {
  const first = await fetch(url);
  await first.arrayBuffer();
  const etag = first.headers.get("etag");
  const samples: number[] = [];
  let status = 200;
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: etag ? { "if-none-match": etag } : {} });
    await response.arrayBuffer();
    status = response.status;
    samples.push(performance.now() - started);
  }
  return { status, latency: summarize(samples) };
}

/**
 * GET /api/health sent 20 ms after a trend request started, `iterations` times: how long a cheap request waits
 * behind the trend. Also the trend's own time in the same rounds.
 */
export async function healthDuringTrend(
  server: string,
  component: string,
  iterations: number,
): Promise<{ health: Latency; trend: Latency }> {
  const { trend } = componentApis(server, component);
  const health: number[] = [];
  const trends: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const running = timedGet(trend);
    await new Promise((resolve) => setTimeout(resolve, 20));
    health.push(await timedGet(`${server}/api/health`));
    trends.push(await running);
  }
  return { health: summarize(health), trend: summarize(trends) };
}

/** The probe's answer (lib/http/event-loop-probe.ts). */
export type EventLoopReading = EventLoopFigures;

/** Reads (and with reset, clears) the server's event-loop histogram; null when the probe is not running. */
export async function readEventLoop(probe: string | null, reset: boolean): Promise<EventLoopReading | null> {
  if (!probe) return null;
  try {
    const response = await fetch(`${probe}/event-loop${reset ? "?reset=1" : ""}`);
    return response.ok ? ((await response.json()) as EventLoopReading) : null;
  } catch {
    return null;
  }
}
