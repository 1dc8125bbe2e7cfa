// The worker threads' priority (lib/ts-worker.ts LOWER_PRIORITY_SOURCE, WORKER_NICE): a TypeScript worker and a
// SQLite read worker run at the nice value asked for, and the thread that started them (the event loop) keeps its
// own. Read back from the kernel (/proc), so the test fails if the setting is not applied or reaches the wrong thread.
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { readEnv } from "@/lib/config/env";
import { SqliteReadPool } from "@/lib/db/sqlite-read-pool";
import { processWorker, workerNice } from "@/lib/ts-worker";
import { niceOf, threadPriority } from "./thread-priority-entry";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const linux = existsSync("/proc/thread-self");
const mainTid = () => Number(readlinkSync("/proc/thread-self").split("/").pop());
const nices = () =>
  readdirSync("/proc/self/task").map((tid) => ({ tid: Number(tid), nice: niceOf(`/proc/self/task/${tid}/stat`) }));

const saved = process.env.WORKER_NICE;
afterEach(() => {
  if (saved === undefined) delete process.env.WORKER_NICE;
  else process.env.WORKER_NICE = saved;
});

async function workerPriority(key: string): Promise<{ tid: number; nice: number }> {
  const shared = processWorker(key, {
    entry: "tests/unit/workers/thread-priority-entry.ts",
    purpose: "a priority probe",
    heapMb: 64,
  });
  expect(shared.start(root)).toBe(true);
  try {
    return await shared.current()!.call<{ tid: number; nice: number }>("threadPriority", []);
  } finally {
    await shared.stop();
  }
}

describe("WORKER_NICE", () => {
  it("takes a whole number from 0 to 19 and rejects anything else, naming it", () => {
    expect(readEnv({}).WORKER_NICE).toBeUndefined();
    expect(readEnv({ WORKER_NICE: "0" }).WORKER_NICE).toBe(0);
    expect(readEnv({ WORKER_NICE: "19" }).WORKER_NICE).toBe(19);
    for (const bad of ["-1", "20", "2.5", "low"]) expect(() => readEnv({ WORKER_NICE: bad })).toThrow(/WORKER_NICE/);
  });
});

describe.runIf(linux)("worker threads' priority", () => {
  const base = threadPriority().nice;

  it("runs a TypeScript worker at nice 10 by default and leaves the starting thread's priority alone", async () => {
    delete process.env.WORKER_NICE;
    const inWorker = await workerPriority("priorityProbeDefault");
    expect(inWorker.tid).not.toBe(mainTid());
    expect(inWorker.nice).toBe(Math.max(base, 10));
    expect(threadPriority().nice).toBe(base);
  });

  it("reads WORKER_NICE alone: a bad other variable does not matter, a bad WORKER_NICE gives the default", () => {
    const saved = { PORT: process.env.PORT, WORKER_NICE: process.env.WORKER_NICE };
    try {
      process.env.PORT = "eighty";
      process.env.WORKER_NICE = "7";
      expect(workerNice()).toBe(7);
      process.env.WORKER_NICE = "99";
      expect(workerNice()).toBe(10);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it("follows WORKER_NICE, and 0 leaves the worker at the process's priority", async () => {
    process.env.WORKER_NICE = "15";
    expect((await workerPriority("priorityProbe15")).nice).toBe(Math.max(base, 15));
    process.env.WORKER_NICE = "0";
    expect((await workerPriority("priorityProbe0")).nice).toBe(base);
  });

  it("runs a SQLite read worker at the lowered priority too", async () => {
    delete process.env.WORKER_NICE;
    const dir = mkdtempSync(path.join(os.tmpdir(), "worker-priority-"));
    const file = path.join(dir, "db.sqlite");
    const adapter = await new PrismaBetterSqlite3({ url: file }).connect();
    await adapter.executeScript("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");
    const before = new Set(nices().map((t) => t.tid));
    const pool = new SqliteReadPool(file, 1, 5000);
    try {
      const result = await pool.query({ sql: "SELECT x FROM t", args: [], argTypes: [] });
      expect(result.rows).toEqual([[1]]);
      const started = nices().filter((t) => !before.has(t.tid));
      expect(started.map((t) => t.nice)).toContain(Math.max(base, 10));
      expect(nices().find((t) => t.tid === mainTid())?.nice).toBe(base);
    } finally {
      await pool.close();
      await adapter.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
