// parseTektonText on the file shapes beyond one JSON/YAML document: JSON Lines, concatenated JSON, templates,
// definitions, kindless objects, v1alpha1 and unsupported apiVersions, and the cap on ignored objects.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseTektonText } from "@/lib/tekton/parse-documents";
import type { TektonDocuments } from "@/lib/tekton/types";
import {
  buildPod,
  buildTr,
  cloneTr,
  DEFINITIONS_YAML,
  initTr,
  kindlessPr,
  kindlessTr,
  NS,
  PAC_PULL_REQUEST_YAML,
  PAC_PUSH_YAML,
  PR_NAME,
  PR_UID,
  prV1,
  taskRunEvent,
  V1ALPHA1_PIPELINE_RUN_YAML,
  V1ALPHA1_TASK_RUN_YAML,
} from "./fixtures-shapes";

const BUILD = `${PR_NAME}-build-container`;

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected an AppError");
}

const jsonLines = (objects: readonly unknown[], newline = "\n") =>
  objects.map((object) => JSON.stringify(object)).join(newline);

describe("JSON Lines mixing runs, Pods and Events", () => {
  const objects = [
    prV1(),
    initTr(),
    cloneTr(),
    buildPod(),
    buildTr(),
    taskRunEvent(BUILD, "Started"),
    taskRunEvent(BUILD, "Succeeded"),
  ];
  const docs = parseTektonText(`${jsonLines(objects)}\n`, "export.jsonl");

  it("reads the PipelineRun and its three TaskRuns", () => {
    expect(docs.pipelineRuns.map((run) => [run.name, run.uid, run.component, run.eventType])).toEqual([
      [PR_NAME, PR_UID, "payment-gateway", "pull_request"],
    ]);
    expect(docs.pipelineRuns[0]!.children.map((child) => child.pipelineTaskName)).toEqual([
      "init",
      "clone-repository",
      "build-container",
    ]);
    expect(docs.taskRuns.map((taskRun) => taskRun.pipelineTaskName)).toEqual([
      "init",
      "clone-repository",
      "build-container",
    ]);
  });

  it("reads the build TaskRun's PLATFORM, steps and queue time", () => {
    const build = docs.taskRuns.find((taskRun) => taskRun.name === BUILD)!;
    expect(build).toMatchObject({
      namespace: NS,
      pipelineRunName: PR_NAME,
      pipelineRunUid: PR_UID,
      taskName: "buildah-oci-ta",
      platform: "linux/arm64",
      arch: "arm64",
      archEvidence: "PLATFORM",
      podName: `${BUILD}-pod`,
      queueSeconds: 30,
    });
    expect(
      build.steps.map((step) => [step.name, step.startedAt?.toISOString(), step.finishedAt?.toISOString()]),
    ).toEqual([
      ["use-trusted-artifact", "2025-10-02T08:15:11.000Z", "2025-10-02T08:15:19.000Z"],
      ["build", "2025-10-02T08:15:19.000Z", "2025-10-02T08:25:02.000Z"],
      ["push", "2025-10-02T08:25:02.000Z", "2025-10-02T08:26:40.000Z"],
    ]);
  });

  it("counts the Pod and the Events by kind and names their lines", () => {
    expect(docs.skippedKinds).toEqual({ Pod: 1, Event: 2 });
    expect(docs.ignored).toEqual([
      { kind: "Pod", name: `${BUILD}-pod`, reason: "line 4: Pod is not a PipelineRun or TaskRun" },
      { kind: "Event", name: expect.stringContaining(BUILD), reason: "line 6: Event is not a PipelineRun or TaskRun" },
      { kind: "Event", name: expect.stringContaining(BUILD), reason: "line 7: Event is not a PipelineRun or TaskRun" },
    ]);
    expect([docs.templates, docs.definitions, docs.unsupported, docs.inferred]).toEqual([[], [], [], 0]);
  });

  it("reads CRLF line ends and blank lines, counting lines as an editor does", () => {
    const lines = ["", JSON.stringify(prV1()), "", JSON.stringify(buildTr()), "   ", JSON.stringify(buildPod()), ""];
    const crlf = parseTektonText(lines.join("\r\n"), "windows.jsonl");
    expect(crlf.pipelineRuns.map((run) => run.name)).toEqual([PR_NAME]);
    expect(crlf.taskRuns.map((taskRun) => taskRun.name)).toEqual([BUILD]);
    expect(crlf.ignored.map((entry) => entry.reason)).toEqual(["line 6: Pod is not a PipelineRun or TaskRun"]);
  });

  it("names the line in a validation error", () => {
    const bad = buildTr();
    bad.status.steps[1]!.terminated.finishedAt = "02/10/2025 08:25";
    const text = jsonLines([prV1(), initTr(), bad]);
    expect(thrown(() => parseTektonText(text, "export.jsonl")).message).toMatch(
      new RegExp(`^export\\.jsonl: TaskRun "${BUILD}" \\(line 3\\): status\\.steps\\[1\\]\\.terminated\\.finishedAt: `),
    );
  });
});

