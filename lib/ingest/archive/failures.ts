// Failure plumbing shared by the bundle readers: corrupt bytes become a 400 that names the upload, and
// whatever the caller's entry handler throws is carried through the readers untouched.
import { AppError } from "../../errors";

/**
 * Wraps an error thrown by the caller's EntryHandler on its way out of a reader, so the reader's own
 * error mapping (stream error → "corrupt upload") leaves it alone; readBundle unwraps it.
 */
export class HandlerFailure {
  constructor(readonly error: unknown) {}
}

/** `what` names the container as the user knows it: "tar archive", "zip archive", … */
export function corruptUpload(upload: string, what: string, cause: unknown): AppError {
  return new AppError("bad_request", `${upload} is not a readable ${what}: ${describeCause(cause)}`, {
    file: upload,
    cause,
  });
}

export function corruptEntry(upload: string, entryPath: string, cause: unknown): AppError {
  return new AppError("bad_request", `"${entryPath}" in ${upload} is corrupt: ${describeCause(cause)}`, {
    file: entryPath,
    cause,
  });
}

// zlib and tar-stream word truncation in ways a user would not recognise as "your upload was cut off".
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  if ((cause as NodeJS.ErrnoException).code === "Z_BUF_ERROR" || cause.message === "unexpected end of file") {
    return "the compressed data ends early (truncated upload?)";
  }
  if (cause.message === "Unexpected end of data") {
    return "the archive ends in the middle of an entry (truncated upload?)";
  }
  return cause.message;
}
