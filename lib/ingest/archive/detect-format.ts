// Tells what an upload is from its first bytes; the name only breaks ties (a tar without the ustar
// magic, garbage claiming to be an archive) so the right reader can say precisely what is wrong.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { BundleFormat } from "../../domain/upload";

const TAR_HEADER_BYTES = 512;
const TAR_MAGIC_OFFSET = 257;
const TAR_MAGIC = "ustar";

export async function detectFormat(filePath: string, filename: string): Promise<BundleFormat> {
  const head = await readHead(filePath, TAR_HEADER_BYTES);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const inner = await peekGunzipped(filePath, TAR_HEADER_BYTES);
    return hasTarMagic(inner) || /\.(?:tar\.gz|tgz)$/i.test(filename) ? "tar.gz" : "gz";
  }
  // Local file header, or the end-of-central-directory record that is all an empty zip holds.
  const signature = head.toString("latin1", 0, 4);
  if (signature === "PK\x03\x04" || signature === "PK\x05\x06") return "zip";
  if (hasTarMagic(head)) return "tar";
  return formatFromName(filename);
}

function formatFromName(filename: string): BundleFormat {
  if (/\.(?:tar\.gz|tgz)$/i.test(filename)) return "tar.gz";
  if (/\.gz$/i.test(filename)) return "gz";
  if (/\.zip$/i.test(filename)) return "zip";
  if (/\.tar$/i.test(filename)) return "tar";
  return "plain";
}

function hasTarMagic(block: Buffer): boolean {
  return block.toString("latin1", TAR_MAGIC_OFFSET, TAR_MAGIC_OFFSET + TAR_MAGIC.length) === TAR_MAGIC;
}

async function readHead(filePath: string, length: number): Promise<Buffer> {
  const file = await open(filePath, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** The first `length` decompressed bytes, or fewer if the gzip is short or corrupt (readBundle says which). */
async function peekGunzipped(filePath: string, length: number): Promise<Buffer> {
  const input = createReadStream(filePath);
  const gunzip = createGunzip();
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  const parts: Buffer[] = [];
  let collected = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      parts.push(chunk);
      collected += chunk.byteLength;
      if (collected >= length) break;
    }
  } catch {
    // Corrupt or truncated: what was decompressed before the damage is still the best evidence.
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(parts).subarray(0, length);
}
