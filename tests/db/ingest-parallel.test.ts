// 32 uploads at once — 8 distinct bundles, 4 copies each — leave exactly 8 uploads and 8 runs, each with
// its own measurements, on SQLite and PostgreSQL.
import { afterEach, describe, expect, it } from "vitest";
import { pvcSharedRaceObjects } from "../fixtures/bundles/scenarios";
import { bundleBuffer } from "../fixtures/bundles/write-bundles";
import { DATABASE_KINDS, migratedDatabase } from "./support";
import { ingestFiles } from "./support-ingest";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** Eight distinct PipelineRuns: the same export with the run's name and uid changed. */
async function variants(): Promise<{ name: string; yaml: string }[]> {
  const text = (await bundleBuffer(pvcSharedRaceObjects(), "yaml")).toString("utf8");
  const runName = pvcSharedRaceObjects().expected.pipelineRuns[0]!.name;
  const uid = pvcSharedRaceObjects().expected.pipelineRuns[0]!.uid!;
  return Array.from({ length: 8 }, (_, i) => {
    const name = `${runName}-v${i}`;
    return {
      name,
      yaml: text.replaceAll(runName, name).replaceAll(uid, `${uid.slice(0, -2)}${String(i).padStart(2, "0")}`),
    };
  });
}

describe.each(DATABASE_KINDS)("parallel uploads on %s", (kind) => {
  it("32 concurrent uploads of 8 bundles store 8 uploads and 8 runs", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const bundles = await variants();
    const results = await Promise.all(
      Array.from({ length: 32 }, (_, i) => {
        const bundle = bundles[i % 8]!;
        return ingestFiles(database.db, [{ filename: `${bundle.name}.yaml`, bytes: Buffer.from(bundle.yaml) }]);
      }),
    );
    expect(results.filter((r) => r.upload.status === "ingested")).toHaveLength(8);
    expect(results.filter((r) => r.upload.status === "duplicate")).toHaveLength(24);
    expect(await database.db.upload.count()).toBe(8);
    const runs = await database.db.pipelineRun.findMany({
      select: { name: true, _count: { select: { measurements: true } } },
    });
    expect(runs.map((r) => r.name).sort()).toEqual(bundles.map((b) => b.name).sort());
    const perRun = pvcSharedRaceObjects().expected.measurements.length;
    expect(runs.every((r) => r._count.measurements === perRun)).toBe(true);
    for (const result of results) expect(result.runs).toHaveLength(1);
  });
});
