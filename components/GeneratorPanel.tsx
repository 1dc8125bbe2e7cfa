"use client";
// The component page's Pipeline YAML panel: strategy, platforms and the main options of POST /api/generate,
// optionally a .tekton file to patch; the result (highlighted YAML, copy, download, checks, diff) below.
import { useMutation } from "@tanstack/react-query";
import { useId, useState, type ChangeEvent, type FormEvent, type ReactNode } from "react";
import { BUILD_ARCHES, type BuildArch } from "@/lib/domain/arch";
import { STRATEGY_IDS, STRATEGY_LABELS } from "@/lib/domain/strategies";
import type { GenerateRequestInput } from "@/lib/generate/options";
import { formatMiB } from "@/lib/format";
import { GeneratorResult, type GenerateResponse } from "./GeneratorResult";
import {
  downloadFileName,
  generateRequestBody,
  initialFormState,
  isPvcStrategy,
  isSplitStrategy,
  isStrategyId,
  suggestedPvcSizes,
  type GeneratorFormState,
} from "./generator-form";

export interface GeneratorPanelProps {
  component: string;
  platforms: string[];
  defaultStrategy: string;
  payloadBytes?: number | null;
  payloadBytesByArch?: Record<string, number>;
}

class GenerateFailed extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const STATUS_WORDS: Record<number, string> = {
  400: "Bad request",
  413: "Too large",
  415: "Unsupported type",
  422: "Not possible",
  500: "Generator error",
};

