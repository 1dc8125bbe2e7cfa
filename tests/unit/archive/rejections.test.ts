import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { BOMB_FLOOR_BYTES, readBundle } from "@/lib/ingest/archive";
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from "@/lib/ingest/types";
import {
  collect,
  rejection,
  renameInZip,
  tarBuffer,
  tarGzBuffer,
  tempDir,
  writeUpload,
  zipBuffer,
  type TarMember,
} from "./fixtures";

let dir: string;
let removeDir: () => Promise<void>;
beforeAll(async () => ({ dir, remove: removeDir } = await tempDir()));
afterAll(() => removeDir());

const MIB = 1024 ** 2;

async function rejectionOf(bytes: Buffer, filename: string, limits: Partial<ArchiveLimits> = {}) {
  const delivered: string[] = [];
  const error = await rejection(
    readBundle(
      await writeUpload(dir, bytes),
      filename,
      { ...DEFAULT_ARCHIVE_LIMITS, ...limits },
      async (entry, content) => {
        delivered.push(entry.path);
        for await (const _chunk of content);
      },
    ),
  );
  expect(error).toBeInstanceOf(AppError);
  return { error: error as AppError, delivered };
}

describe("unsafe entries reject the whole bundle (422, naming the entry)", () => {
  const safe: TarMember = { name: "ok.json", content: "{}" };

  it.each<[string, TarMember, string, RegExp]>([
    ["a .. traversal", { name: "../x", content: "x" }, "../x", /"\.\.\/x".*\.\./],
    ["a .. segment in the middle", { name: "logs/../../etc/cron", content: "x" }, "logs/../../etc/cron", /\.\./],
    ["an absolute path", { name: "/etc/passwd", content: "x" }, "/etc/passwd", /absolute/],
    ["a Windows drive path", { name: "C:\\Windows\\evil.dll", content: "x" }, "C:\\Windows\\evil.dll", /drive/],
    ["a backslash traversal", { name: "..\\..\\evil", content: "x" }, "..\\..\\evil", /\.\./],
    ["a symlink", { name: "logs", type: "symlink", linkname: "/etc" }, "logs", /symbolic link/],
    ["a hard link", { name: "copy", type: "link", linkname: "/etc/shadow" }, "copy", /hard link/],
    ["a character device", { name: "tty", type: "character-device" }, "tty", /character-device/],
    ["a FIFO", { name: "pipe", type: "fifo" }, "pipe", /fifo/],
    [
      "a NUL byte (via a PAX path)",
      { name: `${"a".repeat(120)}\0.json`, content: "x" },
      `${"a".repeat(120)}\\0.json`,
      /NUL/,
    ],
  ])("in a tar: %s", async (_, member, file, message) => {
    for (const [bytes, name] of [
      [await tarBuffer([safe, member]), "bundle.tar"],
      [await tarGzBuffer([safe, member]), "bundle.tar.gz"],
    ] as const) {
      const { error } = await rejectionOf(bytes, name);
      expect(error).toMatchObject({ code: "unprocessable", file });
      expect(error.message).toMatch(message);
      expect(error.message).toContain(name);
    }
  });

  it("in a tar: a path longer than maxPathLength", async () => {
    const long = `${"d/".repeat(30)}f.log`;
    const { error } = await rejectionOf(await tarBuffer([{ name: long, content: "x" }]), "b.tar", {
      maxPathLength: 50,
    });
    expect(error).toMatchObject({
      code: "unprocessable",
      file: long,
      message: expect.stringMatching(/longer than 50/),
    });
  });

  it("in a zip: a symlink, marked in the external attributes", async () => {
    const zip = await zipBuffer([
      safe as { name: string; content: string },
      { name: "logs", content: "/etc", mode: 0o120777 },
    ]);
    const { error } = await rejectionOf(zip, "bundle.zip");
    expect(error).toMatchObject({
      code: "unprocessable",
      file: "logs",
      message: expect.stringMatching(/symbolic link/),
    });
  });

  it("in a zip: a FIFO", async () => {
    const zip = await zipBuffer([{ name: "pipe", content: "", mode: 0o010644 }]);
    expect((await rejectionOf(zip, "bundle.zip")).error).toMatchObject({ code: "unprocessable", file: "pipe" });
  });

  it.each([
    ["zz/x", "../x", /\.\./],
    ["zzzzzzzzzzz", "/etc/passwd", /absolute/],
    ["zzzzz", "C:\\x\\", /drive/],
    ["zzzzzzzzzzzz", "logs\\..\\..\\x", /\.\./],
    ["zzz", "a\0b", /NUL/],
  ])("in a zip: the name %j patched to %j", async (placeholder, unsafe, message) => {
    const zip = renameInZip(await zipBuffer([{ name: placeholder, content: "x" }]), placeholder, unsafe);
    const { error, delivered } = await rejectionOf(zip, "bundle.zip");
    expect(error).toMatchObject({ code: "unprocessable", file: unsafe.replace("\0", "\\0") });
    expect(error.message).toMatch(message);
    expect(delivered).toEqual([]);
  });

  it("rejects even when the unsafe entry hides under __MACOSX/ or is a directory", async () => {
    for (const member of [
      { name: "__MACOSX/../../x", content: "x" },
      { name: "../outside/", type: "directory" as const },
    ]) {
      expect((await rejectionOf(await tarBuffer([member]), "b.tar")).error.code).toBe("unprocessable");
    }
  });
});