describe("concatenated JSON", () => {
  const pretty = [prV1(), buildTr(), taskRunEvent(BUILD, "Succeeded")].map((o) => JSON.stringify(o, null, 2));

  it("reads pretty-printed values one after another, as jq without -c writes them", () => {
    const docs = parseTektonText(pretty.join("\n"), "jq.json");
    expect(docs.pipelineRuns.map((run) => run.name)).toEqual([PR_NAME]);
    expect(docs.taskRuns.map((taskRun) => [taskRun.name, taskRun.arch])).toEqual([[BUILD, "arm64"]]);
    const eventLine = pretty[0]!.split("\n").length + pretty[1]!.split("\n").length + 1;
    expect(eventLine).toBeGreaterThan(100);
    expect(docs.ignored).toEqual([
      { kind: "Event", name: expect.any(String), reason: `line ${eventLine}: Event is not a PipelineRun or TaskRun` },
    ]);
  });

  it("reads values with nothing between them", () => {
    const docs = parseTektonText(pretty.join(""), "glued.json");
    expect(docs.pipelineRuns).toHaveLength(1);
    expect(docs.taskRuns).toHaveLength(1);
    expect(docs.skippedKinds).toEqual({ Event: 1 });
  });

  it("does not split on braces and quotes inside strings", () => {
    const tricky = buildTr();
    tricky.spec.params.push({ name: "BUILD_ARGS", value: 'A={"x": [1, "}"]}\\" B=\\\\ {' });
    const docs = parseTektonText(`${JSON.stringify(tricky)}${JSON.stringify(initTr())}`, "tricky.json");
    expect(docs.taskRuns.map((taskRun) => taskRun.pipelineTaskName)).toEqual(["build-container", "init"]);
    expect(docs.taskRuns[0]!.params.BUILD_ARGS).toBe('A={"x": [1, "}"]}\\" B=\\\\ {');
  });

  it("still reads a bare JSON array of mixed objects", () => {
    const docs = parseTektonText(JSON.stringify([prV1(), buildPod(), buildTr()], null, 2), "array.json");
    expect(docs.pipelineRuns).toHaveLength(1);
    expect(docs.taskRuns.map((taskRun) => taskRun.platform)).toEqual(["linux/arm64"]);
    expect(docs.skippedKinds).toEqual({ Pod: 1 });
    expect(docs.ignored[0]!.reason).toBe("[1]: Pod is not a PipelineRun or TaskRun");
  });
});

