// Per-arch and source prefetch inputs for split strategies, derived from the user's one hermeto input.
// hermeto's rpm `binary.arch` filter keeps an arch's packages *and* its SRPMs; it has no sources-only mode.
import { ARCH_PLACEHOLDER, type PerArchInputMode, type TargetPlatform } from "./options";
import { GenerateError } from "./errors";

type Entry = Record<string, unknown>;

/** The three shapes hermeto accepts: one package object, an array of them, or `{packages, flags}`. */
interface ParsedInput {
  shape: "object" | "array" | "wrapper";
  entries: Entry[];
  wrapper: Entry;
}

const SHORTHAND = /^[a-z][a-z0-9-]*$/;

export function parsePrefetchInput(text: string): ParsedInput {
  const trimmed = text.trim();
  // hermeto (and the Konflux task) accept a bare package-manager name such as `rpm` or `gomod`.
  if (SHORTHAND.test(trimmed)) return { shape: "object", entries: [{ type: trimmed, path: "." }], wrapper: {} };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw new GenerateError(422, `prefetch input is neither JSON nor a package manager name: ${trimmed.slice(0, 80)}`);
  }
  const isEntry = (item: unknown): item is Entry =>
    typeof item === "object" && item !== null && !Array.isArray(item) && typeof (item as Entry).type === "string";
  if (Array.isArray(value) && value.every(isEntry)) return { shape: "array", entries: value, wrapper: {} };
  if (isEntry(value)) return { shape: "object", entries: [value], wrapper: {} };
  const packages = (value as Entry | null)?.packages;
  if (Array.isArray(packages) && packages.every(isEntry)) {
    return { shape: "wrapper", entries: packages, wrapper: value as Entry };
  }
  throw new GenerateError(
    422,
    'prefetch input must be a package object ({"type":"rpm",…}), an array of them, or {"packages":[…]}',
  );
}

function serialise(input: ParsedInput, entries: Entry[]): string {
  if (input.shape === "wrapper") return JSON.stringify({ ...input.wrapper, packages: entries });
  if (input.shape === "object" && entries.length === 1) return JSON.stringify(entries[0]);
  return JSON.stringify(entries);
}

function withRpmArch(entries: Entry[], arch: string): Entry[] {
  return entries.map((entry) =>
    entry.type === "rpm" ? { ...entry, binary: { ...(entry.binary as Entry | undefined), arch } } : entry,
  );
}

export interface DerivedInputs {
  byArch: Map<TargetPlatform["arch"], string>;
  /** Input of the source prefetch: every selected arch's rpm entries, hence the union of their SRPMs. */
  source: string;
  warnings: string[];
}

function deriveBinaryArch(text: string, platforms: TargetPlatform[]): DerivedInputs {
  const input = parsePrefetchInput(text);
  const rpmEntries = input.entries.filter((entry) => entry.type === "rpm");
  const warnings: string[] = [];
  if (rpmEntries.length === 0) {
    warnings.push("The prefetch input has no rpm entry: every per-arch prefetch fetches the same dependencies.");
  }
  if (rpmEntries.some((entry) => (entry.binary as Entry | undefined)?.arch !== undefined)) {
    warnings.push("The prefetch input already sets binary.arch on an rpm entry; the generator replaced it per arch.");
  }
  const others = [...new Set(input.entries.filter((entry) => entry.type !== "rpm").map((entry) => entry.type))];
  if (others.length > 0) {
    warnings.push(
      `Non-RPM entries (${others.join(", ")}) have no arch filter: every per-arch prefetch fetches them again.`,
    );
  }
  return {
    byArch: new Map(
      platforms.map((target) => [target.arch, serialise(input, withRpmArch(input.entries, target.rpmArch))]),
    ),
    source: serialise(input, withRpmArch(input.entries, platforms.map((target) => target.rpmArch).join(","))),
    warnings,
  };
}

function derivePathPattern(text: string, platforms: TargetPlatform[], names: "rpm" | "oci"): DerivedInputs {
  if (!text.includes(ARCH_PLACEHOLDER)) {
    throw new GenerateError(
      422,
      `perArchInput "path-pattern" needs the prefetch input to contain ${ARCH_PLACEHOLDER}, e.g. {"type":"rpm","path":"rpms/${ARCH_PLACEHOLDER}"}`,
    );
  }
  const byArch = new Map(
    platforms.map((target) => [
      target.arch,
      text.split(ARCH_PLACEHOLDER).join(names === "rpm" ? target.rpmArch : target.arch),
    ]),
  );
  const parsed = [...byArch.values()].map(parsePrefetchInput);
  // Entries without the placeholder come out identical for every arch: keep one of each.
  const union = [
    ...new Map(parsed.flatMap((input) => input.entries).map((entry) => [JSON.stringify(entry), entry])).values(),
  ];
  const first = parsed[0] ?? parsePrefetchInput(text);
  return {
    byArch,
    source: serialise({ ...first, shape: first.shape === "wrapper" ? "wrapper" : "array" }, union),
    warnings: [],
  };
}

export function derivePerArchInputs(
  text: string,
  platforms: TargetPlatform[],
  mode: PerArchInputMode,
  names: "rpm" | "oci",
): DerivedInputs {
  return mode === "path-pattern" ? derivePathPattern(text, platforms, names) : deriveBinaryArch(text, platforms);
}
