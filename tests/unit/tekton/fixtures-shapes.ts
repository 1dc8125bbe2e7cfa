// Tekton objects in the shapes real exports take besides kubectl Lists: a Konflux docker build as
// `kubectl get -o json` prints each object, PaC templates, definitions, kindless and v1alpha1 runs. Written by hand.

export const NS = "payments-tenant";
export const PR_NAME = "payment-gateway-on-pull-request-t4m9z";
export const PR_UID = "3c9e1f70-5b2a-4d8e-9f61-0a7b2c4d6e81";
const CATALOG = "quay.io/konflux-ci/tekton-catalog";
const DIGEST = "sha256:4f1c0e9d2b7a6c5e8f3d1a0b9c8e7f6a5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a";

function bundle(kind: "task" | "pipeline", name: string) {
  return {
    resolver: "bundles",
    params: [
      { name: "name", value: name },
      { name: "bundle", value: `${CATALOG}/${kind}-${name}:0.4@${DIGEST}` },
      { name: "kind", value: kind },
    ],
  };
}

/** `kubectl get pipelinerun -o json` of a finished v1 PaC pull-request build. */
export function prV1() {
  return {
    apiVersion: "tekton.dev/v1",
    kind: "PipelineRun",
    metadata: {
      name: PR_NAME,
      generateName: "payment-gateway-on-pull-request-",
      namespace: NS,
      uid: PR_UID,
      creationTimestamp: "2025-10-02T08:14:03Z",
      labels: {
        "app.kubernetes.io/managed-by": "pipelinesascode.tekton.dev",
        "appstudio.openshift.io/application": "payments",
        "appstudio.openshift.io/component": "payment-gateway",
        "pipelines.appstudio.openshift.io/type": "build",
        "pipelinesascode.tekton.dev/event-type": "pull_request",
        "pipelinesascode.tekton.dev/sha": "e7b9c2a1d4f6081357926aceb0df13579bdf2468",
        "pipelinesascode.tekton.dev/original-prname": "payment-gateway-on-pull-request",
        "tekton.dev/pipeline": "docker-build-oci-ta",
      },
      annotations: {
        "pipelinesascode.tekton.dev/on-cel-expression": 'event == "pull_request" && target_branch == "main"',
        "pipelinesascode.tekton.dev/source-branch": "fix/retry-timeouts",
        "pipelinesascode.tekton.dev/target-branch": "main",
        "pipelinesascode.tekton.dev/pull-request": "318",
      },
    },
    spec: {
      params: [
        { name: "git-url", value: "https://github.com/example/payment-gateway" },
        { name: "revision", value: "e7b9c2a1d4f6081357926aceb0df13579bdf2468" },
        { name: "output-image", value: `quay.io/redhat-user-workloads/${NS}/payment-gateway:on-pr-e7b9c2a` },
        { name: "image-expires-after", value: "5d" },
      ],
      pipelineRef: bundle("pipeline", "docker-build-oci-ta"),
      taskRunTemplate: { serviceAccountName: "build-pipeline-payment-gateway" },
      timeouts: { pipeline: "1h0m0s" },
    },
    status: {
      startTime: "2025-10-02T08:14:03Z",
      completionTime: "2025-10-02T08:26:51Z",
      conditions: [
        {
          type: "Succeeded",
          status: "True",
          reason: "Succeeded",
          message: "Tasks Completed: 3 (Failed: 0, Cancelled 0), Skipped: 0",
          lastTransitionTime: "2025-10-02T08:26:51Z",
        },
      ],
      childReferences: ["init", "clone-repository", "build-container"].map((task) => ({
        apiVersion: "tekton.dev/v1",
        kind: "TaskRun",
        name: `${PR_NAME}-${task}`,
        pipelineTaskName: task,
      })),
      pipelineSpec: {
        tasks: [
          { name: "init", taskRef: bundle("task", "init") },
          { name: "clone-repository", runAfter: ["init"], taskRef: bundle("task", "git-clone-oci-ta") },
          { name: "build-container", runAfter: ["clone-repository"], taskRef: bundle("task", "buildah-oci-ta") },
        ],
      },
    },
  };
}