describe("limits (413)", () => {
  it("rejects more than maxEntries entries, counting directories and skipped files too", async () => {
    const members: TarMember[] = [
      { name: "d/", type: "directory" },
      { name: "d/.DS_Store", content: "x" },
      { name: "d/a", content: "a" },
    ];
    expect(
      (await collect(await writeUpload(dir, await tarBuffer(members)), "b.tar", { maxEntries: 3 })).files,
    ).toHaveLength(1);
    const { error, delivered } = await rejectionOf(
      await tarBuffer([...members, { name: "d/b", content: "b" }]),
      "b.tar",
      { maxEntries: 3 },
    );
    expect(error).toMatchObject({
      code: "too_large",
      file: "b.tar",
      message: expect.stringMatching(/more than 3 entries/),
    });
    expect(delivered).toEqual(["d/a"]);
  });

  it("rejects a zip whose central directory lists too many entries before reading any", async () => {
    const zip = await zipBuffer(["a", "b", "c"].map((name) => ({ name, content: name })));
    const { error, delivered } = await rejectionOf(zip, "b.zip", { maxEntries: 2 });
    expect(error).toMatchObject({ code: "too_large", file: "b.zip" });
    expect(delivered).toEqual([]);
  });

  it("rejects an entry over maxEntryBytes as soon as it is exceeded, in every format", async () => {
    const content = randomBytes(3 * MIB);
    const limits = { maxEntryBytes: MIB };
    for (const [bytes, name, file] of [
      [await tarBuffer([{ name: "big.log", content }]), "b.tar", "big.log"],
      [await tarGzBuffer([{ name: "big.log", content }]), "b.tar.gz", "big.log"],
      [await zipBuffer([{ name: "big.log", content }]), "b.zip", "big.log"],
      [gzipSync(content), "big.log.gz", "big.log"],
      [content, "big.log", "big.log"],
    ] as const) {
      const { error } = await rejectionOf(bytes, name, limits);
      expect(error).toMatchObject({ code: "too_large", file, message: expect.stringMatching(/larger than 1 MiB/) });
      expect(error.message).toContain(name);
    }
  });

  it("counts bytes actually read, handing over no more than the limit plus one chunk", async () => {
    let received = 0;
    const error = await rejection(
      readBundle(
        await writeUpload(dir, gzipSync(randomBytes(3 * MIB))),
        "big.log.gz",
        { ...DEFAULT_ARCHIVE_LIMITS, maxEntryBytes: MIB },
        async (_, content) => {
          for await (const chunk of content) received += (chunk as Buffer).byteLength;
        },
      ),
    );
    expect(error).toMatchObject({ code: "too_large" });
    expect(received).toBeLessThanOrEqual(MIB);
    expect(received).toBeGreaterThan(MIB - 128 * 1024);
  });

  it("rejects when the entries together exceed maxTotalBytes, though each is under maxEntryBytes", async () => {
    const members = ["a", "b", "c"].map((name) => ({ name: `${name}.log`, content: randomBytes(MIB) }));
    const limits = { maxTotalBytes: 2.5 * MIB, maxEntryBytes: 2 * MIB };
    for (const [bytes, name] of [
      [await tarGzBuffer(members), "b.tar.gz"],
      [await zipBuffer(members), "b.zip"],
    ] as const) {
      const { error, delivered } = await rejectionOf(bytes, name, limits);
      expect(error).toMatchObject({
        code: "too_large",
        file: name,
        message: expect.stringMatching(/expands to more than/),
      });
      expect(delivered).toEqual(["a.log", "b.log", "c.log"]);
    }
  });

  it("rejects a zip entry whose header already claims more than maxEntryBytes without inflating it", async () => {
    const zip = await zipBuffer([{ name: "zeros.bin", content: Buffer.alloc(2 * MIB) }]);
    const { error, delivered } = await rejectionOf(zip, "b.zip", { maxEntryBytes: MIB, maxCompressionRatio: 10_000 });
    expect(error).toMatchObject({ code: "too_large", file: "zeros.bin" });
    expect(delivered).toEqual([]);
  });
});

