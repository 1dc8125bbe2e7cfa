// Database commands: `npm run db -- <command>`.
//   migrate                  apply pending migrations to DATABASE_URL
//   bootstrap                migrate, then load the demo data into an empty database (DEMO_DATA=auto)
//   status                   print the database kind, applied migrations and row counts
//   new-migration <name>     (development) write the SQL that brings the migrations up to prisma/schema.prisma,
//                            for SQLite and PostgreSQL, as prisma/**/migrations/<timestamp>_<name>/migration.sql
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readEnv } from "../lib/config/env";
import { parseDatabaseUrl, redactPassword, type DatabaseTarget } from "../lib/db/database-url";
import { migrate, migrationsDir } from "../lib/db/migrate";
import { bootstrapDatabase } from "../lib/pipeline/load-demo-data";

const projectRoot = path.resolve(import.meta.dirname, "..");

async function newMigration(name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) {
    throw new Error(`Migration name "${name}" must be lower_snake_case`);
  }
  const { diffDatabaseToSchema, schemaFor } = await import("./schema-engine");
  const { startPgCluster } = await import("./pg-cluster");
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "advisor-migration-"));
  const cluster = await startPgCluster("advisor_migration");
  try {
    const targets: DatabaseTarget[] = [
      { kind: "sqlite", url: `file:${tmp}/m.db`, file: path.join(tmp, "m.db") },
      { kind: "postgresql", url: cluster.url },
    ];
    for (const target of targets) {
      const dir = migrationsDir(target.kind, projectRoot);
      mkdirSync(dir, { recursive: true });
      await migrate(target, dir);
      const sql = await diffDatabaseToSchema(target, schemaFor(target.kind, projectRoot));
      if (sql === "") {
        console.log(`${target.kind}: the migrations already match the schema; nothing written`);
        continue;
      }
      const migrationDir = path.join(dir, `${stamp}_${name}`);
      mkdirSync(migrationDir);
      writeFileSync(path.join(migrationDir, "migration.sql"), sql + "\n");
      const lockFile = path.join(dir, "migration_lock.toml");
      if (!existsSync(lockFile)) {
        writeFileSync(lockFile, `# Written by Prisma-compatible tooling; keep in git.\nprovider = "${target.kind}"\n`);
      }
      console.log(
        `${target.kind}: wrote ${path.relative(projectRoot, migrationDir)}/migration.sql — review it before committing`,
      );
    }
  } finally {
    cluster.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const env = readEnv();
  const target = parseDatabaseUrl(env.DATABASE_URL);
  const where = target.kind === "sqlite" ? target.file : redactPassword(target.url);
  switch (command) {
    case "migrate": {
      const result = await migrate(target, migrationsDir(target.kind, projectRoot));
      console.log(
        `${target.kind} ${where}: applied ${result.applied.length} migration(s), ${result.alreadyApplied} already applied`,
      );
      break;
    }
    case "bootstrap": {
      const result = await bootstrapDatabase(env, projectRoot);
      console.log(result.summary);
      break;
    }
    case "status": {
      const { statusReport } = await import("../lib/db/status");
      console.log(await statusReport(env, projectRoot));
      break;
    }
    case "new-migration": {
      const [name] = args;
      if (!name) throw new Error("usage: npm run db -- new-migration <name>");
      await newMigration(name);
      break;
    }
    default:
      throw new Error(`unknown command "${command ?? ""}"; use migrate, bootstrap, status or new-migration <name>`);
  }
}

main().catch((error: unknown) => {
  console.error(`db: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
