// The Sources API through its real route handlers on a temp SQLite database (the process-wide client of
// DATABASE_URL, pointed here at it): 201 and 422 naming the field, the list, 404, DELETE 204, no token value ever
// stored or answered, UPLOAD_TOKEN guarding every write, and "Sync now" refused before any sync starts.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { DELETE as deleteRoute, GET as getRoute } from "@/app/api/sources/[id]/route";
import { POST as syncRoute } from "@/app/api/sources/[id]/sync/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/sources/route";
import {
  sourceFieldErrorSchema,
  sourceListSchema,
  sourceViewSchema,
  syncResultSchema,
  type SourceViewData,
} from "@/components/api-contracts";
import { getDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import type { SourceView } from "@/lib/pipeline/sources";
import type { SyncResult } from "@/lib/pipeline/sync-source";

// Nothing here syncs, so no source client is ever built; their modules (and their dependencies) stay out.
vi.mock("@/lib/sources/clients", () => ({
  createClient: () => {
    throw new Error("these tests never sync");
  },
}));

const ROOT = path.resolve(import.meta.dirname, "../../..");
const UPLOAD_TOKEN = "s3cret-upload-token-0123456789";
const TOKEN_VALUE = "eyJhbGciOiJSUzI1NiJ9.never-stored-token-value";
const globalForDb = globalThis as unknown as { advisorDb?: { db: { $disconnect(): Promise<void> } } };

const NEW_SOURCE = {
  kind: "tekton-results",
  url: "https://tekton-results.example.com",
  namespace: "my-tenant",
  component: "my-component",
  labelSelector: "pipelines.appstudio.openshift.io/type=build",
  since: "2026-11-01T00:00:00Z",
  intervalMinutes: 60,
  tokenEnv: "RESULTS_TOKEN",
  caFile: "/etc/pki/cluster-ca.pem",
};

const create = (body: unknown, headers: Record<string, string> = {}) =>
  createRoute(
    new Request("http://test/api/sources", {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json", ...headers },
    }),
  );
const withId = (id: string) => ({ params: Promise.resolve({ id }) });
const getOne = (id: string) => getRoute(new Request(`http://test/api/sources/${id}`), withId(id));
const remove = (id: string, headers: Record<string, string> = {}) =>
  deleteRoute(new Request(`http://test/api/sources/${id}`, { method: "DELETE", headers }), withId(id));
const sync = (id: string, headers: Record<string, string> = {}) =>
  syncRoute(new Request(`http://test/api/sources/${id}/sync`, { method: "POST", headers }), withId(id));
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string; details?: { field?: string } } }).error;

let dir: string;
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "advisor-sources-routes-"));
  const file = path.join(dir, "test.db");
  await migrate({ kind: "sqlite", url: `file:${file}`, file }, path.join(ROOT, "prisma", "migrations"));
  process.env.DATABASE_URL = `file:${file}`;
  delete globalForDb.advisorDb;
});

afterAll(async () => {
  await globalForDb.advisorDb?.db.$disconnect();
  delete globalForDb.advisorDb;
  process.env.DATABASE_URL = savedUrl;
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  vi.unstubAllEnvs();
  vi.stubEnv("READ_TOKEN", "");
  vi.stubEnv("AUTH_PROXY_HEADER", "");
  vi.stubEnv("UPLOAD_TOKEN", "");
  vi.stubEnv("RESULTS_TOKEN", TOKEN_VALUE);
});

describe("the browser's schemas", () => {
  it("are the server's types", () => {
    expectTypeOf<SourceViewData>().toEqualTypeOf<SourceView>();
    expectTypeOf<ReturnType<typeof syncResultSchema.parse>>().toEqualTypeOf<SyncResult>();
  });
});

