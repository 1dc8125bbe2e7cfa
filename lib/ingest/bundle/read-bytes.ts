// Reading a structured file (JSON, YAML, table) whole into the upload's scratch buffer, checked to be UTF-8,
// and the small byte-level helpers its readers share.
import { isUtf8 } from "node:buffer";
import type { Readable } from "node:stream";
import { AppError } from "../../errors";
import type { ScratchBuffer } from "../scratch-buffer";

/** Structured documents (JSON, YAML, tables) are read whole; logs are streamed and may be any size. */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/**
 * A structured file's bytes, checked to be UTF-8, read into the upload's scratch buffer (a view, valid until the
 * next file is read). They stay bytes, off the JavaScript heap, for the Tekton reader: a large JSON List is read
 * from them item by item and never becomes one string.
 */
export async function readBytes(content: Readable, file: string, scratch: ScratchBuffer): Promise<Buffer> {
  scratch.reset();
  let length = 0;
  for await (const chunk of content) {
    length += (chunk as Buffer).length;
    if (length > MAX_DOCUMENT_BYTES) {
      content.destroy();
      throw new AppError("too_large", `${file}: a JSON, YAML or table file larger than 64 MiB is not accepted`, {
        file,
      });
    }
    scratch.append(chunk as Buffer);
  }
  const bytes = scratch.view();
  if (!isUtf8(bytes)) throw new AppError("unprocessable", `${file}: not valid UTF-8 text`, { file });
  return bytes;
}

/** Text of bytes already checked to be UTF-8, without a byte order mark. */
export function utf8Text(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes);
}

/** Whether the first character that is not whitespace (or a byte order mark) opens a JSON object or array. */
export function startsLikeJson(bytes: Uint8Array): boolean {
  for (let at = 0; at < bytes.length; at += 1) {
    const byte = bytes[at];
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    if (at === 0 && byte === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      at += 2;
      continue;
    }
    return byte === 0x7b || byte === 0x5b;
  }
  return false;
}
