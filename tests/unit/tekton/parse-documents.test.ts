import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { AppError } from "@/lib/errors";
import { parseTektonText } from "@/lib/tekton/parse-documents";
import {
  buildImagesTaskRun,
  kubectlList,
  logRecord,
  pipelineRun,
  prefetchTaskRun,
  resultsRecord,
  RUN_NAME,
  RUN_UID,
  taskRun,
  V1BETA1_PIPELINE_RUN_YAML,
  V1BETA1_TASK_RUN_YAML,
} from "./fixtures";

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected an AppError");
}

describe("parseTektonText on a kubectl v1 JSON List of a matrix build", () => {
  const docs = parseTektonText(JSON.stringify(kubectlList(), null, 2), "bundle/runs.json");
  const run = docs.pipelineRuns[0]!;
  const byName = (suffix: string) => docs.taskRuns.find((t) => t.name === `${RUN_NAME}-${suffix}`)!;

  it("finds one PipelineRun and six TaskRuns, ignoring nothing", () => {
    expect(docs.pipelineRuns.map((r) => r.name)).toEqual([RUN_NAME]);
    expect(docs.taskRuns).toHaveLength(6);
    expect(docs.ignored).toEqual([]);
  });

  it("reads identity, Konflux labels and Pipelines-as-Code metadata", () => {
    expect(run).toMatchObject({
      uid: RUN_UID,
      namespace: "my-team-tenant",
      component: "my-component",
      application: "my-app",
      eventType: "push",
      commitSha: "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
      branch: "main",
      targetBranch: "main",
      status: "Succeeded",
    });
    expect(run.startTime?.toISOString()).toBe("2025-09-17T10:50:00.000Z");
    expect(run.completionTime?.toISOString()).toBe("2025-09-17T11:20:41.000Z");
  });

  it("flattens array params and keeps child references", () => {
    expect(run.params["build-platforms"]).toBe("linux/x86_64,linux-m2xlarge/arm64,linux/ppc64le,linux/s390x");
    expect(run.children).toHaveLength(6);
    expect(run.children.filter((c) => c.pipelineTaskName === "build-images").map((c) => c.name)).toEqual(
      [0, 1, 2, 3].map((i) => `${RUN_NAME}-build-images-${i}`),
    );
    expect(run.embeddedTaskRuns).toEqual([]);
  });

  it("lists pipeline tasks with bundle task names, runAfter, matrix params and finally tasks", () => {
    expect(run.pipelineTasks.map((t) => t.name)).toEqual([
      "init",
      "clone-repository",
      "prefetch-dependencies",
      "build-images",
      "build-image-index",
      "build-source-image",
      "show-sbom",
    ]);
    const build = run.pipelineTasks.find((t) => t.name === "build-images")!;
    expect(build).toEqual({
      name: "build-images",
      taskName: "buildah-remote-oci-ta",
      runAfter: ["prefetch-dependencies"],
      params: {
        SOURCE_ARTIFACT: "$(tasks.prefetch-dependencies.results.SOURCE_ARTIFACT)",
        CACHI2_ARTIFACT: "$(tasks.prefetch-dependencies.results.CACHI2_ARTIFACT)",
        IMAGE_APPEND_PLATFORM: "true",
      },
      workspaces: [],
      matrixParams: ["PLATFORM"],
    });
    expect(run.pipelineTasks.find((t) => t.name === "clone-repository")!.workspaces).toEqual([
      { name: "basic-auth", workspace: "git-auth" },
    ]);
  });

  it("records how pipeline workspaces are backed", () => {
    expect(run.workspaces).toEqual([
      { name: "git-auth", pipelineWorkspace: null, kind: "secret", claimName: null, accessModes: [], storage: null },
    ]);
  });

  it("tells the matrix TaskRuns apart by PLATFORM", () => {
    expect(
      [0, 1, 2, 3].map((i) => byName(`build-images-${i}`)).map((t) => [t.platform, t.arch, t.archEvidence]),
    ).toEqual([
      ["linux/x86_64", "amd64", "PLATFORM"],
      ["linux-m2xlarge/arm64", "arm64", "PLATFORM"],
      ["linux/ppc64le", "ppc64le", "PLATFORM"],
      ["linux/s390x", "s390x", "PLATFORM"],
    ]);
    for (const i of [0, 1, 2, 3]) expect(byName(`build-images-${i}`).pipelineTaskName).toBe("build-images");
  });

  it("reads TaskRun links, task name, steps, results and queue time", () => {
    const arm = byName("build-images-1");
    expect(arm).toMatchObject({
      pipelineRunName: RUN_NAME,
      pipelineRunUid: RUN_UID,
      taskName: "buildah-remote-oci-ta",
      podName: `${RUN_NAME}-build-images-1-pod`,
      status: "Succeeded",
      results: { IMAGE_DIGEST: `sha256:${"1".repeat(64)}` },
      queueSeconds: 110,
    });
    expect(arm.steps.map((s) => s.name)).toEqual(["use-trusted-artifact", "build", "push"]);
    expect(arm.steps[1]).toEqual({
      name: "build",
      startedAt: new Date("2025-09-17T11:00:40Z"),
      finishedAt: new Date("2025-09-17T11:09:30Z"),
      exitCode: 0,
      reason: "Completed",
    });
  });

  it("leaves a shared prefetch TaskRun without an arch", () => {
    const prefetch = byName("prefetch-dependencies");
    expect(prefetch.arch).toBeNull();
    expect(prefetch.archEvidence).toBeNull();
    expect(prefetch.results.CACHI2_ARTIFACT).toMatch(/^oci:quay\.io\//);
    expect(prefetch.queueSeconds).toBe(4);
  });

  it("gives a source-build TaskRun the source arch from its task name", () => {
    expect(byName("build-source-image")).toMatchObject({ arch: "source", archEvidence: "task-name" });
  });
});

describe("parseTektonText on other export shapes", () => {
  it("reads one object as `tkn pr describe -o json` prints it", () => {
    const docs = parseTektonText(JSON.stringify(pipelineRun()), "pr.json");
    expect(docs.pipelineRuns).toHaveLength(1);
    expect(docs.taskRuns).toHaveLength(0);
  });

  it("reads a typed PipelineRunList/TaskRunList whose items leave out kind", () => {
    const { kind: _kind, apiVersion: _apiVersion, ...bare } = prefetchTaskRun();
    const list = { apiVersion: "tekton.dev/v1", kind: "TaskRunList", metadata: {}, items: [bare] };
    const docs = parseTektonText(JSON.stringify(list), "tr-list.json");
    expect(docs.taskRuns.map((t) => t.pipelineTaskName)).toEqual(["prefetch-dependencies"]);
  });

  it("reads a bare JSON array of objects", () => {
    const docs = parseTektonText(JSON.stringify([pipelineRun(), buildImagesTaskRun(2)]), "array.json");
    expect(docs.pipelineRuns).toHaveLength(1);
    expect(docs.taskRuns[0]!.arch).toBe("ppc64le");
  });

  it("reads a List written as YAML", () => {
    const docs = parseTektonText(stringify(kubectlList()), "runs.yaml");
    expect(docs.pipelineRuns).toHaveLength(1);
    expect(docs.taskRuns).toHaveLength(6);
  });

  it("returns nothing for an empty file or a comment-only YAML", () => {
    expect(parseTektonText("", "empty.yaml")).toEqual({
      pipelineRuns: [],
      taskRuns: [],
      ignored: [],
      skippedKinds: {},
      templates: [],
      definitions: [],
      inferred: 0,
      unsupported: [],
    });
    expect(parseTektonText("# nothing here\n---\n", "comment.yaml").pipelineRuns).toEqual([]);
  });
});

describe("parseTektonText on v1beta1 YAML", () => {
  const docs = parseTektonText(V1BETA1_PIPELINE_RUN_YAML, "pr-v1beta1.yaml");
  const run = docs.pipelineRuns[0]!;

  it("reads the run, its failed status and PaC branches of a pull request", () => {
    expect(run).toMatchObject({
      name: "flatpak-runtime-on-push-9q8w7",
      component: "flatpak-runtime",
      application: "flatpak",
      eventType: "pull_request",
      branch: "feature/split-prefetch",
      targetBranch: "main",
      status: "Failed",
    });
  });

  it("turns every embedded status.taskRuns entry into a TaskRun record and a child", () => {
    expect(run.embeddedTaskRuns.map((t) => t.name)).toEqual([
      "flatpak-runtime-on-push-9q8w7-prefetch-dependencies-amd64",
      "flatpak-runtime-on-push-9q8w7-prefetch-dependencies-arm64",
      "flatpak-runtime-on-push-9q8w7-build-container-arm64",
    ]);
    expect(run.children.map((c) => c.pipelineTaskName)).toEqual([
      "prefetch-dependencies-amd64",
      "prefetch-dependencies-arm64",
      "build-container-arm64",
    ]);
    const build = run.embeddedTaskRuns[2]!;
    expect(build).toMatchObject({
      pipelineRunName: run.name,
      pipelineTaskName: "build-container-arm64",
      taskName: "buildah-remote",
      arch: "arm64",
      archEvidence: "task-name",
      status: "Failed",
      results: { IMAGE_DIGEST: "" },
      queueSeconds: 90,
    });
    expect(build.steps[0]).toMatchObject({ name: "build", exitCode: 1, reason: "Error" });
  });

  it("reads unquoted YAML timestamps as RFC 3339 strings", () => {
    const arm = run.embeddedTaskRuns[1]!;
    expect(arm.startTime?.toISOString()).toBe("2024-08-12T09:00:05.000Z");
    expect(arm.arch).toBe("arm64");
    expect(arm.queueSeconds).toBe(2);
  });

  it("reads volumeClaimTemplate workspaces with access modes and size", () => {
    expect(run.workspaces.map((w) => [w.name, w.kind, w.accessModes, w.storage])).toEqual([
      ["workspace-amd64", "volumeClaimTemplate", ["ReadWriteOnce"], "1Gi"],
      ["workspace-arm64", "volumeClaimTemplate", ["ReadWriteOnce"], "2Gi"],
    ]);
  });

  it("reads a v1beta1 TaskRun: taskResults, taskRef name, PVC workspace, array params", () => {
    const [taskRunRecord] = parseTektonText(V1BETA1_TASK_RUN_YAML, "tr.yaml").taskRuns;
    expect(taskRunRecord).toMatchObject({
      taskName: "buildah-remote",
      platform: "linux/arm64",
      arch: "arm64",
      archEvidence: "PLATFORM",
      params: { PLATFORM: "linux/arm64", BUILD_ARGS: "VERSION=1.2,RELEASE=3" },
      results: { IMAGE_URL: "quay.io/redhat-user-workloads/flatpak-tenant/flatpak-runtime:on-pr-9f8e7d6-linux-arm64" },
      workspaces: [
        {
          name: "source",
          pipelineWorkspace: null,
          kind: "persistentVolumeClaim",
          claimName: "pvc-3f9a1c2b7e",
          accessModes: [],
          storage: null,
        },
      ],
    });
  });
});

describe("parseTektonText on multi-document YAML", () => {
  const text = [
    V1BETA1_TASK_RUN_YAML,
    "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: build-pipeline-config\ndata:\n  config.yaml: |\n    default-bundle: x\n",
    "---\n# an unrelated config file\nlog_level: debug\nretries: 3\n",
    "---\n",
    `---\n${stringify(pipelineRun())}`,
    "---\napiVersion: tekton.dev/v1alpha1\nkind: PipelineRun\nmetadata:\n  name: ancient\n",
  ].join("");
  const docs = parseTektonText(text, "mixed.yaml");

  it("keeps the Tekton runs", () => {
    expect(docs.taskRuns.map((t) => t.name)).toEqual(["flatpak-runtime-on-push-9q8w7-build-container-arm64"]);
    expect(docs.pipelineRuns.map((r) => r.name)).toEqual([RUN_NAME]);
  });

  it("ignores other kinds, unrelated YAML and unsupported apiVersions with a reason", () => {
    expect(docs.ignored).toEqual([
      {
        kind: "ConfigMap",
        name: "build-pipeline-config",
        reason: expect.stringMatching(/document 2: ConfigMap is not/),
      },
      { kind: "(none)", name: null, reason: expect.stringContaining("has no kind") },
    ]);
    expect(docs.skippedKinds).toEqual({ ConfigMap: 1, "(no kind)": 1 });
    // v1alpha1 is read; without a status the PipelineRun is a template, not a run.
    expect(docs.templates).toEqual([{ kind: "PipelineRun", name: "ancient" }]);
  });
});

describe("parseTektonText on Tekton Results records", () => {
  const pr = pipelineRun();
  const tr = buildImagesTaskRun(1);

  it("decodes base64 PipelineRun and TaskRun records and ignores log records", () => {
    const list = { records: [resultsRecord(pr), resultsRecord(tr), logRecord()], nextPageToken: "" };
    const docs = parseTektonText(JSON.stringify(list), "results.json");
    expect(docs.pipelineRuns.map((r) => r.uid)).toEqual([RUN_UID]);
    expect(docs.taskRuns.map((t) => [t.name, t.arch])).toEqual([[`${RUN_NAME}-build-images-1`, "arm64"]]);
    expect(docs.ignored).toEqual([
      { kind: "results.tekton.dev/v1alpha3.Log", name: logRecord().name, reason: expect.stringContaining("log") },
    ]);
  });

  it("takes kind and apiVersion from the record type when the stored object omits them", () => {
    const { kind: _kind, apiVersion: _apiVersion, ...bare } = tr;
    const record = resultsRecord(tr);
    record.data.value = Buffer.from(JSON.stringify(bare)).toString("base64");
    const docs = parseTektonText(JSON.stringify(record), "record.json");
    expect(docs.taskRuns).toHaveLength(1);
  });

  it("reads a v1beta1 record and a record whose value is already an object", () => {
    const v1beta1 = { ...prefetchTaskRun(), apiVersion: "tekton.dev/v1beta1" };
    const decoded = { ...resultsRecord(pr), data: { type: "tekton.dev/v1.PipelineRun", value: pr } };
    const docs = parseTektonText(
      stringify({ records: [resultsRecord(v1beta1), decoded], nextPageToken: "abc" }),
      "results.yaml",
    );
    expect(docs.taskRuns.map((t) => t.pipelineTaskName)).toEqual(["prefetch-dependencies"]);
    expect(docs.pipelineRuns).toHaveLength(1);
  });

  it("rejects a record whose value is not base64 JSON, naming the record", () => {
    const record = { ...resultsRecord(tr), data: { type: "tekton.dev/v1.TaskRun", value: "bm90IGpzb24=" } };
    const error = thrown(() => parseTektonText(JSON.stringify({ records: [record] }), "results.json"));
    expect(error.code).toBe("unprocessable");
    expect(error.message).toContain("results.json");
    expect(error.message).toContain(record.name);
  });
});

describe("status and queue time", () => {
  const steps: [string, string, string][] = [["build", "2025-01-01T00:00:58Z", "2025-01-01T00:05:00Z"]];
  const base = { name: "x-build", pipelineTask: "build", task: "buildah", uid: "u1", steps };

  it.each([
    ["True", "Succeeded"],
    ["False", "Failed"],
    ["Unknown", "Running"],
  ] as const)("maps Succeeded=%s to %s", (succeeded, status) => {
    const object = taskRun({ ...base, startTime: "2025-01-01T00:00:00Z", succeeded });
    expect(parseTektonText(JSON.stringify(object), "t.json").taskRuns[0]!.status).toBe(status);
  });

  it("is Unknown without a Succeeded condition", () => {
    const object = taskRun({ ...base, startTime: "2025-01-01T00:00:00Z" });
    object.status.conditions = [];
    expect(parseTektonText(JSON.stringify(object), "t.json").taskRuns[0]!.status).toBe("Unknown");
  });

  it.each([
    ["2025-01-01T00:00:00Z", 58],
    ["2025-01-01T00:01:00Z", 0], // 2 s of clock skew between the controller and the node
    ["2025-01-01T00:05:00Z", null], // minutes the wrong way: not comparable
  ])("startTime %s gives queueSeconds %s", (startTime, expected) => {
    const object = taskRun({ ...base, startTime });
    expect(parseTektonText(JSON.stringify(object), "t.json").taskRuns[0]!.queueSeconds).toBe(expected);
  });

  it("has no queue time without steps", () => {
    const object = taskRun({ ...base, startTime: "2025-01-01T00:00:00Z", steps: [] });
    expect(parseTektonText(JSON.stringify(object), "t.json").taskRuns[0]!.queueSeconds).toBeNull();
  });
});

describe("parseTektonText errors", () => {
  it("rejects invalid JSON with the file and line", () => {
    const error = thrown(() => parseTektonText('{\n  "kind": "List",\n  "items": [,]\n}', "bad.json"));
    expect(error.code).toBe("unprocessable");
    expect(error.file).toBe("bad.json");
    expect(error.message).toMatch(/^bad\.json line 3: invalid JSON/);
  });

  it("rejects invalid YAML with the file and line", () => {
    const error = thrown(() => parseTektonText("kind: TaskRun\nmetadata:\n  name: a\n  name: b\n", "dup.yaml"));
    expect(error.code).toBe("unprocessable");
    expect(error.message).toMatch(/^dup\.yaml line 4: invalid YAML/);
  });

  it("refuses a billion-laughs alias bomb", () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
      "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
      "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
      "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
    ].join("\n");
    const error = thrown(() => parseTektonText(bomb, "lol.yaml"));
    expect(error.code).toBe("unprocessable");
    expect(error.message).toContain("lol.yaml");
    expect(error.message).toContain("alias");
  });

  it("reports an alias bomb written in flow style as an alias bomb, not as bad JSON", () => {
    const rows = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [prev, next] of ["ab", "bc", "cd", "de", "ef", "fg"])
      rows.push(`${next}: &${next} [${`*${prev},`.repeat(9)}]`);
    const error = thrown(() => parseTektonText(`{${rows.join(", ")}}`, "flow.yaml"));
    expect(error.message).toContain("alias");
    expect(error.message).not.toContain("invalid JSON");
  });

  it("still reads a few harmless aliases", () => {
    const text =
      "kind: TaskRun\napiVersion: tekton.dev/v1\nmetadata:\n  name: t\n  labels: &l {a: b}\n  annotations: *l\nstatus:\n  podName: t-pod\n";
    expect(parseTektonText(text, "ok.yaml").taskRuns[0]!.labels).toEqual({ a: "b" });
  });

  it("rejects a non-string metadata.name, naming file, kind and field", () => {
    const object = { ...pipelineRun(), metadata: { ...pipelineRun().metadata, name: 42 } };
    const error = thrown(() => parseTektonText(JSON.stringify(object), "runs/pr.json"));
    expect(error.code).toBe("unprocessable");
    expect(error.message).toMatch(/^runs\/pr\.json: PipelineRun "42": metadata\.name: /);
    expect(error.details).toMatchObject({ kind: "PipelineRun", field: "metadata.name" });
  });

  it("rejects status.steps that is not a list, with the YAML line and the document", () => {
    const text = [
      "apiVersion: tekton.dev/v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
      "---\napiVersion: tekton.dev/v1\nkind: TaskRun\nmetadata:\n  name: my-tr\nstatus:\n  steps:\n    build: done\n",
    ].join("");
    const error = thrown(() => parseTektonText(text, "tr.yaml"));
    expect(error.message).toMatch(/^tr\.yaml line 12: TaskRun "my-tr" \(document 2\): status\.steps: /);
  });

  it("rejects a timestamp that is not RFC 3339, quoting it", () => {
    const object = prefetchTaskRun();
    object.status.steps[2]!.terminated.startedAt = "17/09/2025 10:51";
    const error = thrown(() => parseTektonText(JSON.stringify({ kind: "List", items: [object] }), "list.json"));
    expect(error.message).toContain(`TaskRun "${RUN_NAME}-prefetch-dependencies" (items[0])`);
    expect(error.message).toContain("status.steps[2].terminated.startedAt");
    expect(error.message).toContain('"17/09/2025 10:51"');
  });

  it.each(["2025-02-30T10:00:00Z", "2025-09-17T25:00:00Z", "2025-09-17 10:00:00", "2025-09-17T10:00:00"])(
    "rejects the timestamp %s",
    (startTime) => {
      const object = { ...pipelineRun(), status: { ...pipelineRun().status, startTime } };
      expect(thrown(() => parseTektonText(JSON.stringify(object), "pr.json")).message).toContain("status.startTime");
    },
  );

  it("accepts fractional seconds and offsets", () => {
    const object = { ...pipelineRun(), status: { ...pipelineRun().status, startTime: "2025-09-17T12:50:00.5+02:00" } };
    expect(parseTektonText(JSON.stringify(object), "pr.json").pipelineRuns[0]!.startTime?.toISOString()).toBe(
      "2025-09-17T10:50:00.500Z",
    );
  });

  it("rejects labels that are not strings", () => {
    const text = "apiVersion: tekton.dev/v1\nkind: PipelineRun\nmetadata:\n  name: p\n  labels:\n    retries: 3\n";
    expect(thrown(() => parseTektonText(text, "p.yaml")).message).toMatch(/line 6: .*metadata\.labels\.retries/);
  });

  it("rejects a Tekton object without a name", () => {
    const text = "apiVersion: tekton.dev/v1\nkind: TaskRun\nmetadata:\n  namespace: x\n";
    expect(thrown(() => parseTektonText(text, "t.yaml")).message).toContain("metadata.name");
  });
});

