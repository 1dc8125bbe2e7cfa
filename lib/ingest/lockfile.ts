// rpms.lock.yaml (the RPM lockfile hermeto reads) → payload bytes per architecture.
// Binary packages count for their arch; source RPMs are listed under every arch, so the `source`
// payload is the union of all arches' `source` lists, de-duplicated by url.
import type { LockfileSizes } from "../measure/types";
import { z } from "zod";
import { normalizeArch, type Arch } from "../domain/arch";
import { AppError } from "../errors";
import { parseYamlStrict } from "./yaml";

const packageSchema = z
  .object({
    url: z.string().min(1),
    size: z.number().int().nonnegative().optional(),
  })
  .loose();

const lockfileSchema = z
  .object({
    lockfileVersion: z.number().int(),
    arches: z.array(
      z
        .object({
          arch: z.string().min(1),
          packages: z.array(packageSchema).default([]),
          source: z.array(packageSchema).default([]),
        })
        .loose(),
    ),
  })
  .loose();

/** True when the parsed YAML looks like an RPM lockfile (used by the classifier). */
export function looksLikeRpmLockfile(value: unknown): boolean {
  return typeof value === "object" && value !== null && "lockfileVersion" in value && "arches" in value;
}

export function parseRpmLockfile(text: string, file: string): LockfileSizes {
  return rpmLockfileSizes(parseYamlStrict(text, file), file);
}

export function rpmLockfileSizes(value: unknown, file: string): LockfileSizes {
  const parsed = lockfileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "unprocessable",
      `${file}: not a valid rpms.lock.yaml: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "unknown problem"}`,
      { file },
    );
  }
  const bytesByArch: Partial<Record<Arch, number>> = {};
  const packagesByArch: Partial<Record<Arch, number>> = {};
  const warnings: string[] = [];
  const sources = new Map<string, number | undefined>();
  let packagesWithoutSize = 0;
  for (const entry of parsed.data.arches) {
    const arch = normalizeArch(entry.arch);
    if (!arch || arch === "source") {
      warnings.push(`${file}: arch "${entry.arch}" is not a known build architecture; its packages are not counted`);
      continue;
    }
    let bytes = 0;
    for (const pkg of entry.packages) {
      if (pkg.size === undefined) packagesWithoutSize++;
      bytes += pkg.size ?? 0;
    }
    bytesByArch[arch] = (bytesByArch[arch] ?? 0) + bytes;
    packagesByArch[arch] = (packagesByArch[arch] ?? 0) + entry.packages.length;
    for (const pkg of entry.source) if (!sources.has(pkg.url)) sources.set(pkg.url, pkg.size);
  }
  if (sources.size > 0) {
    let sourceBytes = 0;
    for (const size of sources.values()) {
      if (size === undefined) packagesWithoutSize++;
      sourceBytes += size ?? 0;
    }
    bytesByArch.source = sourceBytes;
    packagesByArch.source = sources.size;
  }
  if (packagesWithoutSize > 0) {
    warnings.push(`${file}: ${packagesWithoutSize} package(s) have no size; the payload sizes undercount them`);
  }
  return { bytesByArch, packagesByArch, packagesWithoutSize, warnings };
}
