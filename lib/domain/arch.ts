// Architecture names as the product stores them, and the aliases real inputs use for them.
// RPM lockfiles and PLATFORM params say x86_64/aarch64; images and Go say amd64/arm64.

export const BUILD_ARCHES = ["amd64", "arm64", "ppc64le", "s390x"] as const;
/** The source container (and the source-RPM prefetch) is tracked as a pseudo-architecture. */
export const SOURCE_ARCH = "source";
export const ALL_ARCHES = [...BUILD_ARCHES, SOURCE_ARCH] as const;

export type BuildArch = (typeof BUILD_ARCHES)[number];
export type Arch = (typeof ALL_ARCHES)[number];

const ALIASES: Record<string, Arch> = {
  amd64: "amd64",
  x86_64: "amd64",
  "x86-64": "amd64",
  x64: "amd64",
  arm64: "arm64",
  aarch64: "arm64",
  ppc64le: "ppc64le",
  s390x: "s390x",
  source: "source",
  src: "source",
  srpm: "source",
  srpms: "source",
};

export function isBuildArch(value: string): value is BuildArch {
  return (BUILD_ARCHES as readonly string[]).includes(value);
}

/** Normalises an architecture name (case-insensitive); returns null for anything unknown. */
export function normalizeArch(name: string): Arch | null {
  return ALIASES[name.trim().toLowerCase()] ?? null;
}

/** Sorts arches in the order tables show them: amd64, arm64, ppc64le, s390x, source, then unknowns. */
export function compareArches(a: string, b: string): number {
  const rank = (arch: string) => {
    const index = (ALL_ARCHES as readonly string[]).indexOf(arch);
    return index === -1 ? ALL_ARCHES.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}
