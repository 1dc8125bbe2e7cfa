// Reads an upload from an HTTP request as a stream — a raw body named by X-Filename, or
// multipart/form-data with one or more `file` parts — and spools each part to a temp file.
import { Readable, Transform } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { AppError } from "../errors";
import { formatMiB } from "../format";
import { spoolUpload } from "../ingest/archive";
import type { SpooledPart } from "../ingest/ingest-upload";

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

export interface ReceiveOptions {
  maxBytes: number;
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
  const body = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
  if (mediaType === "multipart/form-data") {
    const received = await receiveMultipart(body, contentType, options);
    try {
      return { parts: received.parts, component: fromQuery ?? checkComponent(received.fields.component) };
    } catch (error) {
      await Promise.all(received.parts.map((part) => part.cleanup()));
      throw error;
    }
  }
  const extension = RAW_TYPES[mediaType];
  if (!extension) {
    body.destroy();
    throw new AppError(
      "unsupported_type",
      `Content-Type ${mediaType} is not accepted; send an archive, JSON, YAML, a log or a table (${ACCEPTED_CONTENT_TYPES.join(", ")})`,
    );
  }
  const filename = safeFilename(request.headers.get("x-filename"), `upload.${extension}`);
  return {
    parts: [{ ...(await spoolUpload(body, { maxBytes: options.maxBytes, filename })), filename }],
    component: fromQuery,
  };
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
    let received = 0;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      body.unpipe();
      body.resume();
      void Promise.allSettled(pending).then(() => Promise.all(parts.filter(Boolean).map((part) => part.cleanup())));
      reject(error);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { "content-type": contentType }, limits: { files: 1000, fields: 100 } });
    } catch (error) {
      reject(new AppError("bad_request", `Malformed multipart request: ${(error as Error).message}`));
      return;
    }
    parser.on("file", (field, stream, info) => {
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
      const counted = stream.pipe(
        new Transform({
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
        }),
      );
      // Also fail here: the limit error can surface after the spool has stopped listening to this stream.
      counted.on("error", fail);
      const job = spoolUpload(counted, { maxBytes: options.maxBytes, filename }).then(
        (spooled) => {
          parts[index] = { ...spooled, filename };
        },
        (error: unknown) => {
          stream.resume();
          fail(error);
        },
      );
      pending.push(job);
    });
    parser.on("field", (name, value) => {
      if (name === "component") fields.component = value;
    });
    parser.on("error", (error: Error) =>
      fail(new AppError("bad_request", `Malformed multipart request: ${error.message}`)),
    );
    parser.on("close", () => {
      void Promise.all(pending).then(() => {
        if (failed) return;
        if (parts.length === 0) {
          fail(new AppError("bad_request", 'The multipart request holds no "file" part'));
          return;
        }
        resolve({ parts, fields });
      });
    });
    body.on("error", (error) => fail(new AppError("bad_request", `The upload was interrupted: ${error.message}`)));
    body.pipe(parser);
  });
}
