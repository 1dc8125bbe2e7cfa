// The digest-pinned bundle ref of every task kind, loaded from ./bundle-refs.json (where and when each digest was
// seen) and validated here: a ref without `@sha256:<64 hex>` fails at import, so no output can carry a bare tag.
import { z } from "zod";
import data from "./bundle-refs.json";

/** `quay.io/…/task-<name>:<tag>@sha256:<64 hex>`: the only form a default ref may have. */
export const PINNED_REF = /^(?<repository>[^\s@:]+(?::\d+)?\/[^\s@:]+):(?<tag>[\w.-]+)@sha256:[0-9a-f]{64}$/;

const seenSchema = z
  .object({
    /** A public repository and file that pins this digest (a `.tekton` file MintMaker updates, or upstream). */
    repo: z.string().min(1).optional(),
    path: z.string().min(1).optional(),
    commit: z
      .string()
      .regex(/^[0-9a-f]{40}$/)
      .optional(),
    /** Or the registry the refresh script asked. */
    registry: z.string().min(1).optional(),
    date: z.iso.date(),
  })
  .strict()
  .refine((seen) => seen.registry !== undefined || (seen.repo !== undefined && seen.path !== undefined), {
    message: "seen names a registry, or a repo and path",
  });

export const bundleRefsSchema = z
  .object({
    $comment: z.string().optional(),
    takenAt: z.iso.date(),
    refs: z.record(
      z.string().min(1),
      z.object({ ref: z.string().regex(PINNED_REF, "a bundle ref is tag@sha256:<digest>"), seen: seenSchema }).strict(),
    ),
  })
  .strict();
export type BundleRefsFile = z.infer<typeof bundleRefsSchema>;

export const BUNDLE_REFS: BundleRefsFile = bundleRefsSchema.parse(data);
