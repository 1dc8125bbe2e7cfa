// The web app's one Prisma client, for SQLite or PostgreSQL as DATABASE_URL says. `server-only`: Next refuses to
// build a client component that imports it (the CLI, tests and benches open clients with lib/db/connect.ts).
import "server-only";
import { readEnv } from "../config/env";
import { createDb, type Db, type DbHandle } from "./connect";
import { parseDatabaseUrl } from "./database-url";

const globalForDb = globalThis as unknown as { advisorDb?: DbHandle };

/** The process-wide client (cached on globalThis so dev-mode reloads do not open new pools). */
export function getDbHandle(): DbHandle {
  globalForDb.advisorDb ??= createDb(parseDatabaseUrl(readEnv().DATABASE_URL));
  return globalForDb.advisorDb;
}

export function getDb(): Db {
  return getDbHandle().db;
}
