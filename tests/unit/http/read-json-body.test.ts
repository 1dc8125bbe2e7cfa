// readJsonBody: content type, size limit (declared and streamed), empty, non-UTF-8 and malformed bodies as
// AppErrors with the status POST /api/generate answers. Uses real Request objects.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-json-body";

const URL = "http://127.0.0.1:3000/api/generate";
const LIMIT = { maxBytes: 1024 };

const post = (body: BodyInit | null, contentType?: string) =>
  new Request(URL, {
    method: "POST",
    body,
    headers: contentType ? { "content-type": contentType } : {},
  });

async function rejection(request: Request): Promise<AppError> {
  try {
    await readJsonBody(request, LIMIT);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("readJsonBody accepted the request");
}

/** A body without a Content-Length that arrives in chunks, as a streaming client sends it. */
function streamed(bytes: Uint8Array, chunk = 100): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

describe("readJsonBody", () => {
  it("parses a JSON body, with a charset or a +json type", async () => {
    expect(await readJsonBody(post('{"strategy":"ta-split"}', "application/json"), LIMIT)).toEqual({
      strategy: "ta-split",
    });
    expect(await readJsonBody(post('{"a":"é"}', "Application/JSON; charset=utf-8"), LIMIT)).toEqual({ a: "é" });
    expect(await readJsonBody(post("[1]", "application/vnd.api+json"), LIMIT)).toEqual([1]);
  });

  it("answers 415 for other content types, naming the type", async () => {
    const form = await rejection(post("strategy=ta-split", "application/x-www-form-urlencoded"));
    expect(form.status).toBe(415);
    expect(form.message).toContain("application/x-www-form-urlencoded");
    expect((await rejection(post("{}", "text/plain"))).status).toBe(415);
    expect((await rejection(post(new TextEncoder().encode("{}"), undefined))).message).toContain("(none)");
  });

  it("answers 413 over the limit, whether the length is declared or streamed", async () => {
    const big = JSON.stringify({ base: "x".repeat(2000) });
    const declared = await rejection(
      new Request(URL, {
        method: "POST",
        body: big,
        headers: { "content-type": "application/json", "content-length": String(big.length) },
      }),
    );
    expect(declared.status).toBe(413);
    expect(declared.message).toBe(`The request body is ${big.length} bytes; the limit is 1024 bytes`);
    const request = new Request(URL, {
      method: "POST",
      body: streamed(new TextEncoder().encode(big)),
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const streamedError = await rejection(request);
    expect(streamedError.status).toBe(413);
    expect(streamedError.message).toContain("more than 1024 bytes");
    // Exactly at the limit is fine.
    const exact = JSON.stringify({ base: "x".repeat(1024 - 11) });
    expect(exact).toHaveLength(1024);
    expect(await readJsonBody(post(exact, "application/json"), LIMIT)).toEqual(JSON.parse(exact));
  });

  it("answers 400 for an empty body, bytes that are not UTF-8 and malformed JSON", async () => {
    expect((await rejection(post("", "application/json"))).message).toBe(
      "The request body is empty; send a JSON object",
    );
    expect((await rejection(post(null, "application/json"))).status).toBe(400);
    expect((await rejection(post(new Uint8Array([0x7b, 0xff, 0x7d]), "application/json"))).message).toBe(
      "The request body is not UTF-8 text",
    );
    const malformed = await rejection(post('{"strategy": "ta-split",', "application/json"));
    expect(malformed.status).toBe(400);
    expect(malformed.message).toMatch(/^The request body is not valid JSON: /);
  });
});
