"use client";
// The component page's Pipeline YAML panel: strategy, platforms and the main options of POST /api/generate,
// optionally a .tekton file to patch; the result (highlighted YAML, copy, download, checks, diff) below. Form
// state in ./generator/use-generator-form, the request in ./generator/post-generate, the parts in ./generator.
import { useMutation } from "@tanstack/react-query";
import { useId, type FormEvent } from "react";
import type { GenerateRequestInput } from "@/lib/generate/options";
import { GeneratorActions } from "./generator/GeneratorActions";
import { GeneratorChoices } from "./generator/GeneratorChoices";
import { GeneratorOptions } from "./generator/GeneratorOptions";
import { PatchFileDetails } from "./generator/PatchFileDetails";
import { postGenerate } from "./generator/post-generate";
import { useGeneratorForm } from "./generator/use-generator-form";
import { downloadFileName, type GeneratorFormState } from "./generator-form";
import { GeneratorResult } from "./GeneratorResult";

export interface GeneratorPanelProps {
  component: string;
  platforms: string[];
  defaultStrategy: string;
  payloadBytes?: number | null;
  payloadBytesByArch?: Record<string, number>;
}

export function GeneratorPanel({
  component,
  platforms,
  defaultStrategy,
  payloadBytes,
  payloadBytesByArch,
}: GeneratorPanelProps) {
  const id = useId();
  const hints = { payloadBytes, payloadBytesByArch };
  const state = useGeneratorForm(component, platforms, defaultStrategy, hints);
  const { body, bodyKey, patchMode } = state;
  const mutation = useMutation({
    mutationFn: (request: {
      body: GenerateRequestInput;
      key: string;
      form: GeneratorFormState;
      fileName: string | null;
    }) => postGenerate(request.body),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate({ body, key: bodyKey, form: state.form, fileName: patchMode ? state.baseFileName : null });
  };

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
          <GeneratorChoices id={id} state={state} />
          <GeneratorOptions id={id} state={state} hints={hints} />
        </div>
        <PatchFileDetails id={id} state={state} />
        <GeneratorActions
          pending={mutation.isPending}
          patchMode={patchMode}
          stale={Boolean(result && submitted && submitted.key !== bodyKey)}
          error={mutation.isError ? mutation.error : null}
        />
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
