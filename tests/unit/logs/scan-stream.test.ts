import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLogScanner } from "@/lib/logs/scan-lines";
import { scanLogStream } from "@/lib/logs/scan-stream";
import type { LogScanResult } from "@/lib/logs/types";
import { ESC, HERMETO_STEP, REMOTE_BUILD_STEP, TA_CREATE_STEP, TA_RESTORE_STEP } from "./fixtures";

/** A stream that yields `bytes` cut at the given offsets (each chunk a separate Buffer). */
function chunked(bytes: Buffer, cuts: number[] = []): Readable {
  const offsets = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const end of [...offsets, bytes.length]) {
    if (end > start) chunks.push(bytes.subarray(start, end));
    start = end;
  }
  return Readable.from(chunks);
}

const scanText = (text: string, mode: "plain" | "taskrun" | "pipelinerun" = "plain", maxLineBytes?: number) =>
  scanLogStream(chunked(Buffer.from(text, "utf8")), { mode, maxLineBytes });

const single = (results: Map<string, LogScanResult>) => {
  const result = results.get("");
  if (result === undefined) throw new Error("no result for key ''");
  return result;
};

describe("scanLogStream modes", () => {
  it("plain: one result under '', the same as the scanner's", async () => {
    const results = await scanText(REMOTE_BUILD_STEP);
    expect([...results.keys()]).toEqual([""]);
    expect(single(results).signals.filter((s) => s.kind === "remote-marker")).toHaveLength(7);
    expect(single(results).lines).toBe(61);
  });

  it("taskrun: one result per step of a tkn tr logs text", async () => {
    const text = [
      ...TA_RESTORE_STEP.split("\n").map((l) => `[use-trusted-artifact] ${l}`),
      ...REMOTE_BUILD_STEP.split("\n").map((l) => `[build] ${l}`),
    ].join("\n");
    const results = await scanText(text, "taskrun");
    expect([...results.keys()]).toEqual(["use-trusted-artifact", "build"]);
    expect(results.get("use-trusted-artifact")?.signals.map((s) => s.kind)).toEqual([
      "retry",
      "ta-restored",
      "ta-restored",
      "time-v",
    ]);
    expect(results.get("build")?.signals.find((s) => s.kind === "prepare-system-arch")?.line).toBe(10 + 40);
  });

  it("pipelinerun: keys are task/step; unprefixed lines go to ''", async () => {
    const text = [
      "[prefetch-dependencies : prefetch-dependencies] 2025-09-17 10:41:07,415 INFO Reading RPM lockfile: rpms.lock.yaml",
      "[2025-09-17T10:57:14,123456789+00:00] Rsync data",
      "[build-images : build] [2025-09-17T10:57:14,123456789+00:00] Rsync data",
    ].join("\n");
    const results = await scanText(text, "pipelinerun");
    expect([...results.keys()].sort()).toEqual([
      "",
      "build-images/build",
      "prefetch-dependencies/prefetch-dependencies",
    ]);
    expect(results.get("")?.signals).toMatchObject([{ kind: "remote-marker", line: 2 }]);
    expect(results.get("build-images/build")?.signals).toMatchObject([{ kind: "remote-marker", line: 3 }]);
  });
});

