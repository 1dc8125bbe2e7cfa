import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBundle } from "@/lib/ingest/archive";
import { DEFAULT_ARCHIVE_LIMITS } from "@/lib/ingest/types";
import { rejection, tarBuffer, tarGzBuffer, tempDir, writeUpload, zipBuffer } from "./fixtures";

let dir: string;
let removeDir: () => Promise<void>;
beforeAll(async () => ({ dir, remove: removeDir } = await tempDir()));
afterAll(() => removeDir());

class ParseFailure extends Error {}

const members = ["a.json", "b.json", "c.json"].map((name) => ({ name, content: `{"name":"${name}"}`.repeat(5000) }));

describe("errors thrown by onEntry", () => {
  it.each([
    ["tar", () => tarBuffer(members), "b.tar"],
    ["tar.gz", () => tarGzBuffer(members), "b.tar.gz"],
    ["zip", () => zipBuffer(members), "b.zip"],
  ])("propagate unchanged from a %s, and no later entry is read", async (_, build, name) => {
    const thrown = new ParseFailure("b.json line 1: not a PipelineRun");
    const seen: string[] = [];
    const error = await rejection(
      readBundle(await writeUpload(dir, await build()), name, DEFAULT_ARCHIVE_LIMITS, async (entry, content) => {
        seen.push(entry.path);
        if (entry.path === "b.json") {
          content.read(0); // mid-stream: a chunk request is in flight when the handler gives up
          throw thrown;
        }
        for await (const _chunk of content);
      }),
    );
    expect(error).toBe(thrown);
    expect(seen).toEqual(["a.json", "b.json"]);
  });

  it("propagate unchanged from a gz and a plain file", async () => {
    for (const [bytes, name] of [
      [gzipSync("{}"), "run.json.gz"],
      [Buffer.from("{}"), "run.json"],
    ] as const) {
      const thrown = new ParseFailure("nope");
      const error = await rejection(
        readBundle(await writeUpload(dir, bytes), name, DEFAULT_ARCHIVE_LIMITS, () => Promise.reject(thrown)),
      );
      expect(error).toBe(thrown);
    }
  });

  it("are not mistaken for corrupt input even when they are plain Errors", async () => {
    const thrown = new Error("Unexpected end of data");
    const error = await rejection(
      readBundle(await writeUpload(dir, await tarGzBuffer(members)), "b.tar.gz", DEFAULT_ARCHIVE_LIMITS, async () => {
        throw thrown;
      }),
    );
    expect(error).toBe(thrown);
  });

  it("leave the reader able to read the same file again (nothing left half-open)", async () => {
    const path = await writeUpload(dir, await tarGzBuffer(members));
    await rejection(readBundle(path, "b.tar.gz", DEFAULT_ARCHIVE_LIMITS, () => Promise.reject(new ParseFailure("x"))));
    const seen: string[] = [];
    await readBundle(path, "b.tar.gz", DEFAULT_ARCHIVE_LIMITS, async (entry, content) => {
      seen.push(entry.path);
      for await (const _chunk of content);
    });
    expect(seen).toEqual(["a.json", "b.json", "c.json"]);
  });
});
