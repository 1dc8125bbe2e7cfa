// Entry names from untrusted archives: checked so that no name could address anything outside the
// bundle, normalised for display and storage, and sorted into "hand on" or "pass over with a reason".
import { AppError } from "../../errors";

export interface CheckedName {
  /** "/"-separated, no "." or empty segments; "" for the archive root. */
  path: string;
  /** The raw name ended in a separator, which tar and zip both use to mark directories. */
  directoryMarker: boolean;
}

/**
 * Rejects (unprocessable) names that are absolute, carry a drive letter, climb with "..", contain NUL or
 * are too long. Names are never used as filesystem paths here, but they are stored and shown, and a
 * later "extract" feature must not inherit a traversal. Backslashes count as separators when checking
 * for ".." either way, since Windows tools will read them so; they are rewritten to "/" only where the
 * format says names use "/" (zip), because in a tar a backslash is an ordinary filename character.
 */
export function checkEntryName(
  raw: string,
  options: { upload: string; maxPathLength: number; backslashIsSeparator: boolean },
): CheckedName {
  const shown = raw.replaceAll("\0", "\\0");
  const reject = (why: string) =>
    new AppError("unprocessable", `Entry "${shown}" in ${options.upload} ${why}; the bundle was rejected`, {
      file: shown,
    });

  if (raw.includes("\0")) throw reject("has a NUL byte in its name");
  if (raw.startsWith("/") || raw.startsWith("\\")) throw reject("has an absolute path");
  if (raw.split(/[\\/]/).includes("..")) throw reject('climbs out of the bundle with ".."');

  const slashed = options.backslashIsSeparator ? raw.replaceAll("\\", "/") : raw;
  const path = slashed
    .split("/")
    .filter((segment) => segment !== "" && segment !== ".")
    .join("/");
  if (DRIVE_PATH.test(raw) || DRIVE_PATH.test(path)) throw reject("has a Windows drive path");
  if (path.length > options.maxPathLength) {
    throw reject(`has a path longer than ${options.maxPathLength} characters`);
  }
  return { path, directoryMarker: slashed.endsWith("/") };
}

// "C:\temp\x" or "c:/x": absolute on Windows even without a leading separator.
const DRIVE_PATH = /^[A-Za-z]:/;

// Archives inside the bundle would need their own limits and bomb checks; we read one level only.
const NESTED_ARCHIVE = /\.(?:tar|tgz|tar\.gz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|zip)$/i;

/** Why a regular file is passed over instead of handed to the caller, or null to hand it on. */
export function skipReason(path: string): string | null {
  const segments = path.split("/");
  const base = segments.at(-1) ?? "";
  if (segments[0] === "__MACOSX" || base.startsWith("._") || base === ".DS_Store") {
    return "macOS metadata (Finder/Archive Utility), not bundle content";
  }
  if (NESTED_ARCHIVE.test(base)) return "nested archives are not opened";
  return null;
}
