// Keeps the stored component summaries (./summary.ts) current in the background: at the server's start, and a
// moment after each write of this process (lib/db/write-events.ts), every component whose summary's key is not the
// current one is computed again, one at a time. Readers never wait for it to be right (they check keys and compute
// what is stale themselves, joining a computation already under way); it only makes them fast.
import type { Db } from "../db/connect";
import { onDataWritten } from "../db/write-events";
import { summariesFor } from "./summary";

/** Components per read of stored summaries. */
const CHUNK = 50;

/** Computes every stale summary of the database; returns how many were computed and how many were current. */
export async function refreshSummaries(db: Db): Promise<{ computed: number; current: number }> {
  const components = await db.component.findMany({
    select: { id: true, name: true, dataVersion: true },
    orderBy: { id: "asc" },
  });
  let computed = 0;
  for (let i = 0; i < components.length; i += CHUNK) {
    const result = await summariesFor(db, components.slice(i, i + CHUNK));
    computed += result.computed;
  }
  return { computed, current: components.length - computed };
}

export interface SummaryRefresher {
  /** Resolves when no refresh is running or due. */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * Refreshes now, then `delayMs` after the last of a burst of writes (a sync writes page after page: one refresh at
 * the end, not one per page). A refresh that fails is logged; the next write or reader tries again.
 */
export function startSummaryRefresher(db: Db, delayMs = 2000): SummaryRefresher {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = (): void => {
    timer = null;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = refreshSummaries(db)
      .then(({ computed }) => {
        if (computed > 0) console.log(`component summaries: ${computed} computed`);
      })
      .catch((error: unknown) => console.error("component summaries: refresh failed:", error))
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          schedule();
        }
      });
  };
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, delayMs);
    timer.unref();
  };
  const unsubscribe = onDataWritten((written) => {
    if (written === db) schedule();
  });
  run();
  return {
    async idle() {
      while (running || timer) {
        if (running) await running;
        else await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    },
    stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
    },
  };
}
