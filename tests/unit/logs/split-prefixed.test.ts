import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLogRouter, findMergedTaskRuns, splitPrefixedLine, streamKey } from "@/lib/logs/split-prefixed";
import { HERMETO_STEP, REMOTE_BUILD_STEP, TA_CREATE_STEP, TA_RESTORE_STEP } from "./fixtures";

const prefix = (p: string, text: string) =>
  text
    .split("\n")
    .map((line) => `${p} ${line}`)
    .join("\n");

function route(text: string, format: Parameters<typeof createLogRouter>[0]) {
  const router = createLogRouter(format);
  text.split("\n").forEach((line, index) => router.push(line, index + 1));
  return router.finish();
}

describe("splitPrefixedLine", () => {
  it("splits tkn pr logs and tkn tr logs prefixes", () => {
    expect(splitPrefixedLine("[build-images : build] [2025-09-17T10:57:14,1+00:00] Rsync data", "pipelinerun")).toEqual(
      {
        task: "build-images",
        step: "build",
        text: "[2025-09-17T10:57:14,1+00:00] Rsync data",
      },
    );
    expect(splitPrefixedLine("[use-trusted-artifact] \tExit status: 0", "taskrun")).toEqual({
      task: null,
      step: "use-trusted-artifact",
      text: "\tExit status: 0",
    });
    expect(splitPrefixedLine("[build]", "taskrun")).toEqual({ task: null, step: "build", text: "" });
    expect(splitPrefixedLine("[build]\r", "taskrun")).toEqual({ task: null, step: "build", text: "\r" });
  });

  it("leaves lines whose brackets are not a Tekton name alone", () => {
    for (const line of [
      "[2025-09-17T10:57:14,123456789+00:00] Rsync data",
      "[1/2] STEP 1/4: FROM ubi9",
      "[Build] x",
      "[build]x",
      "plain [build] line",
    ]) {
      expect(splitPrefixedLine(line, "taskrun")).toEqual({ task: null, step: null, text: line });
    }
    expect(splitPrefixedLine("[build] x", "pipelinerun")).toEqual({ task: null, step: null, text: "[build] x" });
    expect(splitPrefixedLine("[a : b] x", "plain")).toEqual({ task: null, step: null, text: "[a : b] x" });
  });

  it("keys streams as scanLogStream does", () => {
    expect(streamKey({ task: null, step: null })).toBe("");
    expect(streamKey({ task: null, step: "build" })).toBe("build");
    expect(streamKey({ task: "build-images", step: "build" })).toBe("build-images/build");
  });

  it("round-trips: prefix plus text is the original line", () => {
    const name = fc.stringMatching(/^[a-z0-9](?:[-a-z0-9]{0,10}[a-z0-9])?$/);
    fc.assert(
      fc.property(name, name, fc.string({ maxLength: 40 }), (task, step, text) => {
        expect(splitPrefixedLine(`[${task} : ${step}] ${text}`, "pipelinerun")).toEqual({ task, step, text });
      }),
    );
  });
});

describe("createLogRouter on a tkn pr logs text", () => {
  const log = [
    prefix("[prefetch-dependencies : prefetch-dependencies]", HERMETO_STEP),
    prefix("[prefetch-dependencies : create-trusted-artifact]", TA_CREATE_STEP),
    "task prefetch-dependencies has completed",
    prefix("[build-images : use-trusted-artifact]", TA_RESTORE_STEP),
    prefix("[build-images : build]", REMOTE_BUILD_STEP),
  ].join("\n");
  const results = route(log, "pipelinerun");

  it("gives each task and step its own result, and unprefixed lines key ''", () => {
    expect([...results.keys()]).toEqual([
      "prefetch-dependencies/prefetch-dependencies",
      "prefetch-dependencies/create-trusted-artifact",
      "",
      "build-images/use-trusted-artifact",
      "build-images/build",
    ]);
    expect(results.get("")?.lines).toBe(1);
    const total = [...results.values()].reduce((sum, r) => sum + r.lines, 0);
    expect(total).toBe(log.split("\n").length);
  });

  it("scans each stream as if it were alone, keeping the file's line numbers", () => {
    const create = results.get("prefetch-dependencies/create-trusted-artifact");
    const offset = HERMETO_STEP.split("\n").length;
    expect(create?.signals.find((s) => s.kind === "time-v")?.line).toBe(offset + 10);
    expect(results.get("build-images/build")?.signals.filter((s) => s.kind === "remote-marker")).toHaveLength(7);
    expect(results.get("prefetch-dependencies/prefetch-dependencies")?.lastTimestamp?.toISOString()).toBe(
      "2025-09-17T10:42:40.123Z",
    );
  });

  it("raises no merge warning when each stream is one TaskRun", () => {
    for (const result of results.values()) expect(result.warnings).toEqual([]);
  });
});

