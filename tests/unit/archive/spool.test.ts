import { createHash, randomBytes } from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { spoolUpload } from "@/lib/ingest/archive";
import { HOST_TAG, isProcessAlive, STALE_SPOOL_MS, sweepStaleSpools } from "@/lib/ingest/archive/spool";
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

describe("sweepStaleSpools", () => {
  /** A pid that just exited (a finished child), so no process has it now. */
  function deadPid(): number {
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    const pid = Number(child.stdout);
    expect(isProcessAlive(pid)).toBe(false);
    return pid;
  }

  async function folder(name: string, ageMs = 0): Promise<string> {
    const path = join(dir, name);
    await mkdir(path);
    await writeFile(join(path, "upload"), "spooled bytes");
    const when = new Date(Date.now() - ageMs);
    await utimes(path, when, when);
    return path;
  }

  it("removes a dead process's folder and keeps a live one's, a foreign host's and other programs' folders", async () => {
    const dead = await folder(`advisor-upload-${HOST_TAG}-${deadPid()}-Ab12Cd`);
    const live = await folder(`advisor-upload-${HOST_TAG}-${process.pid}-Ef34Gh`);
    // Another container's pid means nothing here: only its age counts.
    const foreign = await folder(`advisor-upload-0000abcd-${deadPid()}-Ij56Kl`);
    const unrelated = await folder("bundle-Mn78Op");
    const lookalike = await folder(`advisor-upload-${HOST_TAG}-notapid-Qr90St`);

    expect(await sweepStaleSpools({ dir })).toEqual([dead]);
    expect((await readdir(dir)).sort()).toEqual(
      [live, foreign, unrelated, lookalike].map((path) => path.slice(dir.length + 1)).sort(),
    );
    await Promise.all([live, foreign, unrelated, lookalike].map((path) => rm(path, { recursive: true })));
  });

  it("removes folders older than a day even when their pid is alive (it may have been reused) or foreign", async () => {
    const oldLive = await folder(`advisor-upload-${HOST_TAG}-${process.pid}-Uv12Wx`, STALE_SPOOL_MS + 60_000);
    const oldForeign = await folder("advisor-upload-0000abcd-1-Yz34Ab", STALE_SPOOL_MS + 60_000);
    const fresh = await folder(`advisor-upload-${HOST_TAG}-${process.pid}-Cd56Ef`);
    expect((await sweepStaleSpools({ dir })).sort()).toEqual([oldForeign, oldLive].sort());
    expect(await readdir(dir)).toEqual([fresh.slice(dir.length + 1)]);
    await rm(fresh, { recursive: true });
  });

  it("leaves plain files with a spool-like name alone", async () => {
    const name = `advisor-upload-${HOST_TAG}-${deadPid()}-Gh78Ij`;
    await writeFile(join(dir, name), "not a folder");
    expect(await sweepStaleSpools({ dir })).toEqual([]);
    await rm(join(dir, name));
  });

  it("cleans up after a spooling process killed with SIGKILL", async () => {
    const spoolModule = resolve(import.meta.dirname, "../../../lib/ingest/archive/spool.ts");
    // The child spools a body that never ends into our folder, prints the file's folder, and waits.
    const script = `
      import { PassThrough } from "node:stream";
      import { spoolUpload } from ${JSON.stringify(spoolModule)};
      const input = new PassThrough();
      input.write("first bytes");
      spoolUpload(input, { dir: ${JSON.stringify(dir)}, maxBytes: 1e9, filename: "x" });
      setInterval(() => undefined, 1000);
    `;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: "ignore",
    });
    let names: string[] = [];
    for (let i = 0; i < 200 && names.length === 0; i++) {
      await new Promise((done) => setTimeout(done, 50));
      names = await readdir(dir);
    }
    expect(names).toEqual([expect.stringMatching(new RegExp(`^advisor-upload-${HOST_TAG}-${child.pid}-`))]);
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGKILL");
    await exited;
    expect(await readdir(dir)).toEqual(names);
    expect(await sweepStaleSpools({ dir })).toEqual([join(dir, names[0]!)]);
    expect(await readdir(dir)).toEqual([]);
  });
});