describe("bad JSON among several values", () => {
  it("names the line of a value cut short, as a log shipper leaves it", () => {
    const text = [
      JSON.stringify(prV1()),
      JSON.stringify(initTr()),
      JSON.stringify(buildTr()).slice(0, 700),
      JSON.stringify(taskRunEvent(BUILD, "Succeeded")),
    ].join("\n");
    const error = thrown(() => parseTektonText(text, "export.jsonl"));
    expect(error.code).toBe("unprocessable");
    expect(error.file).toBe("export.jsonl");
    expect(error.message).toMatch(/^export\.jsonl line 3: invalid JSON value/);
    expect(error.details).toMatchObject({ line: 3 });
  });

  it("names the line of a value with a syntax error in the middle of the file", () => {
    const text = [JSON.stringify(prV1()), "", '{"apiVersion": "v1", "kind": "Event", metadata: {}}', "{}"].join("\n");
    const error = thrown(() => parseTektonText(text, "events.jsonl"));
    expect(error.message).toMatch(/^events\.jsonl line 3: invalid JSON value: /);
  });

  it("names the line where a pretty-printed value starts and where parsing stopped", () => {
    const text = `${JSON.stringify(initTr(), null, 2)}\n{\n  "kind": "Pod",\n  "metadata": {"name": "p",}\n}\n`;
    const valueLine = JSON.stringify(initTr(), null, 2).split("\n").length + 1;
    const error = thrown(() => parseTektonText(text, "pretty.json"));
    expect(error.message).toContain(`pretty.json line ${valueLine}: invalid JSON value (parsing stopped at line `);
    expect(error.details).toEqual({ line: valueLine, errorLine: valueLine + 2 });
  });

  it("reads JSON documents separated by YAML's --- as YAML", () => {
    const text = [JSON.stringify(initTr(), null, 2), "---", JSON.stringify(cloneTr())].join("\n");
    const docs = parseTektonText(text, "docs.yaml");
    expect(docs.taskRuns.map((taskRun) => taskRun.pipelineTaskName)).toEqual(["init", "clone-repository"]);
  });

  it("names the last line of a large export cut short", () => {
    const pod = JSON.stringify(buildPod());
    const lines = [...Array.from({ length: 4_999 }, () => pod), pod.slice(0, pod.length - 40)];
    const error = thrown(() => parseTektonText(lines.join("\n"), "pods.jsonl"));
    expect(error.message).toMatch(/^pods\.jsonl line 5000: invalid JSON value: /);
  });

  it("reports kubectl's stderr captured between values at its line", () => {
    const stderr = 'Error from server (NotFound): taskruns.tekton.dev "payment-gateway-x" not found';
    const text = [JSON.stringify(initTr()), stderr, JSON.stringify(cloneTr())].join("\n");
    expect(thrown(() => parseTektonText(text, "junk.json")).message).toMatch(
      /^junk\.json line 2: invalid JSON value: Unexpected token 'E'/,
    );
  });
});

describe("templates and definitions", () => {
  it("keeps Pipelines-as-Code templates (status {} or none) out of the runs", () => {
    const docs = parseTektonText(`${PAC_PULL_REQUEST_YAML}---\n${PAC_PUSH_YAML}`, ".tekton/all.yaml");
    expect(docs.pipelineRuns).toEqual([]);
    expect(docs.templates).toEqual([
      { kind: "PipelineRun", name: "payment-gateway-on-pull-request" },
      { kind: "PipelineRun", name: "payment-gateway-on-push" },
    ]);
    expect(docs.ignored).toEqual([]);
    expect(docs.skippedKinds).toEqual({});
  });

  it("names a template by generateName and treats status: null and empty conditions as no status", () => {
    const { status: _status, ...pr } = prV1();
    const generated = { ...pr, metadata: { generateName: "payment-gateway-on-push-", namespace: NS } };
    const { status: _trStatus, ...tr } = initTr();
    const docs = parseTektonText(
      jsonLines([generated, { ...tr, status: null }, { ...tr, status: { conditions: [], podName: "" } }]),
      "manifests.jsonl",
    );
    expect(docs.taskRuns).toEqual([]);
    expect(docs.templates).toEqual([
      { kind: "PipelineRun", name: "payment-gateway-on-push-" },
      { kind: "TaskRun", name: `${PR_NAME}-init` },
      { kind: "TaskRun", name: `${PR_NAME}-init` },
    ]);
  });

  it("reads a pending run whose status has only conditions", () => {
    const pending = {
      ...prV1(),
      status: { conditions: [{ type: "Succeeded", status: "Unknown", reason: "PipelineRunPending" }] },
    };
    const docs = parseTektonText(JSON.stringify(pending), "pending.json");
    expect(docs.pipelineRuns.map((run) => [run.name, run.status, run.startTime])).toEqual([[PR_NAME, "Running", null]]);
    expect(docs.templates).toEqual([]);
  });

  it("still rejects a malformed template", () => {
    const text = PAC_PUSH_YAML.replace("  name: payment-gateway-on-push\n", "  name: 42\n");
    expect(thrown(() => parseTektonText(text, "push.yaml")).message).toMatch(/^push\.yaml line \d+: .*metadata\.name/);
  });

  it("lists Pipelines, Tasks, ClusterTasks and StepActions as definitions, not as ignored", () => {
    const docs = parseTektonText(DEFINITIONS_YAML, "definitions.yaml");
    expect(docs.definitions).toEqual([
      { kind: "Pipeline", name: "docker-build-oci-ta" },
      { kind: "Task", name: "buildah-oci-ta" },
      { kind: "ClusterTask", name: "git-clone" },
      { kind: "StepAction", name: "use-trusted-artifact" },
    ]);
    expect(docs.ignored).toEqual([]);
    expect(docs.skippedKinds).toEqual({});
  });

  it("does not take a Task of another API group for a Tekton one", () => {
    const docs = parseTektonText(
      JSON.stringify({ apiVersion: "batch.example.com/v1", kind: "Task", metadata: { name: "nightly" } }),
      "task.json",
    );
    expect(docs.definitions).toEqual([]);
    expect(docs.skippedKinds).toEqual({ Task: 1 });
  });
});

