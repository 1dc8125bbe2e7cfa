// The web app's one Prisma client, for SQLite or PostgreSQL as DATABASE_URL says. `server-only`: Next refuses to
// build a client component that imports it (the CLI, tests and benches open clients with lib/db/connect.ts).
// On SQLite its plain reads run in worker threads (lib/db/sqlite-read-pool.ts), so a long query never stalls the
// server: SQLITE_READ_WORKERS threads, default 1 (each adds ~20–35 MiB); 0 reads in-process as before.
import "server-only";
import { readEnv } from "../config/env";
import { createDb, type Db, type DbHandle } from "./connect";
import { parseDatabaseUrl } from "./database-url";

const globalForDb = globalThis as unknown as { advisorDb?: DbHandle };

/** The process-wide client (cached on globalThis so dev-mode reloads do not open new pools). */
export function getDbHandle(): DbHandle {
  globalForDb.advisorDb ??= createDb(parseDatabaseUrl(readEnv().DATABASE_URL), { readWorkers: readWorkers() });
  return globalForDb.advisorDb;
}

export function getDb(): Db {
  return getDbHandle().db;
}

const DEFAULT_READ_WORKERS = 1;

function readWorkers(): number {
  const raw = process.env.SQLITE_READ_WORKERS;
  const parsed = raw === undefined || raw.trim() === "" ? DEFAULT_READ_WORKERS : Number(raw);
  if (Number.isInteger(parsed) && parsed >= 0 && parsed <= 16) return parsed;
  throw new Error(`SQLITE_READ_WORKERS must be a whole number from 0 to 16, not "${raw}"`);
}
