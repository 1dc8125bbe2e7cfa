// Syncs in the background of the running dashboard: "Sync now" (POST /api/sources/{id}/sync) and the scheduler
// (sources with intervalMinutes). One sync per source at a time in this process (the lease in the database keeps
// other replicas and the CLI out), and none after shutdown: stopping aborts every sync between two requests.
import { randomUUID } from "node:crypto";
import type { Db } from "../db/connect";
import { AppError } from "../errors";
import { syncSource, type SyncOptions, type SyncResult } from "./sync-source";

interface Running {
  syncId: string;
  done: Promise<SyncResult | null>;
}

const running = new Map<number, Running>();
const controller = { current: new AbortController() };
let stopped = false;

/** Starts a sync of the source unless this process already runs one; answers its syncId either way. */
export function startSync(db: Db, id: number, options: Omit<SyncOptions, "signal" | "syncId"> = {}): Running {
  if (stopped) throw new AppError("conflict", "the dashboard is shutting down; no sync starts now");
  const current = running.get(id);
  if (current) return current;
  const syncId = randomUUID();
  const done = syncSource(db, id, { ...options, syncId, signal: controller.current.signal })
    .catch((error: unknown) => {
      // A lease held elsewhere, or a source deleted meanwhile: nothing ran here. Anything else is logged once.
      if (!(error instanceof AppError)) console.error(`sync of source ${id} failed:`, error);
      return null;
    })
    .finally(() => running.delete(id));
  const entry = { syncId, done };
  running.set(id, entry);
  return entry;
}

export function runningSync(id: number): Running | undefined {
  return running.get(id);
}

/** Sources whose interval has passed since their last sync (or that never synced) and that nobody syncs now. */
async function dueSources(db: Db, now: Date): Promise<number[]> {
  const sources = await db.source.findMany({
    where: { intervalMinutes: { not: null } },
    select: { id: true, intervalMinutes: true, lastSyncAt: true, leaseUntil: true },
  });
  return sources
    .filter((source) => !source.leaseUntil || source.leaseUntil < now)
    .filter(
      (source) => !source.lastSyncAt || source.lastSyncAt.getTime() + source.intervalMinutes! * 60_000 <= now.getTime(),
    )
    .map((source) => source.id);
}

export interface Scheduler {
  stop(): Promise<void>;
}

/** Checks every `everyMs` for due sources and starts their syncs; `stop` ends checking and aborts running syncs. */
export function startScheduler(db: Db, everyMs = 30_000): Scheduler {
  stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    try {
      for (const id of await dueSources(db, new Date())) if (!stopped) startSync(db, id);
    } catch (error) {
      console.error("sync scheduler:", error);
    } finally {
      if (!stopped) timer = setTimeout(tick, everyMs);
    }
  };
  timer = setTimeout(tick, Math.min(everyMs, 5_000));
  timer.unref();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller.current.abort(new Error("the dashboard is shutting down"));
      await Promise.all([...running.values()].map((entry) => entry.done));
      controller.current = new AbortController();
    },
  };
}
