// The Pipeline YAML panel's form state and what it sends: pure helpers of components/GeneratorPanel.tsx
// (request body for POST /api/generate, download name, line count), unit-tested in tests/unit/generator-form.
import { ALL_ARCHES, BUILD_ARCHES, type BuildArch } from "@/lib/domain/arch";
import { STRATEGY_IDS, type StrategyId } from "@/lib/domain/strategies";
import {
  suggestPvcSize,
  type GenerateRequestInput,
  type OutputFormat,
  type PerArchInputMode,
  type PvcAccessMode,
} from "@/lib/generate/options";

export interface GeneratorFormState {
  strategy: StrategyId;
  platforms: BuildArch[];
  format: OutputFormat;
  event: "push" | "pull_request";
  /** Empty: the default input (or, in patch mode, the base file's). */
  prefetchInput: string;
  perArchInput: PerArchInputMode;
  /** Empty: every selected arch's input (split strategies only). */
  sourceInput: string;
  /** Empty: never for push, 5d for pull requests. */
  imageExpiresAfter: string;
  /** Whole GiB as typed; empty: sized from the measured payload. */
  pvcSizeGi: string;
  pvcAccessMode: PvcAccessMode;
  /** Patch mode when not blank: the user's .tekton file. */
  base: string;
}

export interface PayloadHints {
  payloadBytes?: number | null;
  payloadBytesByArch?: Record<string, number>;
}

export const isPvcStrategy = (strategy: StrategyId) => strategy.startsWith("pvc-");
export const isSplitStrategy = (strategy: StrategyId) => strategy.endsWith("-split");
export const isStrategyId = (id: string): id is StrategyId => (STRATEGY_IDS as readonly string[]).includes(id);

export function initialFormState(platforms: readonly string[], defaultStrategy: string): GeneratorFormState {
  const selected = BUILD_ARCHES.filter((arch) => platforms.includes(arch));
  return {
    strategy: isStrategyId(defaultStrategy) ? defaultStrategy : "ta-shared",
    platforms: selected.length > 0 ? selected : [...BUILD_ARCHES],
    format: "pipelinerun",
    event: "push",
    prefetchInput: "",
    perArchInput: "hermeto-binary-arch",
    sourceInput: "",
    imageExpiresAfter: "",
    pvcSizeGi: "",
    pvcAccessMode: "ReadWriteOnce",
    base: "",
  };
}

/** Sizes as the API takes them: whole bytes, known arches only. */
function payloadOptions(hints: PayloadHints): { payloadBytes?: number; payloadBytesByArch?: Record<string, number> } {
  const options: { payloadBytes?: number; payloadBytesByArch?: Record<string, number> } = {};
  if (typeof hints.payloadBytes === "number" && hints.payloadBytes >= 0) {
    options.payloadBytes = Math.round(hints.payloadBytes);
  }
  const byArch = Object.entries(hints.payloadBytesByArch ?? {}).filter(
    ([arch, bytes]) => (ALL_ARCHES as readonly string[]).includes(arch) && bytes >= 0,
  );
  if (byArch.length > 0) {
    options.payloadBytesByArch = Object.fromEntries(byArch.map(([arch, bytes]) => [arch, Math.round(bytes)]));
  }
  return options;
}

/**
 * The PVC size each workspace gets when the form leaves it empty, as the generator sizes them: shared and
 * duplicated workspaces hold everything (the total), per-arch split lanes their arch's share (`source` too).
 */
export function suggestedPvcSizes(
  form: GeneratorFormState,
  hints: PayloadHints,
): { workspace: string; size: string }[] {
  const { payloadBytes, payloadBytesByArch } = payloadOptions(hints);
  const total =
    payloadBytes ??
    (payloadBytesByArch ? Object.values(payloadBytesByArch).reduce((sum, bytes) => sum + bytes, 0) : undefined);
  if (form.strategy !== "pvc-per-arch-split") return [{ workspace: "every workspace", size: suggestPvcSize(total) }];
  const lanes: string[] = BUILD_ARCHES.filter((arch) => form.platforms.includes(arch));
  return [...lanes, "source"].map((lane) => ({
    workspace: lane,
    size: suggestPvcSize(payloadBytesByArch?.[lane] ?? total),
  }));
}

/** The POST /api/generate body: only what the form sets, and only the options the strategy uses. */
export function generateRequestBody(
  component: string,
  form: GeneratorFormState,
  hints: PayloadHints = {},
): GenerateRequestInput {
  const base = form.base.trim() === "" ? undefined : form.base;
  const options: NonNullable<GenerateRequestInput["options"]> = { event: form.event };
  if (form.prefetchInput.trim() !== "") options.prefetchInput = form.prefetchInput.trim();
  if (isSplitStrategy(form.strategy)) {
    options.perArchInput = form.perArchInput;
    if (form.sourceInput.trim() !== "") options.sourceInput = form.sourceInput.trim();
  }
  if (form.imageExpiresAfter.trim() !== "") options.imageExpiresAfter = form.imageExpiresAfter.trim();
  if (isPvcStrategy(form.strategy)) {
    options.pvcAccessMode = form.pvcAccessMode;
    const gib = form.pvcSizeGi.trim();
    if (gib !== "") options.pvcSize = `${gib}Gi`;
    Object.assign(options, payloadOptions(hints));
  }
  return {
    strategy: form.strategy,
    component,
    platforms: BUILD_ARCHES.filter((arch) => form.platforms.includes(arch)),
    // Patch mode always returns the whole file.
    format: base === undefined ? form.format : "pipelinerun",
    options,
    ...(base === undefined ? {} : { base }),
  };
}

/** `.tekton` naming as Konflux onboarding writes it: `<component>-push.yaml`, `<component>-pull-request.yaml`. */
export function downloadFileName(component: string, format: OutputFormat, event: GeneratorFormState["event"]): string {
  if (format === "tasks") return `${component}-tasks.yaml`;
  return `${component}-${event === "pull_request" ? "pull-request" : "push"}.yaml`;
}

/** Lines as an editor counts them: a final newline does not start another line. */
export function countLines(text: string): number {
  if (text === "") return 0;
  return text.replace(/\n$/, "").split("\n").length;
}

/** `+`/`-` lines of a unified diff, without the `+++`/`---` file headers. */
export function diffLineKind(line: string): "added" | "removed" | "hunk" | "header" | "context" {
  if (line.startsWith("+++") || line.startsWith("---") || line.startsWith("Index:") || line.startsWith("====")) {
    return "header";
  }
  if (line.startsWith("@@")) return "hunk";
  if (line.startsWith("+")) return "added";
  if (line.startsWith("-")) return "removed";
  return "context";
}
