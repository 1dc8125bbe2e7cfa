// Next's server start hook: in the Node.js server, start the sync scheduler (sources with intervalMinutes sync in
// the background) unless SYNC_SCHEDULER=off, and stop it on SIGTERM/SIGINT so no sync runs after shutdown.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { readEnv } = await import("./lib/config/env");
  if (readEnv().SYNC_SCHEDULER === "off") return;
  const { getDb } = await import("./lib/db/client");
  const { startScheduler } = await import("./lib/pipeline/sync-runner");
  const scheduler = startScheduler(getDb());
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => void scheduler.stop());
  }
}
