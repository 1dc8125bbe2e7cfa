import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { spoolUpload } from "@/lib/ingest/archive";
import { rejection, tempDir } from "./fixtures";

let dir: string;
let removeDir: () => Promise<void>;
beforeAll(async () => ({ dir, remove: removeDir } = await tempDir()));
afterAll(() => removeDir());

function chunked(bytes: Buffer, size = 1000): Readable {
  return Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)),
  );
}

describe("spoolUpload", () => {
  it("writes the upload to a private file and reports its sha256 and size", async () => {
    const bytes = randomBytes(50_000);
    const spooled = await spoolUpload(chunked(bytes), { dir, maxBytes: 50_000, filename: "../../evil name.tgz" });
    expect(spooled.bytes).toBe(50_000);
    expect(spooled.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(await readFile(spooled.path)).toEqual(bytes);
    expect((await stat(spooled.path)).mode & 0o777).toBe(0o600);
    expect(spooled.path.startsWith(dir)).toBe(true);
    expect(spooled.path).not.toContain("evil");

    await spooled.cleanup();
    await spooled.cleanup();
    expect(await readdir(dir)).toEqual([]);
  });

  it("stops as soon as more than maxBytes arrive, deletes the file and destroys the input", async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 4096;
        this.push(Buffer.alloc(4096, 1));
      },
    });
    const error = await rejection(spoolUpload(endless, { dir, maxBytes: 100_000, filename: "huge.tar.gz" }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: "too_large",
      file: "huge.tar.gz",
      message: expect.stringContaining("huge.tar.gz"),
    });
    expect(produced).toBeLessThan(200_000);
    expect(endless.destroyed).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it("accepts exactly maxBytes", async () => {
    const spooled = await spoolUpload(chunked(Buffer.alloc(3000)), { dir, maxBytes: 3000, filename: "x" });
    expect(spooled.bytes).toBe(3000);
    await spooled.cleanup();
  });

  it("rejects an empty upload and leaves nothing behind", async () => {
    const error = await rejection(spoolUpload(Readable.from([]), { dir, maxBytes: 10, filename: "empty.zip" }));
    expect(error).toMatchObject({ code: "bad_request", file: "empty.zip", message: "empty.zip is empty" });
    expect(await readdir(dir)).toEqual([]);
  });

  it("deletes the file when the input fails mid-way, passing the input's error on", async () => {
    const broken = new Error("client went away");
    const input = Readable.from(
      (async function* () {
        yield Buffer.alloc(1000);
        throw broken;
      })(),
    );
    expect(await rejection(spoolUpload(input, { dir, maxBytes: 10_000, filename: "x" }))).toBe(broken);
    expect(await readdir(dir)).toEqual([]);
  });
});
