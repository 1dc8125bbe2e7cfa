"use client";
// The form that adds a source (POST /api/sources): every field labelled with its help text, checked in the
// browser with the API's own schema before sending, and the server's 422 message shown next to the field it names.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { SOURCE_KINDS } from "@/lib/sources/types";
import type { SourceViewData } from "../api-contracts";
import { addSource, SourceRequestError, SOURCES_KEY } from "./source-api";
import {
  checkSource,
  EMPTY_SOURCE_FORM,
  formField,
  KINDS,
  type FieldErrors,
  type SourceField,
  type SourceFormValues,
} from "./source-form";

const inputId = (field: SourceField) => `source-${field}`;

const LABELS: Record<SourceField, string> = {
  kind: "Kind",
  url: "URL",
  namespace: "Namespace",
  component: "Component",
  labelSelector: "Label selector",
  since: "Since",
  intervalMinutes: "Sync interval",
  tokenFile: "Token file",
  tokenEnv: "Token variable",
  caFile: "CA file",
  insecureSkipTlsVerify: "TLS",
};

export function AddSourceForm() {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<SourceFormValues>(EMPTY_SOURCE_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [added, setAdded] = useState<SourceViewData | null>(null);
  const create = useMutation({
    mutationFn: addSource,
    onSuccess: (source) => {
      setAdded(source);
      setValues(EMPTY_SOURCE_FORM);
      queryClient.setQueryData<SourceViewData[]>(SOURCES_KEY, (list) => (list ? [...list, source] : list));
      void queryClient.invalidateQueries({ queryKey: SOURCES_KEY });
    },
    onError: (error) => {
      const field = error instanceof SourceRequestError ? formField(error.field) : null;
      if (field) {
        setErrors({ [field]: error.message });
        document.getElementById(inputId(field))?.focus();
      }
    },
  });
  // A server error that names no field of the form is shown above the button.
  const formError =
    create.error && !(create.error instanceof SourceRequestError && formField(create.error.field))
      ? create.error.message
      : null;

  const set = <F extends SourceField>(field: F, value: SourceFormValues[F]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors(({ [field]: _fixed, ...rest }) => rest);
  };
  const text = (field: Exclude<SourceField, "kind" | "insecureSkipTlsVerify">) => ({
    id: inputId(field),
    value: values[field],
    onChange: (event: { target: { value: string } }) => set(field, event.target.value),
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": `${inputId(field)}-help${errors[field] ? ` ${inputId(field)}-error` : ""}`,
    autoComplete: "off",
    spellCheck: false,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAdded(null);
    const checked = checkSource(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      const first = Object.keys(checked.errors)[0] as SourceField;
      document.getElementById(inputId(first))?.focus();
      return;
    }
    setErrors({});
    create.mutate(checked.body);
  };

  return (
    <form className="source-form" onSubmit={submit} noValidate aria-labelledby="add-source-heading">
      <h2 id="add-source-heading">Add a source</h2>
      <div className="source-grid">
        <Field field="kind" errors={errors} help="Where the finished runs are read from.">
          <select
            id={inputId("kind")}
            value={values.kind}
            aria-describedby={`${inputId("kind")}-help`}
            onChange={(event) => set("kind", event.target.value as SourceFormValues["kind"])}
          >
            {SOURCE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KINDS[kind].label} ({kind})
              </option>
            ))}
          </select>
        </Field>
        <Field
          field="url"
          required
          errors={errors}
          help="The Tekton Results REST gateway, the KubeArchive API or the Kubernetes API server (http or https)."
        >
          <input
            type="url"
            inputMode="url"
            required
            aria-required
            placeholder={KINDS[values.kind].url}
            {...text("url")}
          />
        </Field>
        <Field field="namespace" required errors={errors} help="The tenant namespace the runs are in.">
          <input type="text" required aria-required placeholder="my-tenant" maxLength={63} {...text("namespace")} />
        </Field>
        <Field
          field="component"
          errors={errors}
          help="Optional: only runs of this component (label appstudio.openshift.io/component)."
        >
          <input type="text" placeholder="my-component" {...text("component")} />
        </Field>
        <Field
          field="labelSelector"
          errors={errors}
          help="Optional: only runs matching this Kubernetes label selector."
        >
          <input type="text" placeholder="pipelines.appstudio.openshift.io/type=build" {...text("labelSelector")} />
        </Field>
        <Field
          field="since"
          errors={errors}
          help="Runs that finished before this are not synced: an ISO time or a duration back from now (30d, 12h, 2w). Default 30d."
        >
          <input type="text" placeholder="30d" {...text("since")} />
        </Field>
        <Field
          field="intervalMinutes"
          errors={errors}
          help="Optional: sync in the background every this many minutes (1 to 10080). Empty: only on demand."
        >
          <span className="source-unit">
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={10080}
              step={1}
              placeholder="60"
              {...text("intervalMinutes")}
            />
            <span>minutes</span>
          </span>
        </Field>
        <Field
          field="tokenFile"
          errors={errors}
          help="Optional: a file on the dashboard's host holding the bearer token (e.g. a mounted service-account token). Give this or a token variable, not both."
        >
          <input type="text" placeholder="/var/run/secrets/kubernetes.io/serviceaccount/token" {...text("tokenFile")} />
        </Field>
        <Field
          field="tokenEnv"
          errors={errors}
          help="Optional: the name of an environment variable of the dashboard holding the bearer token. Only the name is stored."
        >
          <input type="text" placeholder="RESULTS_TOKEN" {...text("tokenEnv")} />
        </Field>
        <Field field="caFile" errors={errors} help="Optional: a PEM bundle on the dashboard's host to trust for TLS.">
          <input type="text" placeholder="/etc/pki/cluster-ca.pem" {...text("caFile")} />
        </Field>
        <Field
          field="insecureSkipTlsVerify"
          errors={errors}
          help="Skip verifying the server's certificate: for test clusters only."
        >
          <label className="generator-check">
            <input
              id={inputId("insecureSkipTlsVerify")}
              type="checkbox"
              checked={values.insecureSkipTlsVerify}
              aria-describedby={`${inputId("insecureSkipTlsVerify")}-help`}
              onChange={(event) => set("insecureSkipTlsVerify", event.target.checked)}
            />
            Do not verify TLS
          </label>
        </Field>
      </div>
      <div className="generator-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add source"}
        </button>
        <p className="muted source-form-status" role="status">
          {added ? `Added source ${added.id} (${added.url}). Press "Sync now" in its row to sync it.` : null}
        </p>
      </div>
      {Object.keys(errors).length > 0 ? (
        <p className="error" role="alert">
          Check {Object.keys(errors).length === 1 ? "the field" : "the fields"}{" "}
          {Object.keys(errors)
            .map((field) => LABELS[field as SourceField])
            .join(", ")}
          .
        </p>
      ) : null}
      {formError ? (
        <p className="generator-error" role="alert">
          {formError}
        </p>
      ) : null}
    </form>
  );
}

/** One field: its label (marked when required), the input, the help text and the error that names it. */
function Field({
  field,
  help,
  required = false,
  errors,
  children,
}: {
  field: SourceField;
  help: string;
  required?: boolean;
  errors: FieldErrors;
  children: ReactNode;
}) {
  const id = inputId(field);
  const label = LABELS[field];
  const isCheckbox = field === "insecureSkipTlsVerify";
  return (
    <div className="source-field">
      {isCheckbox ? (
        <span className="source-label">{label}</span>
      ) : (
        <label htmlFor={id} className="source-label">
          {label}
          {required ? <span className="muted"> (required)</span> : null}
        </label>
      )}
      {children}
      <p id={`${id}-help`} className="source-help">
        {help}
      </p>
      {errors[field] ? (
        <p id={`${id}-error`} className="error source-field-error">
          {errors[field]}
        </p>
      ) : null}
    </div>
  );
}
