import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  archFromPlatform,
  archFromTargetPlatformLabel,
  archFromTaskName,
  isLocalPlatform,
  resolveTaskRunArch,
  taskRole,
  TARGET_PLATFORM_LABEL,
  withLogArch,
} from "@/lib/tekton/arch";
import type { PipelineTaskSpec, TaskRunRecord } from "@/lib/tekton/types";

function record(overrides: Partial<TaskRunRecord>): TaskRunRecord {
  return {
    uid: null,
    name: "run-abc12-task",
    namespace: null,
    pipelineRunName: null,
    pipelineTaskName: null,
    taskName: null,
    platform: null,
    arch: null,
    archEvidence: null,
    startTime: null,
    completionTime: null,
    status: "Unknown",
    podName: null,
    steps: [],
    params: {},
    results: {},
    workspaces: [],
    labels: {},
    queueSeconds: null,
    ...overrides,
  };
}

function pipelineTask(name: string, taskName: string | null): PipelineTaskSpec {
  return { name, taskName, runAfter: [], params: {}, workspaces: [], matrixParams: [] };
}

describe("archFromPlatform", () => {
  it.each([
    ["linux/x86_64", "amd64"],
    ["linux/amd64", "amd64"],
    ["linux-mlarge/amd64", "amd64"],
    ["linux-m2xlarge/arm64", "arm64"],
    ["linux-c6gd2xlarge/arm64", "arm64"],
    ["linux/arm64/v8", "arm64"],
    ["linux/ppc64le", "ppc64le"],
    ["linux/s390x", "s390x"],
    ["linux-large/aarch64", "arm64"],
    ["local", "amd64"],
    ["localhost", "amd64"],
    [" LINUX/X86_64 ", "amd64"],
  ])("%s → %s", (platform, arch) => {
    expect(archFromPlatform(platform)).toBe(arch);
  });

  it.each(["", "linux", "arm64", "linux/riscv64", "linux/source", "/arm64", "linux/arm64/v8/extra", "windows"])(
    "%s → null",
    (platform) => {
      expect(archFromPlatform(platform)).toBeNull();
    },
  );

  it("resolves any <os>[-<size>]/<arch> to its arch", () => {
    const arches = {
      amd64: "amd64",
      x86_64: "amd64",
      arm64: "arm64",
      aarch64: "arm64",
      ppc64le: "ppc64le",
      s390x: "s390x",
    };
    fc.assert(
      fc.property(
        fc.constantFrom("linux", "Linux"),
        fc.option(fc.stringMatching(/^[a-z0-9]{1,12}(-[a-z0-9]{1,8})?$/), { nil: undefined }),
        fc.constantFrom(...(Object.keys(arches) as (keyof typeof arches)[])),
        (os, size, arch) => {
          const platform = `${os}${size === undefined ? "" : `-${size}`}/${arch}`;
          expect(archFromPlatform(platform)).toBe(arches[arch]);
          expect(archFromTargetPlatformLabel(platform.replaceAll("/", "-"))).toBe(arches[arch]);
        },
      ),
    );
  });
});

describe("isLocalPlatform", () => {
  it.each([
    ["linux/x86_64", true],
    ["local", true],
    ["localhost", true],
    ["linux/amd64", false],
    ["linux-mlarge/amd64", false],
    ["linux/arm64", false],
  ])("%s → %s", (platform, local) => {
    expect(isLocalPlatform(platform)).toBe(local);
  });
});

describe("archFromTargetPlatformLabel", () => {
  it.each([
    ["linux-m2xlarge-arm64", "arm64"],
    ["linux-x86_64", "amd64"],
    ["linux-mlarge-amd64", "amd64"],
    ["linux-ppc64le", "ppc64le"],
    ["linux-s390x", "s390x"],
    ["localhost", "amd64"],
    ["linux-riscv64", null],
    ["linux-m2xlarge-arm64x", null],
  ])("%s → %s", (label, arch) => {
    expect(archFromTargetPlatformLabel(label)).toBe(arch);
  });
});

describe("archFromTaskName", () => {
  it.each([
    ["build-container-amd64", "amd64"],
    ["build-container-arm64", "arm64"],
    ["build-container-s390x", "s390x"],
    ["build-container-ppc64le", "ppc64le"],
    ["prefetch-dependencies-arm64", "arm64"],
    ["prefetch-dependencies-x86-64", "amd64"],
    ["prefetch-dependencies-x86_64", "amd64"],
    ["prefetch-dependencies-aarch64", "arm64"],
    ["prefetch-dependencies-source", "source"],
    ["prefetch-dependencies-src", "source"],
    ["my-comp-on-push-x7k2p-build-container-arm64", "arm64"],
    ["build-images", null],
    ["my-comp-on-push-x7k2p-build-images-1", null],
    ["build-source-image", null],
    ["arm64-builder", null],
  ])("%s → %s", (name, arch) => {
    expect(archFromTaskName(name)).toBe(arch);
  });
});

