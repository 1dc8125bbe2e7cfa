// The offline migration runner against real SQLite and PostgreSQL databases.
import { cpSync, mkdtempSync, appendFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { diffDatabaseToSchema, schemaFor } from "../../cli/schema-engine";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { DATABASE_KINDS, emptyDatabase, migrationsFor, projectRoot } from "./support";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function appliedNames(target: Awaited<ReturnType<typeof emptyDatabase>>["target"]): Promise<string[]> {
  const sql = `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`;
  if (target.kind === "sqlite") {
    const db = new Database(target.file);
    const rows = db.prepare(sql).all() as { migration_name: string }[];
    db.close();
    return rows.map((r) => r.migration_name);
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  const { rows } = await client.query<{ migration_name: string }>(sql);
  await client.end();
  return rows.map((r) => r.migration_name);
}

describe.each(DATABASE_KINDS)("migrations on %s", (kind) => {
  it("applies every committed migration to an empty database, once", async () => {
    const database = await emptyDatabase(kind);
    cleanups.push(database.cleanup);
    const expected = readMigrations(migrationsFor(kind)).map((m) => m.name);
    expect(expected.length).toBeGreaterThan(0);

    const first = await migrate(database.target, migrationsFor(kind));
    expect(first.applied).toEqual(expected);
    expect(await appliedNames(database.target)).toEqual(expected);

    const second = await migrate(database.target, migrationsFor(kind));
    expect(second).toEqual({ applied: [], alreadyApplied: expected.length });
    expect(await appliedNames(database.target)).toEqual(expected);
  });

  it("leaves a database that matches prisma/schema.prisma exactly (no drift)", async () => {
    const database = await emptyDatabase(kind);
    cleanups.push(database.cleanup);
    await migrate(database.target, migrationsFor(kind));
    expect(await diffDatabaseToSchema(database.target, schemaFor(kind, projectRoot))).toBe("");
  });

  it("reports drift when the database differs from the schema", async () => {
    const database = await emptyDatabase(kind);
    cleanups.push(database.cleanup);
    await migrate(database.target, migrationsFor(kind));
    const client = database.connect();
    await client.$executeRawUnsafe(`ALTER TABLE "Step" ADD COLUMN "unexpected" TEXT`);
    expect(await diffDatabaseToSchema(database.target, schemaFor(kind, projectRoot))).toMatch(/unexpected|Step/);
  });

  it("refuses to run when an applied migration was edited afterwards", async () => {
    const database = await emptyDatabase(kind);
    cleanups.push(database.cleanup);
    const dir = mkdtempSync(path.join(os.tmpdir(), "advisor-migrations-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(migrationsFor(kind), dir, { recursive: true });
    await migrate(database.target, dir);
    const first = readdirSync(dir).filter((name) => !name.endsWith(".toml"))[0]!;
    appendFileSync(path.join(dir, first, "migration.sql"), "\n-- edited after the fact\n");
    await expect(migrate(database.target, dir)).rejects.toThrow(`Migration ${first} was modified after it was applied`);
  });

  it("rolls back a failing migration completely", async () => {
    const database = await emptyDatabase(kind);
    cleanups.push(database.cleanup);
    const dir = mkdtempSync(path.join(os.tmpdir(), "advisor-migrations-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(migrationsFor(kind), dir, { recursive: true });
    await migrate(database.target, dir);
    const broken = path.join(dir, "29991231000000_broken");
    cpSync(
      path.join(
        dir,
        readdirSync(dir).find((n) => /^\d/.test(n))!,
      ),
      broken,
      { recursive: true },
    );
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      path.join(broken, "migration.sql"),
      `CREATE TABLE "Half" ("id" INTEGER PRIMARY KEY);\nTHIS IS NOT SQL;\n`,
    );
    await expect(migrate(database.target, dir)).rejects.toThrow();
    const client = database.connect();
    const tables =
      kind === "sqlite"
        ? await client.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE name = 'Half'`)
        : await client.$queryRawUnsafe<{ name: string }[]>(
            `SELECT tablename AS name FROM pg_tables WHERE tablename = 'Half'`,
          );
    expect(tables).toEqual([]);
    expect(await appliedNames(database.target)).not.toContain("29991231000000_broken");
  });
});

describe("SQLite connection settings", () => {
  it("puts the database file in WAL mode with foreign keys enforced", async () => {
    const database = await emptyDatabase("sqlite");
    cleanups.push(database.cleanup);
    await migrate(database.target, migrationsFor("sqlite"));
    if (database.target.kind !== "sqlite") throw new Error("unreachable");
    const raw = new Database(database.target.file);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });
});

describe.each(DATABASE_KINDS)("upgrading a database with data on %s", (kind) => {
  it("keeps every row through later migrations (no cascade on table rebuilds)", async () => {
    const database = await emptyDatabase(kind);
    cleanups.push(database.cleanup);
    const all = readMigrations(migrationsFor(kind));
    expect(all.length).toBeGreaterThan(1);
    const dir = mkdtempSync(path.join(os.tmpdir(), "advisor-migrations-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(path.join(migrationsFor(kind), all[0]!.name), path.join(dir, all[0]!.name), { recursive: true });
    await migrate(database.target, dir);
    const client = database.connect();
    const component = await client.$executeRawUnsafe(`INSERT INTO "Component" ("name") VALUES ('old-data')`);
    expect(component).toBe(1);
    await client.$executeRawUnsafe(
      `INSERT INTO "PipelineRun" ("name", "origin", "componentId", "status") SELECT 'r1', 'tekton', "id", 'Succeeded' FROM "Component"`,
    );
    await client.$executeRawUnsafe(
      `INSERT INTO "TaskRun" ("pipelineRunId", "name", "status") SELECT "id", 't1', 'Succeeded' FROM "PipelineRun"`,
    );
    await client.$executeRawUnsafe(
      `INSERT INTO "Measurement" ("componentId", "pipelineRunId", "taskRunId", "arch", "phase", "seconds", "source", "sourceDetail")
       SELECT r."componentId", r."id", t."id", 'amd64', 'prefetch', 42, 'step-timestamps', 'x' FROM "PipelineRun" r JOIN "TaskRun" t ON t."pipelineRunId" = r."id"`,
    );
    await client.$disconnect();

    const upgraded = await migrate(database.target, migrationsFor(kind));
    expect(upgraded.applied).toEqual(all.slice(1).map((m) => m.name));
    const after = database.connect();
    expect(await after.taskRun.count()).toBe(1);
    expect(await after.measurement.findMany({ select: { seconds: true, arch: true } })).toEqual([
      { seconds: 42, arch: "amd64" },
    ]);
    expect(await after.pipelineRun.findFirst({ select: { name: true, hazards: true } })).toEqual({
      name: "r1",
      hazards: "[]",
    });
  });
});
