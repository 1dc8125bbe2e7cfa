// route(): the access modes, the parsing of params, query and body, and every error answered the way
// errorResponse answers it, with the handler's own Response passed through untouched.
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { route, segments } from "@/lib/http/route";

const READ_TOKEN = "s3cret-read-token-0123";
const UPLOAD_TOKEN = "s3cret-upload-token-0123456789";

const get = (url: string, headers: Record<string, string> = {}) => new Request(`http://test${url}`, { headers });
const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://test/api/x", { method: "POST", body, headers });
const json = async (response: Response) => (await response.json()) as { error: Record<string, unknown> };

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("route access", () => {
  const ok = () => Response.json({ ok: true });

  it("is open when neither READ_TOKEN nor AUTH_PROXY_HEADER is set", async () => {
    vi.stubEnv("READ_TOKEN", "");
    vi.stubEnv("AUTH_PROXY_HEADER", "");
    expect((await route({}, ok)(get("/api/x"))).status).toBe(200);
  });

  it("applies the read rules by default: 401 with the challenge in details, the token lets the request in", async () => {
    vi.stubEnv("READ_TOKEN", READ_TOKEN);
    const handler = vi.fn(ok);
    const GET = route({}, handler);
    const denied = await GET(get("/api/x"));
    expect(denied.status).toBe(401);
    expect(await json(denied)).toEqual({
      error: {
        code: "unauthorized",
        message:
          "This dashboard needs the read token: send Authorization: Bearer <READ_TOKEN>, or sign in with it as the password",
        details: { challenge: 'Basic realm="Prefetch Cost Advisor", charset="UTF-8"' },
      },
    });
    expect(handler).not.toHaveBeenCalled();
    expect((await GET(get("/api/x", { authorization: `Bearer ${READ_TOKEN}` }))).status).toBe(200);
  });

  it("lets everyone call a public route", async () => {
    vi.stubEnv("READ_TOKEN", READ_TOKEN);
    expect((await route({ access: "public" }, ok)(get("/api/x"))).status).toBe(200);
  });

  it("upload: UPLOAD_TOKEN alone when set, else the read rules", async () => {
    vi.stubEnv("READ_TOKEN", READ_TOKEN);
    const POST = route({ access: "upload" }, ok);
    vi.stubEnv("UPLOAD_TOKEN", UPLOAD_TOKEN);
    const denied = await POST(get("/api/bundles", { authorization: `Bearer ${READ_TOKEN}` }));
    expect(denied.status).toBe(401);
    expect((await json(denied)).error.message).toBe("Uploads need the header Authorization: Bearer <UPLOAD_TOKEN>");
    expect((await POST(get("/api/bundles", { authorization: `Bearer ${UPLOAD_TOKEN}` }))).status).toBe(200);
    vi.stubEnv("UPLOAD_TOKEN", "");
    expect((await POST(get("/api/bundles"))).status).toBe(401);
    expect((await POST(get("/api/bundles", { authorization: `Bearer ${READ_TOKEN}` }))).status).toBe(200);
  });
});

describe("route errors", () => {
  it("answers an AppError with its status, code, message, file and details", async () => {
    const GET = route({}, () => {
      throw new AppError("not_found", "No such thing", { file: "a.yaml", details: { id: 1 } });
    });
    const response = await GET(get("/api/x"));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: "not_found", message: "No such thing", file: "a.yaml", details: { id: 1 } },
    });
  });

  it("catches errors thrown after an await, and answers unknown ones 500 without their message", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const GET = route({}, async () => {
      await Promise.resolve();
      throw new Error("secret detail");
    });
    const response = await GET(get("/api/x"));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: "internal", message: "Internal error; see the server log" },
    });
    expect(log).toHaveBeenCalledOnce();
  });

  it("passes the handler's Response through with its status and headers", async () => {
    const GET = route({}, () => new Response("a,b\n", { status: 203, headers: { "content-type": "text/csv" } }));
    const response = await GET(get("/api/x"));
    expect(response.status).toBe(203);
    expect(response.headers.get("content-type")).toBe("text/csv");
    expect(await response.text()).toBe("a,b\n");
  });
});

