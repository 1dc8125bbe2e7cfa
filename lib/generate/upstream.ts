// The upstream Konflux pipelines the generator follows (./upstream-pipelines.json, with its provenance): their
// task sets, the default `required-tasks` list of each variant, and how task kinds are compared across variants.
import { z } from "zod";
import data from "./upstream-pipelines.json";

export const VARIANTS = ["ta", "pvc"] as const;
/** `ta`: Trusted Artifacts (docker-build-multi-platform-oci-ta); `pvc`: PVC workspaces (docker-build). */
export type Variant = (typeof VARIANTS)[number];

const kindName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a task kind is lower-case letters, digits and '-'");

const checkTaskSchema = z
  .object({
    name: kindName,
    kind: kindName,
    params: z.record(z.string(), z.string()),
    matrix: z.string().min(1).optional(),
    uses: z.enum(["none", "source", "source+deps"]),
    skippable: z.boolean(),
  })
  .strict();
export type CheckTaskSpec = z.infer<typeof checkTaskSchema>;

const pipelineSchema = z.object({ path: z.string().min(1), tasks: z.record(kindName, kindName) }).strict();

export const upstreamSchema = z
  .object({
    $comment: z.string(),
    source: z.object({ repo: z.string(), commit: z.string().regex(/^[0-9a-f]{40}$/), date: z.iso.date() }).strict(),
    pipelines: z.object({ ta: pipelineSchema, pvc: pipelineSchema }).strict(),
    checkTasks: z.array(checkTaskSchema).min(1),
  })
  .strict();

export const UPSTREAM = upstreamSchema.parse(data);

/** The tasks after build-image-index that every whole file carries (scans, apply-tags, push-dockerfile, …). */
export const CHECK_TASKS: readonly CheckTaskSpec[] = UPSTREAM.checkTasks;

/** The kind a check task has in a variant: TA strategies restore the source from artifacts (`-oci-ta` kinds). */
export const checkTaskKind = (spec: CheckTaskSpec, variant: Variant) =>
  variant === "ta" && spec.uses !== "none" ? `${spec.kind}-oci-ta` : spec.kind;

/** Every task kind of the upstream pipeline of a variant: the default `required-tasks` list. */
export const upstreamTaskKinds = (variant: Variant): string[] => [
  ...new Set(Object.values(UPSTREAM.pipelines[variant].tasks)),
];

/**
 * A kind without its variant suffixes, so required tasks match across variants: `-oci-ta` (Trusted Artifacts)
 * and `-min` (the pipelines' minimal variants) are dropped, and `buildah-remote` (multi-platform) counts as `buildah`.
 */
export function canonicalKind(kind: string): string {
  const base = kind.replace(/-min$/, "").replace(/-oci-ta$/, "");
  return base === "buildah-remote" ? "buildah" : base;
}
