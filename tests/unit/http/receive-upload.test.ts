// receiveUpload: raw bodies named by X-Filename and multipart `file` parts, spooled to temp files, with the
// size limit, type checks and multipart shape errors as AppErrors. Uses real Request objects.
import { createHash, randomBytes } from "node:crypto";
import { access, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import type { SpooledPart } from "@/lib/ingest/archive";
import { MAX_FILE_PARTS, receiveUpload, safeFilename } from "@/lib/http/receive-upload";

const URL = "http://127.0.0.1:3000/api/bundles";
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

const received: SpooledPart[] = [];
afterEach(async () => {
  await Promise.all(received.splice(0).map((part) => part.cleanup()));
});

async function receive(request: Request, maxBytes = 1024 * 1024): Promise<SpooledPart[]> {
  const parts = await receiveUpload(request, { maxBytes });
  received.push(...parts);
  return parts;
}

async function rejection(request: Request, maxBytes = 1024 * 1024, idleTimeoutMs?: number): Promise<AppError> {
  try {
    received.push(...(await receiveUpload(request, { maxBytes, idleTimeoutMs })));
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("receiveUpload accepted the request");
}

/** A body that arrives in chunks without a Content-Length, as `curl -T -` or a streaming fetch sends it. */
function streamed(bytes: Uint8Array, chunk = 16 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + chunk)));
      offset += chunk;
    },
  });
}

