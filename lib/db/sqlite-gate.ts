// Keeps a SQLite write transaction whole while it lets the event loop breathe. better-sqlite3 has one connection,
// and a statement sent on it while a transaction is open runs inside that transaction: a request's own write (a
// stored summary, a new source, a sync's lease) would be committed or rolled back with someone else's upload, and
// a read without the read pool would see the upload half stored. As long as a transaction ran in one piece on the
// event loop (synchronous statements, awaits that resolve as microtasks) nothing could come between; a long one
// (thousands of TaskRuns) then held every other request for seconds. So the web app's and the CLI's SQLite clients
// wrap the adapter: a transaction holds a gate from BEGIN to COMMIT or ROLLBACK, and every statement outside a
// transaction waits until no transaction is open or queued before it. The stores (./store-bundle.ts, ./store-run.ts,
// ./bulk-insert.ts) then `breathe()` between statements. Plain reads in the read pool's workers are not gated: their
// own connections see only committed data (WAL). PostgreSQL needs none of this: a transaction has its own connection.
// So a transaction's callback must use its `tx`: a statement on the client itself would wait for the transaction it
// is part of (until Prisma's transaction timeout); none does (store-bundle.ts, store-manual-tables.ts,
// sync-source.ts).
import type { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** Lets the event loop answer other requests between the statements of a long write (a macrotask turn). */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Transactions one after the other; a statement outside them waits for those open or queued before it. */
class Gate {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves, in order, with the function that lets the next one through (a resolve: a second call does nothing). */
  enter(): Promise<() => void> {
    let leave!: () => void;
    const left = new Promise<void>((resolve) => (leave = resolve));
    const before = this.tail;
    this.tail = before.then(() => left);
    return before.then(() => leave);
  }

  /** Resolves when every transaction entered so far has left. */
  passed(): Promise<void> {
    return this.tail;
  }
}

function gatedTransaction(tx: Transaction, leave: () => void): Transaction {
  const wrapped: Transaction = Object.create(tx) as Transaction;
  return Object.assign(wrapped, {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query: Parameters<Transaction["queryRaw"]>[0]) => tx.queryRaw(query),
    executeRaw: (query: Parameters<Transaction["executeRaw"]>[0]) => tx.executeRaw(query),
    commit: async () => {
      try {
        await tx.commit();
      } finally {
        leave();
      }
    },
    rollback: async () => {
      try {
        await tx.rollback();
      } finally {
        leave();
      }
    },
  });
}

/** The adapter with its transactions gated and its other statements waiting for them. */
export function gateAdapter(adapter: Adapter): Adapter {
  const gate = new Gate();
  const wrapped: Adapter = Object.create(adapter) as Adapter;
  return Object.assign(wrapped, {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: async (query: Parameters<Adapter["queryRaw"]>[0]) => {
      await gate.passed();
      return adapter.queryRaw(query);
    },
    executeRaw: async (query: Parameters<Adapter["executeRaw"]>[0]) => {
      await gate.passed();
      return adapter.executeRaw(query);
    },
    executeScript: async (script: string) => {
      await gate.passed();
      return adapter.executeScript(script);
    },
    startTransaction: async (...args: Parameters<Adapter["startTransaction"]>) => {
      const leave = await gate.enter();
      try {
        return gatedTransaction(await adapter.startTransaction(...args), leave);
      } catch (error) {
        leave();
        throw error;
      }
    },
    dispose: () => adapter.dispose(),
  });
}

/** Wraps the adapter factory so that every connection it opens is gated (gateAdapter). */
export function gatedFactory(inner: PrismaBetterSqlite3): PrismaBetterSqlite3 {
  const factory = Object.create(inner) as PrismaBetterSqlite3;
  return Object.assign(factory, {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => gateAdapter(await inner.connect()),
  });
}
