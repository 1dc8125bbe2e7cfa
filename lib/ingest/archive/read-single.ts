// Uploads that are one file: a plain file is its own single entry, and a gzip (not holding a tar) is
// one entry named after the upload without ".gz".
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { recordDelivery, type ReadContext } from "./context";
import { deliverEntry } from "./deliver-entry";
import { checkEntryName } from "./entry-path";
import { corruptUpload } from "./failures";
import { FILE_READ_OPTIONS, INFLATE_OPTIONS } from "./stream-options";

export async function readSingle(context: ReadContext, gzipped: boolean, fileBytes: number): Promise<void> {
  const { budget, upload } = context;
  budget.countEntry();
  const { path } = checkEntryName(singleEntryName(upload, gzipped), {
    upload,
    maxPathLength: context.limits.maxPathLength,
    backslashIsSeparator: true,
  });

  const input = createReadStream(context.filePath, FILE_READ_OPTIONS);
  const gunzip = gzipped ? createGunzip(INFLATE_OPTIONS) : null;
  if (gunzip) {
    input.on("error", (error) => gunzip.destroy(error));
    input.pipe(gunzip);
  }
  const content = gunzip ?? input;
  try {
    const bytes = await deliverEntry(
      {
        entry: { path, size: gzipped ? null : fileBytes },
        chunks: content[Symbol.asyncIterator](),
        meter: budget.meter(path),
        describeFailure: (error) => corruptUpload(upload, gzipped ? "gzip file" : "file", error),
        unread: "discard",
      },
      context.onEntry,
    );
    recordDelivery(context, bytes);
  } finally {
    input.destroy();
    gunzip?.destroy();
  }
}

/** Browsers may send a full client path ("C:\\Users\\me\\run.json"); only the last segment names the entry. */
function singleEntryName(upload: string, gzipped: boolean): string {
  const base = upload.split(/[\\/]/).at(-1) ?? "";
  const name = gzipped ? base.replace(/\.gz$/i, "") : base;
  return name === "" ? "upload" : name;
}