describe("objects without kind", () => {
  it("reads a kindless PipelineRun and TaskRun (as Chains stores them) from their shape", () => {
    const docs = parseTektonText(jsonLines([kindlessPr(), kindlessTr()]), "chains.jsonl");
    expect(docs.inferred).toBe(2);
    expect(docs.pipelineRuns.map((run) => [run.name, run.status, run.children.length])).toEqual([
      [PR_NAME, "Succeeded", 3],
    ]);
    const [build] = docs.taskRuns;
    expect(build).toMatchObject({ name: BUILD, pipelineRunName: PR_NAME, arch: "arm64", podName: `${BUILD}-pod` });
    expect(build!.steps.map((step) => [step.name, step.exitCode, step.reason])).toEqual([
      ["use-trusted-artifact", 0, "Completed"],
      ["build", 0, "Completed"],
      ["push", 0, "Completed"],
    ]);
    expect(docs.skippedKinds).toEqual({});
  });

  it("infers the kind from status or labels when spec says nothing, and when only kind is missing", () => {
    const { spec: _prSpec, ...prNoSpec } = kindlessPr();
    const { spec: _trSpec, status: trStatus, ...trNoSpec } = kindlessTr();
    const labelsOnly = { ...trNoSpec, status: { ...trStatus, podName: undefined, steps: undefined } };
    const onlyKindMissing = { apiVersion: "tekton.dev/v1beta1", ...kindlessTr() };
    const docs = parseTektonText(jsonLines([prNoSpec, labelsOnly, onlyKindMissing]), "bare.jsonl");
    expect(docs.inferred).toBe(3);
    expect(docs.pipelineRuns.map((run) => run.name)).toEqual([PR_NAME]);
    expect(docs.taskRuns.map((taskRun) => [taskRun.pipelineTaskName, taskRun.steps.length])).toEqual([
      ["build-container", 0],
      ["build-container", 3],
    ]);
  });

  it("leaves kindless objects without a run's shape, a name, or with a Pod's shape as '(no kind)'", () => {
    const { apiVersion: _apiVersion, kind: _kind, ...kindlessPod } = buildPod();
    const noName = { ...kindlessTr(), metadata: { namespace: NS } };
    const both = { ...kindlessTr(), spec: { ...kindlessTr().spec, pipelineRef: { name: "docker-build" } } };
    const otherGroup = { apiVersion: "v1", ...kindlessTr() };
    const docs = parseTektonText(
      jsonLines([{ log_level: "debug" }, kindlessPod, noName, both, otherGroup]),
      "odd.jsonl",
    );
    expect(docs.inferred).toBe(0);
    expect(docs.taskRuns).toEqual([]);
    expect(docs.skippedKinds).toEqual({ "(no kind)": 5 });
    expect(docs.ignored.map((entry) => entry.reason)).toEqual(
      [1, 2, 3, 4, 5].map((line) => `line ${line}: has no kind: not a Kubernetes object`),
    );
  });
});