describe("route parsing", () => {
  const querySchema = z.object({ n: z.coerce.number().int().min(1).default(5), q: z.string().optional() });

  it("parses the query string (a repeated parameter: its last value) and hands the result to the handler", async () => {
    const GET = route({ query: querySchema }, ({ query }) => Response.json(query));
    expect(await (await GET(get("/api/x?n=3&q=a&q=b"))).json()).toEqual({ n: 3, q: "b" });
    expect(await (await GET(get("/api/x"))).json()).toEqual({ n: 5 });
  });

  it("answers a query the schema rejects with 422 naming the field", async () => {
    const response = await route({ query: querySchema }, () => Response.json({}))(get("/api/x?n=0"));
    expect(response.status).toBe(422);
    const { error } = await json(response);
    expect(error.code).toBe("unprocessable");
    expect(error.message).toMatch(/^The request is not valid: n: /);
  });

  it("awaits and parses the dynamic segments", async () => {
    const GET = route({ params: segments("name") }, ({ params }) => Response.json(params));
    const response = await GET(get("/api/components/a%20b"), { params: Promise.resolve({ name: "a b" }) });
    expect(await response.json()).toEqual({ name: "a b" });
  });

  it("reads a JSON body under the limit, and answers 415, 413 and 400 as readJsonBody does", async () => {
    const POST = route({ body: { maxBytes: 64 } }, ({ body }) => Response.json({ echo: body }));
    expect(await (await POST(post('{"a":1}'))).json()).toEqual({ echo: { a: 1 } });
    expect((await POST(post('{"a":1}', { "content-type": "text/plain" }))).status).toBe(415);
    expect((await POST(post(JSON.stringify({ a: "x".repeat(100) })))).status).toBe(413);
    expect((await POST(post("{"))).status).toBe(400);
  });

  it("parses the body with its schema when given one", async () => {
    const POST = route({ body: { maxBytes: 64, schema: z.object({ a: z.number() }) } }, ({ body }) =>
      Response.json({ doubled: body.a * 2 }),
    );
    expect(await (await POST(post('{"a":2}'))).json()).toEqual({ doubled: 4 });
    expect((await POST(post('{"a":"2"}'))).status).toBe(422);
  });
});

describe("route etag", () => {
  const answer = () => Response.json({ answer: 42 });
  const tagged = (version: string | null, handler: () => Response = answer) =>
    route({ params: segments("name"), etag: async () => version }, handler);
  const call = (handler: ReturnType<typeof tagged>, url: string, headers: Record<string, string> = {}) =>
    handler(get(url, headers), { params: Promise.resolve({ name: "c" }) });

  it("tags a 200 with an ETag and Cache-Control: private, no-cache, and answers its own ETag with a 304", async () => {
    vi.stubEnv("READ_TOKEN", "");
    vi.stubEnv("AUTH_PROXY_HEADER", "");
    const handler = tagged("1.7");
    const first = await call(handler, "/api/components/c/trend?b=2&a=1");
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    // The order of query parameters does not matter; a weak validator or a list naming it matches too.
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const again = await call(handler, "/api/components/c/trend?a=1&b=2", { "if-none-match": ifNoneMatch });
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(await again.text()).toBe("");
    }
    expect((await call(handler, "/api/components/c/trend?a=1&b=3", { "if-none-match": etag })).status).toBe(200);
    expect((await call(tagged("1.8"), "/api/components/c/trend?a=1&b=2", { "if-none-match": etag })).status).toBe(200);
  });

  it("leaves answers without a version, and answers other than 200, untagged", async () => {
    vi.stubEnv("READ_TOKEN", "");
    vi.stubEnv("AUTH_PROXY_HEADER", "");
    const untagged = await call(tagged(null), "/api/components/c/trend", { "if-none-match": "*" });
    expect(untagged.status).toBe(200);
    expect(untagged.headers.get("etag")).toBeNull();
    const missing = await call(
      tagged("1.1", () => {
        throw new AppError("not_found", "no such component");
      }),
      "/api/components/c/trend",
    );
    expect(missing.status).toBe(404);
    expect(missing.headers.get("etag")).toBeNull();
  });
});
