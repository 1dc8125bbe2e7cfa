// tar and tar.gz bundles, streamed through tar-stream: the file is read once, front to back, and each
// entry's bytes flow to the handler only as fast as it reads them.
import { createReadStream } from "node:fs";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { AppError } from "../../errors";
import type { Budget, EntryMeter } from "./budget";
import { recordDelivery, recordSkip, type ReadContext } from "./context";
import { deliverEntry } from "./deliver-entry";
import { checkEntryName, skipReason } from "./entry-path";
import { corruptUpload, HandlerFailure } from "./failures";
import { FILE_READ_OPTIONS, INFLATE_OPTIONS } from "./stream-options";

export async function readTar(context: ReadContext, gzipped: boolean): Promise<void> {
  const input = createReadStream(context.filePath, FILE_READ_OPTIONS);
  const gunzip = gzipped ? createGunzip(INFLATE_OPTIONS) : null;
  const expansion = gzipped ? expansionMeter(context.budget) : null;
  // tar-stream is a streamx stream; node's pipeline cannot be trusted with it, so it is fed by hand.
  const extract = tar.extract();

  // The first stream to fail holds the real reason (zlib's "unexpected end of file", a limit); the
  // errors that follow it down the chain are only "destroyed" or "premature close".
  let rootCause: unknown;
  const remember = (error: unknown) => {
    rootCause ??= error;
  };
  input.on("error", remember);
  gunzip?.on("error", remember);
  expansion?.on("error", remember);
  extract.on("error", remember);
  const describe = (error: unknown): AppError => {
    const cause = rootCause ?? error;
    if (cause instanceof AppError) return cause;
    return corruptUpload(context.upload, gzipped ? "gzip-compressed tar archive" : "tar archive", cause);
  };

  const feed = async (source: AsyncIterable<Buffer>) => {
    try {
      for await (const chunk of source) {
        if (!extract.write(chunk)) await drainedOrClosed(extract);
        if (extract.destroyed) return;
      }
      extract.end(undefined);
    } catch (error) {
      extract.destroy(error as Error);
    }
  };
  // Failures surface through extract (the entry loop below) and rootCause, so this never rejects.
  const feeding = (gunzip && expansion ? pipeline(input, gunzip, expansion, feed) : pipeline(input, feed)).catch(
    () => undefined,
  );

  try {
    for await (const entry of extract) await readTarEntry(context, entry, describe);
  } catch (error) {
    if (error instanceof HandlerFailure || error instanceof AppError) throw error;
    throw describe(error);
  } finally {
    input.destroy();
    await feeding;
  }
}

type TarEntry = tar.Extract extends AsyncIterable<infer Source> ? Source : never;

async function readTarEntry(context: ReadContext, entry: TarEntry, describe: (error: unknown) => AppError) {
  const { header } = entry;
  const { budget, upload } = context;
  // tar-stream pushes Buffers. Never call return() on this: destroying one entry destroys the extract.
  const chunks = entry[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  budget.countEntry();
  const { path, directoryMarker } = checkEntryName(header.name, {
    upload,
    maxPathLength: context.limits.maxPathLength,
    backslashIsSeparator: false,
  });
  const reject = (why: string) =>
    new AppError("unprocessable", `Entry "${path}" in ${upload} ${why}; the bundle was rejected`, { file: path });
  // Passed-over bytes still count against the limits: they were decompressed all the same.
  const skip = async (reason: string) => {
    recordSkip(context, path || header.name, reason);
    await drain(chunks, budget.meter(path), describe);
  };

  switch (header.type) {
    case "symlink":
      throw reject(`is a symbolic link (to "${header.linkname}"); links are not allowed in bundles`);
    case "link":
      throw reject(`is a hard link (to "${header.linkname}"); links are not allowed in bundles`);
    case "character-device":
    case "block-device":
    case "fifo":
      throw reject(`is a ${header.type}; only regular files are allowed in bundles`);
    case "directory":
      return skip("directory");
    case "file":
    case "contiguous-file":
      break;
    default:
      // PAX and GNU long-name headers never get here (tar-stream applies them to the next entry); what
      // does is a typeflag tar-stream does not know (GNU sparse "S", volume label "V", …), typed out as null.
      return skip("tar metadata or an entry type that holds no file content");
  }
  if (directoryMarker) return skip("directory");
  if (path === "") throw reject("has an empty name");
  const reason = skipReason(path);
  if (reason) return skip(reason);

  budget.checkDeclaredSize(path, header.size);
  const bytes = await deliverEntry(
    {
      entry: { path, size: header.size },
      chunks,
      meter: budget.meter(path),
      describeFailure: describe,
      unread: "drain",
    },
    context.onEntry,
  );
  recordDelivery(context, bytes);
}

async function drain(chunks: AsyncIterator<Uint8Array>, meter: EntryMeter, describe: (error: unknown) => AppError) {
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) meter(next.value);
  } catch (error) {
    throw error instanceof AppError ? error : describe(error);
  }
}

/** Counts decompressed tar bytes (headers and padding included) for the whole-upload ratio check. */
function expansionMeter(budget: Budget): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.byteLength;
      try {
        budget.checkExpansion(bytes);
        done(null, chunk);
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

function drainedOrClosed(stream: tar.Extract): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const settle = () => {
      stream.off("drain", settle);
      stream.off("close", settle);
      resolve();
    };
    stream.on("drain", settle);
    stream.on("close", settle);
  });
}
