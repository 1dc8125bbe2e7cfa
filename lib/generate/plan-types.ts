// The shape of a planned strategy: each task with its role, and the params, workspaces and result
// equivalents the pipeline around the tasks needs. Types only.
import type {
  Param,
  PipelineParamSpec,
  PipelineRunWorkspaceBinding,
  PipelineTask,
  PipelineWorkspaceDeclaration,
} from "./tekton";

/**
 * `check`: the upstream tasks after build-image-index (scans, apply-tags, push-dockerfile, …). Patch mode manages
 * none of them (it keeps the user's own), so they are planned apart, in `Plan.checkTasks`.
 */
export type Role = "init" | "clone" | "prefetch" | "build" | "index" | "source" | "check";
/** The roles stamped from a template (the generator's own, or in patch mode the user's task of that role). */
export type TemplateRole = Exclude<Role, "check">;
export type TaskTemplates = Record<TemplateRole, PipelineTask>;

export interface PlannedTask {
  role: Role;
  task: PipelineTask;
}

export interface Plan {
  /** The tasks the strategy decides: init, clone, prefetch, build, index, source (patch mode replaces these). */
  tasks: PlannedTask[];
  /** The upstream pipeline's other tasks (role `check`), wired for the strategy: whole-file output only. */
  checkTasks: PlannedTask[];
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
