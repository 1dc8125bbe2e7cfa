// Run ids from URLs on both databases: ids past PostgreSQL's int4 (2147483648 …) are a 404 like any unknown
// id, never a 500, through the real route handlers and pages (they use the process-wide client of
// DATABASE_URL, pointed here at each test database).
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getRunRoute } from "@/app/api/runs/[id]/route";
import { GET as compareRoute } from "@/app/api/runs/compare/route";
import ComparePage from "@/app/runs/compare/page";
import RunPage from "@/app/runs/[id]/page";
import { getDbHandle } from "@/lib/db/client";
import { loadDemoIfEmpty } from "@/lib/pipeline/load-demo-data";
import { MAX_ID } from "@/lib/http/ids";
import { DATABASE_KINDS, migratedDatabase, projectRoot, type TestDatabase } from "./support";

const globalForDb = globalThis as unknown as { advisorDb?: ReturnType<typeof getDbHandle> };
const runRoute = (id: string) =>
  getRunRoute(new Request(`http://test/api/runs/${id}`), { params: Promise.resolve({ id }) });
const compare = (query: string) => compareRoute(new Request(`http://test/api/runs/compare?${query}`));
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error;

/** What notFound() throws, so the page answers 404. */
async function pageStatus(render: Promise<unknown>): Promise<number> {
  try {
    await render;
    return 200;
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;")) return Number(digest.split(";")[1]);
    throw error;
  }
}

describe.each(DATABASE_KINDS)("run ids on %s", (kind) => {
  let database: TestDatabase;
  let runId: number;
  const savedUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    await loadDemoIfEmpty(database.db, projectRoot);
    runId = (await database.db.pipelineRun.findFirstOrThrow({ select: { id: true } })).id;
    process.env.DATABASE_URL = database.target.url;
    delete globalForDb.advisorDb;
    expect(getDbHandle().kind).toBe(kind);
  });
  afterAll(async () => {
    await globalForDb.advisorDb?.db.$disconnect();
    delete globalForDb.advisorDb;
    process.env.DATABASE_URL = savedUrl;
    await database.cleanup();
  });

  it("GET /api/runs/{id}: a stored id is 200, ids past the column's range are 404, text is still 400", async () => {
    expect((await runRoute(String(runId))).status).toBe(200);
    expect((await runRoute(String(MAX_ID))).status).toBe(404);
    for (const id of ["2147483648", "9999999999", "99999999999999999999", "0"]) {
      const response = await runRoute(id);
      expect(response.status).toBe(404);
      expect(await errorOf(response)).toEqual({ code: "not_found", message: `No run with id ${id}` });
    }
    expect((await runRoute("abc")).status).toBe(400);
  });

  it("GET /api/runs/compare: an id past the range is 404 naming it; non-digits stay a 422", async () => {
    expect((await compare(`a=${runId}&b=${runId}`)).status).toBe(200);
    const one = await compare(`a=2147483648&b=${runId}`);
    expect(one.status).toBe(404);
    expect(await errorOf(one)).toMatchObject({ message: "No run with id 2147483648" });
    const both = await compare("a=2147483648&b=9999999999");
    expect(await errorOf(both)).toMatchObject({ message: "No runs with ids 2147483648 and 9999999999" });
    expect((await compare(`a=${MAX_ID}&b=${runId}`)).status).toBe(404);
    expect((await compare(`a=${runId}&b=latest`)).status).toBe(422);
  });

  it("the pages: /runs/2147483648 is a 404 page, /runs/compare explains it instead of failing", async () => {
    const params = (id: string) => ({ params: Promise.resolve({ id }) });
    expect(await pageStatus(RunPage(params(String(runId))))).toBe(200);
    expect(await pageStatus(RunPage(params("2147483648")))).toBe(404);
    expect(await pageStatus(RunPage(params(String(MAX_ID))))).toBe(404);
    const page = await ComparePage({ searchParams: Promise.resolve({ a: "2147483648", b: String(runId) }) });
    expect(renderToStaticMarkup(page)).toContain("No run with id 2147483648.");
  });
});
