// The start's upload rehearsal (lib/pipeline/rehearse-ingest.ts), on both databases: its run goes through the real
// analysis and store (stored for real, it is one run of three TaskRuns and eight steps), the rehearsal itself keeps
// nothing and changes nothing already stored, and an upload after it is stored as it would be without it.
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/connect";
import { DEFAULT_ARCHIVE_LIMITS } from "@/lib/ingest/types";
import { rehearsalDocument, rehearseIngest } from "@/lib/pipeline/rehearse-ingest";
import { taSplitV1beta1 } from "../fixtures/bundles/scenarios";
import { bundleBuffer } from "../fixtures/bundles/write-bundles";
import { DATABASE_KINDS, migratedDatabase } from "./support";
import { ingestFiles } from "./support-ingest";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** Every table's rows, as JSON text per table (ids and all), to compare before and after. */
async function everything(db: Db): Promise<Record<string, string>> {
  const tables = {
    Component: db.component.findMany({ orderBy: { id: "asc" } }),
    Upload: db.upload.findMany({ orderBy: { id: "asc" } }),
    PipelineRun: db.pipelineRun.findMany({ orderBy: { id: "asc" } }),
    TaskRun: db.taskRun.findMany({ orderBy: { id: "asc" } }),
    Step: db.step.findMany({ orderBy: { id: "asc" } }),
    Measurement: db.measurement.findMany({ orderBy: { id: "asc" } }),
    RunPhase: db.runPhase.findMany({ orderBy: { id: "asc" } }),
    RunSnapshot: db.runSnapshot.findMany({ orderBy: { pipelineRunId: "asc" } }),
    PlannedPayload: db.plannedPayload.findMany({ orderBy: { id: "asc" } }),
    ComponentSummary: db.componentSummary.findMany({ orderBy: { componentId: "asc" } }),
  };
  const out: Record<string, string> = {};
  for (const [name, rows] of Object.entries(tables)) {
    out[name] = JSON.stringify(await rows, (_key, value: unknown) =>
      typeof value === "bigint"
        ? value.toString()
        : value instanceof Uint8Array
          ? Buffer.from(value).toString("hex")
          : value,
    );
  }
  return out;
}

const fixture = async () => [{ filename: "ta-split.tar.gz", bytes: await bundleBuffer(taSplitV1beta1(), "tar.gz") }];

describe.each(DATABASE_KINDS)("the start's upload rehearsal on %s", (kind) => {
  async function database(): Promise<Db> {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    return database.db;
  }

  it("rehearses a run the real path stores whole: one run, three TaskRuns, eight steps", async () => {
    const db = await database();
    const { items } = rehearsalDocument();
    const result = await ingestFiles(db, [
      { filename: "run.json", bytes: Buffer.from(JSON.stringify({ apiVersion: "v1", kind: "List", items })) },
    ]);
    expect(result.upload.status).toBe("ingested");
    const runs = await db.pipelineRun.findMany({
      include: { component: true, taskRuns: { include: { steps: true } } },
    });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.component.name).toBe("advisor-rehearsal");
    expect(runs[0]!.taskRuns.map((t) => t.pipelineTaskName).sort()).toEqual([
      "build-container",
      "clone-repository",
      "prefetch-dependencies",
    ]);
    expect(runs[0]!.taskRuns.flatMap((t) => t.steps)).toHaveLength(8);
  });

  it("stores the run inside its transaction, then keeps nothing and changes nothing stored", async () => {
    const db = await database();
    await ingestFiles(db, await fixture());
    const before = await everything(db);
    expect(JSON.parse(before.PipelineRun!)).not.toHaveLength(0);
    const first = await rehearseIngest(db, DEFAULT_ARCHIVE_LIMITS);
    const second = await rehearseIngest(db, DEFAULT_ARCHIVE_LIMITS);
    expect(first.taskRuns).toBe(3);
    expect(second.taskRuns).toBe(3);
    expect(await everything(db)).toEqual(before);
  });

  it("leaves an upload after it stored as without it", async () => {
    const plain = await database();
    const rehearsed = await database();
    await rehearseIngest(rehearsed, DEFAULT_ARCHIVE_LIMITS);
    await ingestFiles(plain, await fixture());
    await ingestFiles(rehearsed, await fixture());
    const a = await everything(plain);
    const b = await everything(rehearsed);
    // Rows compare without their ids (also those an Upload's storedRuns names) and times of storing: PostgreSQL's
    // sequences moved on during the rehearsal.
    const strip = (tables: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(tables).map(([name, text]) => [
          name,
          (JSON.parse(text) as Record<string, unknown>[]).map((row) =>
            Object.fromEntries(
              Object.entries(row)
                .filter(([key]) => !/(^id$|Id$|At$)/.test(key))
                .map(([key, value]) => [key, typeof value === "string" ? value.replace(/"id":\d+/g, '"id":_') : value]),
            ),
          ),
        ]),
      );
    expect(strip(b)).toEqual(strip(a));
    expect(JSON.parse(b.TaskRun!)).toHaveLength(JSON.parse(a.TaskRun!).length);
  });
});
