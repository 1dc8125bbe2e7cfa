// The uploads' analysis worker (lib/ingest/analyse-worker.ts): every fixture upload analysed in the worker gives the
// contents the inline analysis gives, a bad upload the same AppError, and a stopped worker fails its analyses and
// leaves the next ones inline.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { analyseUpload, startAnalyseWorker, stopAnalyseWorker } from "@/lib/ingest/analyse-worker";
import { analyseBundle } from "@/lib/ingest/ingest-bundle";
import { DEFAULT_ARCHIVE_LIMITS } from "@/lib/ingest/types";
import { writeBundles, type WrittenBundle } from "../../fixtures/bundles/write-bundles";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
let dir: string;
let bundles: WrittenBundle[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "analyse-worker-"));
  bundles = await writeBundles(dir);
});
afterAll(async () => {
  await stopAnalyseWorker();
  await rm(dir, { recursive: true, force: true });
});

const part = (file: string) => ({ path: file, filename: path.basename(file) });
const limits = { ...DEFAULT_ARCHIVE_LIMITS };
const rejection = (work: Promise<unknown>) =>
  work.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );

describe("the uploads' analysis worker", () => {
  it("gives every fixture upload's contents exactly as the inline analysis does, and the same errors", async () => {
    expect(bundles.length).toBeGreaterThanOrEqual(6);
    const inline = await Promise.all(bundles.map((b) => analyseBundle([part(b.file)], limits)));
    const several = await analyseBundle(
      bundles.map((b) => part(b.file)),
      limits,
    );
    const truncated = path.join(dir, "truncated.tar.gz");
    await writeFile(truncated, gzipSync(Buffer.alloc(4096, 1)).subarray(0, 40));
    const inlineError = await rejection(analyseBundle([part(truncated)], limits));
    const tight = { ...limits, maxEntries: 1 };
    const inlineTooMany = await rejection(analyseBundle([part(bundles[0]!.file)], tight));

    expect(startAnalyseWorker(root)).toBe(true);
    // Side by side in the one worker, as concurrent uploads are.
    const inWorker = await Promise.all(bundles.map((b) => analyseUpload([part(b.file)], limits)));
    expect(inWorker).toEqual(inline);
    expect(inWorker.some((c) => c.linked.length > 0 && c.facts.logs.length > 0)).toBe(true);
    expect(
      await analyseUpload(
        bundles.map((b) => part(b.file)),
        limits,
      ),
    ).toEqual(several);

    for (const [error, expected] of [
      [await rejection(analyseUpload([part(truncated)], limits)), inlineError],
      [await rejection(analyseUpload([part(bundles[0]!.file)], tight)), inlineTooMany],
    ] as const) {
      expect(expected).toBeInstanceOf(AppError);
      expect(error).toBeInstanceOf(AppError);
      const { code, message, file, details } = expected as AppError;
      expect(error).toMatchObject({ code, message, file, details });
    }
  }, 60_000);

  it("fails the analyses of a stopped worker, then analyses inline until started again", async () => {
    expect(startAnalyseWorker(root)).toBe(true);
    const big = bundles.find((b) => b.file.endsWith(".tar.gz"))!;
    const pending = analyseUpload([part(big.file)], limits);
    await stopAnalyseWorker();
    await expect(pending).rejects.toThrow(/worker stopped/);
    expect(await analyseUpload([part(big.file)], limits)).toEqual(await analyseBundle([part(big.file)], limits));
    expect(startAnalyseWorker(root)).toBe(true);
    expect(await analyseUpload([part(big.file)], limits)).toEqual(await analyseBundle([part(big.file)], limits));
  }, 60_000);

  it("stays inline when tsx cannot be found", async () => {
    await stopAnalyseWorker();
    expect(startAnalyseWorker(os.tmpdir())).toBe(false);
  });
});
