// Fresh, isolated databases for integration tests: a temp SQLite file, or a new database in the
// run's PostgreSQL cluster. Every db test runs once per kind.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "@/lib/db/connect";
import type { DatabaseTarget } from "@/lib/db/database-url";
import { migrate } from "@/lib/db/migrate";

export const DATABASE_KINDS = ["sqlite", "postgresql"] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export const projectRoot = path.resolve(import.meta.dirname, "..", "..");

export interface TestDatabase {
  target: DatabaseTarget;
  /** Prisma client on the database, created lazily. */
  db: Db;
  cleanup(): Promise<void>;
}

/** An empty database (no tables). */
export async function emptyDatabase(kind: DatabaseKind): Promise<Omit<TestDatabase, "db"> & { connect(): Db }> {
  const clients: Db[] = [];
  if (kind === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "advisor-db-test-"));
    const file = path.join(dir, "test.db");
    const target: DatabaseTarget = { kind, url: `file:${file}`, file };
    return {
      target,
      connect: () => {
        const { db } = createDb(target);
        clients.push(db);
        return db;
      },
      cleanup: async () => {
        await Promise.all(clients.map((c) => c.$disconnect()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject("postgresAdminUrl");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const target: DatabaseTarget = { kind, url: url.toString() };
  return {
    target,
    connect: () => {
      const { db } = createDb(target);
      clients.push(db);
      return db;
    },
    cleanup: async () => {
      await Promise.all(clients.map((c) => c.$disconnect()));
      const cleanupClient = new pg.Client({ connectionString: adminUrl });
      await cleanupClient.connect();
      await cleanupClient.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanupClient.end();
    },
  };
}

/** A migrated database with a connected client. */
export async function migratedDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const empty = await emptyDatabase(kind);
  await migrate(empty.target, migrationsFor(kind));
  return { target: empty.target, db: empty.connect(), cleanup: empty.cleanup };
}

export function migrationsFor(kind: DatabaseKind): string {
  return kind === "sqlite"
    ? path.join(projectRoot, "prisma", "migrations")
    : path.join(projectRoot, "prisma", "postgresql", "migrations");
}