describe("decompression bombs (413)", () => {
  const zeros = Buffer.alloc(50 * 1000 * 1000);

  it.each([
    ["a gz of 50 MB of zeros", () => gzipSync(zeros), "zeros.bin.gz", "zeros.bin.gz"],
    [
      "a tar.gz holding 50 MB of zeros",
      () => tarGzBuffer([{ name: "zeros.bin", content: zeros }]),
      "b.tar.gz",
      "b.tar.gz",
    ],
    ["a zip holding 50 MB of zeros", () => zipBuffer([{ name: "zeros.bin", content: zeros }]), "b.zip", "zeros.bin"],
  ])("rejects %s", async (_, build, name, file) => {
    const { error } = await rejectionOf(await build(), name);
    expect(error).toMatchObject({ code: "too_large", file, message: expect.stringMatching(/decompression bomb/) });
    expect(error.message).toContain(name);
  });

  it("checks the whole-upload ratio as it goes, even while the handler reads nothing", async () => {
    const bomb = await tarGzBuffer([
      { name: "skipped.tar", content: zeros },
      { name: "never.log", content: "x" },
    ]);
    const { error, delivered } = await rejectionOf(bomb, "b.tar.gz");
    expect(error).toMatchObject({ code: "too_large", message: expect.stringMatching(/decompression bomb/) });
    expect(delivered).toEqual([]);
  });

  it("lets small archives through even when they compress beyond the ratio (a repetitive log)", async () => {
    const progress = "Downloading layer sha256:4f4fb700ef54: 100%\n".repeat(12_000);
    const small = await tarGzBuffer([{ name: "pull.log", content: progress }]);
    expect(progress.length).toBeGreaterThan(small.length * DEFAULT_ARCHIVE_LIMITS.maxCompressionRatio);
    expect(progress.length).toBeLessThan(BOMB_FLOOR_BYTES);
    const { files } = await collect(await writeUpload(dir, small), "small.tar.gz");
    expect(files.map((file) => file.content.length)).toEqual([progress.length]);
  });
});

