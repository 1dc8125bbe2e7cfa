// The CEL filters the Tekton Results client sends, and the label selector it reads (`k=v`, `k!=v`, `k`, `!k`).
//
// Upstream followed: tektoncd/results docs/api/README.md (Filtering: data_type, data.metadata.labels[...],
// timestamp()), pkg/api/server/cel2sql (string constants go into SQL unescaped; timestamps as RFC 3339; `contains`
// on a map is a substring test of its JSON; a missing field is SQL NULL); konflux-ci/konflux-ui
// src/utils/tekton-results.ts (data_type in [...], label filters).
import { SourceError } from "./types";

export const PIPELINE_RUN_TYPES = ["tekton.dev/v1.PipelineRun", "tekton.dev/v1beta1.PipelineRun"];
export const TASK_RUN_TYPES = ["tekton.dev/v1.TaskRun", "tekton.dev/v1beta1.TaskRun"];
export const COMPONENT_LABEL = "appstudio.openshift.io/component";
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** A Kubernetes label value: safe to quote in a filter. */
export const validLabelValue = (value: string) => LABEL_VALUE.test(value) && value.length <= 63;

const quotedList = (values: string[]) => `[${values.map((value) => `"${value}"`).join(", ")}]`;

/** The TaskRun records of a Result. */
export const TASK_RUN_FILTER = `data_type in ${quotedList(TASK_RUN_TYPES)}`;

export interface LabelRequirement {
  key: string;
  op: "=" | "!=" | "exists" | "absent";
  value: string;
}

/** `k=v`, `k==v`, `k!=v`, `k` and `!k`, comma-separated; set-based forms (`in`, `notin`) are refused. */
export function parseLabelSelector(selector: string | null): LabelRequirement[] {
  if (!selector?.trim()) return [];
  return selector.split(",").map((raw) => {
    const term = raw.trim();
    const match = /^(!?)([^=!\s]+)(?:(==|=|!=)(\S*))?$/.exec(term.replace(/\s*(==|!=|=)\s*/, "$1"));
    if (!match || (match[1] && match[3])) {
      throw new SourceError(
        `labelSelector: "${term}" is not k=v, k!=v, k or !k (set-based selectors are not supported)`,
      );
    }
    const [, not, key = "", op, value = ""] = match;
    if (!LABEL_KEY.test(key) || !validLabelValue(value)) {
      throw new SourceError(`labelSelector: "${term}" has an invalid label key or value`);
    }
    return { key, op: op === "!=" ? "!=" : op ? "=" : not ? "absent" : "exists", value };
  });
}

export function labelsMatch(labels: Record<string, unknown>, requirements: LabelRequirement[]): boolean {
  return requirements.every(({ key, op, value }) => {
    const has = Object.hasOwn(labels, key);
    if (op === "=") return has && labels[key] === value;
    if (op === "!=") return !has || labels[key] !== value;
    return op === "exists" ? has : !has;
  });
}

const label = (key: string) => `data.metadata.labels["${key}"]`;
/** The server formats timestamp constants as RFC 3339 (whole seconds): send whole seconds, check exactly here. */
const wholeSeconds = (date: Date) =>
  new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().slice(0, 19) + "Z";

/**
 * The CEL filter of the PipelineRun listing. Label values are checked against the Kubernetes syntax first (the
 * server pastes string constants into SQL unescaped). `k!=v` and `!k` are checked on the decoded runs only: in the
 * server's SQL a missing label is NULL, so no CEL form of them keeps runs without the label.
 */
export function pipelineRunFilter(since: Date, component: string | null, requirements: LabelRequirement[]): string {
  const terms = [
    `data_type in ${quotedList(PIPELINE_RUN_TYPES)}`,
    `data.status.completionTime >= timestamp("${wholeSeconds(since)}")`,
  ];
  if (component !== null) terms.push(`${label(COMPONENT_LABEL)} == "${component}"`);
  for (const { key, op, value } of requirements) {
    if (op === "=") terms.push(`${label(key)} == "${value}"`);
    // A substring test on the labels' JSON, as the Konflux UI sends it: a superset, made exact on the decoded run.
    if (op === "exists") terms.push(`data.metadata.labels.contains("${key}")`);
  }
  return terms.join(" && ");
}
