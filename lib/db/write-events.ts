// In-process notices that a write committed (lib/db/connect.ts serializeWrites calls notifyDataWritten after every
// write it runs): the server's start hook (instrumentation.ts) listens, to bring the stored component summaries
// (lib/recommend/summary.ts) up to date in the background. Writes by other processes (the CLI, another replica)
// raise no notice here: readers check a summary's key before trusting it, so those are caught on read.
/** The client that wrote (./connect.ts Db; typed loosely so this file imports nothing: connect.ts imports it). */
type WrittenDb = object;
type Listener = (db: WrittenDb) => void;

const listeners = new Set<Listener>();

/** Calls `listener` after each committed write of this process; returns the function that stops it. */
export function onDataWritten(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells every listener; a listener that throws is reported and does not fail the write that already committed. */
export function notifyDataWritten(db: WrittenDb): void {
  for (const listener of listeners) {
    try {
      listener(db);
    } catch (error) {
      console.error("a data-written listener failed:", error);
    }
  }
}
