// The cost model off the web server's event loop. A recommendation computed afresh (the first after any write, a
// new query) reads the component's inputs and runs the model: 0.1–0.65 s of JavaScript for the busiest component
// of the 100k-run seed, during which no other request of the server is answered; the stored summaries' refresher
// does it for every component after a write. The server turns this worker on at start (instrumentation.ts;
// MODEL_WORKER=off keeps it inline): one long-lived worker (lib/ts-worker.ts) runs ./model-worker-entry.ts, which
// opens its own client on the same database and computes exactly what the inline code computes — its own reads
// too, because handing it the inputs would cost a structured clone of megabytes on the main thread. Outside the
// server (CLI, tests, benches), for a client opened without a target, or without tsx, everything runs inline.
import { databaseTarget, type Db } from "../db/connect";
import { isSharedFile } from "../db/sqlite-read-pool";
import { AppError } from "../errors";
import { processWorker } from "../ts-worker";

/**
 * The worker's heap limit (not a reservation): the busiest component's inputs are 7.5 MB as JSON at 3,745 runs, and
 * ten times that at 37k (the 1M-run PostgreSQL seed); a limit below what the main thread would have had would turn
 * such a component into an error.
 */
const WORKER_HEAP_MB = 2048;

const shared = processWorker("advisorModelWorker", {
  entry: "lib/recommend/model-worker-entry.ts",
  purpose: "the cost model",
  heapMb: WORKER_HEAP_MB,
});

/** Computes in the worker from now on (the web server, at start). False, and inline, when tsx is not there. */
export const startModelWorker = (root?: string): boolean => shared.start(root);

/** Stops the worker (tests); later computations run inline until startModelWorker again. */
export const stopModelWorker = (): Promise<void> => shared.stop();

/**
 * Calls `fn` of ./model-worker-entry.ts in the worker with the client's database first, or `inline` when there is
 * no worker or the client has no target, or is on an in-memory SQLite database. A call the worker could not finish
 * (it crashed, hit its heap limit, or was stopped) runs inline instead; an AppError is an answer and stays one.
 */
export function inModelWorker<T>(
  db: Db,
  fn: "recommendation" | "summary",
  args: unknown[],
  inline: () => Promise<T>,
): Promise<T> {
  const worker = shared.current();
  const target = databaseTarget(db);
  if (!worker || !target || (target.kind === "sqlite" && !isSharedFile(target.file))) return inline();
  return worker.call<T>(fn, [target, ...args]).catch((error: unknown) => {
    if (error instanceof AppError) throw error;
    return inline();
  });
}
