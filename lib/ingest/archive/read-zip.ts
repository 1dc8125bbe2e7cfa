// zip bundles through yauzl: the central directory is walked one entry at a time and each entry is
// inflated only while the handler reads it; names are decoded and checked here rather than by yauzl.
import type { Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { AppError } from "../../errors";
import { recordDelivery, recordSkip, type ReadContext } from "./context";
import { deliverEntry } from "./deliver-entry";
import { checkEntryName, skipReason } from "./entry-path";
import { corruptEntry, corruptUpload } from "./failures";

// Unix file type bits, stored by Info-ZIP and most unix zippers in the top half of the external attributes.
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const MSDOS_DIRECTORY = 0x10;

const STORED = 0;
const DEFLATED = 8;

export async function readZip(context: ReadContext): Promise<void> {
  const { upload } = context;
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(context.filePath, {
      lazyEntries: true,
      validateEntrySizes: true,
      autoClose: false,
      // yauzl's own name check fails the whole file with a message that does not name the entry as ours do.
      decodeStrings: false,
    });
  } catch (error) {
    throw corruptUpload(upload, "zip archive", error);
  }
  // yauzl reports a failure to close the file as an event; with no listener that would crash the process.
  zip.on("error", () => undefined);

  try {
    context.budget.checkEntryCount(zip.entryCount);
    for (let entry = await nextEntry(zip, upload); entry; entry = await nextEntry(zip, upload)) {
      await readZipEntry(context, zip, entry);
    }
  } finally {
    zip.close();
  }
}

function nextEntry(zip: ZipFile, upload: string): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      zip.off("entry", onEntry);
      zip.off("end", onEnd);
      zip.off("error", onError);
    };
    const onEntry = (entry: Entry) => {
      settle();
      resolve(entry);
    };
    const onEnd = () => {
      settle();
      resolve(null);
    };
    const onError = (error: unknown) => {
      settle();
      reject(corruptUpload(upload, "zip archive", error));
    };
    zip.on("entry", onEntry);
    zip.on("end", onEnd);
    zip.on("error", onError);
    zip.readEntry();
  });
}

async function readZipEntry(context: ReadContext, zip: ZipFile, entry: Entry): Promise<void> {
  const { budget, upload } = context;
  budget.countEntry();
  const rawName = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
  const { path, directoryMarker } = checkEntryName(rawName, {
    upload,
    maxPathLength: context.limits.maxPathLength,
    backslashIsSeparator: true,
  });
  const reject = (code: "unprocessable" | "unsupported_type", why: string) =>
    new AppError(code, `Entry "${path}" in ${upload} ${why}; the bundle was rejected`, { file: path });

  const fileType = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (fileType === S_IFLNK) throw reject("unprocessable", "is a symbolic link; links are not allowed in bundles");
  if (fileType !== 0 && fileType !== S_IFREG && fileType !== S_IFDIR) {
    throw reject("unprocessable", "is a device, FIFO or socket; only regular files are allowed in bundles");
  }
  if (directoryMarker || fileType === S_IFDIR || (entry.externalFileAttributes & MSDOS_DIRECTORY) !== 0) {
    recordSkip(context, path || rawName, "directory");
    return;
  }
  if (path === "") throw reject("unprocessable", "has an empty name");
  const reason = skipReason(path);
  if (reason) {
    recordSkip(context, path, reason);
    return;
  }
  if (entry.isEncrypted()) throw reject("unprocessable", "is encrypted; encrypted entries cannot be read");
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    throw reject(
      "unsupported_type",
      `uses zip compression method ${entry.compressionMethod}; only stored and deflated entries are read`,
    );
  }
  budget.checkDeclaredSize(path, entry.uncompressedSize, entry.compressedSize);

  let content: Readable;
  try {
    content = await zip.openReadStreamPromise(entry);
  } catch (error) {
    throw corruptEntry(upload, path, error);
  }
  try {
    const bytes = await deliverEntry(
      {
        entry: { path, size: entry.uncompressedSize },
        chunks: content[Symbol.asyncIterator](),
        meter: budget.meter(path, entry.compressedSize),
        describeFailure: (error) => corruptEntry(upload, path, error),
        unread: "discard",
      },
      context.onEntry,
    );
    recordDelivery(context, bytes);
  } finally {
    content.destroy();
  }
}
