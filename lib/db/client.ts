// The one Prisma client of a process, for SQLite or PostgreSQL as DATABASE_URL says.
// Both generated clients come from the same models (prisma/schema.prisma), so the rest of the code
// uses one type, `Db`, whichever database is behind it.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresPrismaClient } from "../../generated/postgresql/client";
import { PrismaClient as SqlitePrismaClient } from "../../generated/sqlite/client";
import { readEnv } from "../config/env";
import { parseDatabaseUrl, type DatabaseTarget } from "./database-url";
import { SQLITE_BUSY_TIMEOUT_MS } from "./migrate";

export type Db = SqlitePrismaClient;
export type { Prisma } from "../../generated/sqlite/client";

export interface DbHandle {
  db: Db;
  kind: DatabaseTarget["kind"];
}

export function createDb(target: DatabaseTarget): DbHandle {
  if (target.kind === "sqlite") {
    const adapter = new PrismaBetterSqlite3({ url: target.file, timeout: SQLITE_BUSY_TIMEOUT_MS });
    return { db: new SqlitePrismaClient({ adapter }), kind: "sqlite" };
  }
  const adapter = new PrismaPg({ connectionString: target.url });
  // Same models, same generated API: only the SQL dialect differs, which Prisma handles.
  return { db: new PostgresPrismaClient({ adapter }) as unknown as Db, kind: "postgresql" };
}

const globalForDb = globalThis as unknown as { advisorDb?: DbHandle };

/** The process-wide client (cached on globalThis so dev-mode reloads do not open new pools). */
export function getDbHandle(): DbHandle {
  globalForDb.advisorDb ??= createDb(parseDatabaseUrl(readEnv().DATABASE_URL));
  return globalForDb.advisorDb;
}

export function getDb(): Db {
  return getDbHandle().db;
}
