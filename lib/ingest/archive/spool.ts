// Streams an upload to a private temp file while hashing it, so the readers get a seekable file (zip
// needs one) and the upload limit is enforced on the bytes as they arrive, not on a Content-Length.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { lstat, mkdtemp, readdir, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
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

/** One spooled file of an upload with the name the user gave it (several files picked at once are one upload). */
export interface SpooledPart extends SpooledUpload {
  filename: string;
}

/** Spool folders start with this, so a sweep can tell ours from other programs' temp folders. */
export const SPOOL_PREFIX = "advisor-upload-";

/** Folders older than this are removed even when their process seems alive (its pid may have been reused). */
export const STALE_SPOOL_MS = 24 * 60 * 60 * 1000;

/**
 * Which machine (container) made a folder: pids are only comparable on the same host, and replicas may
 * share one temp volume. A hash keeps the name short and free of odd characters.
 */
export const HOST_TAG = createHash("sha256").update(hostname()).digest("hex").slice(0, 8);

// advisor-upload-<host tag>-<pid>-<mkdtemp's six random characters>
const SPOOL_NAME = /^advisor-upload-([0-9a-f]{8})-(\d+)-[A-Za-z0-9]{6}$/;

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface SweepOptions {
  dir?: string;
  now?: number;
  maxAgeMs?: number;
  isAlive?: (pid: number) => boolean;
}

/**
 * Removes spool folders left behind by a process that died mid-upload (kill -9, OOM, power loss): ours by
 * name, made on this host by a pid that is gone, or older than a day whoever made them. Returns their paths.
 */
export async function sweepStaleSpools(options: SweepOptions = {}): Promise<string[]> {
  const dir = options.dir ?? tmpdir();
  const now = options.now ?? Date.now();
  const maxAgeMs = options.maxAgeMs ?? STALE_SPOOL_MS;
  const isAlive = options.isAlive ?? isProcessAlive;
  const removed: string[] = [];
  // turbopackIgnore: the temp folder is not part of the app; without it the build traces the whole project.
  for (const name of await readdir(/*turbopackIgnore: true*/ dir)) {
    const match = SPOOL_NAME.exec(name);
    if (!match) continue;
    const path = join(/*turbopackIgnore: true*/ dir, name);
    try {
      const stat = await lstat(path);
      if (!stat.isDirectory()) continue;
      const old = now - stat.mtimeMs > maxAgeMs;
      const dead = match[1] === HOST_TAG && !isAlive(Number(match[2]));
      if (!old && !dead) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Gone already (another process swept it) or not ours to remove: leave it.
    }
  }
  return removed;
}

// Every process that spools (the server, the CLI ingest) sweeps the shared temp folder once, before its
// first upload; a failed sweep never fails an upload.
let sweptOnce: Promise<unknown> | undefined;
function sweepOnce(): Promise<unknown> {
  sweptOnce ??= sweepStaleSpools().catch(() => []);
  return sweptOnce;
}

/**
 * Rejects with AppError("too_large") as soon as more than `maxBytes` arrive (the input is destroyed and
 * the file deleted), and with AppError("bad_request") for an empty upload.
 */
export async function spoolUpload(
  input: Readable,
  options: { dir?: string; maxBytes: number; filename: string },
): Promise<SpooledUpload> {
  if (options.dir === undefined) await sweepOnce();
  // A fresh 0700 directory per upload, and a fixed file name: the upload's own name never touches the disk.
  // The folder's name says who made it, so a sweep can remove it if this process dies before cleanup runs.
  const dir = await mkdtemp(join(options.dir ?? tmpdir(), `${SPOOL_PREFIX}${HOST_TAG}-${process.pid}-`));
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