type Step = [name: string, startedAt: string, finishedAt: string];

/** `kubectl get taskrun -o json` of one of prV1's TaskRuns. */
export function trV1(
  index: number,
  pipelineTask: string,
  task: string,
  startTime: string,
  steps: Step[],
  platform?: string,
) {
  const name = `${PR_NAME}-${pipelineTask}`;
  return {
    apiVersion: "tekton.dev/v1",
    kind: "TaskRun",
    metadata: {
      name,
      namespace: NS,
      uid: `9d0e1f2a-3b4c-4d5e-8f60-00000000000${index}`,
      labels: {
        "app.kubernetes.io/managed-by": "tekton-pipelines",
        "appstudio.openshift.io/application": "payments",
        "appstudio.openshift.io/component": "payment-gateway",
        "pipelines.appstudio.openshift.io/type": "build",
        "pipelinesascode.tekton.dev/event-type": "pull_request",
        "tekton.dev/memberOf": "tasks",
        "tekton.dev/pipeline": "docker-build-oci-ta",
        "tekton.dev/pipelineRun": PR_NAME,
        "tekton.dev/pipelineRunUID": PR_UID,
        "tekton.dev/pipelineTask": pipelineTask,
        "tekton.dev/task": task,
      },
      annotations: { "chains.tekton.dev/signed": "true", "pipeline.tekton.dev/release": "v0.68.1" },
      ownerReferences: [
        { apiVersion: "tekton.dev/v1", kind: "PipelineRun", name: PR_NAME, uid: PR_UID, controller: true },
      ],
    },
    spec: {
      params: platform ? [{ name: "PLATFORM", value: platform }] : [],
      serviceAccountName: "build-pipeline-payment-gateway",
      taskRef: bundle("task", task),
      timeout: "1h0m0s",
    },
    status: {
      conditions: [
        { type: "Succeeded", status: "True", reason: "Succeeded", message: "All Steps have completed executing" },
      ],
      podName: `${name}-pod`,
      startTime,
      completionTime: steps.at(-1)?.[2] ?? startTime,
      steps: steps.map(([step, startedAt, finishedAt]) => ({
        name: step,
        container: `step-${step}`,
        imageID: `registry.access.redhat.com/ubi9/buildah@${DIGEST}`,
        terminated: { containerID: "cri-o://5e2f", exitCode: 0, reason: "Completed", startedAt, finishedAt },
      })),
      taskSpec: { steps: steps.map(([step]) => ({ name: step, image: "registry.access.redhat.com/ubi9/buildah" })) },
    },
  };
}

export function initTr() {
  return trV1(1, "init", "init", "2025-10-02T08:14:04Z", [["init", "2025-10-02T08:14:09Z", "2025-10-02T08:14:11Z"]]);
}

export function cloneTr() {
  return trV1(2, "clone-repository", "git-clone-oci-ta", "2025-10-02T08:14:12Z", [
    ["clone", "2025-10-02T08:14:20Z", "2025-10-02T08:14:31Z"],
    ["create-trusted-artifact", "2025-10-02T08:14:31Z", "2025-10-02T08:14:40Z"],
  ]);
}

export function buildTr() {
  return trV1(
    3,
    "build-container",
    "buildah-oci-ta",
    "2025-10-02T08:14:41Z",
    [
      ["use-trusted-artifact", "2025-10-02T08:15:11Z", "2025-10-02T08:15:19Z"],
      ["build", "2025-10-02T08:15:19Z", "2025-10-02T08:25:02Z"],
      ["push", "2025-10-02T08:25:02Z", "2025-10-02T08:26:40Z"],
    ],
    "linux/arm64",
  );
}

