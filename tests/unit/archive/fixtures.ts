// Builders for small archives written in the tests themselves (tar-stream, yazl, zlib), and a collector
// that runs readBundle over a file and returns what the handler saw.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { gzipSync } from "node:zlib";
import tar from "tar-stream";
import yazl from "yazl";
import { readBundle } from "@/lib/ingest/archive";
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits, type BundleReadSummary } from "@/lib/ingest/types";

export type TarMember = Parameters<tar.Pack["entry"]>[0] & { content?: string | Buffer };

export async function tarBuffer(members: TarMember[]): Promise<Buffer> {
  const pack = tar.pack();
  // Read while writing: pack only calls an entry's callback once its bytes have been taken.
  const chunks: Buffer[] = [];
  const reading = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const { content, ...header } of members) {
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (content === undefined) pack.entry(header, done).end(undefined);
      else pack.entry(header, content, done);
    });
  }
  pack.finalize();
  await reading;
  return Buffer.concat(chunks);
}

export async function tarGzBuffer(members: TarMember[]): Promise<Buffer> {
  return gzipSync(await tarBuffer(members));
}

export interface ZipMember {
  name: string;
  content?: string | Buffer;
  /** Unix mode including the file type bits, e.g. 0o120777 for a symlink. */
  mode?: number;
  compress?: boolean;
  directory?: boolean;
}

export async function zipBuffer(members: ZipMember[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const member of members) {
    if (member.directory) {
      zip.addEmptyDirectory(member.name);
    } else {
      zip.addBuffer(Buffer.from(member.content ?? ""), member.name, {
        ...(member.mode === undefined ? {} : { mode: member.mode }),
        compress: member.compress ?? true,
      });
    }
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * yazl refuses unsafe names, as it should; to test that we refuse them too, a zip is built with a
 * placeholder of the same length and the name bytes are rewritten in the local and central headers.
 */
export function renameInZip(zip: Buffer, placeholder: string, unsafeName: string): Buffer {
  const from = Buffer.from(placeholder, "latin1");
  const to = Buffer.from(unsafeName, "latin1");
  if (from.length !== to.length) throw new Error("the placeholder must be as long as the unsafe name");
  const patched = Buffer.from(zip);
  let replaced = 0;
  for (let at = patched.indexOf(from); at !== -1; at = patched.indexOf(from, at + 1)) {
    to.copy(patched, at);
    replaced += 1;
  }
  if (replaced !== 2) throw new Error(`expected the name in 2 headers, found it in ${replaced}`);
  return patched;
}

export async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "archive-test-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

let counter = 0;
/** Writes `bytes` to a fresh file in `dir` under an internal name; `filename` stays the upload's name. */
export async function writeUpload(dir: string, bytes: Buffer): Promise<string> {
  counter += 1;
  const path = join(dir, `upload-${counter}`);
  await writeFile(path, bytes);
  return path;
}

export interface Collected {
  summary: BundleReadSummary;
  files: { path: string; size: number | null; content: string }[];
}

/** Reads the whole bundle, each entry as UTF-8 text, in the order the handler was called. */
export async function collect(
  filePath: string,
  filename: string,
  limits: Partial<ArchiveLimits> = {},
): Promise<Collected> {
  const files: Collected["files"] = [];
  const summary = await readBundle(
    filePath,
    filename,
    { ...DEFAULT_ARCHIVE_LIMITS, ...limits },
    async (entry, content) => {
      files.push({ path: entry.path, size: entry.size, content: await text(content) });
    },
  );
  return { summary, files };
}

/** The rejection readBundle ends with, for toMatchObject on code, file and message. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}
