// cli/collect against a fake cluster: fake kubectl/oras/skopeo on PATH answer the exact invocations the
// script makes for the ta-shared-matrix fixture; the test reads the .tar.gz it writes.
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { taSharedMatrix } from "../fixtures/bundles/scenarios";
import {
  CACHI2_JSONPATH,
  fakeCluster,
  readTarGz,
  runCollect,
  TASKRUN_LINES_JSONPATH,
  type FakeCluster,
  type FakeClusterOptions,
} from "../fixtures/fake-cluster";

const NS = "flatpak-tenant";
const SYSTEM_PATH = process.env.PATH ?? "/usr/bin:/bin";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setUp(options: Partial<FakeClusterOptions> = {}): Promise<{ cluster: FakeCluster; cwd: string }> {
  const cluster = await fakeCluster(taSharedMatrix(), { namespace: NS, ...options });
  cleanups.push(cluster.remove);
  const cwd = path.join(cluster.dir, "work");
  await mkdir(cwd);
  return { cluster, cwd };
}

const pathWith = (cluster: FakeCluster) => `${cluster.binDir}:${SYSTEM_PATH}`;

function kubectlGets(cluster: FakeCluster): string[] {
  const selector = `kubectl get taskruns -n ${NS} -l tekton.dev/pipelineRun=${cluster.pipelineRun}`;
  return [
    `kubectl get pipelinerun ${cluster.pipelineRun} -n ${NS} -o json`,
    `${selector} -o json`,
    `${selector} -o jsonpath=${TASKRUN_LINES_JSONPATH}`,
    `${selector} -o jsonpath=${CACHI2_JSONPATH}`,
  ];
}

