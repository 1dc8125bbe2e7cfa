// POST /api/plan's request: the payload to plan for — an rpms.lock.yaml's text or bytes per arch — and the
// platforms, the current strategy and the objective, validated with zod so a bad field is a 422 naming it; and
// the payload per arch a lockfile gives (binary RPMs per arch, the de-duplicated SRPMs as `source`).
import { z } from "zod";
import { BUILD_ARCHES, normalizeArch, type BuildArch } from "../domain/arch";
import { STRATEGY_IDS } from "../domain/strategies";
import { AppError } from "../errors";
import { parseRpmLockfile } from "../ingest/lockfile";
import { OBJECTIVES, type PayloadArch } from "../model/types";

/** A lockfile of a large component (thousands of packages on four arches) is a few MiB of YAML. */
export const MAX_PLAN_BODY_BYTES = 8 * 1024 * 1024;

const archName = z.string().transform((name, context): PayloadArch => {
  const arch = normalizeArch(name);
  if (arch === null) {
    context.addIssue({
      code: "custom",
      message: `unknown architecture "${name}" (amd64, arm64, ppc64le, s390x, source)`,
    });
    return z.NEVER;
  }
  return arch;
});

const buildArch = archName.pipe(
  z.enum(BUILD_ARCHES, { message: "a build architecture: amd64, arm64, ppc64le or s390x (not source)" }),
);

export const planRequestSchema = z
  .strictObject({
    lockfile: z
      .string()
      .min(1, "an empty lockfile")
      .optional()
      .describe("The text of an rpms.lock.yaml: binary RPMs per arch, SRPMs under `source`."),
    payload: z
      .record(z.string(), z.number().nonnegative().finite())
      .optional()
      .describe("Bytes per arch instead of a lockfile, e.g. { amd64: 2.1e9, arm64: 2.0e9, source: 0.9e9 }."),
    platforms: z
      .array(buildArch)
      .min(1, "at least one platform")
      .optional()
      .describe("Build platforms to plan for; default: the lockfile's (or payload's) build arches."),
    current: z.enum(STRATEGY_IDS).optional().describe("The strategy the pipeline uses today (savings are against it)."),
    objective: z.enum(OBJECTIVES).optional().describe("What to minimise; default wall (the build's wall time)."),
    requireTrustedArtifacts: z.boolean().optional().describe("Only Trusted Artifacts strategies may be recommended."),
  })
  .refine((body) => (body.lockfile === undefined) !== (body.payload === undefined), {
    message: "give exactly one of lockfile (rpms.lock.yaml text) or payload (bytes per arch)",
    path: ["lockfile"],
  });

export type PlanRequest = z.output<typeof planRequestSchema>;

export interface PlanPayload {
  /** Bytes per payload part, each with where it came from. */
  payload: Partial<Record<PayloadArch, { value: number; source: string }>>;
  platforms: BuildArch[];
  warnings: string[];
}

/** The whole plan to run (lib/recommend/plan.ts's PlanInput): the payload and the request's settings. */
export function planInput(
  request: PlanRequest,
): PlanPayload & Pick<PlanRequest, "current" | "objective" | "requireTrustedArtifacts"> {
  const { current, objective, requireTrustedArtifacts } = request;
  return {
    ...planPayload(request),
    ...(current ? { current } : {}),
    ...(objective ? { objective } : {}),
    ...(requireTrustedArtifacts !== undefined ? { requireTrustedArtifacts } : {}),
  };
}

/** The payload and platforms to plan for: from the lockfile or the given bytes; platforms default to theirs. */
export function planPayload(request: PlanRequest, lockfileName = "rpms.lock.yaml"): PlanPayload {
  const payload: PlanPayload["payload"] = {};
  const warnings: string[] = [];
  if (request.lockfile !== undefined) {
    const sizes = (() => {
      try {
        return parseRpmLockfile(request.lockfile, lockfileName);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new AppError("unprocessable", `lockfile: ${message}`, { details: { field: "lockfile" } });
      }
    })();
    warnings.push(...sizes.warnings);
    for (const [arch, bytes] of Object.entries(sizes.bytesByArch)) {
      if (bytes === undefined) continue;
      const what = arch === "source" ? "source RPMs of every arch, de-duplicated" : `${arch} packages`;
      payload[arch as PayloadArch] = { value: bytes, source: `${lockfileName}: ${what}` };
    }
  } else {
    for (const [name, bytes] of Object.entries(request.payload ?? {})) {
      const arch = normalizeArch(name);
      if (arch === null) {
        throw new AppError(
          "unprocessable",
          `payload.${name}: unknown architecture (amd64, arm64, ppc64le, s390x, source)`,
          {
            details: { field: `payload.${name}` },
          },
        );
      }
      payload[arch] = { value: (payload[arch]?.value ?? 0) + bytes, source: `request payload.${name}` };
    }
  }
  const inPayload = BUILD_ARCHES.filter((arch) => payload[arch] !== undefined);
  const platforms = request.platforms ? BUILD_ARCHES.filter((arch) => request.platforms!.includes(arch)) : inPayload;
  if (platforms.length === 0) {
    throw new AppError(
      "unprocessable",
      `${request.lockfile !== undefined ? "lockfile" : "payload"}: no build architecture with a size; give platforms or sizes for amd64, arm64, ppc64le or s390x`,
      { details: { field: request.lockfile !== undefined ? "lockfile" : "payload" } },
    );
  }
  for (const arch of platforms.filter((candidate) => payload[candidate] === undefined)) {
    warnings.push(
      `platform ${arch} has no size in the ${request.lockfile !== undefined ? "lockfile" : "payload"}: 0 bytes assumed`,
    );
    payload[arch] = { value: 0, source: "no size given: 0 bytes assumed" };
  }
  return { payload, platforms, warnings };
}

/** A multipart form as the JSON request: `platforms` repeated or comma-separated, booleans and `payload` as text. */
export function planRequestFromForm(fields: Record<string, string | string[]>): unknown {
  const one = (name: string) => {
    const value = fields[name];
    return Array.isArray(value) ? value[value.length - 1] : value;
  };
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === "platforms") {
      out.platforms = (Array.isArray(value) ? value : [value])
        .flatMap((entry) => entry.split(","))
        .map((entry) => entry.trim())
        .filter(Boolean);
    } else if (name === "requireTrustedArtifacts") {
      const text = one(name)?.trim().toLowerCase();
      out.requireTrustedArtifacts = text === "true" || text === "on" ? true : text === "false" ? false : text;
    } else if (name === "payload") {
      try {
        out.payload = JSON.parse(one(name) ?? "") as unknown;
      } catch {
        throw new AppError("unprocessable", 'payload: not JSON; send bytes per arch, e.g. {"amd64": 2100000000}', {
          details: { field: "payload" },
        });
      }
    } else {
      out[name] = one(name);
    }
  }
  // An empty form field is the same as no field (an HTML form sends every input).
  for (const [name, value] of Object.entries(out)) if (value === "" || value === undefined) delete out[name];
  return out;
}
