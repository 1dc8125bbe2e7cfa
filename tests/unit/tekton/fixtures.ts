// Tekton objects shaped like `kubectl get pipelinerun,taskrun -o json` prints them for a Konflux
// multi-platform Trusted Artifacts build (matrix `build-images` over PLATFORM). Written by hand.

export const NAMESPACE = "my-team-tenant";
export const RUN_NAME = "my-component-on-push-x7k2p";
export const RUN_UID = "6f1d2a4e-0b8c-4c1e-9a3e-2d5f7b9c1e01";
const BUNDLE = "quay.io/konflux-ci/tekton-catalog";

export function bundleRef(task: string, version = "0.2") {
  return {
    resolver: "bundles",
    params: [
      { name: "name", value: task },
      { name: "bundle", value: `${BUNDLE}/task-${task}:${version}@sha256:${"ab".repeat(32)}` },
      { name: "kind", value: "task" },
    ],
  };
}

/** `[name, startedAt, finishedAt]` of each terminated step. */
export type StepTimes = [string, string, string];

export interface TaskRunOptions {
  name: string;
  pipelineTask: string;
  task: string;
  uid: string;
  startTime: string;
  completionTime?: string;
  steps: StepTimes[];
  params?: { name: string; value: string | string[] }[];
  results?: { name: string; value: string }[];
  labels?: Record<string, string>;
  succeeded?: "True" | "False" | "Unknown";
  workspaces?: unknown[];
}