describe("cli/collect", () => {
  it("bundles the PipelineRun, its TaskRuns, every step log, the lockfile and the artifact manifest", async () => {
    const { cluster, cwd } = await setUp();
    const lockfile = path.join(cwd, "my.lock.yaml");
    await writeFile(lockfile, cluster.lockfile);
    const out = path.join(cwd, "out", "run.tar.gz");
    await mkdir(path.dirname(out));
    const tmpdir = path.join(cluster.dir, "tmp");
    await mkdir(tmpdir);

    const result = runCollect([cluster.pipelineRun, "-n", NS, "-o", out, "--lockfile", lockfile], {
      cwd,
      path: pathWith(cluster),
      tmpdir,
    });
    expect(result.stderr).not.toMatch(/unavailable|could not fetch/);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`collect: wrote ${out}`);

    const root = cluster.pipelineRun;
    const files = await readTarGz(out);
    const [prefetch, ref] = [...cluster.artifacts][0]!;
    expect(cluster.artifacts.size).toBe(1);
    expect([...files.keys()].sort()).toEqual(
      [
        `${root}/pipelinerun.json`,
        `${root}/taskruns.json`,
        `${root}/rpms.lock.yaml`,
        `${root}/${prefetch}.prefetch.manifest.json`,
        ...cluster.stepLogs.map((log) => `${root}/logs/${log.taskRun}/${log.step}.log`),
      ].sort(),
    );
    const pipelineRun = JSON.parse(files.get(`${root}/pipelinerun.json`)!) as {
      kind: string;
      metadata: { name: string };
    };
    expect(pipelineRun).toMatchObject({ kind: "PipelineRun", metadata: { name: root } });
    const taskRuns = JSON.parse(files.get(`${root}/taskruns.json`)!) as { items: { metadata: { name: string } }[] };
    expect(taskRuns.items.map((t) => t.metadata.name)).toEqual(cluster.taskRuns);
    for (const log of cluster.stepLogs) {
      expect(files.get(`${root}/logs/${log.taskRun}/${log.step}.log`)).toBe(log.content);
    }
    expect(files.get(`${root}/rpms.lock.yaml`)).toBe(cluster.lockfile);
    expect(files.get(`${root}/${prefetch}.prefetch.manifest.json`)).toBe(cluster.manifest);

    expect((await cluster.calls()).sort()).toEqual(
      [
        ...kubectlGets(cluster),
        ...cluster.stepLogs.map((log) => `kubectl logs ${log.pod} -c ${log.container} -n ${NS}`),
        `oras manifest fetch ${ref}`,
      ].sort(),
    );
    // The work directory is removed; nothing else is written next to the bundle.
    expect(await readdir(tmpdir)).toEqual([]);
    expect((await readdir(cwd)).sort()).toEqual(["my.lock.yaml", "out"]);
  });

  it("still writes the bundle when a pod's log is gone, and says so; skopeo fetches the manifest without oras", async () => {
    const plain = await fakeCluster(taSharedMatrix(), { namespace: NS });
    cleanups.push(plain.remove);
    const gone = plain.stepLogs.find((log) => log.step === "build" && log.taskRun.endsWith("-1"))!;
    const { cluster, cwd } = await setUp({ missingLogs: [`${gone.pod}/${gone.container}`], manifestTool: "skopeo" });
    await writeFile(path.join(cwd, "rpms.lock.yaml"), cluster.lockfile);

    const result = runCollect([cluster.pipelineRun, "--namespace", NS], { cwd, path: pathWith(cluster) });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`collect: ${cluster.pipelineRun}: 1 step log(s) unavailable (pods pruned?)`);
    expect(result.stderr).toContain("collect: added ./rpms.lock.yaml");

    const out = path.join(cwd, `${cluster.pipelineRun}.tar.gz`);
    const names = [...(await readTarGz(out)).keys()];
    const root = cluster.pipelineRun;
    expect(names).not.toContain(`${root}/logs/${gone.taskRun}/${gone.step}.log`);
    expect(names.filter((n) => n.startsWith(`${root}/logs/`))).toHaveLength(cluster.stepLogs.length - 1);
    expect(names).toContain(`${root}/rpms.lock.yaml`);
    const [prefetch, ref] = [...cluster.artifacts][0]!;
    expect(names).toContain(`${root}/${prefetch}.prefetch.manifest.json`);
    expect(await cluster.calls()).toContain(`skopeo inspect --raw docker://${ref}`);
  });

  it("--no-logs and --no-manifest skip those parts", async () => {
    const { cluster, cwd } = await setUp();
    const result = runCollect([cluster.pipelineRun, "-n", NS, "-o", "run.tgz", "--no-logs", "--no-manifest"], {
      cwd,
      path: pathWith(cluster),
    });
    expect(result.status).toBe(0);
    const names = [...(await readTarGz(path.join(cwd, "run.tgz"))).keys()].sort();
    expect(names).toEqual([`${cluster.pipelineRun}/pipelinerun.json`, `${cluster.pipelineRun}/taskruns.json`]);
    const calls = await cluster.calls();
    expect(calls.filter((c) => c.startsWith("kubectl logs") || c.startsWith("oras"))).toEqual([]);
  });

  it("names the artifact it cannot fetch when neither oras nor skopeo is installed", async () => {
    const { cluster, cwd } = await setUp({ manifestTool: "none" });
    const result = runCollect([cluster.pipelineRun, "-n", NS, "--no-logs"], { cwd, path: pathWith(cluster) });
    expect(result.status).toBe(0);
    const ref = [...cluster.artifacts.values()][0]!;
    expect(result.stderr).toContain(`collect: could not fetch the manifest of ${ref}`);
    const names = [...(await readTarGz(path.join(cwd, `${cluster.pipelineRun}.tar.gz`))).keys()];
    expect(names.some((n) => n.endsWith(".manifest.json"))).toBe(false);
  });

  it("fails without writing a bundle when the PipelineRun does not exist", async () => {
    const { cluster, cwd } = await setUp();
    const result = runCollect(["no-such-run", "-n", NS], { cwd, path: pathWith(cluster) });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Error from server (NotFound)");
    expect(await readdir(cwd)).toEqual([]);
  });

  it("exits 2 on an unknown option or a second PipelineRun, before calling kubectl", async () => {
    const { cluster, cwd } = await setUp();
    const unknown = runCollect([cluster.pipelineRun, "--frobnicate"], { cwd, path: pathWith(cluster) });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("collect: unknown option --frobnicate");
    expect(unknown.stdout).toContain("usage: cli/collect <pipelinerun>");

    const two = runCollect(["run-a", "run-b"], { cwd, path: pathWith(cluster) });
    expect(two.status).toBe(2);
    expect(two.stderr).toContain("one PipelineRun at a time");

    expect(runCollect([], { cwd, path: pathWith(cluster) }).status).toBe(2);
    expect(await cluster.calls()).toEqual([]);
  });

  it("exits 1 with a message when kubectl is not on PATH", async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), "collect-nokubectl-"));
    cleanups.push(() => rm(cwd, { recursive: true, force: true }));
    const emptyBin = path.join(cwd, "bin");
    await mkdir(emptyBin);
    const result = runCollect(["some-run", "-n", NS], { cwd, path: emptyBin });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("collect: kubectl is needed");
  });
});