describe("API versions", () => {
  it("reads a v1alpha1 TaskRun's spec.inputs.params, spec.params winning", () => {
    const [taskRun] = parseTektonText(V1ALPHA1_TASK_RUN_YAML, "legacy.yaml").taskRuns;
    expect(taskRun).toMatchObject({
      name: "legacy-app-buildah-arm64-2xk7p",
      taskName: "buildah",
      params: { PLATFORM: "linux/arm64", IMAGE: "quay.io/example/legacy-app:arm64", TLSVERIFY: "false" },
      platform: "linux/arm64",
      arch: "arm64",
      archEvidence: "PLATFORM",
      status: "Succeeded",
      queueSeconds: 26,
    });
    expect(taskRun!.steps.map((step) => step.name)).toEqual(["build", "push"]);
  });

  it("reads a v1alpha1 PipelineRun's embedded TaskRuns", () => {
    const [run] = parseTektonText(V1ALPHA1_PIPELINE_RUN_YAML, "legacy-pr.yaml").pipelineRuns;
    expect(run!.params).toEqual({ revision: "v2.3.1" });
    expect(
      run!.embeddedTaskRuns.map((taskRun) => [taskRun.name, taskRun.pipelineTaskName, taskRun.queueSeconds]),
    ).toEqual([["legacy-app-build-run-8fj2w-build-arm64-2xk7p", "build-arm64", 26]]);
  });

  it("reads a v1alpha1 Tekton Results record", () => {
    const { kind: _kind, apiVersion: _apiVersion, ...bare } = initTr();
    const record = {
      name: `${NS}/results/${PR_UID}/records/${bare.metadata.uid}`,
      data: { type: "tekton.dev/v1alpha1.TaskRun", value: Buffer.from(JSON.stringify(bare)).toString("base64") },
    };
    expect(parseTektonText(JSON.stringify(record), "record.json").taskRuns.map((t) => t.name)).toEqual([
      `${PR_NAME}-init`,
    ]);
  });

  it("reports runs of an unknown apiVersion as unsupported, naming the version", () => {
    const v2 = { ...prV1(), apiVersion: "tekton.dev/v2" };
    const foreign = { ...buildTr(), apiVersion: "example.com/v1" };
    const docs = parseTektonText(jsonLines([v2, foreign, initTr()]), "future.jsonl");
    expect(docs.pipelineRuns).toEqual([]);
    expect(docs.taskRuns.map((taskRun) => taskRun.name)).toEqual([`${PR_NAME}-init`]);
    expect(docs.unsupported).toEqual([
      {
        kind: "PipelineRun",
        name: PR_NAME,
        apiVersion: "tekton.dev/v2",
        reason: "line 1: apiVersion tekton.dev/v2 is not supported (tekton.dev/v1, v1beta1, v1alpha1 are)",
      },
      {
        kind: "TaskRun",
        name: BUILD,
        apiVersion: "example.com/v1",
        reason: "line 2: apiVersion example.com/v1 is not supported (tekton.dev/v1, v1beta1, v1alpha1 are)",
      },
    ]);
    expect(docs.skippedKinds).toEqual({});
  });
});

describe("large exports", () => {
  it("keeps 20 ignored entries but counts all 500 Pods", () => {
    const pods = Array.from({ length: 500 }, (_, index) => {
      const pod = buildPod();
      return { ...pod, metadata: { ...pod.metadata, name: `${PR_NAME}-task-${index}-pod` } };
    });
    const docs = parseTektonText(jsonLines([...pods.slice(0, 250), buildTr(), ...pods.slice(250)]), "pods.jsonl");
    expect(docs.skippedKinds).toEqual({ Pod: 500 });
    expect(docs.ignored).toHaveLength(20);
    expect(docs.ignored.at(-1)).toEqual({
      kind: "Pod",
      name: `${PR_NAME}-task-19-pod`,
      reason: "line 20: Pod is not a PipelineRun or TaskRun",
    });
    expect(docs.taskRuns.map((taskRun) => taskRun.name)).toEqual([BUILD]);
  });

  it("counts kinds that are also Object.prototype names", () => {
    const docs = parseTektonText(
      jsonLines(["__proto__", "constructor", "constructor"].map((kind) => ({ kind, metadata: { name: "x" } }))),
      "odd-kinds.jsonl",
    );
    expect(Object.entries(docs.skippedKinds)).toEqual([
      ["__proto__", 1],
      ["constructor", 2],
    ]);
  });
});

