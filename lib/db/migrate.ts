// Applies the committed Prisma migrations (plain SQL files) without Prisma's native schema engine,
// which cannot be downloaded on offline machines. Records them in Prisma's own `_prisma_migrations`
// table, with the same columns and sha256 checksums, so `prisma migrate deploy` stays compatible.
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseTarget } from "./database-url";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/** Busy timeout for every SQLite connection we open: writers wait instead of failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** An arbitrary constant that names our migration lock among PostgreSQL advisory locks. */
const PG_MIGRATION_LOCK_KEY = 727_071_275;

export function migrationsDir(kind: DatabaseTarget["kind"], projectRoot: string = process.cwd()): string {
  return kind === "sqlite"
    ? path.join(projectRoot, "prisma", "migrations")
    : path.join(projectRoot, "prisma", "postgresql", "migrations");
}

/** Reads `<dir>/<timestamp>_<name>/migration.sql` in name order (Prisma's timestamps sort chronologically). */
export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) {
    throw new Error(`Migrations directory ${dir} does not exist`);
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
}

/** Throws when an applied migration's file changed or vanished: the database no longer matches the code. */
function checkHistory(migrations: Migration[], applied: AppliedRow[]): Set<string> {
  const byName = new Map(migrations.map((m) => [m.name, m]));
  const done = new Set<string>();
  for (const row of applied) {
    if (row.finished_at === null) {
      throw new Error(
        `Migration ${row.migration_name} started earlier but never finished; inspect the database before retrying`,
      );
    }
    const local = byName.get(row.migration_name);
    if (!local) {
      throw new Error(
        `The database has migration ${row.migration_name} applied, which this version of the code does not know (is the code older than the database?)`,
      );
    }
    if (local.checksum !== row.checksum) {
      throw new Error(`Migration ${row.migration_name} was modified after it was applied (checksum differs)`);
    }
    done.add(row.migration_name);
  }
  return done;
}

export async function migrate(target: DatabaseTarget, dir = migrationsDir(target.kind)): Promise<MigrateResult> {
  const migrations = readMigrations(dir);
  return target.kind === "sqlite" ? migrateSqlite(target.file, migrations) : migratePostgres(target.url, migrations);
}

/** Opens the SQLite file with WAL mode (persistent in the file) and our busy timeout. */
export function openSqlite(file: string): Database.Database {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  // WAL lets readers (the dashboard) run while a writer (an ingest) commits; the mode persists in the file.
  db.pragma("journal_mode = WAL");
  return db;
}

function migrateSqlite(file: string, migrations: Migration[]): MigrateResult {
  const db = openSqlite(file);
  // Prisma's SQLite migrations redefine tables (create new, copy, DROP old, rename). With foreign keys
  // on, DROP TABLE would cascade-delete every child row, and the migration's own "PRAGMA foreign_keys=OFF"
  // is a no-op inside our transaction. So this connection keeps them off and checks integrity before
  // committing, as SQLite documents for schema changes.
  db.pragma("foreign_keys = OFF");
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "checksum" TEXT NOT NULL,
      "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL,
      "logs" TEXT,
      "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
    )`);
    const applied: string[] = [];
    let alreadyApplied = 0;
    // BEGIN IMMEDIATE takes the write lock up front, so two processes starting at once migrate one after the other.
    const run = db.transaction(() => {
      const rows = db
        .prepare(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`)
        .all() as AppliedRow[];
      const done = checkHistory(migrations, rows);
      alreadyApplied = done.size;
      const insert = db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
         VALUES (?, ?, ?, ?, ?, 1)`,
      );
      for (const migration of migrations) {
        if (done.has(migration.name)) continue;
        const startedAt = Date.now();
        db.exec(migration.sql);
        const violations = db.pragma("foreign_key_check") as unknown[];
        if (violations.length > 0) {
          throw new Error(
            `Migration ${migration.name} leaves ${violations.length} foreign key violation(s); rolled back`,
          );
        }
        insert.run(randomUUID(), migration.checksum, Date.now(), migration.name, startedAt);
        applied.push(migration.name);
      }
    });
    run.immediate();
    return { applied, alreadyApplied };
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = checkHistory(migrations, rows);
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await client.query("BEGIN");
      try {
        const startedAt = new Date();
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, $4, 1)`,
          [randomUUID(), migration.checksum, migration.name, startedAt],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PG_MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
