// The upload's reusable read buffer: each file's view holds exactly the bytes appended since the last reset.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScratchBuffer } from "@/lib/ingest/scratch-buffer";

describe("ScratchBuffer", () => {
  it("holds exactly what was appended since the last reset, growing as needed", () => {
    const file = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 });
    fc.assert(
      fc.property(fc.array(file, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 64 }), (files, initial) => {
        const scratch = new ScratchBuffer(initial);
        for (const chunks of files) {
          scratch.reset();
          for (const chunk of chunks) scratch.append(chunk);
          expect(scratch.view()).toEqual(Buffer.concat(chunks));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("reuses its memory for the next file", () => {
    const scratch = new ScratchBuffer(4);
    scratch.append(Buffer.from("a long first file"));
    const first = scratch.view();
    scratch.reset();
    scratch.append(Buffer.from("short"));
    expect(scratch.view().toString()).toBe("short");
    expect(scratch.view().buffer).toBe(first.buffer);
  });
});
