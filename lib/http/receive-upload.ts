// Reads an upload from an HTTP request as a stream — a raw body named by X-Filename, or
// multipart/form-data with one or more `file` parts — and spools each part to a temp file.
import { Readable, Transform } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { readEnv } from "../config/env";
import { AppError } from "../errors";
import { formatMiB } from "../format";
import { spoolUpload, type SpooledPart } from "../ingest/archive";

/** Content types we read as a raw body, with the extension a missing X-Filename defaults to. */
const RAW_TYPES: Record<string, string> = {
  "application/gzip": "gz",
  "application/x-gzip": "gz",
  "application/x-tar": "tar",
  "application/x-gtar": "tar.gz",
  "application/x-compressed-tar": "tar.gz",
  "application/zip": "zip",
  "application/x-zip-compressed": "zip",
  "application/json": "json",
  "application/yaml": "yaml",
  "application/x-yaml": "yaml",
  "text/yaml": "yaml",
  "text/x-yaml": "yaml",
  "text/plain": "log",
  "text/markdown": "md",
  "text/csv": "csv",
  "application/octet-stream": "bin",
  // `curl --data-binary @file` sends this by default: the bytes are the file, sniffed like octet-stream.
  "application/x-www-form-urlencoded": "bin",
};

/** A component name as Konflux writes them (a Kubernetes name), or any label value up to 253 characters. */
const COMPONENT_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]{0,252}$/;

export interface ReceivedUpload {
  parts: SpooledPart[];
  /** `?component=` or the multipart field `component`: whom a lockfile or manifest on its own belongs to. */
  component: string | null;
}

function checkComponent(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") return null;
  if (!COMPONENT_NAME.test(trimmed)) {
    throw new AppError(
      "bad_request",
      `component ${JSON.stringify(trimmed.slice(0, 80))} is not a component name (letters, digits, "-", "_", "."; at most 253)`,
    );
  }
  return trimmed;
}

export const ACCEPTED_CONTENT_TYPES = [...Object.keys(RAW_TYPES), "multipart/form-data"];

/** Keeps only the last path segment of a client-given name, without control characters. */
export function safeFilename(name: string | null | undefined, fallback: string): string {
  // Decode first, so an encoded "..%2F" or "%0A" cannot bring back a path or a control character.
  const decoded = (() => {
    try {
      return decodeURIComponent(name ?? "");
    } catch {
      return name ?? "";
    }
  })();
  const base =
    decoded
      .split(/[\\/]/)
      .pop()
      ?.replace(/[\u0000-\u001f\u007f]/g, "")
      .trim() ?? "";
  return (base || fallback).slice(0, 255);
}

/** Most `file` parts and plain fields one multipart upload may hold; more is a 413, never a silent drop. */
export const MAX_FILE_PARTS = 1000;
export const MAX_FIELDS = 100;

/** UPLOAD_IDLE_TIMEOUT_MS when unset: a client that sends nothing for a minute has gone or is stalling us. */
export const DEFAULT_UPLOAD_IDLE_TIMEOUT_MS = 60_000;

export interface ReceiveOptions {
  maxBytes: number;
  /** Give up (408) when no byte arrived for this long; default UPLOAD_IDLE_TIMEOUT_MS, else 60 s. */
  idleTimeoutMs?: number;
}

/** 408: the client stopped sending. */
export class UploadTimeoutError extends AppError {
  constructor(idleTimeoutMs: number) {
    super(
      "request_timeout",
      `No bytes of the upload arrived for ${idleTimeoutMs / 1000} s; it was abandoned (UPLOAD_IDLE_TIMEOUT_MS)`,
    );
    this.name = "UploadTimeoutError";
  }
}

export async function receiveUpload(request: Request, options: ReceiveOptions): Promise<SpooledPart[]> {
  return (await receiveUploadRequest(request, options)).parts;
}

