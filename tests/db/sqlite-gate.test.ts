// SQLite's gated client (lib/db/sqlite-gate.ts): a write transaction that lets the event loop turn between its
// statements (breathe) stays whole. A statement sent outside it meanwhile — a write, or a read without the read
// pool — waits until it commits or rolls back, so it is neither rolled back with it nor sees it half done; and the
// bulk inserts do give the event loop turns. Each would fail on the plain adapter: there the outside statement runs
// on the same connection, inside the open transaction.
import { afterEach, describe, expect, it } from "vitest";
import { insertRows } from "@/lib/db/bulk-insert";
import { breathe } from "@/lib/db/sqlite-gate";
import { migratedDatabase } from "./support";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function database() {
  const database = await migratedDatabase("sqlite");
  cleanups.push(database.cleanup);
  return database.db;
}

describe("the gated SQLite client", () => {
  it("runs a write sent during an open transaction after it, so a rollback does not take it along", async () => {
    const db = await database();
    let outside: Promise<unknown> | undefined;
    await expect(
      db.$transaction(async (tx) => {
        await tx.component.create({ data: { name: "in-transaction-1" } });
        await breathe();
        // A raw statement (a model write goes through the adapter's own transaction lock; a raw one did not).
        // Started now (a Prisma query runs when it is awaited or then'd).
        outside = db.$executeRawUnsafe(`INSERT INTO "Component" ("name") VALUES (?)`, "outside").then((n) => n);
        await sleep(30);
        await tx.component.create({ data: { name: "in-transaction-2" } });
        throw new Error("rolled back on purpose");
      }),
    ).rejects.toThrow("rolled back on purpose");
    await outside;
    const names = (await db.component.findMany({ orderBy: { name: "asc" } })).map((c) => c.name);
    expect(names).toEqual(["outside"]);
  });

  it("lets a read without the read pool see a transaction's rows only once it committed, all of them", async () => {
    const db = await database();
    const seen: number[] = [];
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 3; i++) {
        await tx.component.create({ data: { name: `c${i}` } });
        if (i === 0) void db.component.count().then((n) => seen.push(n));
        await breathe();
        await sleep(10);
      }
    });
    await expect.poll(() => seen.length).toBe(1);
    expect(seen).toEqual([3]);
  });

  it("keeps two transactions that breathe apart, each whole", async () => {
    const db = await database();
    const writes = [0, 1].map((k) =>
      db.$transaction(async (tx) => {
        for (let i = 0; i < 3; i++) {
          await tx.component.create({ data: { name: `t${k}-${i}` } });
          await breathe();
        }
      }),
    );
    await Promise.all(writes);
    expect(await db.component.count()).toBe(6);
  });

  it("gives the event loop turns between a bulk insert's statements", async () => {
    const db = await database();
    const component = await db.component.create({ data: { name: "bulk" } });
    const run = await db.pipelineRun.create({
      data: { componentId: component.id, name: "run", namespace: "ns", origin: "upload", status: "Succeeded" },
    });
    let turns = 0;
    let storing = true;
    const counting = (async () => {
      while (storing) {
        await new Promise((resolve) => setImmediate(resolve));
        turns += 1;
      }
    })();
    await db.$transaction(async (tx) => {
      turns = 0;
      await insertRows(
        tx,
        "sqlite",
        "TaskRun",
        [
          { name: "pipelineRunId", type: "int" },
          { name: "name", type: "text" },
          { name: "status", type: "text" },
        ],
        Array.from({ length: 1000 }, (_, i) => [run.id, `task-${i}`, "Succeeded"]),
      );
      storing = false;
    });
    await counting;
    // 10 statements of 100 rows: a turn before each but the first.
    expect(turns).toBeGreaterThanOrEqual(9);
    expect(await db.taskRun.count()).toBe(1000);
  });
});