async function multipart(form: FormData): Promise<{ body: Uint8Array<ArrayBuffer>; contentType: string }> {
  const response = new Response(form);
  return { body: new Uint8Array(await response.arrayBuffer()), contentType: response.headers.get("content-type")! };
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe("receiveUpload, raw body", () => {
  it("spools the body under the X-Filename's last path segment, with its sha256 and size", async () => {
    const bytes = randomBytes(100_000);
    const [part, ...rest] = await receive(
      new Request(URL, {
        method: "POST",
        headers: { "content-type": "application/gzip", "x-filename": "../../x.tar.gz" },
        body: bytes,
      }),
    );
    expect(rest).toEqual([]);
    expect(part).toMatchObject({ filename: "x.tar.gz", bytes: 100_000, sha256: sha256(bytes) });
    expect(await readFile(part!.path)).toEqual(bytes);
    await part!.cleanup();
    expect(await exists(part!.path)).toBe(false);
  });

  it("names a body without X-Filename after its Content-Type, and decodes a URL-encoded name", async () => {
    const yaml = Buffer.from("apiVersion: tekton.dev/v1\nkind: PipelineRun\n");
    const [unnamed] = await receive(
      new Request(URL, {
        method: "POST",
        headers: { "content-type": "application/x-yaml; charset=utf-8" },
        body: yaml,
      }),
    );
    expect(unnamed?.filename).toBe("upload.yaml");
    const [encoded] = await receive(
      new Request(URL, {
        method: "POST",
        headers: { "content-type": "application/octet-stream", "x-filename": encodeURIComponent("my run (1).tar.gz") },
        body: yaml,
      }),
    );
    expect(encoded?.filename).toBe("my run (1).tar.gz");
  });

  it("rejects an unsupported Content-Type with 415", async () => {
    const error = await rejection(
      new Request(URL, { method: "POST", headers: { "content-type": "image/png" }, body: Buffer.from("png") }),
    );
    expect(error).toMatchObject({ code: "unsupported_type", status: 415 });
    expect(error.message).toContain("Content-Type image/png is not accepted");
  });

  it("rejects a declared Content-Length over the limit with 413 before reading, and a longer stream as it arrives", async () => {
    const declared = await rejection(
      new Request(URL, {
        method: "POST",
        headers: { "content-type": "application/gzip", "content-length": "2048" },
        body: Buffer.alloc(2048),
      }),
      1024,
    );
    expect(declared).toMatchObject({ code: "too_large", status: 413 });
    expect(declared.message).toContain("The upload is 2048 bytes; the limit is 1024");

    const undeclared = await rejection(
      new Request(URL, {
        method: "POST",
        headers: { "content-type": "application/gzip", "x-filename": "big.tar.gz" },
        body: streamed(Buffer.alloc(4096), 512),
        duplex: "half",
      } as RequestInit),
      1024,
    );
    expect(undeclared).toMatchObject({ code: "too_large", file: "big.tar.gz" });
  });
});

describe("receiveUpload, multipart/form-data", () => {
  it("spools each `file` part with its own name, bytes and sha256, and ignores plain fields", async () => {
    const pipelineRun = Buffer.from(JSON.stringify({ apiVersion: "tekton.dev/v1", kind: "PipelineRun" }));
    const logs = randomBytes(70_000);
    const form = new FormData();
    form.append("comment", "nightly run");
    form.append("file", new Blob([pipelineRun]), "pipelinerun.json");
    form.append("file", new Blob([logs]), "sub/dir/logs.tar.gz");
    const { body, contentType } = await multipart(form);

    const parts = await receive(new Request(URL, { method: "POST", headers: { "content-type": contentType }, body }));
    expect(parts.map((p) => ({ filename: p.filename, bytes: p.bytes, sha256: p.sha256 }))).toEqual([
      { filename: "pipelinerun.json", bytes: pipelineRun.length, sha256: sha256(pipelineRun) },
      { filename: "logs.tar.gz", bytes: logs.length, sha256: sha256(logs) },
    ]);
    expect(await readFile(parts[0]!.path)).toEqual(pipelineRun);
    expect(await readFile(parts[1]!.path)).toEqual(logs);
    await Promise.all(parts.map((p) => p.cleanup()));
    for (const part of parts) expect(await exists(part.path)).toBe(false);
  });

  it("rejects a file under another field name with 400", async () => {
    const form = new FormData();
    form.append("file", new Blob(["{}"]), "a.json");
    form.append("attachment", new Blob(["{}"]), "b.json");
    const { body, contentType } = await multipart(form);
    const error = await rejection(new Request(URL, { method: "POST", headers: { "content-type": contentType }, body }));
    expect(error).toMatchObject({ code: "bad_request", status: 400 });
    expect(error.message).toContain('Unexpected multipart field "attachment"');
  });

  it("rejects a form without a file part with 400", async () => {
    const form = new FormData();
    form.append("comment", "forgot the file");
    const { body, contentType } = await multipart(form);
    const error = await rejection(new Request(URL, { method: "POST", headers: { "content-type": contentType }, body }));
    expect(error).toMatchObject({ code: "bad_request" });
    expect(error.message).toBe('The multipart request holds no "file" part');
  });

  it("applies the limit to all parts together, also without a Content-Length", async () => {
    const form = new FormData();
    form.append("file", new Blob([randomBytes(600)]), "a.log");
    form.append("file", new Blob([randomBytes(600)]), "b.log");
    const { body, contentType } = await multipart(form);
    const error = await rejection(
      new Request(URL, {
        method: "POST",
        headers: { "content-type": contentType },
        body: streamed(body, 100),
        duplex: "half",
      } as RequestInit),
      1000,
    );
    expect(error).toMatchObject({ code: "too_large", status: 413 });
  });

  it("rejects a multipart Content-Type without a boundary with 400", async () => {
    const error = await rejection(
      new Request(URL, { method: "POST", headers: { "content-type": "multipart/form-data" }, body: "x" }),
    );
    expect(error).toMatchObject({ code: "bad_request" });
    expect(error.message).toMatch(/^Malformed multipart request/);
  });
});

describe("safeFilename", () => {
  it.each([
    ["../../x.tar.gz", "x.tar.gz"],
    ["C:\\Users\\me\\run.tgz", "run.tgz"],
    ["run%20one.tgz", "run one.tgz"],
    ["..%2F..%2Fetc%2Fpasswd", "passwd"],
    ["%0Aforged.log", "forged.log"],
    ["bad\u0007name.log", "badname.log"],
    ["dir/", "fallback.bin"],
    ["100%.log", "100%.log"],
  ])("%j → %j", (name, safe) => {
    expect(safeFilename(name, "fallback.bin")).toBe(safe);
  });

  it("falls back when no name is given and caps the length", () => {
    expect(safeFilename(null, "upload.zip")).toBe("upload.zip");
    expect(safeFilename("a".repeat(300), "x")).toHaveLength(255);
  });
});

/** This process's spool folders in the real temp folder (other test files run in other processes). */
async function ourSpoolFolders(): Promise<string[]> {
  return (await readdir(tmpdir())).filter(
    (name) => name.startsWith("advisor-upload-") && name.includes(`-${process.pid}-`),
  );
}

/** A body that sends `chunks`, then fails with `error`, or stalls forever when `error` is "stall". */
function breaking(chunks: Uint8Array[], error: Error | "stall"): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index < chunks.length) return controller.enqueue(chunks[index++]!);
      if (error === "stall") return new Promise<void>(() => undefined);
      controller.error(error);
    },
  });
}