async function postGenerate(body: GenerateRequestInput): Promise<GenerateResponse> {
  let response: Response;
  try {
    response = await fetch("/api/generate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new GenerateFailed(0, "The generator could not be reached; check the connection and try again.");
  }
  const json = (await response.json().catch(() => null)) as
    (Partial<GenerateResponse> & { error?: { message?: string } }) | null;
  if (response.ok && typeof json?.yaml === "string") return json as GenerateResponse;
  throw new GenerateFailed(response.status, json?.error?.message ?? `The generator answered ${response.status}.`);
}

/** A labelled control with its help text, tied together by id and aria-describedby. */
function Field({
  id,
  label,
  help,
  children,
  wide = false,
}: {
  id: string;
  label: ReactNode;
  help?: ReactNode;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className={wide ? "generator-field generator-field-wide" : "generator-field"}>
      <label htmlFor={id}>{label}</label>
      {children}
      {help ? (
        <p id={`${id}-help`} className="generator-help">
          {help}
        </p>
      ) : null}
    </div>
  );
}

export function GeneratorPanel({
  component,
  platforms,
  defaultStrategy,
  payloadBytes,
  payloadBytesByArch,
}: GeneratorPanelProps) {
  const id = useId();
  const [form, setForm] = useState<GeneratorFormState>(() => initialFormState(platforms, defaultStrategy));
  const [fileNote, setFileNote] = useState<string | null>(null);
  /** The name of the file read into the patch box: a patched file downloads under its own name. */
  const [baseFileName, setBaseFileName] = useState<string | null>(null);
  const hints = { payloadBytes, payloadBytesByArch };
  const body = generateRequestBody(component, form, hints);
  const bodyKey = JSON.stringify(body);
  const mutation = useMutation({
    mutationFn: (request: {
      body: GenerateRequestInput;
      key: string;
      form: GeneratorFormState;
      fileName: string | null;
    }) => postGenerate(request.body),
  });

  const set = <K extends keyof GeneratorFormState>(key: K, value: GeneratorFormState[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const togglePlatform = (arch: BuildArch, on: boolean) =>
    setForm((current) => ({
      ...current,
      platforms: on ? [...current.platforms, arch] : current.platforms.filter((other) => other !== arch),
    }));

  const patchMode = form.base.trim() !== "";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate({ body, key: bodyKey, form, fileName: patchMode ? baseFileName : null });
  };

  const readBaseFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > 1024 * 1024) {
      setFileNote(`${file.name} is ${formatMiB(file.size)}; a .tekton file is at most 1 MiB here.`);
      return;
    }
    set("base", await file.text());
    setBaseFileName(file.name);
    setFileNote(`Read ${file.name}.`);
  };

  const pvc = isPvcStrategy(form.strategy);
  const split = isSplitStrategy(form.strategy);
  const pvcSizes = suggestedPvcSizes(form, hints);
  const distinctPvcSizes = new Set(pvcSizes.map(({ size }) => size));
  const gib = (size: string) => size.replace(/Gi$/, " Gi");
  const submitted = mutation.variables;
  const result = mutation.isSuccess && submitted ? mutation.data : null;

  return (
    <div className="generator">
      <p className="lede">
        A Pipelines-as-Code file for the strategy you pick, or your own .tekton file patched to it. Every result is
        checked (names, references, workspaces, params, no parallel builds on one PVC) before you copy it.
      </p>
      <form className="generator-form" aria-label="Pipeline YAML options" onSubmit={submit}>
        <div className="generator-grid">
          <Field
            id={`${id}-strategy`}
            label="Strategy"
            help={
              <>
                <code>{form.strategy}</code>: how prefetched dependencies reach the builds. Prefilled with the
                recommended strategy (the one most runs used until the recommendation has loaded).
              </>
            }
          >
            <select
              id={`${id}-strategy`}
              aria-describedby={`${id}-strategy-help`}
              value={form.strategy}
              onChange={(event) => {
                if (isStrategyId(event.target.value)) set("strategy", event.target.value);
              }}
            >
              {STRATEGY_IDS.map((strategy) => (
                <option key={strategy} value={strategy}>
                  {STRATEGY_LABELS[strategy]}
                </option>
              ))}
            </select>
          </Field>

          <fieldset className="generator-field generator-choices" aria-describedby={`${id}-platforms-help`}>
            <legend>Platforms</legend>
            <div className="generator-inline">
              {BUILD_ARCHES.map((arch) => (
                <label key={arch} className="generator-check">
                  <input
                    type="checkbox"
                    name="platform"
                    value={arch}
                    checked={form.platforms.includes(arch)}
                    onChange={(event) => togglePlatform(arch, event.target.checked)}
                  />{" "}
                  {arch}
                </label>
              ))}
            </div>
            <p id={`${id}-platforms-help`} className="generator-help">
              Prefilled with the arches this component was measured on.
            </p>
          </fieldset>

          <fieldset className="generator-field generator-choices" aria-describedby={`${id}-format-help`}>
            <legend>Output</legend>
            <div className="generator-inline">
              <label className="generator-check">
                <input
                  type="radio"
                  name={`${id}-format`}
                  value="pipelinerun"
                  checked={patchMode || form.format === "pipelinerun"}
                  onChange={() => set("format", "pipelinerun")}
                />{" "}
                Whole .tekton file
              </label>
              <label className="generator-check">
                <input
                  type="radio"
                  name={`${id}-format`}
                  value="tasks"
                  disabled={patchMode}
                  checked={!patchMode && form.format === "tasks"}
                  onChange={() => set("format", "tasks")}
                />{" "}
                Tasks only
              </label>
            </div>
            <p id={`${id}-format-help`} className="generator-help">
              {patchMode
                ? "Patch mode returns your whole file."
                : "Tasks only: the list to paste under spec.pipelineSpec.tasks."}
            </p>
          </fieldset>

          <fieldset className="generator-field generator-choices" aria-describedby={`${id}-event-help`}>
            <legend>Event</legend>
            <div className="generator-inline">
              {(["push", "pull_request"] as const).map((event) => (
                <label key={event} className="generator-check">
                  <input
                    type="radio"
                    name={`${id}-event`}
                    value={event}
                    checked={form.event === event}
                    onChange={() => set("event", event)}
                  />{" "}
                  {event === "push" ? "push" : "pull request"}
                </label>
              ))}
            </div>
            <p id={`${id}-event-help`} className="generator-help">
              Sets the name, the CEL expression, the image tag and the default expiry.
            </p>
          </fieldset>

          <Field
            id={`${id}-expires`}
            label="Image expires after"
            help={
              <>
                A number with h, d or w (e.g. <code>5d</code>); empty: never for push, 5d for pull requests. Also the
                expiry of the Trusted Artifacts.
              </>
            }
          >
            <input
              id={`${id}-expires`}
              aria-describedby={`${id}-expires-help`}
              value={form.imageExpiresAfter}
              placeholder={form.event === "push" ? "never" : "5d"}
              inputMode="text"
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => set("imageExpiresAfter", event.target.value)}
            />
          </Field>

          {pvc ? (
            <>
              <Field
                id={`${id}-pvc-size`}
                label="PVC size"
                help={
                  <>
                    Every workspace. Empty: 1.5 × its measured payload + 1 GiB
                    {typeof payloadBytes === "number" ? "" : " (no payload measured)"}:{" "}
                    {pvcSizes.map(({ workspace, size }) => `${workspace} ${gib(size)}`).join(", ")}.
                  </>
                }
              >
                <span className="generator-unit">
                  <input
                    id={`${id}-pvc-size`}
                    aria-describedby={`${id}-pvc-size-help`}
                    type="number"
                    min={1}
                    step={1}
                    inputMode="numeric"
                    value={form.pvcSizeGi}
                    placeholder={distinctPvcSizes.size === 1 ? [...distinctPvcSizes][0]?.replace(/Gi$/, "") : "auto"}
                    onChange={(event) => set("pvcSizeGi", event.target.value)}
                  />
                  <span aria-hidden="true">Gi</span>
                  <span className="sr-only">gibibytes</span>
                </span>
              </Field>
              <Field
                id={`${id}-pvc-access`}
                label="PVC access mode"
                help="ReadWriteOnce pins every task using the PVC to one node; ReadWriteMany needs a storage class that offers it."
              >
                <select
                  id={`${id}-pvc-access`}
                  aria-describedby={`${id}-pvc-access-help`}
                  value={form.pvcAccessMode}
                  onChange={(event) =>
                    set("pvcAccessMode", event.target.value === "ReadWriteMany" ? "ReadWriteMany" : "ReadWriteOnce")
                  }
                >
                  <option value="ReadWriteOnce">ReadWriteOnce</option>
                  <option value="ReadWriteMany">ReadWriteMany</option>
                </select>
              </Field>
            </>
          ) : null}

          <Field
            id={`${id}-input`}
            label="Prefetch input"
            wide
            help={
              <>
                The hermeto input JSON (<code>prefetch-input</code>). Empty: <code>{'{"type":"rpm","path":"."}'}</code>
                {patchMode ? ", or your file's own value" : ""}.
              </>
            }
          >
            <textarea
              id={`${id}-input`}
              aria-describedby={`${id}-input-help`}
              rows={2}
              spellCheck={false}
              value={form.prefetchInput}
              placeholder='{"type":"rpm","path":"."}'
              onChange={(event) => set("prefetchInput", event.target.value)}
            />
          </Field>

          {split ? (
            <>
              <Field
                id={`${id}-per-arch`}
                label="Per-arch input"
                help={
                  <>
                    How each arch&apos;s prefetch input is derived: hermeto&apos;s <code>binary.arch</code> filter
                    (hermeto ≥ 0.39), or <code>@arch@</code> in the input replaced by each arch (one lockfile folder per
                    arch).
                  </>
                }
              >
                <select
                  id={`${id}-per-arch`}
                  aria-describedby={`${id}-per-arch-help`}
                  value={form.perArchInput}
                  onChange={(event) =>
                    set("perArchInput", event.target.value === "path-pattern" ? "path-pattern" : "hermeto-binary-arch")
                  }
                >
                  <option value="hermeto-binary-arch">binary.arch filter</option>
                  <option value="path-pattern">@arch@ path pattern</option>
                </select>
              </Field>
              <Field
                id={`${id}-source-input`}
                label="Source input"
                wide
                help={
                  <>
                    Prefetch input of the source prefetch, e.g. a lockfile holding only SRPMs (build-definitions#1275
                    measured its source prefetch this way). Empty: every selected arch&apos;s input, i.e. the union of
                    their SRPMs — which downloads the binaries again.
                  </>
                }
              >
                <textarea
                  id={`${id}-source-input`}
                  aria-describedby={`${id}-source-input-help`}
                  rows={2}
                  spellCheck={false}
                  value={form.sourceInput}
                  placeholder='{"type":"rpm","path":"rpms/source"}'
                  onChange={(event) => set("sourceInput", event.target.value)}
                />
              </Field>
            </>
          ) : null}
        </div>

        <details className="generator-patch" open={patchMode || undefined}>
          <summary>Patch my .tekton file</summary>
          <div className="generator-field generator-field-wide">
            <label htmlFor={`${id}-base`}>Your .tekton file</label>
            <textarea
              id={`${id}-base`}
              aria-describedby={`${id}-base-help`}
              className="generator-base"
              rows={8}
              spellCheck={false}
              value={form.base}
              placeholder="Paste .tekton/<component>-push.yaml here, or read it from a file"
              onChange={(event) => set("base", event.target.value)}
            />
            <p id={`${id}-base-help`} className="generator-help">
              Only the clone, prefetch, build, index and source-build wiring changes; scanners, params, comments and
              everything else stay as they are, and the diff shows each change. Nothing is uploaded or stored.
            </p>
            <div className="generator-inline">
              <label className="generator-file-button">
                <input type="file" accept=".yaml,.yml,application/yaml,text/yaml" onChange={readBaseFile} />
                Read a file…
              </label>
              {patchMode ? (
                <button
                  type="button"
                  className="generator-button"
                  onClick={() => {
                    set("base", "");
                    setBaseFileName(null);
                    setFileNote(null);
                  }}
                >
                  Clear
                </button>
              ) : null}
              {fileNote ? <span className="generator-help">{fileNote}</span> : null}
            </div>
          </div>
        </details>

        <div className="generator-actions">
          <button type="submit" className="primary" disabled={mutation.isPending}>
            {mutation.isPending ? "Generating…" : patchMode ? "Generate patch" : "Generate"}
          </button>
          {result && submitted && submitted.key !== bodyKey ? (
            <span className="generator-help">The options changed since this YAML was generated.</span>
          ) : null}
        </div>
        {mutation.isError ? (
          <div className="generator-error" role="alert">
            <strong>
              {mutation.error instanceof GenerateFailed && mutation.error.status > 0
                ? `${STATUS_WORDS[mutation.error.status] ?? "Error"} (${mutation.error.status}): `
                : "Error: "}
            </strong>
            {mutation.error.message}
          </div>
        ) : null}
      </form>

      {result && submitted ? (
        <GeneratorResult
          key={submitted.key}
          result={result}
          fileName={
            submitted.fileName ??
            downloadFileName(
              component,
              submitted.body.format === "tasks" ? "tasks" : "pipelinerun",
              submitted.form.event,
            )
          }
          tasksOnly={submitted.body.format === "tasks"}
          stale={submitted.key !== bodyKey}
        />
      ) : null}
    </div>
  );
}