/** The upload's parts and its `component` (query parameter, or multipart field). */
export async function receiveUploadRequest(request: Request, options: ReceiveOptions): Promise<ReceivedUpload> {
  const fromQuery = checkComponent(new URL(request.url, "http://localhost").searchParams.get("component"));
  // Only the media type is case-insensitive: a multipart boundary must be kept exactly as sent.
  const contentType = request.headers.get("content-type") ?? "application/octet-stream";
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    throw new AppError(
      "too_large",
      `The upload is ${declared} bytes; the limit is ${options.maxBytes} (UPLOAD_MAX_BYTES)`,
    );
  }
  if (!request.body) throw new AppError("bad_request", "The request has no body");
  const extension = RAW_TYPES[mediaType];
  if (mediaType !== "multipart/form-data" && !extension) {
    await request.body.cancel().catch(() => undefined);
    throw new AppError(
      "unsupported_type",
      `Content-Type ${mediaType} is not accepted; send an archive, JSON, YAML, a log or a table (${ACCEPTED_CONTENT_TYPES.join(", ")})`,
    );
  }
  const body = watchIdle(
    Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>),
    options.idleTimeoutMs ?? readEnv().UPLOAD_IDLE_TIMEOUT_MS ?? DEFAULT_UPLOAD_IDLE_TIMEOUT_MS,
  );
  // The readers below listen for the body's errors while they read it; this one catches those that come
  // after the answer is decided (a timeout or an abort while the rest is drained), which are expected.
  body.on("error", () => undefined);
  if (mediaType === "multipart/form-data") {
    const received = await receiveMultipart(body, contentType, options);
    try {
      return { parts: received.parts, component: fromQuery ?? checkComponent(received.fields.component) };
    } catch (error) {
      await Promise.all(received.parts.map((part) => part.cleanup()));
      throw error;
    }
  }
  const filename = safeFilename(request.headers.get("x-filename"), `upload.${extension}`);
  try {
    return {
      parts: [{ ...(await spoolUpload(body, { maxBytes: options.maxBytes, filename })), filename }],
      component: fromQuery,
    };
  } catch (error) {
    throw asUploadError(error);
  }
}

/** Our own errors as they are; anything else came from the connection (reset, aborted) and is a 400. */
function asUploadError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError("bad_request", `The upload was interrupted: ${reason}`, { cause: error });
}

/**
 * The body, passed through unchanged, that fails with UploadTimeoutError (and stops reading the request)
 * when no chunk arrived for `idleTimeoutMs`: a client trickling or stalling cannot hold a spool file and a
 * request open for long. The clock stops when the body ends or is destroyed.
 */
function watchIdle(source: Readable, idleTimeoutMs: number): Transform {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => watched.destroy(new UploadTimeoutError(idleTimeoutMs)), idleTimeoutMs);
    // A pending upload must not keep a process (a test run, the CLI) alive on its own.
    timer.unref();
  };
  const watched = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      arm();
      done(null, chunk);
    },
    flush(done) {
      clearTimeout(timer);
      done();
    },
    destroy(error, done) {
      clearTimeout(timer);
      source.destroy();
      done(error);
    },
  });
  source.on("error", (error) => watched.destroy(error));
  source.pipe(watched);
  arm();
  return watched;
}

