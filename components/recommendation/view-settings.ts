// Pure helpers of the recommendation panel: the settings its controls show (the URL's values over the answer's
// defaults), the objective labels, signed differences and fitted rates as text.
import { BUILD_ARCHES, type BuildArch } from "@/lib/domain/arch";
import { mibPerSecond } from "@/lib/model/fit";
import type { Recommendation } from "@/lib/model/recommend";
import type { Fit, ModelSettings } from "@/lib/model/types";

export const OBJECTIVE_LABELS: Record<string, string> = {
  wall: "Wall time (critical path)",
  taskSeconds: "Task seconds (what the cluster pays)",
  bytesMoved: "Bytes moved (registry + rsync)",
  registryBytes: "Registry bytes kept",
};

export type Strategy = Recommendation["strategies"][number];

/** The settings as the controls show them: objective and split source as the URL spells them. */
export type ViewSettings = Omit<ModelSettings, "objective" | "splitSource"> & {
  objective: string;
  splitSource: string;
};

/** Controls show the URL's value at once; the answer's settings fill in the defaults (e.g. measured platforms). */
export function viewSettings(r: Recommendation, params: URLSearchParams): ViewSettings {
  const urlPlatforms = params.get("platforms");
  return {
    ...r.settings,
    platforms: urlPlatforms
      ? BUILD_ARCHES.filter((arch) => urlPlatforms.split(",").includes(arch))
      : r.settings.platforms,
    requireTrustedArtifacts: params.get("requireTrustedArtifacts") !== "false",
    objective: params.get("objective") ?? r.settings.objective,
    splitSource: params.get("splitSource") ?? r.settings.splitSource,
  };
}

/** The single-arch hint offers the next arch in table order as a one-click what-if (null: all are selected). */
export function nextArchOf(platforms: readonly BuildArch[]): { nextArch: BuildArch | null; withNext: BuildArch[] } {
  const nextArch = BUILD_ARCHES.find((arch) => !platforms.includes(arch)) ?? null;
  return { nextArch, withNext: BUILD_ARCHES.filter((arch) => arch === nextArch || platforms.includes(arch)) };
}

/** The fitted rate as a placeholder for its what-if field ("" when the phase took no time). */
export const rateText = (fit: Fit) => {
  const rate = mibPerSecond(fit);
  return Number.isFinite(rate) ? rate.toFixed(1) : "";
};

export function signed(value: number, format: (v: number) => string): string {
  if (Math.abs(value) < 0.5) return "±0";
  return value > 0 ? `+${format(value)}` : `−${format(-value)}`;
}
