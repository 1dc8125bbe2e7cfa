// cli/collect --component: every finished PipelineRun of a component started since a time, from a fake cluster
// (fake kubectl/oras answering the exact calls), in one bundle with a directory per run; the lockfile once.
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { taSharedMatrix } from "../fixtures/bundles/scenarios";
import { fakeComponentCluster, readTarGz, runCollect, RUN_LIST_JSONPATH } from "../fixtures/fake-cluster";
import { fakeRuns, type FakeRun } from "../fixtures/fake-sources/runs";

const NS = "app-tenant";
const COMPONENT = "shop-api";
const SYSTEM_PATH = process.env.PATH ?? "/usr/bin:/bin";
const HOUR = 3_600_000;
const manifest = () => taSharedMatrix().files.find((f) => f.path === "prefetch.manifest.json")!.content as string;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const nameOf = (run: FakeRun) => (run.pipelineRun as { metadata: { name: string } }).metadata.name;
const startOf = (run: FakeRun) => (run.pipelineRun as { status: { startTime: string } }).status.startTime;

async function setUp(runs: FakeRun[], running: string[] = []) {
  const cluster = await fakeComponentCluster(runs, {
    namespace: NS,
    component: COMPONENT,
    manifest: manifest(),
    running,
  });
  cleanups.push(cluster.remove);
  const cwd = path.join(cluster.dir, "work");
  await mkdir(cwd);
  return { cluster, cwd, path: `${cluster.binDir}:${SYSTEM_PATH}` };
}

describe("cli/collect --component", () => {
  it("bundles every finished run started since an ISO time, one directory each, the lockfile once", async () => {
    const runs = fakeRuns(6, { component: COMPONENT, namespace: NS });
    const names = runs.map(nameOf);
    const since = startOf(runs[2]!); // runs 2..5 started at or after it; 4 is still running
    const { cluster, cwd, path: PATH } = await setUp(runs, [names[4]!]);
    await writeFile(path.join(cwd, "my.lock.yaml"), "lockfileVersion: 1\nlockfileVendor: redhat\narches: []\n");

    const result = runCollect(["--component", COMPONENT, "--since", since, "-n", NS, "--lockfile", "my.lock.yaml"], {
      cwd,
      path: PATH,
    });
    expect(result.status, result.stderr).toBe(0);
    const kept = [names[2], names[3], names[5]];
    expect(result.stderr).toContain("collect: 1 PipelineRun(s) of shop-api still running, left out");
    expect(result.stderr).toContain(`collect: 3 PipelineRun(s) of component ${COMPONENT} started since ${since}`);
    expect(result.stderr).toContain(`collect: [1/3] PipelineRun ${kept[0]}`);
    expect(result.stderr).toContain(`collect: [3/3] PipelineRun ${kept[2]}`);
    expect(result.stderr).toContain(`collect: wrote ${COMPONENT}.tar.gz`);

    const files = await readTarGz(path.join(cwd, `${COMPONENT}.tar.gz`));
    const dirs = new Set([...files.keys()].map((name) => name.split("/").slice(0, 2).join("/")));
    expect([...dirs].sort()).toEqual([...kept.map((n) => `${COMPONENT}/${n}`), `${COMPONENT}/rpms.lock.yaml`].sort());
    for (const [index, name] of kept.entries()) {
      const run = runs[names.indexOf(name!)]!;
      expect(JSON.parse(files.get(`${COMPONENT}/${name}/pipelinerun.json`)!)).toEqual(run.pipelineRun);
      const taskRuns = JSON.parse(files.get(`${COMPONENT}/${name}/taskruns.json`)!) as { items: object[] };
      expect(taskRuns.items).toEqual(run.taskRuns);
      for (const [taskRun, steps] of Object.entries(run.logs)) {
        for (const [step, text] of Object.entries(steps)) {
          expect(files.get(`${COMPONENT}/${name}/logs/${taskRun}/${step}.log`), `${index} ${taskRun}/${step}`).toBe(
            text,
          );
        }
      }
      expect(files.get(`${COMPONENT}/${name}/${name}-prefetch-dependencies.prefetch.manifest.json`)).toBe(
        cluster.manifest,
      );
    }
    // Nothing is asked of the runs left out.
    const calls = await cluster.calls();
    expect(calls[0]).toBe(
      `kubectl get pipelineruns -n ${NS} -l appstudio.openshift.io/component=${COMPONENT} -o jsonpath=${RUN_LIST_JSONPATH}`,
    );
    for (const left of [names[0], names[1], names[4]]) expect(calls.filter((c) => c.includes(left!))).toEqual([]);
  });

  it("takes --since as a duration counted back from now", async () => {
    // 10 runs 7 hours apart from 9 days ago: runs 7, 8 and 9 started within the last 7 days (by an hour or more).
    const runs = fakeRuns(10, { component: COMPONENT, namespace: NS, startAt: new Date(Date.now() - 9 * 24 * HOUR) });
    const { cwd, path: PATH } = await setUp(runs);
    const result = runCollect(["--component", COMPONENT, "--since", "7d", "-n", NS, "--no-logs", "-o", "week.tgz"], {
      cwd,
      path: PATH,
    });
    expect(result.status, result.stderr).toBe(0);
    const dirs = new Set([...(await readTarGz(path.join(cwd, "week.tgz"))).keys()].map((n) => n.split("/")[1]));
    expect([...dirs].sort()).toEqual(runs.slice(7).map(nameOf).sort());
    expect(result.stderr).toMatch(/started since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
  });

  it("writes nothing and says so when no finished run started since the time", async () => {
    const runs = fakeRuns(3, { component: COMPONENT, namespace: NS });
    const { cwd, path: PATH } = await setUp(runs, [nameOf(runs[2]!)]);
    const result = runCollect(["--component", COMPONENT, "--since", startOf(runs[2]!), "-n", NS], { cwd, path: PATH });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("collect: 1 PipelineRun(s) of shop-api still running, left out");
    expect(result.stderr).toContain(
      `collect: no finished PipelineRun of component ${COMPONENT} started since ${startOf(runs[2]!)} in namespace ${NS}`,
    );
    expect(await readdir(cwd)).toEqual([]);
  });

  it("rejects a --since it cannot read, --since without --component and a PipelineRun with --component", async () => {
    const { cluster, cwd, path: PATH } = await setUp(fakeRuns(1, { component: COMPONENT, namespace: NS }));
    for (const bad of ["7w", "yesterday", "-3d"]) {
      const result = runCollect(["--component", COMPONENT, "--since", bad, "-n", NS], { cwd, path: PATH });
      expect(result.status, bad).toBe(1);
      expect(result.stderr).toContain(`collect: --since ${bad}: not a duration (7d, 12h, 90m) or an ISO time`);
    }
    const both = runCollect(["some-run", "--component", COMPONENT], { cwd, path: PATH });
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("give a PipelineRun or --component, not both");
    const sinceAlone = runCollect(["some-run", "--since", "7d"], { cwd, path: PATH });
    expect(sinceAlone.status).toBe(2);
    expect(sinceAlone.stderr).toContain("--since goes with --component");
    expect(await cluster.calls()).toEqual([]);
    expect(await readdir(cwd)).toEqual([]);
  });
});
