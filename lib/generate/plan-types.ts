// The shape of a planned strategy: each task with its role, and the params, workspaces and result
// equivalents the pipeline around the tasks needs. Types only.
import type {
  Param,
  PipelineParamSpec,
  PipelineRunWorkspaceBinding,
  PipelineTask,
  PipelineWorkspaceDeclaration,
} from "./tekton";

export type Role = "init" | "clone" | "prefetch" | "build" | "index" | "source";
export type TaskTemplates = Record<Role, PipelineTask>;

export interface PlannedTask {
  role: Role;
  task: PipelineTask;
}

export interface Plan {
  tasks: PlannedTask[];
  /** Pipeline params the planned tasks reference, with the declaration a fresh file gets. */
  params: PipelineParamSpec[];
  /** `spec.params` values of a PipelineRun. */
  values: Param[];
  workspaces: PipelineWorkspaceDeclaration[];
  bindings: PipelineRunWorkspaceBinding[];
  /** The workspace names backed by a PVC (volumeClaimTemplate). */
  pvcWorkspaces: string[];
  /** Expressions other tasks can use in place of replaced tasks' results (patch mode rewiring). */
  equivalents: { sourceArtifact?: string; cachi2Artifact?: string; clone: string; index: string };
  warnings: string[];
}
