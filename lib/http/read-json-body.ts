// Reads a small JSON request body (POST /api/generate): the content type is checked first, the bytes are
// counted as they arrive and reading stops at the limit, so an oversized body never sits in memory whole.
import { AppError } from "../errors";

/** `application/json`, or a structured-syntax type such as `application/merge-patch+json`. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/;

export interface ReadJsonOptions {
  maxBytes: number;
}

function tooLarge(bytes: number | string, maxBytes: number): AppError {
  return new AppError("too_large", `The request body is ${bytes} bytes; the limit is ${maxBytes} bytes`);
}

/** The body's bytes, counted as they arrive: 413 as soon as they pass `maxBytes` (or the declared length does). */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel();
    throw tooLarge(declared, maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(`more than ${maxBytes}`, maxBytes);
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The parsed body: 415 unless JSON, 413 over `maxBytes`, 400 when empty, not UTF-8 or not JSON. */
export async function readJsonBody(request: Request, options: ReadJsonOptions): Promise<unknown> {
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    await request.body?.cancel();
    throw new AppError(
      "unsupported_type",
      `Content-Type ${mediaType || "(none)"} is not accepted; send the request as application/json`,
    );
  }
  const bytes = await readBodyBytes(request, options.maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("bad_request", "The request body is not UTF-8 text");
  }
  if (text.trim() === "") throw new AppError("bad_request", "The request body is empty; send a JSON object");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : String(error);
    throw new AppError("bad_request", `The request body is not valid JSON: ${reason}`);
  }
}
