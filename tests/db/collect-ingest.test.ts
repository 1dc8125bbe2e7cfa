// What cli/collect writes is an upload the ingester reads in full: a bundle collected from the fake cluster
// (tests/fixtures/fake-cluster.ts) for the ta-shared-matrix fixture yields that fixture's run and numbers.
// SQLite only: the point is the bundle's layout, not the database.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { taSharedMatrix } from "../fixtures/bundles/scenarios";
import { fakeCluster, runCollect } from "../fixtures/fake-cluster";
import { migratedDatabase } from "./support";
import { ingestFiles, measurementKey, storedMeasurements } from "./support-ingest";

const NS = "flatpak-tenant";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

describe("a bundle from cli/collect", () => {
  it("ingests as the PipelineRun it was collected from, with its strategy and every measurement", async () => {
    const scenario = taSharedMatrix();
    const cluster = await fakeCluster(scenario, { namespace: NS });
    cleanups.push(cluster.remove);
    const cwd = path.join(cluster.dir, "work");
    await mkdir(cwd);
    const lockfile = path.join(cwd, "rpms.lock.yaml");
    await writeFile(lockfile, cluster.lockfile);
    const collected = runCollect([cluster.pipelineRun, "-n", NS, "-o", "run.tar.gz", "--lockfile", lockfile], {
      cwd,
      path: `${cluster.binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    });
    expect(collected.status, collected.stderr).toBe(0);

    const database = await migratedDatabase("sqlite");
    cleanups.push(database.cleanup);
    const result = await ingestFiles(database.db, [
      { filename: "run.tar.gz", bytes: await readFile(path.join(cwd, "run.tar.gz")) },
    ]);

    expect(result.upload.status).toBe("ingested");
    expect(result.runs.map((r) => ({ name: r.name, strategy: r.strategy }))).toEqual([
      { name: cluster.pipelineRun, strategy: "ta-shared" },
    ]);
    const kinds = Object.fromEntries(result.files.map((f) => [path.basename(f.name), f.kind]));
    expect(kinds).toMatchObject({
      "pipelinerun.json": "tekton",
      "taskruns.json": "tekton",
      "rpms.lock.yaml": "lockfile",
      [`${[...cluster.artifacts.keys()][0]}.prefetch.manifest.json`]: "manifest",
    });
    expect(result.files.filter((f) => f.kind === "log")).toHaveLength(cluster.stepLogs.length);

    const run = await database.db.pipelineRun.findFirstOrThrow({
      where: { name: cluster.pipelineRun },
      include: { component: true, _count: { select: { taskRuns: true } } },
    });
    expect(run.strategy).toBe("ta-shared");
    expect(run.component.name).toBe("flatpak-runtime");
    expect(run._count.taskRuns).toBe(cluster.taskRuns.length);

    const stored = await storedMeasurements(database.db, [run.id]);
    const expected = scenario.expected.measurements.map(measurementKey).sort();
    expect(stored).toEqual(expected);
    // A few numbers spelled out, so a wrong fixture cannot hide a wrong ingester.
    expect(stored).toContain(`${cluster.pipelineRun} | shared | prefetch | 612 s | step-timestamps`);
    expect(stored).toContain(`${cluster.pipelineRun} | shared | artifact | 571204096 B | manifest`);
    expect(stored.filter((m) => / \| rsync \| .* \| log-marker$/.test(m))).toHaveLength(3);
  });
});
