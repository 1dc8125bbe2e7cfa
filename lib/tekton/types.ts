// The run graph as lib/tekton extracts it from PipelineRun and TaskRun objects (v1 and v1beta1,
// kubectl/tkn exports, Lists, Tekton Results records). Plain data: no Prisma, no I/O.
import type { Arch } from "../domain/arch";

export type RunStatus = "Succeeded" | "Failed" | "Running" | "Unknown";

/** How a TaskRun's architecture was found, strongest first. */
export type ArchEvidence =
  | "PLATFORM"
  | "target-platform-label"
  | "task-name"
  | "log"
  /** A local build: the PipelineRun's `build-platforms` param named exactly this one platform. */
  | "build-platforms"
  /** A local build with nothing better: the cluster's own arch (CLUSTER_ARCH, default amd64). */
  | "CLUSTER_ARCH";

export interface StepRecord {
  name: string;
  /** status.steps[].terminated.startedAt (Tekton rewrites it to the step's real start). */
  startedAt: Date | null;
  finishedAt: Date | null;
  exitCode: number | null;
  reason: string | null;
}

export interface WorkspaceBinding {
  /** Name of the workspace as the task sees it (e.g. "source"). */
  name: string;
  /** The pipeline-level workspace it is bound to, when known (PipelineTask workspaces[].workspace). */
  pipelineWorkspace: string | null;
  kind: "persistentVolumeClaim" | "volumeClaimTemplate" | "emptyDir" | "secret" | "configMap" | "other";
  claimName: string | null;
  accessModes: string[];
  /** Requested storage, e.g. "1Gi", as written. */
  storage: string | null;
}

export interface TaskRunRecord {
  uid: string | null;
  name: string;
  namespace: string | null;
  pipelineRunName: string | null;
  /**
   * The owning PipelineRun's uid (label tekton.dev/pipelineRunUID or ownerReferences), which tells apart
   * re-created runs of the same name. Optional for records built by hand; lib/tekton always sets it.
   */
  pipelineRunUid?: string | null;
  pipelineTaskName: string | null;
  /** The Task's name: taskRef.name, the bundle resolver's `name` param, or the tekton.dev/task label. */
  taskName: string | null;
  /** spec.params PLATFORM as given, e.g. "linux-m2xlarge/arm64". */
  platform: string | null;
  arch: Arch | null;
  archEvidence: ArchEvidence | null;
  startTime: Date | null;
  completionTime: Date | null;
  status: RunStatus;
  podName: string | null;
  steps: StepRecord[];
  /** spec.params flattened to strings (arrays joined with ","; objects as JSON). */
  params: Record<string, string>;
  /** status.results (or taskResults in v1beta1). */
  results: Record<string, string>;
  workspaces: WorkspaceBinding[];
  labels: Record<string, string>;
  /** steps[0].startedAt − status.startTime in seconds (queue and VM allocation wait), when both are known. */
  queueSeconds: number | null;
}

export interface PipelineTaskSpec {
  name: string;
  taskName: string | null;
  runAfter: string[];
  /** Param names and values as written (values may contain $(params.x) / $(tasks.y.results.z)). */
  params: Record<string, string>;
  workspaces: { name: string; workspace: string }[];
  /** Names of matrix params, e.g. ["PLATFORM"]; empty when the task has no matrix. */
  matrixParams: string[];
}

export interface PipelineRunRecord {
  uid: string | null;
  name: string;
  /** metadata.generateName as written (e.g. "my-component-on-push-"), when there is one. */
  generateName?: string | null;
  /**
   * "tekton" for a PipelineRun object; "taskruns-only" for a run built from TaskRuns whose PipelineRun object was
   * not uploaded (lib/tekton/link.ts). Optional for records built by hand: absent means "tekton".
   */
  origin?: "tekton" | "taskruns-only";
  /** status.skippedTasks: pipeline tasks that did not run (when expressions, failed parents), with the reason. */
  skippedTasks?: { name: string; reason: string | null }[];
  namespace: string | null;
  component: string | null;
  application: string | null;
  /** pipelinesascode.tekton.dev/event-type: push, pull_request, incoming, … */
  eventType: string | null;
  commitSha: string | null;
  /** Source branch (pipelinesascode.tekton.dev/source-branch or branch). */
  branch: string | null;
  targetBranch: string | null;
  startTime: Date | null;
  completionTime: Date | null;
  status: RunStatus;
  params: Record<string, string>;
  /** TaskRuns of this run: status.childReferences (v1) or the keys of status.taskRuns (v1beta1). */
  children: { name: string; pipelineTaskName: string | null }[];
  /** v1beta1 PipelineRuns embed their TaskRuns' status; those become full records here. */
  embeddedTaskRuns: TaskRunRecord[];
  /** spec.pipelineSpec.tasks or status.pipelineSpec.tasks (finally tasks included). */
  pipelineTasks: PipelineTaskSpec[];
  /** spec.workspaces: how each pipeline workspace is backed. */
  workspaces: WorkspaceBinding[];
  /** metadata.labels and metadata.annotations as read. Optional for records built by hand; lib/tekton sets them. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface TektonDocuments {
  pipelineRuns: PipelineRunRecord[];
  taskRuns: TaskRunRecord[];
  /**
   * Objects that were read but are not Tekton runs (e.g. a Pod, a Log record, an unsupported apiVersion), for
   * warnings. At most 20 per file, so a large export makes few warnings; skippedKinds has the exact counts.
   */
  ignored: { kind: string; name: string | null; reason: string }[];
  /** Objects skipped as not Tekton, counted by kind; "(no kind)" for kindless objects not shaped like runs. */
  skippedKinds: Record<string, number>;
  /** PipelineRuns and TaskRuns without a status (e.g. Pipelines-as-Code `.tekton/*.yaml`): what would run, not runs. */
  templates: { kind: "PipelineRun" | "TaskRun"; name: string | null }[];
  /** Pipeline, Task, ClusterTask and StepAction objects (tekton.dev). */
  definitions: { kind: string; name: string | null }[];
  /** How many objects had no kind and were read as a PipelineRun or TaskRun from their shape (e.g. Tekton Chains). */
  inferred: number;
  /** PipelineRuns and TaskRuns of an apiVersion that is not read (e.g. tekton.dev/v2): callers reject, naming it. */
  unsupported: { kind: string; name: string | null; apiVersion: string; reason: string }[];
}
