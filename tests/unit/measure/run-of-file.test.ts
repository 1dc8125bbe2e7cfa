// Which run of a multi-run upload a lockfile or manifest belongs to, by its path (lib/measure/complete-run.ts).
import { describe, expect, it } from "vitest";
import { runOfFile } from "@/lib/measure/complete-run";
import type { LinkedPipelineRun } from "@/lib/measure/types";

const run = (name: string, taskRuns: string[]) =>
  ({ name, taskRuns: taskRuns.map((t) => ({ name: t })) }) as unknown as LinkedPipelineRun;

const runs = [run("app-on-push-1", ["app-on-push-1-prefetch"]), run("app-on-push-10", ["app-on-push-10-prefetch"])];

describe("runOfFile", () => {
  it("ties a file in a directory named after a run to that run", () => {
    expect(runOfFile("shop.tar.gz/shop/app-on-push-10/rpms.lock.yaml", runs)?.name).toBe("app-on-push-10");
    expect(runOfFile("shop/app-on-push-1/x.json", runs)?.name).toBe("app-on-push-1");
  });

  it("ties <taskrun>.prefetch.manifest.json to the run of that TaskRun, not to a run whose name is a prefix", () => {
    expect(runOfFile("b/app-on-push-10-prefetch.prefetch.manifest.json", runs)?.name).toBe("app-on-push-10");
    expect(runOfFile("app-on-push-1-prefetch.prefetch.manifest.json", runs)?.name).toBe("app-on-push-1");
  });

  it("leaves a file tied to no run (a top-level lockfile, a run's name only inside the file name) untied", () => {
    expect(runOfFile("shop/rpms.lock.yaml", runs)).toBeUndefined();
    expect(runOfFile("app-on-push-1.lock.yaml", runs)).toBeUndefined();
    expect(runOfFile("app-on-push-1", runs)).toBeUndefined();
  });
});