describe("scanLogStream edge cases", () => {
  it("returns an empty plain result for empty input", async () => {
    expect(await scanText("")).toEqual(
      new Map([["", { signals: [], lines: 0, firstTimestamp: null, lastTimestamp: null, warnings: [] }]]),
    );
    expect((await scanText("", "pipelinerun")).size).toBe(0);
  });

  it("counts a last line without newline, and no phantom line after a final newline", async () => {
    expect(single(await scanText("a\nb")).lines).toBe(2);
    expect(single(await scanText("a\nb\n")).lines).toBe(2);
    expect(single(await scanText("\n")).lines).toBe(1);
  });

  it("treats CRLF like LF", async () => {
    const lf = single(await scanText(TA_CREATE_STEP));
    const crlf = single(await scanText(TA_CREATE_STEP.replaceAll("\n", "\r\n")));
    expect(crlf).toEqual(lf);
    expect(crlf.signals.find((s) => s.kind === "time-v")).toMatchObject({ elapsedS: 95.48, exitStatus: 0 });
  });

  it("joins a marker line split across chunks", async () => {
    const text = "noise\n[2025-09-17T10:57:14,123456789+00:00] Rsync data\nmore\n";
    const cut = text.indexOf("Rsync");
    const result = single(await scanLogStream(chunked(Buffer.from(text), [3, cut, cut + 2]), { mode: "plain" }));
    expect(result.signals).toEqual([
      { kind: "remote-marker", line: 2, marker: "Rsync data", at: new Date("2025-09-17T10:57:14.123Z") },
    ]);
  });

  it("decodes a multi-byte character split between chunks", async () => {
    const text = "WARN: found skip file in /var/workdir/café-€-😀\n";
    const bytes = Buffer.from(text);
    const emoji = bytes.indexOf(Buffer.from("😀"));
    const euro = bytes.indexOf(Buffer.from("€"));
    const result = single(await scanLogStream(chunked(bytes, [euro + 1, euro + 2, emoji + 3]), { mode: "plain" }));
    expect(result.signals).toEqual([{ kind: "ta-skip", line: 1, dir: "/var/workdir/café-€-😀" }]);
    expect(result.warnings).toEqual([]);
  });

  it("reads a stream that delivers strings", async () => {
    const results = await scanLogStream(Readable.from(["Localhost detected; ", "running build in cluster\n"]), {
      mode: "plain",
    });
    expect(single(results).signals).toEqual([{ kind: "localhost-build", line: 1 }]);
  });

  it("truncates an over-long line, warns, and keeps scanning the next lines", async () => {
    const long = `WARN: found skip file in /${"a".repeat(5000)}`;
    const text = `${long}\nLocalhost detected; running build in cluster\n`;
    for (const cuts of [[], [100, 2000, 4500]]) {
      const result = single(
        await scanLogStream(chunked(Buffer.from(text), cuts), { mode: "plain", maxLineBytes: 1024 }),
      );
      expect(result.signals).toEqual([
        { kind: "ta-skip", line: 1, dir: `/${"a".repeat(1024 - "WARN: found skip file in /".length)}` },
        { kind: "localhost-build", line: 2 },
      ]);
      expect(result.warnings).toEqual([
        "line 1: 5026 bytes, longer than the 1024-byte limit; only its start was scanned",
      ]);
    }
  });

  it("never cuts a character in two when truncating", async () => {
    const text = `WARN: found skip file in /${"é".repeat(100)}\n`;
    const result = single(await scanText(text, "plain", 31));
    // 26 ASCII bytes, then two-byte characters: 31 bytes would end inside the third one.
    expect(result.signals).toEqual([{ kind: "ta-skip", line: 1, dir: "/éé" }]);
  });

  it("holds a line of many megabytes in chunks without keeping it", async () => {
    const chunk = Buffer.alloc(1 << 16, "x".charCodeAt(0));
    const chunkCount = 256;
    async function* source() {
      yield Buffer.from("Pushed [registry] quay.io/a/b:");
      for (let i = 0; i < chunkCount; i++) yield chunk;
      yield Buffer.from("\nArtifacts created\n");
    }
    const result = single(await scanLogStream(Readable.from(source()), { mode: "plain", maxLineBytes: 4096 }));
    const pushed = result.signals[0];
    expect(pushed?.kind === "ta-pushed" && pushed.ref.length).toBe(4096 - "Pushed [registry] ".length);
    expect(result.lines).toBe(2);
    expect(result.warnings[0]).toContain(`${30 + chunkCount * chunk.length} bytes`);
  });

  it("rejects a limit that is not a positive integer", async () => {
    await expect(scanText("x", "plain", 0)).rejects.toThrow(RangeError);
    await expect(scanText("x", "plain", 1.5)).rejects.toThrow("maxLineBytes must be a positive integer, got 1.5");
  });

  it("rejects when the input stream fails", async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error("disk gone"));
      },
    });
    await expect(scanLogStream(failing, { mode: "plain" })).rejects.toThrow("disk gone");
  });
});

describe("scanLogStream properties", () => {
  const realistic = [HERMETO_STEP, TA_CREATE_STEP, TA_RESTORE_STEP, REMOTE_BUILD_STEP].join("\n").split("\n");
  const lineArbitrary = fc
    .oneof(
      fc.constantFrom(...realistic),
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.string({ unit: "binary", maxLength: 30 }),
    )
    .map((line) => line.replaceAll("\n", " "));
  const prefixArbitrary = fc.constantFrom("", "[build] ", "[build-images : build] ", "[init : init] ");

  it("gives the same result however the bytes are chunked", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(prefixArbitrary, lineArbitrary, fc.constantFrom("\n", "\r\n")), { maxLength: 40 }),
        fc.array(fc.nat(4000), { maxLength: 30 }),
        fc.constantFrom("plain", "taskrun", "pipelinerun"),
        fc.option(fc.integer({ min: 1, max: 80 }), { nil: undefined }),
        async (lines, cuts, mode, maxLineBytes) => {
          const bytes = Buffer.from(lines.map(([p, l, end]) => p + l + end).join(""));
          const whole = await scanLogStream(chunked(bytes), { mode, maxLineBytes });
          const pieces = await scanLogStream(chunked(bytes, cuts), { mode, maxLineBytes });
          expect(pieces).toEqual(whole);
          const counted = [...whole.values()].reduce((sum, r) => sum + r.lines, 0);
          expect(counted).toBe(lines.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("plain mode agrees with pushing every line to one scanner, across decode windows and chunks", async () => {
    // Long enough (with padding lines) that one chunk spans several 16 KiB decode windows.
    const padded = fc.oneof(
      lineArbitrary,
      fc.nat(3000).map((n) => " ".repeat(n)),
      fc.constant(`${ESC}[1mTotal`),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(padded, { maxLength: 80 }),
        fc.array(fc.nat(120_000), { maxLength: 8 }),
        async (lines, cuts) => {
          const scanner = createLogScanner();
          for (const line of lines) scanner.push(line);
          const bytes = Buffer.from(lines.map((line) => `${line}\n`).join(""));
          expect(single(await scanLogStream(chunked(bytes, cuts), { mode: "plain" }))).toEqual(scanner.finish());
        },
      ),
      { numRuns: 100 },
    );
  });

  it("never throws on random bytes, chunked anyhow, and agrees with the unchunked scan", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 600 }),
        fc.array(fc.nat(600), { maxLength: 20 }),
        fc.integer({ min: 1, max: 64 }),
        async (raw, cuts, maxLineBytes) => {
          const bytes = Buffer.from(raw);
          const whole = await scanLogStream(chunked(bytes), { mode: "pipelinerun", maxLineBytes });
          const pieces = await scanLogStream(chunked(bytes, cuts), { mode: "pipelinerun", maxLineBytes });
          expect(pieces).toEqual(whole);
          const newlines = bytes.filter((b) => b === 10).length;
          const expectedLines = newlines + (bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? 1 : 0);
          expect([...whole.values()].reduce((sum, r) => sum + r.lines, 0)).toBe(expectedLines);
        },
      ),
      { numRuns: 300 },
    );
  });
});
