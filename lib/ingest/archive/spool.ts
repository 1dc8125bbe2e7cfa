// Streams an upload to a private temp file while hashing it, so the readers get a seekable file (zip
// needs one) and the upload limit is enforced on the bytes as they arrive, not on a Content-Length.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "../../errors";
import { formatMiB } from "../../format";

export interface SpooledUpload {
  path: string;
  /** Hex sha256 of the upload's bytes. */
  sha256: string;
  bytes: number;
  /** Deletes the file and its directory; safe to call more than once. */
  cleanup(): Promise<void>;
}

/**
 * Rejects with AppError("too_large") as soon as more than `maxBytes` arrive (the input is destroyed and
 * the file deleted), and with AppError("bad_request") for an empty upload.
 */
export async function spoolUpload(
  input: Readable,
  options: { dir?: string; maxBytes: number; filename: string },
): Promise<SpooledUpload> {
  // A fresh 0700 directory per upload, and a fixed file name: the upload's own name never touches the disk.
  const dir = await mkdtemp(join(options.dir ?? tmpdir(), "bundle-"));
  const path = join(dir, "upload");
  const cleanup = () => rm(dir, { recursive: true, force: true });

  const hash = createHash("sha256");
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.byteLength;
      if (bytes > options.maxBytes) {
        done(
          new AppError(
            "too_large",
            `${options.filename} is larger than the ${formatMiB(options.maxBytes)} upload limit`,
            {
              file: options.filename,
            },
          ),
        );
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });

  try {
    await pipeline(input, meter, createWriteStream(path, { flags: "wx", mode: 0o600 }));
  } catch (error) {
    await cleanup();
    throw error;
  }
  if (bytes === 0) {
    await cleanup();
    throw new AppError("bad_request", `${options.filename} is empty`, { file: options.filename });
  }
  return { path, sha256: hash.digest("hex"), bytes, cleanup };
}
