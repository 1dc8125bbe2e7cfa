// Next's server start hook: in the Node.js server, start the stored summaries' refresher (lib/recommend/
// summary-refresh.ts: the components list's badges, brought up to date after each write), the uploads' analysis
// worker (lib/ingest/analyse-worker.ts) when ANALYSE_WORKER=on, the cost model's worker
// (lib/recommend/model-worker.ts) unless MODEL_WORKER=off, and the sync scheduler (sources with intervalMinutes
// sync in the background) unless SYNC_SCHEDULER=off; the refresher and the scheduler stop on SIGTERM/SIGINT, so no
// sync runs after shutdown. It also rehearses an upload (lib/pipeline/rehearse-ingest.ts: stored, then rolled back),
// so the first real upload does not pay the first-time costs; the server waits at most 2 s for it. With
// BENCH_EVENT_LOOP=1 (benches only) it also samples the event loop's delay (lib/http/event-loop-probe.ts).
import type { Db } from "./lib/db/connect";

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await startBenchProbe();
  const { readEnv } = await import("./lib/config/env");
  const { getDb } = await import("./lib/db/client");
  const { startSummaryRefresher } = await import("./lib/recommend/summary-refresh");
  if (readEnv().ANALYSE_WORKER === "on") {
    const { startAnalyseWorker } = await import("./lib/ingest/analyse-worker");
    if (!startAnalyseWorker()) console.warn("uploads are analysed on the request thread: tsx is not installed here");
  }
  // Before the refresher below, so its first computations already run in the worker.
  if (readEnv().MODEL_WORKER !== "off") {
    const { startModelWorker } = await import("./lib/recommend/model-worker");
    if (!startModelWorker()) console.warn("the cost model runs on the request thread: tsx is not installed here");
  }
  await rehearse(getDb());
  const refresher = startSummaryRefresher(getDb());
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => refresher.stop());
  if (readEnv().SYNC_SCHEDULER === "off") return;
  const { startScheduler } = await import("./lib/pipeline/sync-runner");
  const scheduler = startScheduler(getDb());
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => void scheduler.stop());
  }
}

/** The start's upload rehearsal: waited for up to 2 s (then it finishes on its own); a failure is only a warning. */
async function rehearse(db: Db): Promise<void> {
  const { rehearseIngest } = await import("./lib/pipeline/rehearse-ingest");
  const { uploadSettings } = await import("./lib/config/upload");
  const rehearsal = rehearseIngest(db, uploadSettings().limits).then(
    ({ taskRuns, ms }) =>
      console.log(`upload rehearsed: 1 run of ${taskRuns} TaskRuns stored and rolled back in ${ms} ms`),
    (error: unknown) =>
      console.warn(
        `upload rehearsal failed (uploads still work): ${error instanceof Error ? error.message : String(error)}`,
      ),
  );
  await Promise.race([rehearsal, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
}

async function startBenchProbe(): Promise<void> {
  const { eventLoopProbePort, startEventLoopProbe } = await import("./lib/http/event-loop-probe");
  const port = eventLoopProbePort(process.env);
  if (port === null) return;
  await startEventLoopProbe(port);
  console.log(`event-loop probe: http://127.0.0.1:${port}/event-loop (BENCH_EVENT_LOOP=1)`);
}