describe("properties of JSON Lines and concatenated JSON", () => {
  // Strings with braces, brackets, quotes, backslashes and newlines are what could fool the splitter.
  const text = fc.string({ unit: fc.constantFrom("{", "}", "[", "]", '"', "\\", "\n", "\r", " ", "a", "é", "😀") });
  const taskRunArb = fc.record({ name: fc.string({ minLength: 1 }), value: text, step: text }).map((r) => {
    const taskRun = initTr();
    taskRun.metadata.name = r.name;
    taskRun.spec.params = [{ name: "PLATFORM", value: r.value }];
    taskRun.status.steps[0]!.name = r.step;
    return taskRun;
  });
  const otherArb = fc.oneof(
    fc.record({
      apiVersion: fc.constant("v1"),
      kind: fc.constantFrom("Pod", "Event", "ConfigMap"),
      data: fc.jsonValue(),
    }),
    // No kind, metadata, records or data: a plain "(no kind)" object whatever else it holds.
    fc.dictionary(
      text.filter((key) => !["kind", "metadata", "records", "data", "apiVersion"].includes(key)),
      fc.jsonValue(),
    ),
  );
  const objects = fc.array(fc.oneof(taskRunArb, otherArb), { minLength: 1, maxLength: 8 });

  /** What the parse found, without the location labels that differ between the shapes. */
  function summary(docs: TektonDocuments) {
    return {
      pipelineRuns: docs.pipelineRuns,
      taskRuns: docs.taskRuns,
      ignored: docs.ignored.map(({ kind, name }) => ({ kind, name })),
      skippedKinds: docs.skippedKinds,
      templates: docs.templates,
      inferred: docs.inferred,
    };
  }

  it("reads the same objects from JSON Lines, concatenated JSON and a JSON array", () => {
    const separator = fc.constantFrom("\n", "\r\n", "\n\n", "\r\n  \r\n");
    const glue = fc.constantFrom("", "\n", " ");
    fc.assert(
      fc.property(objects, separator, glue, (values, newline, between) => {
        const expected = summary(parseTektonText(JSON.stringify(values), "array.json"));
        expect(expected.taskRuns.length + Object.values(expected.skippedKinds).reduce((a, b) => a + b, 0)).toBe(
          values.length,
        );
        expect(summary(parseTektonText(jsonLines(values, newline), "lines.jsonl"))).toEqual(expected);
        expect(summary(parseTektonText(jsonLines(values, between), "glued.json"))).toEqual(expected);
        const pretty = values.map((value) => JSON.stringify(value, null, 2)).join(between);
        expect(summary(parseTektonText(pretty, "pretty.json"))).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it("names the line of the first value cut short", () => {
    const cases = fc
      .tuple(fc.array(fc.oneof(taskRunArb, otherArb), { minLength: 2, maxLength: 8 }), fc.nat(), fc.nat())
      .map(([values, at, cut]) => ({ values, broken: 1 + (at % (values.length - 1)), cut }));
    fc.assert(
      fc.property(cases, ({ values, broken, cut }) => {
        const lines = values.map((value) => JSON.stringify(value));
        const line = lines[broken]!;
        lines[broken] = line.slice(0, 1 + (cut % (line.length - 1)));
        const error = thrown(() => parseTektonText(lines.join("\n"), "cut.jsonl"));
        expect(error.details).toMatchObject({ line: broken + 1 });
        expect(error.message).toMatch(new RegExp(`^cut\\.jsonl line ${broken + 1}: invalid JSON value`));
      }),
      { numRuns: 150 },
    );
  });
});
