// What cli/collect writes is an upload the ingester reads in full: a bundle collected from the fake cluster
// (tests/fixtures/fake-cluster.ts) for the ta-shared-matrix fixture yields that fixture's run and numbers.
// A --component bundle (a directory per run) ingests as those runs, with the upload's tables and each artifact
// manifest counted for its own run only. SQLite only: the point is the bundle's layout, not the database.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { taSharedMatrix } from "../fixtures/bundles/scenarios";
import { fakeCluster, fakeComponentCluster, runCollect } from "../fixtures/fake-cluster";
import { fakeRuns, runFiles } from "../fixtures/fake-sources/runs";
import { migratedDatabase } from "./support";
import { ingestFiles, measurementKey, storedMeasurements, tarGz } from "./support-ingest";

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

describe("a bundle from cli/collect --component", () => {
  it("ingests as every run of the component, with the tables of an upload of the same runs; each manifest counts once", async () => {
    const component = "shop-api";
    const runs = fakeRuns(5, { component, namespace: NS });
    const manifest = taSharedMatrix().files.find((f) => f.path === "prefetch.manifest.json")!.content as string;
    const cluster = await fakeComponentCluster(runs, { namespace: NS, component, manifest });
    cleanups.push(cluster.remove);
    const cwd = path.join(cluster.dir, "work");
    await mkdir(cwd);
    const collected = runCollect(["--component", component, "--since", "2000-01-01T00:00:00Z", "-n", NS], {
      cwd,
      path: `${cluster.binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    });
    expect(collected.status, collected.stderr).toBe(0);

    const fromCollect = await migratedDatabase("sqlite");
    cleanups.push(fromCollect.cleanup);
    const bundle = await readFile(path.join(cwd, `${component}.tar.gz`));
    const result = await ingestFiles(fromCollect.db, [{ filename: `${component}.tar.gz`, bytes: bundle }]);
    expect(result.runs.map((r) => r.name).sort()).toEqual([...cluster.pipelineRuns].sort());

    // The same runs uploaded as plain files (no manifests): every measurement equal but the artifacts.
    const fromFiles = await migratedDatabase("sqlite");
    cleanups.push(fromFiles.cleanup);
    await ingestFiles(fromFiles.db, [{ filename: "runs.tar.gz", bytes: await tarGz(runFiles(runs)) }]);
    const all = async (db: typeof fromCollect.db) =>
      storedMeasurements(
        db,
        (await db.pipelineRun.findMany({ select: { id: true } })).map((r) => r.id),
      );
    const collectedRows = await all(fromCollect.db);
    const artifactRows = collectedRows.filter((m) => / \| artifact \| .* \| manifest$/.test(m));
    expect(collectedRows.filter((m) => !artifactRows.includes(m))).toEqual(await all(fromFiles.db));
    // One CACHI2_ARTIFACT layer per run, from the manifest of its own prefetch TaskRun (not five each).
    expect(artifactRows.map((m) => m.split(" | ")[0]).sort()).toEqual([...cluster.pipelineRuns].sort());
    const locators = await fromCollect.db.measurement.findMany({
      where: { phase: "artifact" },
      select: { locator: true, pipelineRun: { select: { name: true } } },
    });
    for (const { locator, pipelineRun } of locators) {
      expect(locator).toContain(`${component}/${pipelineRun.name}/${pipelineRun.name}-prefetch-dependencies.prefetch`);
    }
  });
});