describe("taskRole", () => {
  it.each([
    [pipelineTask("prefetch-dependencies", "prefetch-dependencies-oci-ta"), "prefetch"],
    [pipelineTask("prefetch-dependencies-arm64", "prefetch-dependencies"), "prefetch"],
    [pipelineTask("fetch-rpms", "prefetch-dependencies-oci-ta"), "prefetch"],
    [pipelineTask("build-images", "buildah-remote-oci-ta"), "build"],
    [pipelineTask("build-container", "buildah"), "build"],
    [pipelineTask("build-container-arm64", null), "build"],
    [pipelineTask("build-s390x", null), "build"],
    [pipelineTask("build-x86-64", null), "build"],
    [pipelineTask("my-image", "buildah-oci-ta"), "build"],
    [pipelineTask("build-source-image", "source-build-oci-ta"), "source-build"],
    [pipelineTask("build-source-image", "source-build"), "source-build"],
    [pipelineTask("build-image-index", "build-image-index"), "other"],
    [pipelineTask("clone-repository", "git-clone-oci-ta"), "other"],
    [pipelineTask("build-foo", null), "other"],
  ] as const)("%o → %s", (task, role) => {
    expect(taskRole(task)).toBe(role);
  });

  it("reads a TaskRun's pipeline task name, or its own name when it ran alone", () => {
    expect(taskRole(record({ pipelineTaskName: "build-container-ppc64le" }))).toBe("build");
    expect(taskRole(record({ name: "prefetch-dependencies-run-x9z", pipelineTaskName: null }))).toBe("prefetch");
    expect(taskRole(record({ name: "pr-x-build-container-arm64", pipelineTaskName: "init" }))).toBe("other");
  });
});

describe("resolveTaskRunArch", () => {
  const label = (value: string) => ({ [TARGET_PLATFORM_LABEL]: value });

  it.each([
    [
      "PLATFORM beats the label and the name",
      { platform: "linux/ppc64le", labels: label("linux-s390x"), pipelineTaskName: "build-container-arm64" },
      { arch: "ppc64le", archEvidence: "PLATFORM" },
    ],
    [
      "the label beats the name",
      { labels: label("linux-m2xlarge-arm64"), pipelineTaskName: "build-container-amd64" },
      { arch: "arm64", archEvidence: "target-platform-label" },
    ],
    [
      "an unknown PLATFORM falls through to the label",
      { platform: "linux/riscv64", labels: label("linux-s390x") },
      { arch: "s390x", archEvidence: "target-platform-label" },
    ],
    [
      "a pipeline task name suffix",
      { pipelineTaskName: "prefetch-dependencies-arm64" },
      { arch: "arm64", archEvidence: "task-name" },
    ],
    [
      "the TaskRun name when there is no pipeline task",
      { name: "pr-build-container-s390x" },
      { arch: "s390x", archEvidence: "task-name" },
    ],
    [
      "a source-build Task",
      { pipelineTaskName: "build-source-image", taskName: "source-build-oci-ta" },
      { arch: "source", archEvidence: "task-name" },
    ],
    [
      "nothing for a shared prefetch",
      { pipelineTaskName: "prefetch-dependencies", taskName: "prefetch-dependencies-oci-ta" },
      { arch: null, archEvidence: null },
    ],
    ["local PLATFORM", { platform: "localhost" }, { arch: "amd64", archEvidence: "PLATFORM" }],
  ] as const)("%s", (_title, overrides, expected) => {
    expect(resolveTaskRunArch(record(overrides))).toEqual(expected);
  });
});

describe("withLogArch", () => {
  it("sets the log's arch, normalised, when nothing else gave one", () => {
    expect(withLogArch(record({}), "aarch64")).toMatchObject({ arch: "arm64", archEvidence: "log" });
  });

  it("keeps stronger evidence", () => {
    const found = record({ arch: "s390x", archEvidence: "PLATFORM" });
    expect(withLogArch(found, "x86_64")).toBe(found);
  });

  it("ignores an arch name it does not know", () => {
    const unknown = record({});
    expect(withLogArch(unknown, "riscv64")).toBe(unknown);
  });
});