/** `kubectl get pod -o json` of the build TaskRun's Pod: carries the TaskRun's labels. */
export function buildPod() {
  const taskRun = `${PR_NAME}-build-container`;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `${taskRun}-pod`,
      namespace: NS,
      labels: {
        "app.kubernetes.io/managed-by": "tekton-pipelines",
        "tekton.dev/pipelineRun": PR_NAME,
        "tekton.dev/pipelineTask": "build-container",
        "tekton.dev/task": "buildah-oci-ta",
        "tekton.dev/taskRun": taskRun,
      },
      ownerReferences: [{ apiVersion: "tekton.dev/v1", kind: "TaskRun", name: taskRun, uid: "x", controller: true }],
    },
    spec: {
      containers: [{ name: "step-build", image: "registry.access.redhat.com/ubi9/buildah" }],
      nodeName: "ip-10-0-141-7.ec2.internal",
      restartPolicy: "Never",
    },
    status: { phase: "Succeeded", startTime: "2025-10-02T08:14:43Z" },
  };
}

/** `kubectl get events -o json` items about a TaskRun. */
export function taskRunEvent(taskRun: string, reason: "Started" | "Running" | "Succeeded") {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `${taskRun}.186a9f${reason.length}c2e1b7d4`, namespace: NS },
    involvedObject: { apiVersion: "tekton.dev/v1", kind: "TaskRun", name: taskRun, namespace: NS },
    reason,
    message: reason === "Succeeded" ? "All Steps have completed executing" : "",
    type: "Normal",
    source: { component: "taskrun-controller" },
    firstTimestamp: "2025-10-02T08:14:41Z",
    lastTimestamp: "2025-10-02T08:26:40Z",
    count: 1,
  };
}

/** `.tekton/payment-gateway-pull-request.yaml` as Konflux onboarding writes it (`status: {}`). */
export const PAC_PULL_REQUEST_YAML = `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  annotations:
    build.appstudio.openshift.io/repo: https://github.com/example/payment-gateway?rev={{revision}}
    build.appstudio.redhat.com/commit_sha: '{{revision}}'
    build.appstudio.redhat.com/pull_request_number: '{{pull_request_number}}'
    build.appstudio.redhat.com/target_branch: '{{target_branch}}'
    pipelinesascode.tekton.dev/cancel-in-progress: "true"
    pipelinesascode.tekton.dev/max-keep-runs: "3"
    pipelinesascode.tekton.dev/on-cel-expression: event == "pull_request" && target_branch == "main"
  creationTimestamp: null
  labels:
    appstudio.openshift.io/application: payments
    appstudio.openshift.io/component: payment-gateway
    pipelines.appstudio.openshift.io/type: build
  name: payment-gateway-on-pull-request
  namespace: payments-tenant
spec:
  params:
  - name: git-url
    value: '{{source_url}}'
  - name: revision
    value: '{{revision}}'
  - name: output-image
    value: quay.io/redhat-user-workloads/payments-tenant/payment-gateway:on-pr-{{revision}}
  - name: image-expires-after
    value: 5d
  pipelineRef:
    resolver: bundles
    params:
    - name: name
      value: docker-build-oci-ta
    - name: bundle
      value: quay.io/konflux-ci/tekton-catalog/pipeline-docker-build-oci-ta:0.4
    - name: kind
      value: pipeline
  taskRunTemplate:
    serviceAccountName: build-pipeline-payment-gateway
  workspaces:
  - name: git-auth
    secret:
      secretName: '{{ git_auth_secret }}'
status: {}
`;

/** `.tekton/payment-gateway-push.yaml`: no status at all, as hand-written PaC files usually are. */
export const PAC_PUSH_YAML = `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  annotations:
    pipelinesascode.tekton.dev/max-keep-runs: "3"
    pipelinesascode.tekton.dev/on-cel-expression: event == "push" && target_branch == "main"
  labels:
    appstudio.openshift.io/application: payments
    appstudio.openshift.io/component: payment-gateway
  name: payment-gateway-on-push
  namespace: payments-tenant
spec:
  params:
  - name: git-url
    value: '{{source_url}}'
  - name: revision
    value: '{{revision}}'
  pipelineSpec:
    tasks:
    - name: build-container
      taskRef:
        name: buildah-oci-ta
`;

/** A Pipeline, a Task, a ClusterTask and a StepAction, as `kubectl get -o yaml` prints them. */
export const DEFINITIONS_YAML = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: docker-build-oci-ta
  labels:
    pipelines.openshift.io/runtime: generic
spec:
  params:
  - name: git-url
    type: string
  tasks:
  - name: init
    taskRef:
      name: init
  - name: build-container
    runAfter: [init]
    taskRef:
      name: buildah-oci-ta
