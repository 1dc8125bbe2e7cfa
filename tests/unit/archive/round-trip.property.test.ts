import { buffer } from "node:stream/consumers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBundle } from "@/lib/ingest/archive";
import { DEFAULT_ARCHIVE_LIMITS } from "@/lib/ingest/types";
import { tarBuffer, tarGzBuffer, tempDir, writeUpload } from "./fixtures";

let dir: string;
let removeDir: () => Promise<void>;
beforeAll(async () => ({ dir, remove: removeDir } = await tempDir()));
afterAll(() => removeDir());

// Segments that need no normalising and trigger no skip rule (no "._" prefix, no archive suffix).
const segment = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,11}(\.(json|log|yaml))?$/);
const safePath = fc.array(segment, { minLength: 1, maxLength: 6 }).map((segments) => segments.join("/"));
const files = fc.uniqueArray(fc.record({ name: safePath, content: fc.uint8Array({ maxLength: 3000 }) }), {
  selector: (file) => file.name,
  maxLength: 12,
});

describe("tar round trip", () => {
  it("hands back every file of any tar or tar.gz of safe paths, in order, byte for byte", async () => {
    await fc.assert(
      fc.asyncProperty(files, fc.boolean(), async (generated, gzipped) => {
        const members = generated.map(({ name, content }) => ({ name, content: Buffer.from(content) }));
        const bytes = gzipped ? await tarGzBuffer(members) : await tarBuffer(members);
        const received: { name: string; content: Buffer }[] = [];
        const summary = await readBundle(
          await writeUpload(dir, bytes),
          gzipped ? "r.tar.gz" : "r.tar",
          DEFAULT_ARCHIVE_LIMITS,
          async (entry, content) => {
            received.push({ name: entry.path, content: await buffer(content) });
          },
        );
        expect(received).toEqual(members);
        expect(summary).toEqual({
          format: gzipped ? "tar.gz" : "tar",
          entries: members.length,
          bytes: members.reduce((sum, member) => sum + member.content.length, 0),
          skipped: [],
        });
      }),
      { numRuns: 60 },
    );
  });
});