export function taskRun(options: TaskRunOptions) {
  return {
    apiVersion: "tekton.dev/v1",
    kind: "TaskRun",
    metadata: {
      name: options.name,
      namespace: NAMESPACE,
      uid: options.uid,
      creationTimestamp: options.startTime,
      generation: 1,
      resourceVersion: "123456789",
      labels: {
        "app.kubernetes.io/managed-by": "tekton-pipelines",
        "appstudio.openshift.io/application": "my-app",
        "appstudio.openshift.io/component": "my-component",
        "pipelines.appstudio.openshift.io/type": "build",
        "tekton.dev/memberOf": "tasks",
        "tekton.dev/pipeline": RUN_NAME,
        "tekton.dev/pipelineRun": RUN_NAME,
        "tekton.dev/pipelineRunUID": RUN_UID,
        "tekton.dev/pipelineTask": options.pipelineTask,
        "tekton.dev/task": options.task,
        ...options.labels,
      },
      annotations: { "pipelinesascode.tekton.dev/sha": "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b" },
      ownerReferences: [
        {
          apiVersion: "tekton.dev/v1",
          kind: "PipelineRun",
          name: RUN_NAME,
          uid: RUN_UID,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      params: options.params ?? [],
      serviceAccountName: "build-pipeline-my-component",
      taskRef: bundleRef(options.task),
      timeout: "2h0m0s",
      ...(options.workspaces ? { workspaces: options.workspaces } : {}),
    },
    status: {
      conditions: [
        {
          type: "Succeeded",
          status: options.succeeded ?? "True",
          reason: options.succeeded === "False" ? "Failed" : "Succeeded",
          message: "All Steps have completed executing",
          lastTransitionTime: options.completionTime ?? options.startTime,
        },
      ],
      podName: `${options.name}-pod`,
      startTime: options.startTime,
      ...(options.completionTime ? { completionTime: options.completionTime } : {}),
      steps: options.steps.map(([name, startedAt, finishedAt]) => ({
        name,
        container: `step-${name}`,
        imageID: `quay.io/konflux-ci/buildah-task@sha256:${"cd".repeat(32)}`,
        terminated: {
          containerID: `cri-o://${"ef".repeat(32)}`,
          exitCode: 0,
          reason: "Completed",
          startedAt,
          finishedAt,
        },
      })),
      results: (options.results ?? []).map((result) => ({ ...result, type: "string" })),
      provenance: { featureFlags: { enableAPIFields: "beta" } },
    },
  };
}

export const PLATFORMS = ["linux/x86_64", "linux-m2xlarge/arm64", "linux/ppc64le", "linux/s390x"];

export function pipelineRun() {
  return {
    apiVersion: "tekton.dev/v1",
    kind: "PipelineRun",
    metadata: {
      name: RUN_NAME,
      namespace: NAMESPACE,
      uid: RUN_UID,
      generateName: "my-component-on-push-",
      labels: {
        "app.kubernetes.io/managed-by": "pipelinesascode.tekton.dev",
        "appstudio.openshift.io/application": "my-app",
        "build.konflux-ci.dev/component": "my-component",
        "pipelines.appstudio.openshift.io/type": "build",
        "pipelinesascode.tekton.dev/event-type": "push",
        "pipelinesascode.tekton.dev/sha": "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
        "pipelinesascode.tekton.dev/branch": "main",
        "tekton.dev/pipeline": RUN_NAME,
      },
      annotations: {
        "pipelinesascode.tekton.dev/on-cel-expression": 'event == "push" && target_branch == "main"',
        "pipelinesascode.tekton.dev/source-branch": "main",
        "build.appstudio.redhat.com/target_branch": "main",
      },
    },
    spec: {
      params: [
        { name: "git-url", value: "https://github.com/example/my-component" },
        { name: "output-image", value: "quay.io/redhat-user-workloads/my-team-tenant/my-component:1a2b3c4" },
        { name: "prefetch-input", value: '{"type": "rpm", "path": "."}' },
        { name: "build-platforms", value: PLATFORMS },
      ],
      pipelineSpec: {
        params: [{ name: "build-platforms", type: "array", default: ["linux/x86_64"] }],
        tasks: [
          { name: "init", taskRef: bundleRef("init") },
          {
            name: "clone-repository",
            runAfter: ["init"],
            taskRef: bundleRef("git-clone-oci-ta"),
            params: [{ name: "ociStorage", value: "$(params.output-image).git" }],
            workspaces: [{ name: "basic-auth", workspace: "git-auth" }],
          },
          {
            name: "prefetch-dependencies",
            runAfter: ["clone-repository"],
            taskRef: bundleRef("prefetch-dependencies-oci-ta"),
            params: [
              { name: "input", value: "$(params.prefetch-input)" },
              { name: "SOURCE_ARTIFACT", value: "$(tasks.clone-repository.results.SOURCE_ARTIFACT)" },
              { name: "ociStorage", value: "$(params.output-image).prefetch" },
            ],
          },
          {
            name: "build-images",
            runAfter: ["prefetch-dependencies"],
            matrix: { params: [{ name: "PLATFORM", value: ["$(params.build-platforms)"] }] },
            taskRef: bundleRef("buildah-remote-oci-ta"),
            params: [
              { name: "SOURCE_ARTIFACT", value: "$(tasks.prefetch-dependencies.results.SOURCE_ARTIFACT)" },
              { name: "CACHI2_ARTIFACT", value: "$(tasks.prefetch-dependencies.results.CACHI2_ARTIFACT)" },
              { name: "IMAGE_APPEND_PLATFORM", value: "true" },
            ],
          },
          {
            name: "build-image-index",
            runAfter: ["build-images"],
            taskRef: bundleRef("build-image-index"),
            params: [{ name: "IMAGES", value: ["$(tasks.build-images.results.IMAGE_REF[*])"] }],
          },
          {
            name: "build-source-image",
            runAfter: ["build-image-index"],
            taskRef: bundleRef("source-build-oci-ta"),
          },
        ],
        finally: [{ name: "show-sbom", taskRef: bundleRef("show-sbom") }],
        workspaces: [{ name: "git-auth", optional: true }],
      },
      taskRunTemplate: { serviceAccountName: "build-pipeline-my-component" },
      timeouts: { pipeline: "2h0m0s" },
      workspaces: [{ name: "git-auth", secret: { secretName: "{{ git_auth_secret }}" } }],
    },
    status: {
      startTime: "2025-09-17T10:50:00Z",
      completionTime: "2025-09-17T11:20:41Z",
      conditions: [
        {
          type: "Succeeded",
          status: "True",
          reason: "Succeeded",
          message: "Tasks Completed: 7 (Failed: 0, Cancelled 0), Skipped: 0",
          lastTransitionTime: "2025-09-17T11:20:41Z",
        },
      ],
      childReferences: [
        {
          apiVersion: "tekton.dev/v1",
          kind: "TaskRun",
          name: `${RUN_NAME}-prefetch-dependencies`,
          pipelineTaskName: "prefetch-dependencies",
        },
        ...PLATFORMS.map((_, index) => ({
          apiVersion: "tekton.dev/v1",
          kind: "TaskRun",
          name: `${RUN_NAME}-build-images-${index}`,
          pipelineTaskName: "build-images",
        })),
        {
          apiVersion: "tekton.dev/v1",
          kind: "TaskRun",
          name: `${RUN_NAME}-build-source-image`,
          pipelineTaskName: "build-source-image",
        },
      ],
    },
  };
}

export function prefetchTaskRun() {
  return taskRun({
    name: `${RUN_NAME}-prefetch-dependencies`,
    pipelineTask: "prefetch-dependencies",
    task: "prefetch-dependencies-oci-ta",
    uid: "a0000000-0000-4000-8000-000000000001",
    startTime: "2025-09-17T10:51:00Z",
    completionTime: "2025-09-17T10:58:10Z",
    steps: [
      ["skip-ta", "2025-09-17T10:51:04Z", "2025-09-17T10:51:05Z"],
      ["use-trusted-artifact", "2025-09-17T10:51:05Z", "2025-09-17T10:51:12Z"],
      ["prefetch-dependencies", "2025-09-17T10:51:12Z", "2025-09-17T10:56:59Z"],
      ["create-trusted-artifact", "2025-09-17T10:56:59Z", "2025-09-17T10:58:08Z"],
    ],
    params: [
      { name: "input", value: '{"type": "rpm", "path": "."}' },
      { name: "ociStorage", value: "quay.io/redhat-user-workloads/my-team-tenant/my-component:1a2b3c4.prefetch" },
    ],
    results: [
      {
        name: "CACHI2_ARTIFACT",
        value: `oci:quay.io/redhat-user-workloads/my-team-tenant/my-component@sha256:${"12".repeat(32)}`,
      },
      {
        name: "SOURCE_ARTIFACT",
        value: `oci:quay.io/redhat-user-workloads/my-team-tenant/my-component@sha256:${"34".repeat(32)}`,
      },
    ],
  });
}

/** Matrix TaskRun `<pr>-build-images-<index>`: only PLATFORM and the target-platform label tell the arch. */
export function buildImagesTaskRun(index: number) {
  const platform = PLATFORMS[index]!;
  const minute = 59 + index;
  const at = (m: number, s: string) =>
    `2025-09-17T${String(10 + Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:${s}Z`;
  return taskRun({
    name: `${RUN_NAME}-build-images-${index}`,
    pipelineTask: "build-images",
    task: "buildah-remote-oci-ta",
    uid: `b0000000-0000-4000-8000-00000000000${index}`,
    startTime: at(58, "10"),
    completionTime: at(minute + 10, "00"),
    steps: [
      ["use-trusted-artifact", at(minute, "00"), at(minute, "40")],
      ["build", at(minute, "40"), at(minute + 9, "30")],
      ["push", at(minute + 9, "30"), at(minute + 9, "55")],
    ],
    params: [
      { name: "PLATFORM", value: platform },
      { name: "IMAGE_APPEND_PLATFORM", value: "true" },
      { name: "SOURCE_ARTIFACT", value: `oci:quay.io/x/my-component@sha256:${"34".repeat(32)}` },
    ],
    labels: { "build.appstudio.redhat.com/target-platform": platform.replaceAll("/", "-") },
    results: [{ name: "IMAGE_DIGEST", value: `sha256:${String(index).repeat(64)}` }],
  });
}

export function sourceBuildTaskRun() {
  return taskRun({
    name: `${RUN_NAME}-build-source-image`,
    pipelineTask: "build-source-image",
    task: "source-build-oci-ta",
    uid: "c0000000-0000-4000-8000-000000000001",
    startTime: "2025-09-17T11:12:00Z",
    completionTime: "2025-09-17T11:19:30Z",
    steps: [
      ["use-trusted-artifact", "2025-09-17T11:12:20Z", "2025-09-17T11:13:40Z"],
      ["build", "2025-09-17T11:13:40Z", "2025-09-17T11:19:20Z"],
    ],
  });
}

/** `kubectl get pipelinerun,taskrun -l tekton.dev/pipelineRun=… -o json` */
export function kubectlList() {
  return {
    apiVersion: "v1",
    kind: "List",
    metadata: { resourceVersion: "" },
    items: [
      pipelineRun(),
      prefetchTaskRun(),
      ...PLATFORMS.map((_, index) => buildImagesTaskRun(index)),
      sourceBuildTaskRun(),
    ],
  };
}

/** An older per-arch PVC pipeline exported as v1beta1 YAML: TaskRuns embedded in status.taskRuns. */
export const V1BETA1_PIPELINE_RUN_YAML = `apiVersion: tekton.dev/v1beta1
kind: PipelineRun
metadata:
  name: flatpak-runtime-on-push-9q8w7
  namespace: flatpak-tenant
  uid: 0e1d2c3b-4a59-4687-8796-a5b4c3d2e1f0
  labels:
    appstudio.openshift.io/application: flatpak
    appstudio.openshift.io/component: flatpak-runtime
    pipelinesascode.tekton.dev/event-type: pull_request
    pipelinesascode.tekton.dev/branch: main
    pipelinesascode.tekton.dev/sha: 9f8e7d6c5b4a39281706f5e4d3c2b1a098765432
  annotations:
    pipelinesascode.tekton.dev/source-branch: feature/split-prefetch
    pipelinesascode.tekton.dev/pull-request: "42"
spec:
  params:
  - name: output-image
    value: quay.io/redhat-user-workloads/flatpak-tenant/flatpak-runtime:on-pr-9f8e7d6
  pipelineSpec:
    workspaces:
    - name: workspace-amd64
    - name: workspace-arm64
    tasks:
    - name: prefetch-dependencies-amd64
      taskRef:
        name: prefetch-dependencies
        bundle: quay.io/redhat-appstudio-tekton-catalog/task-prefetch-dependencies:0.1
      params:
      - name: input
        value: '{"type": "rpm", "path": ".", "binary": {"arch": "x86_64"}}'
      workspaces:
      - name: source
        workspace: workspace-amd64
    - name: prefetch-dependencies-arm64
      taskRef:
        name: prefetch-dependencies
      params:
      - name: input
        value: '{"type": "rpm", "path": ".", "binary": {"arch": "aarch64"}}'
      workspaces:
      - name: source
        workspace: workspace-arm64
    - name: build-container-amd64
      runAfter: [prefetch-dependencies-amd64]
      taskRef:
        name: buildah
      workspaces:
      - name: source
        workspace: workspace-amd64
    - name: build-container-arm64
      runAfter: [prefetch-dependencies-arm64]
      taskRef:
        name: buildah-remote
      params:
      - name: PLATFORM
        value: linux/arm64
      workspaces:
      - name: source
        workspace: workspace-arm64
  workspaces:
  - name: workspace-amd64
    volumeClaimTemplate:
      spec:
        accessModes:
        - ReadWriteOnce
        resources:
          requests:
            storage: 1Gi
  - name: workspace-arm64
    volumeClaimTemplate:
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests:
            storage: 2Gi
status:
  startTime: "2024-08-12T09:00:00Z"
  completionTime: "2024-08-12T09:41:00Z"
  conditions:
  - type: Succeeded
    status: "False"
    reason: Failed
    message: "Tasks Completed: 4 (Failed: 1, Cancelled 0), Skipped: 0"
  taskRuns:
    flatpak-runtime-on-push-9q8w7-prefetch-dependencies-amd64:
      pipelineTaskName: prefetch-dependencies-amd64
      status:
        podName: flatpak-runtime-on-push-9q8w7-prefetch-dependencies-amd64-pod
        startTime: "2024-08-12T09:00:05Z"
        completionTime: "2024-08-12T09:04:00Z"
        conditions:
        - type: Succeeded
          status: "True"
        steps:
        - name: prefetch-dependencies
          terminated:
            exitCode: 0
            reason: Completed
            startedAt: "2024-08-12T09:00:09Z"
            finishedAt: "2024-08-12T09:03:55Z"
        taskResults: []
    flatpak-runtime-on-push-9q8w7-prefetch-dependencies-arm64:
      pipelineTaskName: prefetch-dependencies-arm64
      status:
        startTime: 2024-08-12T09:00:05Z
        completionTime: 2024-08-12T09:05:30Z
        conditions:
        - type: Succeeded
          status: "True"
        steps:
        - name: prefetch-dependencies
          terminated:
            exitCode: 0
            reason: Completed
            startedAt: 2024-08-12T09:00:07Z
            finishedAt: 2024-08-12T09:05:25Z
    flatpak-runtime-on-push-9q8w7-build-container-arm64:
      pipelineTaskName: build-container-arm64
      status:
        startTime: "2024-08-12T09:05:31Z"
        completionTime: "2024-08-12T09:41:00Z"
        conditions:
        - type: Succeeded
          status: "False"
          reason: Failed
        steps:
        - name: build
          terminated:
            exitCode: 1
            reason: Error
            startedAt: "2024-08-12T09:07:01Z"
            finishedAt: "2024-08-12T09:40:58Z"
        taskResults:
        - name: IMAGE_DIGEST
          value: ""
`;

/** The standalone v1beta1 TaskRun of the same build-container-arm64, as `kubectl get taskrun -o yaml` shows it. */
export const V1BETA1_TASK_RUN_YAML = `apiVersion: tekton.dev/v1beta1
kind: TaskRun
metadata:
  name: flatpak-runtime-on-push-9q8w7-build-container-arm64
  namespace: flatpak-tenant
  uid: 5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d
  labels:
    tekton.dev/pipelineRun: flatpak-runtime-on-push-9q8w7
    tekton.dev/pipelineTask: build-container-arm64
    tekton.dev/task: buildah-remote
spec:
  params:
  - name: PLATFORM
    value: linux/arm64
  - name: BUILD_ARGS
    value: [VERSION=1.2, RELEASE=3]
  taskRef:
    kind: Task
    name: buildah-remote
    bundle: quay.io/redhat-appstudio-tekton-catalog/task-buildah-remote:0.1
  workspaces:
  - name: source
    persistentVolumeClaim:
      claimName: pvc-3f9a1c2b7e
status:
  podName: flatpak-runtime-on-push-9q8w7-build-container-arm64-pod
  startTime: "2024-08-12T09:05:31Z"
  completionTime: "2024-08-12T09:41:00Z"
  conditions:
  - type: Succeeded
    status: "False"
    reason: Failed
  steps:
  - name: build
    container: step-build
    terminated:
      exitCode: 1
      reason: Error
      startedAt: "2024-08-12T09:07:01Z"
      finishedAt: "2024-08-12T09:40:58Z"
  taskResults:
  - name: IMAGE_URL
    value: quay.io/redhat-user-workloads/flatpak-tenant/flatpak-runtime:on-pr-9f8e7d6-linux-arm64
`;

/** A Tekton Results record as the REST API lists it: the object JSON is base64 in data.value. */
export function resultsRecord(object: { kind: string; apiVersion: string; metadata: { uid: string; name: string } }) {
  return {
    name: `${NAMESPACE}/results/${RUN_UID}/records/${object.metadata.uid}`,
    id: object.metadata.uid,
    uid: object.metadata.uid,
    data: {
      type: `${object.apiVersion}.${object.kind}`,
      value: Buffer.from(JSON.stringify(object)).toString("base64"),
    },
    etag: `${object.metadata.uid}-1726570841000000000`,
    createTime: "2025-09-17T10:50:01.123456Z",
    updateTime: "2025-09-17T11:20:42.654321Z",
  };
}

export function logRecord() {
  return {
    name: `${NAMESPACE}/results/${RUN_UID}/records/d0000000-0000-4000-8000-000000000009`,
    uid: "d0000000-0000-4000-8000-000000000009",
    data: {
      type: "results.tekton.dev/v1alpha3.Log",
      value: Buffer.from(
        JSON.stringify({ kind: "Log", spec: { resource: { kind: "TaskRun", name: `${RUN_NAME}-build-images-0` } } }),
      ).toString("base64"),
    },
  };
}