---
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: buildah-oci-ta
  labels:
    app.kubernetes.io/version: "0.4"
spec:
  params:
  - name: PLATFORM
    default: linux/amd64
  steps:
  - name: build
    image: registry.access.redhat.com/ubi9/buildah
    script: buildah build --platform "$(params.PLATFORM)" .
---
apiVersion: tekton.dev/v1beta1
kind: ClusterTask
metadata:
  name: git-clone
spec:
  steps:
  - name: clone
    image: registry.redhat.io/openshift-pipelines/pipelines-git-init-rhel8
---
apiVersion: tekton.dev/v1beta1
kind: StepAction
metadata:
  name: use-trusted-artifact
spec:
  image: quay.io/konflux-ci/build-trusted-artifacts
  args: [use, $(params.SOURCE_ARTIFACT)=/var/workdir/source]
`;

/** A PipelineRun as typed Go clients marshal it (Tekton Chains, exporters): no apiVersion, no kind. */
export function kindlessPr() {
  const { apiVersion: _apiVersion, kind: _kind, ...bare } = prV1();
  return bare;
}

export function kindlessTr() {
  const { apiVersion: _apiVersion, kind: _kind, ...bare } = buildTr();
  return bare;
}

/** A v1alpha1 TaskRun (Tekton 0.10 era): params under spec.inputs, one overridden in spec.params. */
export const V1ALPHA1_TASK_RUN_YAML = `apiVersion: tekton.dev/v1alpha1
kind: TaskRun
metadata:
  name: legacy-app-buildah-arm64-2xk7p
  namespace: legacy-builds
  labels:
    tekton.dev/task: buildah
spec:
  inputs:
    params:
    - name: PLATFORM
      value: linux/arm64
    - name: IMAGE
      value: quay.io/example/legacy-app:arm64
    - name: TLSVERIFY
      value: "true"
    resources:
    - name: source
      resourceRef:
        name: legacy-app-git
  params:
  - name: TLSVERIFY
    value: "false"
  serviceAccountName: builder
  taskRef:
    kind: Task
    name: buildah
status:
  conditions:
  - type: Succeeded
    status: "True"
    reason: Succeeded
  podName: legacy-app-buildah-arm64-2xk7p-pod-9hx2m
  startTime: "2020-03-02T14:10:05Z"
  completionTime: "2020-03-02T14:19:44Z"
  steps:
  - name: build
    container: step-build
    terminated:
      exitCode: 0
      reason: Completed
      startedAt: "2020-03-02T14:10:31Z"
      finishedAt: "2020-03-02T14:19:12Z"
  - name: push
    container: step-push
    terminated:
      exitCode: 0
      reason: Completed
      startedAt: "2020-03-02T14:19:12Z"
      finishedAt: "2020-03-02T14:19:40Z"
`;

/** A v1alpha1 PipelineRun embedding its TaskRuns' status, as v1beta1 does. */
export const V1ALPHA1_PIPELINE_RUN_YAML = `apiVersion: tekton.dev/v1alpha1
kind: PipelineRun
metadata:
  name: legacy-app-build-run-8fj2w
  namespace: legacy-builds
spec:
  pipelineRef:
    name: legacy-app-build
  params:
  - name: revision
    value: v2.3.1
status:
  startTime: "2020-03-02T14:09:58Z"
  completionTime: "2020-03-02T14:19:50Z"
  conditions:
  - type: Succeeded
    status: "True"
  taskRuns:
    legacy-app-build-run-8fj2w-build-arm64-2xk7p:
      pipelineTaskName: build-arm64
      status:
        podName: legacy-app-build-run-8fj2w-build-arm64-2xk7p-pod-9hx2m
        startTime: "2020-03-02T14:10:05Z"
        completionTime: "2020-03-02T14:19:44Z"
        conditions:
        - type: Succeeded
          status: "True"
        steps:
        - name: build
          terminated:
            exitCode: 0
            reason: Completed
            startedAt: "2020-03-02T14:10:31Z"
            finishedAt: "2020-03-02T14:19:12Z"
`;
