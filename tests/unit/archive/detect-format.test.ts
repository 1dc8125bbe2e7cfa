import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectFormat } from "@/lib/ingest/archive";
import { tarBuffer, tempDir, writeUpload, zipBuffer } from "./fixtures";

let dir: string;
let removeDir: () => Promise<void>;
beforeAll(async () => ({ dir, remove: removeDir } = await tempDir()));
afterAll(() => removeDir());

describe("detectFormat", () => {
  it("goes by the bytes whatever the name says", async () => {
    const tar = await tarBuffer([{ name: "a.json", content: "{}" }]);
    const cases: [Buffer, string, string][] = [
      [tar, "bundle.zip", "tar"],
      [gzipSync(tar), "bundle.json", "tar.gz"],
      [gzipSync("{}"), "bundle.tar", "gz"],
      [await zipBuffer([{ name: "a.json", content: "{}" }]), "bundle.tar.gz", "zip"],
      [await zipBuffer([]), "bundle.log", "zip"],
      [Buffer.from('{"kind":"PipelineRun"}'), "bundle.json", "plain"],
    ];
    for (const [bytes, name, format] of cases) {
      expect(await detectFormat(await writeUpload(dir, bytes), name), `${name} → ${format}`).toBe(format);
    }
  });

  it("lets the name break ties when the bytes are not recognised", async () => {
    const text = Buffer.from("not an archive at all");
    for (const [name, format] of [
      ["x.tar.gz", "tar.gz"],
      ["x.TGZ", "tar.gz"],
      ["x.gz", "gz"],
      ["x.zip", "zip"],
      ["x.tar", "tar"],
      ["x.log", "plain"],
    ]) {
      expect(await detectFormat(await writeUpload(dir, text), name!)).toBe(format);
    }
  });

  it("calls a gzip named .tar.gz a tar.gz even if its start is not ustar, so the tar reader can say why", async () => {
    expect(await detectFormat(await writeUpload(dir, gzipSync("{}")), "bundle.tar.gz")).toBe("tar.gz");
  });

  it("reads an empty file as plain", async () => {
    expect(await detectFormat(await writeUpload(dir, Buffer.alloc(0)), "x")).toBe("plain");
  });
});
