// The recommendation's what-if settings as URL query parameters: one zod contract for the API (strict: a
// bad value is a 422 naming it) and for the page URL (lenient: a bad value falls back to its default).
// Names are public: GET /api/components/{name}/recommendation?objective=…&platforms=…
import { z } from "zod";
import { BUILD_ARCHES, normalizeArch, type BuildArch } from "../domain/arch";
import { runFiltersSchema, type RunFilters } from "../queries/run-filters";
import { isRunFilterParam, PER_ARCH_WHAT_IF_KEYS, WHAT_IF_KEYS } from "./params";
import { OBJECTIVES, SPLIT_SOURCE_MODES, type ModelSettings, type PayloadArch } from "../model/types";

const positive = z.coerce.number().positive().finite();
const nonNegative = z.coerce.number().min(0).finite();
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const platformList = z
  .string()
  .transform((text, ctx) => {
    const arches: BuildArch[] = [];
    for (const word of text
      .split(",")
      .map((w) => w.trim())
      .filter(Boolean)) {
      const arch = normalizeArch(word);
      if (!arch || arch === "source") {
        ctx.addIssue({ code: "custom", message: `unknown platform "${word}" (use ${BUILD_ARCHES.join(", ")})` });
        return z.NEVER;
      }
      if (!arches.includes(arch)) arches.push(arch);
    }
    if (arches.length === 0) {
      ctx.addIssue({ code: "custom", message: "choose at least one platform" });
      return z.NEVER;
    }
    return arches;
  })
  .describe("Comma-separated build arches to predict for (default: the measured ones)");

/** Every what-if setting (names in ./params.ts), each optional (absent = the documented default). */
export const whatIfShape = {
  objective: z.enum(OBJECTIVES).optional().describe("wall (default), taskSeconds, bytesMoved or registryBytes"),
  platforms: platformList.optional(),
  requireTrustedArtifacts: bool
    .optional()
    .describe("Konflux policy; default true: PVC strategies are never recommended"),
  thresholdPct: nonNegative.max(100).optional().describe("Minimum improvement to recommend a change, % (default 10)"),
  thresholdS: nonNegative.optional().describe("… and, for time objectives, seconds (default 60)"),
  prefetchMiBps: positive.optional().describe("Prefetch download rate, MiB/s (default: fitted)"),
  registryUpMiBps: positive.optional().describe("Registry upload rate, MiB/s (default: fitted)"),
  registryDownMiBps: positive.optional().describe("Registry download rate, MiB/s (default: fitted)"),
  prefetchContention: nonNegative.max(10).optional().describe("Slow-down per extra concurrent prefetch (default 0)"),
  expiryDays: nonNegative.max(3650).optional().describe("image-expires-after of prefetch artifacts, days (default 5)"),
  pvcSizeGiB: positive.max(100_000).optional().describe("PVC size per workspace, GiB (default 1, the shipped default)"),
  pvcAccessMode: z.enum(["ReadWriteOnce", "ReadWriteMany"]).optional(),
  splitSource: z.enum(SPLIT_SOURCE_MODES).optional().describe("What a split pipeline's source prefetch fetches"),
  sharedMiB: nonNegative.optional().describe("Source code and non-RPM dependencies, MiB (default: measured or 0)"),
} satisfies Record<(typeof WHAT_IF_KEYS)[number], z.ZodType>;

/** Per-arch parameters: rsyncMiBps.<arch> and payloadMiB.<part>. */
const PER_ARCH = { rsyncMiBps: positive, payloadMiB: nonNegative } as const satisfies Record<
  (typeof PER_ARCH_WHAT_IF_KEYS)[number],
  z.ZodType
>;

export type WhatIf = Partial<Omit<ModelSettings, "platforms">> & { platforms?: BuildArch[] };

export interface RecommendationQuery {
  settings: WhatIf;
  filters: RunFilters;
}

function perArch(params: URLSearchParams, strict: boolean): Pick<WhatIf, "rsyncMiBps" | "payloadMiB"> {
  const out: Pick<WhatIf, "rsyncMiBps" | "payloadMiB"> = {};
  for (const [key, value] of params) {
    const [name, archName] = key.split(".");
    if (!archName || !(name === "rsyncMiBps" || name === "payloadMiB")) continue;
    const arch = normalizeArch(archName);
    const parsed = PER_ARCH[name].safeParse(value);
    const valid = arch !== null && (name === "payloadMiB" || arch !== "source") && parsed.success;
    if (!valid) {
      if (strict)
        throw new z.ZodError([{ code: "custom", path: [key], message: `invalid ${key}="${value}"`, input: value }]);
      continue;
    }
    const target = (out[name] ??= {}) as Partial<Record<PayloadArch, number>>;
    target[arch as PayloadArch] = parsed.data;
  }
  return out;
}

/** Strict: throws a ZodError (a 422) naming the bad parameter. */
export function parseRecommendationQuery(params: URLSearchParams): RecommendationQuery {
  const raw = Object.fromEntries([...params].filter(([key]) => !key.includes(".")));
  const settings = z.object(whatIfShape).parse(raw);
  const filters = runFiltersSchema.parse(pickFilters(raw));
  return { settings: { ...stripUndefined(settings), ...perArch(params, true) }, filters };
}

/** Lenient, for page URLs: each invalid value is dropped. */
export function parseRecommendationQueryLenient(params: URLSearchParams): RecommendationQuery {
  const raw = Object.fromEntries([...params].filter(([key]) => !key.includes(".")));
  const settings: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(whatIfShape)) {
    if (raw[key] === undefined) continue;
    const parsed = schema.safeParse(raw[key]);
    if (parsed.success && parsed.data !== undefined) settings[key] = parsed.data;
  }
  const filters = runFiltersSchema.safeParse(pickFilters(raw));
  return {
    settings: { ...(settings as WhatIf), ...perArch(params, false) },
    filters: filters.success ? filters.data : {},
  };
}

function pickFilters(raw: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => isRunFilterParam(key)));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
