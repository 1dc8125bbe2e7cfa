// Opening a Prisma client for SQLite or PostgreSQL, and what every database module shares: the `Db` and `Tx`
// types (both generated clients come from the same models, prisma/schema.prisma, so the rest of the code uses one
// type whichever database is behind it), unique-violation detection and SQLite's write queue. The CLI, tests and
// benches open clients here; the web app's one client is lib/db/client.ts, which also moves SQLite reads to worker
// threads (`readWorkers`, sqlite-read-pool.ts).
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresPrismaClient } from "../../generated/postgresql/client";
import { PrismaClient as SqlitePrismaClient } from "../../generated/sqlite/client";
import type { DatabaseTarget } from "./database-url";
import { SQLITE_BUSY_TIMEOUT_MS } from "./migrate";
import { gatedFactory } from "./sqlite-gate";
import { isSharedFile, pooledReadsFactory } from "./sqlite-read-pool";
import { notifyDataWritten } from "./write-events";

export type Db = SqlitePrismaClient;
export type { Prisma } from "../../generated/sqlite/client";
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Prisma's P2002: a unique constraint refused the row (a concurrent writer stored it first). */
export const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";

export interface DbHandle {
  db: Db;
  kind: DatabaseTarget["kind"];
}

/**
 * The database of each client, kept on globalThis: Next bundles instrumentation.ts (which may open the web app's
 * client first) apart from the routes, each with its own copy of this module, and all must know the client.
 */
const registry = globalThis as unknown as { advisorDbTargets?: WeakMap<Db, DatabaseTarget> };
const targets = (registry.advisorDbTargets ??= new WeakMap<Db, DatabaseTarget>());

export interface CreateDbOptions {
  /** SQLite only: plain reads run in this many worker threads with read-only connections (0: in-process). */
  readWorkers?: number;
}

export function createDb(target: DatabaseTarget, options: CreateDbOptions = {}): DbHandle {
  let db: Db;
  if (target.kind === "sqlite") {
    // Gated: a transaction may let the event loop turn without another statement landing inside it (sqlite-gate.ts).
    const adapter = gatedFactory(new PrismaBetterSqlite3({ url: target.file, timeout: SQLITE_BUSY_TIMEOUT_MS }));
    const workers = options.readWorkers ?? 0;
    db = new SqlitePrismaClient({
      adapter:
        workers > 0 && isSharedFile(target.file)
          ? pooledReadsFactory(adapter, target.file, workers, SQLITE_BUSY_TIMEOUT_MS)
          : adapter,
    });
  } else {
    // Same models, same generated API: only the SQL dialect differs, which Prisma handles.
    db = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: target.url }) }) as unknown as Db;
  }
  targets.set(db, target);
  return { db, kind: target.kind };
}

/** The database a client was opened on (a worker thread opens its own client on it: lib/recommend/model-worker.ts). */
export function databaseTarget(db: Db): DatabaseTarget | undefined {
  return targets.get(db);
}

/** Which database a client talks to (for the few statements written per dialect). */
export function databaseKind(db: Db): DatabaseTarget["kind"] {
  return targets.get(db)?.kind ?? "sqlite";
}

let sqliteWriteQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs a write (usually one `$transaction`) alone among this process's SQLite writes.
 * better-sqlite3 waits for a busy database synchronously, so two write transactions open at once in
 * one process would block the event loop that the first needs to commit. Other processes are kept
 * apart by SQLite's own locking and busy timeout; PostgreSQL needs none of this and runs `write` directly.
 * After a write resolves, the listeners of ./write-events.ts hear of it (the stored summaries refresh).
 */
export function serializeWrites<T>(db: Db, write: () => Promise<T>): Promise<T> {
  // Every committed write is announced (./write-events.ts), so derived rows can be brought up to date.
  const announced = async () => {
    const value = await write();
    notifyDataWritten(db);
    return value;
  };
  if (targets.get(db)?.kind !== "sqlite") return announced();
  const result = sqliteWriteQueue.then(announced, announced);
  sqliteWriteQueue = result.catch(() => undefined);
  return result;
}
