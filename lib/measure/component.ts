// Which component a run belongs to, from the strongest label to the run's own name (docs/measurements.md
// "Component of a run"). Pure: labels and names in, a name and where it came from out.
import type { PipelineRunRecord } from "../tekton/types";

export interface ComponentOfRun {
  name: string;
  /** The label, annotation or field the name was read from. */
  source: string;
  /** Set when the name is a guess the user may want to correct with a component label. */
  warning?: string;
}

const PAC = "pipelinesascode.tekton.dev";
/** Pipelines-as-Code names a component's runs `<component>-on-push` / `<component>-on-pull-request`. */
const PAC_EVENT_SUFFIX = /-on-(push|pull-request|pr|tag|comment|cel)$/;

function labelOrAnnotation(run: PipelineRunRecord, key: string): string | null {
  const value = run.labels?.[key] ?? run.annotations?.[key];
  return value !== undefined && value.trim() !== "" ? value.trim() : null;
}

export function componentOf(run: PipelineRunRecord): ComponentOfRun {
  if (run.component) return { name: run.component, source: "component label" };
  const guessed = (name: string, source: string): ComponentOfRun => ({
    name,
    source,
    warning: `PipelineRun ${run.name} has no component label (appstudio.openshift.io/component or build.konflux-ci.dev/component); filed under "${name}" from ${source}`,
  });
  const originalName = labelOrAnnotation(run, `${PAC}/original-prname`);
  if (originalName) return guessed(originalName.replace(PAC_EVENT_SUFFIX, ""), `${PAC}/original-prname`);
  const repository = labelOrAnnotation(run, `${PAC}/repository`);
  if (repository) return guessed(repository, `${PAC}/repository`);
  const pipeline = labelOrAnnotation(run, "tekton.dev/pipeline");
  // Tekton labels a run of an embedded pipelineSpec with the run's own name: that says nothing more.
  if (pipeline && pipeline !== run.name) return guessed(pipeline, "tekton.dev/pipeline");
  const generateName = run.generateName?.replace(/-+$/, "").replace(PAC_EVENT_SUFFIX, "");
  if (generateName) return guessed(generateName, "metadata.generateName");
  // Last resort: the run's name without the random suffix Tekton and PaC add, so reruns stay together.
  const base = run.name.replace(/-on-(push|pull-request)(-[a-z0-9]{5})?$/, "").replace(/-[a-z0-9]{5}$/, "");
  return guessed(base || run.name, "the run's name");
}