describe("corrupt or truncated input (400, naming the upload)", () => {
  const members: TarMember[] = [
    { name: "a.log", content: randomBytes(200_000) },
    { name: "b.log", content: "b" },
  ];

  it("a truncated tar.gz", async () => {
    const whole = await tarGzBuffer(members);
    const { error } = await rejectionOf(whole.subarray(0, whole.length / 2), "cut.tar.gz");
    expect(error).toMatchObject({
      code: "bad_request",
      file: "cut.tar.gz",
      message: expect.stringMatching(/cut\.tar\.gz.*truncated/),
    });
  });

  it("a truncated gz", async () => {
    const whole = gzipSync(randomBytes(100_000));
    const { error } = await rejectionOf(whole.subarray(0, whole.length - 100), "cut.log.gz");
    expect(error).toMatchObject({
      code: "bad_request",
      file: "cut.log.gz",
      message: expect.stringMatching(/truncated/),
    });
  });

  it("a tar cut off in the middle of an entry", async () => {
    const whole = await tarBuffer(members);
    const { error } = await rejectionOf(whole.subarray(0, 100_000), "cut.tar");
    expect(error).toMatchObject({ code: "bad_request", file: "cut.tar", message: expect.stringMatching(/truncated/) });
  });

  it("a tar header with a bad checksum", async () => {
    const tarBytes = await tarBuffer([
      { name: "a.log", content: "a" },
      { name: "b.log", content: "b" },
    ]);
    const damaged = Buffer.from(tarBytes);
    damaged[1024] = "c".charCodeAt(0); // second header's name: "b.log" → "c.log", checksum no longer matches
    for (const [bytes, name] of [
      [damaged, "bad.tar"],
      [gzipSync(damaged), "bad.tar.gz"],
    ] as const) {
      const { error, delivered } = await rejectionOf(bytes, name);
      expect(error).toMatchObject({ code: "bad_request", file: name, message: expect.stringMatching(/tar header/) });
      expect(delivered).toEqual(["a.log"]);
    }
  });

  it.each([
    ["garbage.tar.gz", /gzip-compressed tar/],
    ["garbage.tgz", /gzip-compressed tar/],
    ["garbage.zip", /zip archive/],
    ["garbage.tar", /tar archive/],
    ["garbage.gz", /gzip/],
  ])("garbage bytes named %s", async (name, message) => {
    const { error } = await rejectionOf(randomBytes(4096), name);
    expect(error).toMatchObject({ code: "bad_request", file: name });
    expect(error.message).toMatch(message);
    expect(error.message).toContain(name);
  });

  it("a zip signature followed by garbage", async () => {
    const bytes = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), randomBytes(2000)]);
    expect((await rejectionOf(bytes, "upload.json")).error).toMatchObject({ code: "bad_request", file: "upload.json" });
  });

  it("a zip whose entry data is damaged, naming the entry", async () => {
    const zip = await zipBuffer([
      { name: "run.json", content: JSON.stringify({ items: Array(5000).fill("pipeline") }) },
    ]);
    const damaged = Buffer.from(zip);
    for (let at = 60; at < 120; at += 1) damaged[at] = 0xff; // inside run.json's deflate stream
    const { error } = await rejectionOf(damaged, "b.zip");
    expect(error).toMatchObject({
      code: "bad_request",
      file: "run.json",
      message: expect.stringMatching(/"run\.json" in b\.zip is corrupt/),
    });
  });

  it("a zip with its central directory cut off", async () => {
    const zip = await zipBuffer([{ name: "a.log", content: "a" }]);
    expect((await rejectionOf(zip.subarray(0, zip.length - 30), "cut.zip")).error).toMatchObject({
      code: "bad_request",
      file: "cut.zip",
    });
  });

  it("fails the handler's stream with the same error, and still rejects if the handler swallows it", async () => {
    const whole = await tarGzBuffer(members);
    let seenByHandler: unknown;
    const error = await rejection(
      readBundle(
        await writeUpload(dir, whole.subarray(0, whole.length / 2)),
        "cut.tar.gz",
        DEFAULT_ARCHIVE_LIMITS,
        async (_, content) => {
          try {
            for await (const _chunk of content);
          } catch (streamError) {
            seenByHandler = streamError;
          }
        },
      ),
    );
    expect(error).toMatchObject({ code: "bad_request", file: "cut.tar.gz" });
    expect(seenByHandler).toBe(error);
  });
});