function streamedRequest(body: ReadableStream<Uint8Array>, contentType: string): Request {
  return new Request(URL, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
    duplex: "half",
  } as RequestInit);
}

describe("receiveUpload leaves no temp files behind and raises nothing uncaught", () => {
  // Errors that escape every listener show up here instead of as test failures elsewhere.
  const escaped: unknown[] = [];
  const record = (error: unknown) => escaped.push(error);
  beforeAll(() => {
    process.on("uncaughtException", record);
    process.on("unhandledRejection", record);
  });
  afterAll(() => {
    process.off("uncaughtException", record);
    process.off("unhandledRejection", record);
  });
  let before: string[];
  beforeAll(async () => {
    // The first upload of a process sweeps the temp folder; let it happen outside the measured tests.
    const warmUp = await receiveUpload(
      new Request(URL, { method: "POST", headers: { "content-type": "text/plain" }, body: "warm-up" }),
      { maxBytes: 1024 },
    );
    await Promise.all(warmUp.map((part) => part.cleanup()));
    before = await ourSpoolFolders();
  });
  afterEach(async () => {
    // Give late stream events (a destroyed part's error, a drained body) a turn to surface.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(escaped).toEqual([]);
    expect(await ourSpoolFolders()).toEqual(before);
  });

  it("names its spool folders advisor-upload-<host>-<pid>-<random>, so a sweep can tell whose they are", async () => {
    const [part] = await receive(
      new Request(URL, { method: "POST", headers: { "content-type": "text/plain" }, body: "one line" }),
    );
    expect(part!.path).toMatch(new RegExp(`/advisor-upload-[0-9a-f]{8}-${process.pid}-[A-Za-z0-9]{6}/upload$`));
    await part!.cleanup();
  });

  it("answers a truncated multipart body with 400 and deletes the part that was spooling", async () => {
    const form = new FormData();
    form.append("file", new Blob([randomBytes(200_000)]), "complete.bin");
    form.append("file", new Blob([randomBytes(200_000)]), "cut.bin");
    const { body, contentType } = await multipart(form);
    // Cut in the middle of the second part: busboy fails with "Unexpected end of form" and destroys that
    // part's stream with the same error, which used to be an uncaught exception.
    const error = await rejection(streamedRequest(streamed(body.subarray(0, 300_000), 8192), contentType));
    expect(error).toMatchObject({ code: "bad_request", status: 400 });
    expect(error.message).toBe("Malformed multipart request: Unexpected end of form");
  });

  it("deletes every spooled part when one part fails mid-stream (the limit)", async () => {
    const form = new FormData();
    form.append("file", new Blob([randomBytes(50_000)]), "a.log");
    form.append("file", new Blob([randomBytes(50_000)]), "b.log");
    form.append("file", new Blob([randomBytes(50_000)]), "c.log");
    const { body, contentType } = await multipart(form);
    const error = await rejection(streamedRequest(streamed(body, 4096), contentType), 120_000);
    expect(error).toMatchObject({ code: "too_large", status: 413, file: "c.log" });
  });

  it("deletes every spooled part when the body is aborted mid-part, and answers 400", async () => {
    const form = new FormData();
    form.append("file", new Blob([randomBytes(100_000)]), "first.bin");
    form.append("file", new Blob([randomBytes(100_000)]), "second.bin");
    const { body, contentType } = await multipart(form);
    const chunks = [body.subarray(0, 60_000), body.subarray(60_000, 150_000)];
    const error = await rejection(streamedRequest(breaking(chunks, new Error("client went away")), contentType));
    expect(error).toMatchObject({ code: "bad_request", status: 400 });
    expect(error.message).toBe("The upload was interrupted: client went away");
  });

  it("deletes the spool of an aborted raw body, and answers 400", async () => {
    const error = await rejection(
      streamedRequest(
        breaking([randomBytes(70_000), randomBytes(70_000)], new Error("socket hang up")),
        "application/gzip",
      ),
    );
    expect(error).toMatchObject({ code: "bad_request", message: "The upload was interrupted: socket hang up" });
  });

  it("answers 408 when the body stalls, within the idle time, and deletes the spool (raw and multipart)", async () => {
    const started = Date.now();
    const raw = await rejection(
      streamedRequest(breaking([randomBytes(10_000)], "stall"), "application/gzip"),
      1024 * 1024,
      300,
    );
    expect(raw).toMatchObject({ status: 408, message: expect.stringContaining("UPLOAD_IDLE_TIMEOUT_MS") });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(errorResponse(raw).status).toBe(408);

    const form = new FormData();
    form.append("file", new Blob([randomBytes(100_000)]), "slow.bin");
    const { body, contentType } = await multipart(form);
    const multi = await rejection(
      streamedRequest(breaking([body.subarray(0, 50_000)], "stall"), contentType),
      1024 * 1024,
      300,
    );
    expect(multi).toMatchObject({ status: 408 });
  });

  it(`answers 413 naming the limit for more than ${MAX_FILE_PARTS} file parts, and deletes those spooled`, async () => {
    const form = new FormData();
    for (let i = 0; i <= MAX_FILE_PARTS; i++) form.append("file", new Blob([`part ${i}\n`]), `part-${i}.log`);
    const { body, contentType } = await multipart(form);
    const error = await rejection(new Request(URL, { method: "POST", headers: { "content-type": contentType }, body }));
    expect(error).toMatchObject({ code: "too_large", status: 413 });
    expect(error.message).toContain(`more than ${MAX_FILE_PARTS} file parts`);
  });

  it("answers 413 for more than 100 plain fields instead of dropping them", async () => {
    const form = new FormData();
    form.append("file", new Blob(["{}"]), "a.json");
    for (let i = 0; i <= 100; i++) form.append(`note${i}`, "x");
    const { body, contentType } = await multipart(form);
    const error = await rejection(new Request(URL, { method: "POST", headers: { "content-type": contentType }, body }));
    expect(error).toMatchObject({ code: "too_large", status: 413 });
    expect(error.message).toContain("more than 100 plain fields");
  });

  it("still accepts exactly the limit of file parts", async () => {
    const form = new FormData();
    for (let i = 0; i < MAX_FILE_PARTS; i++) form.append("file", new Blob([`part ${i}\n`]), `part-${i}.log`);
    const { body, contentType } = await multipart(form);
    const parts = await receive(new Request(URL, { method: "POST", headers: { "content-type": contentType }, body }));
    expect(parts).toHaveLength(MAX_FILE_PARTS);
    await Promise.all(parts.map((part) => part.cleanup()));
  });
});
