// The add-source form's values and its check before sending: the same schema as POST /api/sources
// (newSourceSchema of lib/sources/types.ts, pure), each failure turned into a plain-words hint on its field.
import { newSourceSchema, parseSince, SOURCE_KINDS, type SourceKind } from "@/lib/sources/types";

export const SOURCE_FIELDS = [
  "kind",
  "url",
  "namespace",
  "labelSelector",
  "component",
  "since",
  "intervalMinutes",
  "tokenFile",
  "tokenEnv",
  "caFile",
  "insecureSkipTlsVerify",
] as const;
export type SourceField = (typeof SOURCE_FIELDS)[number];
export type FieldErrors = Partial<Record<SourceField, string>>;

/** What the inputs hold: text as typed (trimmed when sent), the checkbox as a boolean. */
export type SourceFormValues = { kind: SourceKind } & Record<
  Exclude<SourceField, "kind" | "insecureSkipTlsVerify">,
  string
> & {
    insecureSkipTlsVerify: boolean;
  };

export const EMPTY_SOURCE_FORM: SourceFormValues = {
  kind: "tekton-results",
  url: "",
  namespace: "",
  labelSelector: "",
  component: "",
  since: "",
  intervalMinutes: "",
  tokenFile: "",
  tokenEnv: "",
  caFile: "",
  insecureSkipTlsVerify: false,
};

export const KINDS: Record<SourceKind, { label: string; url: string }> = {
  "tekton-results": { label: "Tekton Results", url: "https://tekton-results.example.com" },
  kubearchive: { label: "KubeArchive", url: "https://kubearchive.example.com" },
  kubernetes: { label: "Kubernetes API", url: "https://api.cluster.example.com:6443" },
};

/** The hint shown when the check of a field fails (the server's own 422 message is shown as it is). */
const HINTS: Partial<Record<SourceField, string>> = {
  kind: `Pick one of ${SOURCE_KINDS.join(", ")}.`,
  url: "Enter an http:// or https:// URL, e.g. https://tekton-results.example.com.",
  namespace: "Enter a Kubernetes namespace name: lowercase letters, digits and -, at most 63 characters.",
  labelSelector: "Leave it empty, or enter a label selector of at most 1024 characters.",
  component: "Leave it empty, or enter a component name of at most 253 characters.",
  since: "Enter an ISO time (2026-11-01T00:00:00Z) or a duration such as 30d, 12h or 2w.",
  intervalMinutes: "Leave it empty, or enter a whole number of minutes from 1 to 10080 (one week).",
  tokenFile: "Enter a file path, or leave it empty.",
  caFile: "Enter a file path, or leave it empty.",
};

const isField = (name: string): name is SourceField => (SOURCE_FIELDS as readonly string[]).includes(name);

/** The request body: text trimmed, empty optional fields left out, the interval as a number when it is one. */
export function sourceBody(values: SourceFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: values.kind };
  for (const field of SOURCE_FIELDS) {
    if (field === "kind" || field === "insecureSkipTlsVerify") continue;
    const text = values[field].trim();
    if (field === "url" || field === "namespace" || text !== "") body[field] = text;
  }
  if (typeof body.intervalMinutes === "string" && /^\d+$/.test(body.intervalMinutes)) {
    body.intervalMinutes = Number(body.intervalMinutes);
  }
  if (values.insecureSkipTlsVerify) body.insecureSkipTlsVerify = true;
  return body;
}

/** The body to send, or a hint per field that the server would refuse (the first problem of each field). */
export function checkSource(
  values: SourceFormValues,
  now: Date = new Date(),
): { ok: true; body: Record<string, unknown> } | { ok: false; errors: FieldErrors } {
  const body = sourceBody(values);
  const errors: FieldErrors = {};
  const parsed = newSourceSchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? "");
      if (isField(name) && errors[name] === undefined) errors[name] = HINTS[name] ?? issue.message;
    }
  }
  if (errors.since === undefined && typeof body.since === "string" && !parseSince(body.since, now)) {
    errors.since = HINTS.since;
  }
  return Object.keys(errors).length === 0 ? { ok: true, body } : { ok: false, errors };
}

/** The form field a server error names (`details.field`), if the form has it. */
export function formField(name: string | undefined): SourceField | null {
  return name !== undefined && isField(name) ? name : null;
}