describe("parseTektonText properties", () => {
  it("throws nothing but AppError on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          parseTektonText(text, "any.txt");
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
      }),
    );
  });

  it("throws nothing but AppError on arbitrary JSON shaped like a run", () => {
    const runLike = fc.record({
      apiVersion: fc.constantFrom("tekton.dev/v1", "tekton.dev/v1beta1"),
      kind: fc.constantFrom("PipelineRun", "TaskRun"),
      metadata: fc.oneof(fc.jsonValue(), fc.record({ name: fc.jsonValue(), labels: fc.jsonValue() })),
      spec: fc.jsonValue(),
      status: fc.oneof(fc.jsonValue(), fc.record({ steps: fc.jsonValue(), taskRuns: fc.jsonValue() })),
    });
    fc.assert(
      fc.property(runLike, (object) => {
        try {
          parseTektonText(JSON.stringify(object), "any.json");
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).message).toContain("any.json");
        }
      }),
    );
  });

  it("turns YAML nested deep enough to exhaust the stack into an AppError", () => {
    const error = thrown(() => parseTektonText(`x: ${"[".repeat(20_000)}`, "deep.yaml"));
    expect(error.code).toBe("unprocessable");
  });

  it("ignores JSON arrays nested deeper than any export", () => {
    const docs = parseTektonText("[".repeat(10_000) + "]".repeat(10_000), "deep.json");
    expect(docs.ignored).toEqual([
      { kind: "(none)", name: null, reason: expect.stringContaining("nested too deeply") },
    ]);
  });
});