describe("POST /api/sources", () => {
  it("answers 201 with the source: credentials by name, no token value", async () => {
    const response = await create(NEW_SOURCE);
    expect(response.status).toBe(201);
    const text = await response.text();
    expect(text).not.toContain(TOKEN_VALUE);
    const source = sourceViewSchema.parse(JSON.parse(text));
    expect(response.headers.get("location")).toBe(`/api/sources/${source.id}`);
    expect(source).toMatchObject({
      ...NEW_SOURCE,
      since: "2026-11-01T00:00:00.000Z",
      tokenFile: null,
      insecureSkipTlsVerify: false,
      lastSyncAt: null,
      lastStatus: "never",
      runsAdded: 0,
      runsUpdated: 0,
      cursor: null,
      progress: null,
    });
    expect(source).not.toHaveProperty("lastError");
    const stored = await getDb().source.findUniqueOrThrow({ where: { id: source.id } });
    expect(JSON.stringify(stored)).not.toContain(TOKEN_VALUE);
  });

  it("answers 422 naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...NEW_SOURCE, namespace: "Not_A_Namespace" }, "namespace"],
      [{ ...NEW_SOURCE, url: "ftp://example.com" }, "url"],
      [{ ...NEW_SOURCE, kind: "jenkins" }, "kind"],
      [{ ...NEW_SOURCE, since: "yesterday" }, "since"],
      [{ ...NEW_SOURCE, intervalMinutes: 0 }, "intervalMinutes"],
      [{ ...NEW_SOURCE, intervalMinutes: "60" }, "intervalMinutes"],
      [{ ...NEW_SOURCE, tokenFile: "/var/run/token" }, "tokenEnv"],
      [{ ...NEW_SOURCE, tokenEnv: "not a name" }, "tokenEnv"],
      [{ kind: "kubernetes", namespace: "my-tenant" }, "url"],
    ];
    for (const [body, field] of cases) {
      const response = await create(body);
      expect(response.status, field).toBe(422);
      const error = sourceFieldErrorSchema.parse(await response.json()).error;
      expect(error.details.field).toBe(field);
      expect(error.message.startsWith(`${field}: `), error.message).toBe(true);
    }
  });

  it("refuses a token value (unknown fields), a body that is not JSON and one over 64 KiB", async () => {
    const token = await create({ ...NEW_SOURCE, token: TOKEN_VALUE });
    expect(token.status).toBe(422);
    expect((await errorOf(token)).message).toMatch(/token/);
    expect((await create("{")).status).toBe(400);
    const plain = await createRoute(
      new Request("http://test/api/sources", { method: "POST", body: "x", headers: { "content-type": "text/plain" } }),
    );
    expect(plain.status).toBe(415);
    expect((await create({ ...NEW_SOURCE, labelSelector: "x".repeat(70 * 1024) })).status).toBe(413);
  });
});

describe("GET and DELETE /api/sources/{id}", () => {
  it("lists every source in id order", async () => {
    const a = sourceViewSchema.parse(await (await create({ ...NEW_SOURCE, namespace: "list-a" })).json());
    const b = sourceViewSchema.parse(await (await create({ ...NEW_SOURCE, namespace: "list-b" })).json());
    const response = await listRoute(new Request("http://test/api/sources"));
    expect(response.status).toBe(200);
    const { data } = sourceListSchema.parse(await response.json());
    const ids = data.map((source) => source.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(data.find((source) => source.id === b.id)).toEqual(b);
    expect(ids).toContain(a.id);
  });

  it("reads one source, 404 for an unknown id, 400 for text", async () => {
    const created = sourceViewSchema.parse(await (await create(NEW_SOURCE)).json());
    const response = await getOne(String(created.id));
    expect(response.status).toBe(200);
    expect(sourceViewSchema.parse(await response.json())).toEqual(created);
    for (const id of ["999999", "2147483648", "0"]) {
      const missing = await getOne(id);
      expect(missing.status, id).toBe(404);
      expect(await errorOf(missing)).toEqual({ code: "not_found", message: `No source with id ${id}` });
    }
    expect((await getOne("abc")).status).toBe(400);
  });

  it("deletes a source: 204, then 404", async () => {
    const created = sourceViewSchema.parse(await (await create(NEW_SOURCE)).json());
    const response = await remove(String(created.id));
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect((await getOne(String(created.id))).status).toBe(404);
    expect((await remove(String(created.id))).status).toBe(404);
    expect((await remove("2147483648")).status).toBe(404);
  });
});

describe("POST /api/sources/{id}/sync before any sync starts", () => {
  it("is a 404 for an unknown source", async () => {
    for (const id of ["999999", "2147483648"]) expect((await sync(id)).status, id).toBe(404);
    expect((await sync("abc")).status).toBe(400);
  });

  it("is a 409 while another process holds the source's lease", async () => {
    const created = sourceViewSchema.parse(await (await create(NEW_SOURCE)).json());
    await getDb().source.update({
      where: { id: created.id },
      data: { leaseOwner: "other-host:4242", leaseUntil: new Date(Date.now() + 60_000), lastStatus: "running" },
    });
    const response = await sync(String(created.id));
    expect(response.status).toBe(409);
    expect((await errorOf(response)).message).toMatch(/other-host:4242/);
  });
});

describe("with UPLOAD_TOKEN set", () => {
  const auth = { authorization: `Bearer ${UPLOAD_TOKEN}` };

  it("every write needs it (401 without), reads do not", async () => {
    const created = sourceViewSchema.parse(await (await create(NEW_SOURCE)).json());
    vi.stubEnv("UPLOAD_TOKEN", UPLOAD_TOKEN);
    const id = String(created.id);
    const denied = await create(NEW_SOURCE);
    expect(denied.status).toBe(401);
    expect((await errorOf(denied)).code).toBe("unauthorized");
    expect((await create(NEW_SOURCE, { authorization: "Bearer wrong-token-0123456789" })).status).toBe(401);
    expect((await remove(id)).status).toBe(401);
    expect((await sync(id)).status).toBe(401);
    expect((await getOne(id)).status).toBe(200);
    expect((await listRoute(new Request("http://test/api/sources"))).status).toBe(200);
    expect((await create(NEW_SOURCE, auth)).status).toBe(201);
    expect((await remove(id, auth)).status).toBe(204);
  });
});