function receiveMultipart(
  body: Readable,
  contentType: string,
  options: ReceiveOptions,
): Promise<{ parts: SpooledPart[]; fields: Record<string, string> }> {
  const fields: Record<string, string> = {};
  return new Promise((resolve, reject) => {
    // Indexed by arrival, so the parts keep the request's order whichever finishes spooling first.
    const parts: SpooledPart[] = [];
    const pending: Promise<void>[] = [];
    // Each part's byte counter while its spool runs: on a failure they are destroyed, which makes each
    // spool delete its own file, instead of waiting forever for bytes the parser will never send.
    const spooling = new Set<Transform>();
    let received = 0;
    let failed = false;
    let parser: busboy.Busboy | undefined;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      if (parser) {
        body.unpipe(parser);
        // Ends the part being parsed (its stream errors, which its listener below absorbs).
        parser.destroy();
      }
      // Read the rest of the body and drop it, so the client gets the answer instead of a reset; the idle
      // watch still ends a client that stalls now.
      body.resume();
      const reason = error instanceof Error ? error : new Error(String(error));
      for (const counter of spooling) counter.destroy(reason);
      // Answer only once every spooled file is gone, so an error never leaves a temp folder behind.
      void Promise.allSettled(pending)
        .then(() => Promise.allSettled(parts.filter(Boolean).map((part) => part.cleanup())))
        .then(() => reject(error));
    };
    try {
      parser = busboy({
        headers: { "content-type": contentType },
        limits: { files: MAX_FILE_PARTS, fields: MAX_FIELDS },
      });
    } catch (error) {
      body.resume();
      reject(new AppError("bad_request", `Malformed multipart request: ${(error as Error).message}`));
      return;
    }
    parser.on("file", (field, stream, info) => {
      // busboy destroys a part's stream with an error when the form ends early or the parser is destroyed;
      // unlistened, that error would be an uncaught exception. The counter below hears it instead.
      stream.on("error", () => undefined);
      if (failed) {
        stream.resume();
        return;
      }
      if (field !== "file" && field !== "files") {
        stream.resume();
        fail(new AppError("bad_request", `Unexpected multipart field "${field}"; send files as "file" parts`));
        return;
      }
      const index = pending.length;
      const filename = safeFilename(info.filename, `upload-${index + 1}.bin`);
      // The limit is on all parts together, counted as bytes arrive (a part may still be spooling when the next begins).
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          received += chunk.length;
          if (received <= options.maxBytes) return done(null, chunk);
          done(
            new AppError(
              "too_large",
              `The upload is larger than the ${formatMiB(options.maxBytes)} limit (UPLOAD_MAX_BYTES)`,
              {
                file: filename,
              },
            ),
          );
        },
      });
      stream.on("error", (error) => counted.destroy(error));
      stream.pipe(counted);
      spooling.add(counted);
      // Also fail here: the limit error can surface after the spool has stopped listening to this stream.
      counted.on("error", fail);
      const job = spoolUpload(counted, { maxBytes: options.maxBytes, filename }).then(
        (spooled) => {
          parts[index] = { ...spooled, filename };
        },
        (error: unknown) => {
          stream.resume();
          fail(asUploadError(error));
        },
      );
      pending.push(job.finally(() => spooling.delete(counted)));
    });
    parser.on("field", (name, value) => {
      if (name === "component") fields.component = value;
    });
    // busboy stops reading parts past a limit and says so only through these events: answer 413 rather than
    // ingest part of what was sent.
    parser.on("filesLimit", () =>
      fail(
        new AppError(
          "too_large",
          `The multipart request holds more than ${MAX_FILE_PARTS} file parts, the limit per upload; pack the files into one archive (tar.gz or zip)`,
        ),
      ),
    );
    parser.on("fieldsLimit", () =>
      fail(
        new AppError(
          "too_large",
          `The multipart request holds more than ${MAX_FIELDS} plain fields, the limit per upload; send files as "file" parts`,
        ),
      ),
    );
    parser.on("partsLimit", () =>
      fail(new AppError("too_large", "The multipart request holds more parts than the limit per upload")),
    );
    parser.on("error", (error: Error) =>
      fail(new AppError("bad_request", `Malformed multipart request: ${error.message}`)),
    );
    parser.on("close", () => {
      void Promise.allSettled(pending).then(() => {
        if (failed) return;
        if (parts.length === 0) {
          fail(new AppError("bad_request", 'The multipart request holds no "file" part'));
          return;
        }
        resolve({ parts, fields });
      });
    });
    body.on("error", (error) => fail(asUploadError(error)));
    body.pipe(parser);
  });
}
