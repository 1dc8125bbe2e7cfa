// SQLite reads off the event loop. better-sqlite3 is synchronous: a 100 ms query stalls every other request of the
// process for 100 ms. The web app's client (lib/db/client.ts) therefore wraps Prisma's better-sqlite3 adapter so that
// a plain read (a SELECT or WITH … SELECT outside a transaction) runs in a small pool of worker threads, each with its
// own read-only connection to the same file and its own instance of the very same adapter, so answers are identical.
// Writes and everything inside a transaction stay on the main connection; WAL lets the readers run beside the writer
// and every read starts after the writes that finished before it (read-your-writes holds).
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { LOWER_PRIORITY_SOURCE, workerNice } from "../ts-worker";

type Adapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;
type SqlQuery = Parameters<Adapter["queryRaw"]>[0];
type SqlResultSet = Awaited<ReturnType<Adapter["queryRaw"]>>;

/**
 * The worker: plain CommonJS evaluated from this string, so no bundler has to find a worker file. It loads the
 * adapter package from the app's node_modules and answers one query per message.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
${LOWER_PRIORITY_SOURCE}
const load = createRequire(workerData.resolveFrom);
const { PrismaBetterSqlite3 } = load("@prisma/adapter-better-sqlite3");
const ready = new PrismaBetterSqlite3({ url: workerData.file, readonly: true, timeout: workerData.timeout }).connect();
parentPort.on("message", async ({ id, query }) => {
  try {
    const adapter = await ready;
    parentPort.postMessage({ id, result: await adapter.queryRaw(query) });
  } catch (error) {
    const cause = error && typeof error.cause === "object" ? error.cause : undefined;
    parentPort.postMessage({ id, error: { name: error?.name ?? "Error", message: String(error?.message ?? error), cause } });
  }
});
`;

interface Pending {
  resolve: (result: SqlResultSet) => void;
  reject: (error: Error) => void;
}

interface PooledWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** A read: a SELECT, or a WITH that writes nothing (Prisma's reads are SELECTs; our own SQL uses WITH). */
export function isPlainRead(sql: string): boolean {
  const text = sql.trimStart();
  if (/^select\b/i.test(text)) return true;
  return /^with\b/i.test(text) && !/\b(insert|update|delete|replace)\b/i.test(text);
}

/** Blob columns come back from a worker as Uint8Array; the in-process adapter gives Buffers. */
function restoreBuffers(result: SqlResultSet): SqlResultSet {
  for (const row of result.rows) {
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
        row[i] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      }
    }
  }
  return result;
}

function toError(error: { name: string; message: string; cause?: unknown }): Error {
  // Prisma recognises a driver error by its name and a `cause` object (isDriverAdapterError), so it maps it as usual.
  const rebuilt = new Error(error.message, error.cause === undefined ? undefined : { cause: error.cause });
  rebuilt.name = error.name;
  return rebuilt;
}

export class SqliteReadPool {
  private readonly workers: PooledWorker[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly size: number,
    private readonly timeoutMs: number,
  ) {}

  /** Runs one read in the least busy worker (started on first use). */
  query(query: SqlQuery): Promise<SqlResultSet> {
    if (this.closed) return Promise.reject(new Error("the SQLite read pool is closed"));
    const target = this.pick();
    const id = this.nextId++;
    return new Promise<SqlResultSet>((resolve, reject) => {
      target.pending.set(id, { resolve: (result) => resolve(restoreBuffers(result)), reject });
      target.worker.ref();
      target.worker.postMessage({ id, query });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = this.workers.splice(0);
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }

  private pick(): PooledWorker {
    if (this.workers.length < this.size) {
      const idle = this.workers.find((w) => w.pending.size === 0);
      if (idle) return idle;
      return this.start();
    }
    return this.workers.reduce((best, w) => (w.pending.size < best.pending.size ? w : best));
  }

  private start(): PooledWorker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file: this.file,
        timeout: this.timeoutMs,
        nice: workerNice(),
        // The app's own node_modules, wherever the bundled module that runs this lives.
        resolveFrom: path.join(process.cwd(), "package.json"),
      },
    });
    // Idle workers do not keep the process alive; one with a query in flight does (ref'd while pending).
    worker.unref();
    const entry: PooledWorker = { worker, pending: new Map() };
    worker.on(
      "message",
      (message: { id: number; result?: SqlResultSet; error?: { name: string; message: string } }) => {
        const pending = entry.pending.get(message.id);
        if (!pending) return;
        entry.pending.delete(message.id);
        if (entry.pending.size === 0) worker.unref();
        if (message.error) pending.reject(toError(message.error));
        else pending.resolve(message.result!);
      },
    );
    const fail = (error: Error) => {
      for (const pending of entry.pending.values()) pending.reject(error);
      entry.pending.clear();
      const index = this.workers.indexOf(entry);
      if (index >= 0) this.workers.splice(index, 1);
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`SQLite read worker exited (code ${code})`)));
    this.workers.push(entry);
    return entry;
  }
}

/** The adapter Prisma gets: plain reads to the pool, everything else (writes, transactions) to `adapter`. */
function withPooledReads(adapter: Adapter, pool: SqliteReadPool): Adapter {
  const wrapped: Adapter = Object.create(adapter) as Adapter;
  return Object.assign(wrapped, {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query: SqlQuery) => (isPlainRead(query.sql) ? pool.query(query) : adapter.queryRaw(query)),
    executeRaw: (query: SqlQuery) => adapter.executeRaw(query),
    executeScript: (script: string) => adapter.executeScript(script),
    startTransaction: (...args: Parameters<Adapter["startTransaction"]>) => adapter.startTransaction(...args),
    dispose: async () => {
      await pool.close();
      await adapter.dispose();
    },
  });
}

/** Wraps the adapter factory so that every connection it opens reads through a pool of `size` workers. */
export function pooledReadsFactory(inner: PrismaBetterSqlite3, file: string, size: number, timeoutMs: number) {
  const factory = Object.create(inner) as PrismaBetterSqlite3;
  return Object.assign(factory, {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => withPooledReads(await inner.connect(), new SqliteReadPool(file, size, timeoutMs)),
  });
}

/** Whether the file can be opened by other connections (not `:memory:` nor an empty path). */
export function isSharedFile(file: string): boolean {
  return file !== "" && file !== ":memory:" && !file.startsWith("file::memory:");
}