describe("matrix TaskRuns merged into one [build-images : build] stream", () => {
  const arm64 = prefix("[build-images : build]", REMOTE_BUILD_STEP);
  const s390x = prefix(
    "[build-images : build]",
    REMOTE_BUILD_STEP.replace("architecture: aarch64", "architecture: s390x"),
  );
  const results = route([arm64, s390x].join("\n"), "pipelinerun");
  const build = results.get("build-images/build");

  it("reports the collision once, naming the evidence, instead of guessing", () => {
    expect(build?.warnings).toHaveLength(1);
    const [warning] = build?.warnings ?? [];
    expect(warning).toContain("several TaskRuns");
    expect(warning).toContain("arm64 (line 40), s390x (line 101)");
    expect(warning).toContain(`"Prepare connection" marker appears 2 times (lines 2, 63)`);
  });

  it("still flags two runs of the same architecture by their repeated markers", () => {
    const twice = route([arm64, arm64].join("\n"), "pipelinerun").get("build-images/build");
    expect(twice?.warnings.join()).toMatch(/"Prepare connection" marker appears 2 times/);
    expect(twice?.warnings.join()).not.toMatch(/several architectures/);
  });

  it("flags two local builds", () => {
    const local = "Localhost detected; running build in cluster";
    expect(findMergedTaskRuns(route([local, local].join("\n"), "plain").get("")!)).toMatch(
      /"Localhost detected" appears 2 times/,
    );
  });

  it("says nothing about a single run", () => {
    expect(findMergedTaskRuns(route(REMOTE_BUILD_STEP, "plain").get("")!)).toBeNull();
  });
});

describe("createLogRouter limits", () => {
  it("stops opening streams past maxStreams and says how many lines it skipped", () => {
    const router = createLogRouter("taskrun", { maxStreams: 2 });
    ["[a] x", "[b] x", "[c] WARN: found skip file in /x", "[c] y", "[a] z"].forEach((line, i) =>
      router.push(line, i + 1),
    );
    const results = router.finish();
    expect([...results.keys()]).toEqual(["a", "b", ""]);
    expect(results.get("a")?.lines).toBe(2);
    expect(results.get("")?.warnings).toEqual([
      "more than 2 distinct [task : step] prefixes: 2 lines of the further streams were not scanned",
    ]);
  });

  it("does not reuse a remembered prefix for a line that only starts like it", () => {
    const router = createLogRouter("taskrun");
    router.push("[build]", 1);
    router.push("[build]x WARN: found skip file in /x", 2);
    router.push("[build] WARN: found skip file in /y", 3);
    const results = router.finish();
    expect(results.get("build")?.signals).toEqual([{ kind: "ta-skip", line: 3, dir: "/y" }]);
    expect(results.get("")?.lines).toBe(1);
  });

  it("records a caller's warning on the line's stream", () => {
    const router = createLogRouter("pipelinerun");
    router.push("[init : init] hello", 1, "line 1: truncated");
    expect(router.finish().get("init/init")?.warnings).toEqual(["line 1: truncated"]);
  });
});
