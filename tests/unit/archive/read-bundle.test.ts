import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBundle } from "@/lib/ingest/archive";
import { DEFAULT_ARCHIVE_LIMITS } from "@/lib/ingest/types";
import {
  collect,
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

const run = JSON.stringify({ kind: "PipelineRun", metadata: { name: "build-amd64" } });
const taskLog = "step-prefetch: fetched 412 packages in 38 s\n";

const bundleMembers: TarMember[] = [
  { name: "pipelineruns/", type: "directory" },
  { name: "pipelineruns/build-amd64.json", content: run },
  { name: "logs/arm64/prefetch.log", content: taskLog },
  { name: "README", content: "" },
];
const expectedFiles = [
  { path: "pipelineruns/build-amd64.json", size: Buffer.byteLength(run), content: run },
  { path: "logs/arm64/prefetch.log", size: Buffer.byteLength(taskLog), content: taskLog },
  { path: "README", size: 0, content: "" },
];

describe("readBundle on each format", () => {
  it("reads a tar: every regular file in order, with exact paths and contents; directories listed as skipped", async () => {
    const path = await writeUpload(dir, await tarBuffer(bundleMembers));
    const { summary, files } = await collect(path, "bundle.tar");
    expect(files).toEqual(expectedFiles);
    expect(summary).toEqual({
      format: "tar",
      entries: 3,
      bytes: Buffer.byteLength(run) + Buffer.byteLength(taskLog),
      skipped: [{ path: "pipelineruns", reason: "directory" }],
    });
  });

  it("reads a tar.gz the same way", async () => {
    const path = await writeUpload(dir, await tarGzBuffer(bundleMembers));
    const { summary, files } = await collect(path, "bundle.tgz");
    expect(files).toEqual(expectedFiles);
    expect(summary.format).toBe("tar.gz");
    expect(summary.entries).toBe(3);
  });

  it("reads a zip, deflated and stored entries alike, and skips its directory entries", async () => {
    const zip = await zipBuffer([
      { name: "pipelineruns/", directory: true },
      { name: "pipelineruns/build-amd64.json", content: run },
      { name: "logs/arm64/prefetch.log", content: taskLog, compress: false },
      { name: "README", content: "" },
    ]);
    const { summary, files } = await collect(await writeUpload(dir, zip), "bundle.zip");
    expect(files).toEqual(expectedFiles);
    expect(summary).toMatchObject({
      format: "zip",
      entries: 3,
      skipped: [{ path: "pipelineruns", reason: "directory" }],
    });
  });

  it("reads a gz as one entry named after the upload without .gz, size unknown", async () => {
    const path = await writeUpload(dir, gzipSync(run));
    const { summary, files } = await collect(path, "build-amd64.json.gz");
    expect(files).toEqual([{ path: "build-amd64.json", size: null, content: run }]);
    expect(summary).toEqual({ format: "gz", entries: 1, bytes: Buffer.byteLength(run), skipped: [] });
  });

  it("reads a plain file as its own single entry, named by the upload's last path segment", async () => {
    const path = await writeUpload(dir, Buffer.from(taskLog));
    const { summary, files } = await collect(path, "C:\\Users\\me\\prefetch.log");
    expect(files).toEqual([{ path: "prefetch.log", size: Buffer.byteLength(taskLog), content: taskLog }]);
    expect(summary.format).toBe("plain");
  });

  it("reads an empty zip as a bundle with nothing in it", async () => {
    const path = await writeUpload(dir, await zipBuffer([]));
    expect(await collect(path, "empty.zip")).toEqual({
      summary: { format: "zip", entries: 0, bytes: 0, skipped: [] },
      files: [],
    });
  });

  it("reads an entry bigger than every stream buffer intact", async () => {
    const big = Array.from({ length: 40_000 }, (_, i) => `line ${i}: ${"x".repeat(i % 50)}\n`).join("");
    for (const [bytes, name] of [
      [await tarGzBuffer([{ name: "big.log", content: big }]), "big.tar.gz"],
      [await zipBuffer([{ name: "big.log", content: big }]), "big.zip"],
    ] as const) {
      const { files } = await collect(await writeUpload(dir, bytes), name);
      expect(files[0]?.content).toBe(big);
    }
  });
});

describe("entry names", () => {
  it('normalises "./", "//" and "." segments', async () => {
    const path = await writeUpload(
      dir,
      await tarBuffer([
        { name: "./logs//a.log", content: "a" },
        { name: "logs/./b.log", content: "b" },
      ]),
    );
    expect((await collect(path, "names.tar")).files.map((file) => file.path)).toEqual(["logs/a.log", "logs/b.log"]);
  });

  it("reads long names carried in PAX headers without listing the headers themselves", async () => {
    const longName = `${"deep/".repeat(40)}run.json`;
    const path = await writeUpload(dir, await tarBuffer([{ name: longName, content: run }]));
    const { summary, files } = await collect(path, "long.tar");
    expect(files.map((file) => file.path)).toEqual([longName]);
    expect(summary.skipped).toEqual([]);
  });

  it("treats backslashes in zip names as separators (Windows zippers write them)", async () => {
    const zip = renameInZip(
      await zipBuffer([{ name: "logs/a/b.log", content: "b" }]),
      "logs/a/b.log",
      "logs\\a\\b.log",
    );
    expect((await collect(await writeUpload(dir, zip), "win.zip")).files.map((file) => file.path)).toEqual([
      "logs/a/b.log",
    ]);
  });
});

describe("entries passed over", () => {
  it("skips nested archives and macOS metadata with a reason, and still reads what follows", async () => {
    const members: TarMember[] = [
      { name: "inner.tar", content: "x" },
      { name: "more/inner.tgz", content: "x" },
      { name: "more/inner.tar.gz", content: "x" },
      { name: "more/inner.zip", content: "x" },
      { name: "__MACOSX/logs/._a.log", content: "x" },
      { name: "logs/._a.log", content: "x" },
      { name: "logs/a.log", content: "kept" },
    ];
    for (const [bytes, name] of [
      [await tarGzBuffer(members), "b.tar.gz"],
      [await zipBuffer(members.map((m) => ({ name: m.name, content: m.content }))), "b.zip"],
    ] as const) {
      const { summary, files } = await collect(await writeUpload(dir, bytes), name);
      expect(files.map((file) => [file.path, file.content])).toEqual([["logs/a.log", "kept"]]);
      expect(summary.skipped).toEqual([
        { path: "inner.tar", reason: "nested archives are not opened" },
        { path: "more/inner.tgz", reason: "nested archives are not opened" },
        { path: "more/inner.tar.gz", reason: "nested archives are not opened" },
        { path: "more/inner.zip", reason: "nested archives are not opened" },
        { path: "__MACOSX/logs/._a.log", reason: expect.stringContaining("macOS") },
        { path: "logs/._a.log", reason: expect.stringContaining("macOS") },
      ]);
      expect(summary.entries).toBe(1);
    }
  });
});

describe("handlers that do not read everything", () => {
  const members: TarMember[] = [
    { name: "first.log", content: "y".repeat(300_000) },
    { name: "second.log", content: "second" },
  ];

  const treatments: [string, (content: Readable) => void][] = [
    ["ignores the stream", () => undefined],
    ["destroys it after one chunk", (content) => void content.once("data", () => content.destroy())],
  ];
  it.each(treatments)("moves on to the next entry when the handler %s", async (_, treat) => {
    for (const [bytes, name] of [
      [await tarGzBuffer(members), "b.tar.gz"],
      [await zipBuffer(members.map((m) => ({ name: m.name, content: m.content }))), "b.zip"],
    ] as const) {
      const seen: string[] = [];
      const summary = await readBundle(
        await writeUpload(dir, bytes),
        name,
        DEFAULT_ARCHIVE_LIMITS,
        async (entry, content) => {
          seen.push(entry.path);
          if (entry.path === "first.log") {
            treat(content);
            await new Promise((resolve) => setTimeout(resolve, 10));
          } else {
            expect(await text(content)).toBe("second");
          }
        },
      );
      expect(seen).toEqual(["first.log", "second.log"]);
      expect(summary.entries).toBe(2);
    }
  });

  it("pulls from the archive only as the handler reads (backpressure)", async () => {
    const path = await writeUpload(dir, await tarGzBuffer([{ name: "big.log", content: randomBytes(4 * 1024 ** 2) }]));
    let buffered = -1;
    await readBundle(path, "big.tar.gz", DEFAULT_ARCHIVE_LIMITS, async (_, content) => {
      // Ask for data without consuming any: the stream fills its buffer, then must stop pulling.
      content.read(0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      buffered = content.readableLength;
      content.destroy();
    });
    expect(buffered).toBeGreaterThan(0);
    expect(buffered).toBeLessThanOrEqual(128 * 1024);
  });
});
