// PLATFORM values and RPM arch names per build arch: the generator's defaults (docs/generator.md "Options").
import type { BuildArch } from "../domain/arch";

/** Default PLATFORM value per arch, as the multi-platform-controller names its VM pools (docs/generator.md "Options"). */
export const DEFAULT_PLATFORM_VALUES: Record<BuildArch, string> = {
  amd64: "linux/x86_64",
  arm64: "linux/arm64",
  ppc64le: "linux/ppc64le",
  s390x: "linux/s390x",
};

/** The arch names RPM lockfiles (and hermeto's `binary.arch` filter) use. */
export const RPM_ARCH: Record<BuildArch, string> = {
  amd64: "x86_64",
  arm64: "aarch64",
  ppc64le: "ppc64le",
  s390x: "s390x",
};
