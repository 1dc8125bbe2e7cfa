// The Pipeline YAML panel's form state (kept in the component, not the URL): the options, the .tekton file read
// into the patch box and its name, and the POST /api/generate body and key they make.
import { useState, type ChangeEvent } from "react";
import type { BuildArch } from "@/lib/domain/arch";
import { formatMiB } from "@/lib/format";
import { generateRequestBody, initialFormState, type GeneratorFormState, type PayloadHints } from "../generator-form";

export function useGeneratorForm(component: string, platforms: string[], defaultStrategy: string, hints: PayloadHints) {
  const [form, setForm] = useState<GeneratorFormState>(() => initialFormState(platforms, defaultStrategy));
  const [fileNote, setFileNote] = useState<string | null>(null);
  /** The name of the file read into the patch box: a patched file downloads under its own name. */
  const [baseFileName, setBaseFileName] = useState<string | null>(null);
  const body = generateRequestBody(component, form, hints);

  const set = <K extends keyof GeneratorFormState>(key: K, value: GeneratorFormState[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const togglePlatform = (arch: BuildArch, on: boolean) =>
    setForm((current) => ({
      ...current,
      platforms: on ? [...current.platforms, arch] : current.platforms.filter((other) => other !== arch),
    }));

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
  const clearBase = () => {
    set("base", "");
    setBaseFileName(null);
    setFileNote(null);
  };

  return {
    form,
    set,
    togglePlatform,
    /** Patch mode: a .tekton file is in the patch box (the result is always the whole file then). */
    patchMode: form.base.trim() !== "",
    body,
    bodyKey: JSON.stringify(body),
    fileNote,
    baseFileName,
    readBaseFile,
    clearBase,
  };
}

export type GeneratorForm = ReturnType<typeof useGeneratorForm>;
