// Conditional GETs and remembered answers of the component APIs on SQLite and PostgreSQL: the route wrapper's `etag`
// and `cache` options with the component's data state (lib/db/data-version.ts). A revalidation is a 304, an
// unconditional request answers byte for byte what the first did (from the remembered body), and every kind of write
// (a Tekton run, a hand table, a forced re-upload, another component's runs) changes the ETag, while a duplicate
// upload does not. After every write, each API's answer — remembered or not — equals a fresh computation, the
// recommendation's too (pooled rates make it depend on the other components).
import { afterEach, describe, expect, it } from "vitest";
import { componentDataState } from "@/lib/db/data-version";
import type { Db } from "@/lib/db/connect";
import { route, segments } from "@/lib/http/route";
import { getCostTable } from "@/lib/queries/get-cost-table";
import { getRegressions } from "@/lib/queries/get-regressions";
import { parseRegressionsQuery } from "@/lib/queries/get-regressions.types";
import { getTrend } from "@/lib/queries/get-trend";
import { getRecommendation } from "@/lib/recommend/get-recommendation";
import { taSharedMatrix } from "../fixtures/bundles/scenarios";
import { markdownTable } from "../fixtures/manual-tables";
import { ingestFiles, tarGz } from "./support-ingest";
import { DATABASE_KINDS, migratedDatabase } from "./support";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const DEFAULT_REGRESSIONS = parseRegressionsQuery(new URLSearchParams());

/** Fresh answers, computed without any remembered one (what a cached answer must equal). */
const fresh = {
  trend: (db: Db, name: string) => getTrend(db, name, { buckets: 4 }),
  table: (db: Db, name: string) => getCostTable(db, name),
  recommendation: (db: Db, name: string) => getRecommendation(db, name, undefined, { remember: false }),
  regressions: (db: Db, name: string) => getRegressions(db, name, DEFAULT_REGRESSIONS),
};
type Api = keyof typeof fresh;

/** The component routes as app/api/components/[name]/… declare them, on the test's database. */
function handlers(db: Db) {
  const etag = ({ params: { name } }: { params: { name: string } }) => componentDataState(db, name);
  const of = (api: Api) =>
    route({ params: segments("name"), etag, cache: true }, async ({ params: { name } }) =>
      Response.json(api === "recommendation" ? await getRecommendation(db, name) : await fresh[api](db, name)),
    );
  return {
    trend: of("trend"),
    table: of("table"),
    recommendation: of("recommendation"),
    regressions: of("regressions"),
  };
}

/** Each API's answer (maybe remembered) against a fresh computation, byte for byte as Response.json writes it. */
async function expectFresh(db: Db, routes: ReturnType<typeof handlers>, name: string) {
  for (const api of Object.keys(fresh) as Api[]) {
    const answer = await get(routes[api], name, undefined, `${api}-check`);
    expect(answer.status, api).toBe(200);
    expect(answer.body, api).toBe(JSON.stringify(await fresh[api](db, name)));
  }
}

async function get(handler: ReturnType<typeof handlers>["trend"], name: string, etag?: string, api = "trend") {
  const request = new Request(`http://test/api/components/${name}/${api}`, {
    headers: etag ? { "if-none-match": etag } : {},
  });
  const response = await handler(request, { params: Promise.resolve({ name }) });
  return { status: response.status, etag: response.headers.get("etag"), body: await response.text() };
}

const table = (component: string, prefetchS: number) =>
  Buffer.from(markdownTable(component, [{ arch: "amd64", sizeMiB: 100, prefetchS }]));

describe.each(DATABASE_KINDS)("component ETags on %s", (kind) => {
  it("answers 304 to its own ETag, the same bytes without it, and a new ETag after every write", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const { db } = database;
    const scenario = taSharedMatrix();
    const runFiles = scenario.files.map((file) => ({
      filename: file.path,
      bytes: Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
    }));
    const stored = await ingestFiles(db, [{ filename: "run.tar.gz", bytes: await tarGz(runFiles) }]);
    const name = stored.runs[0]!.component;
    const routes = handlers(db);
    const { trend, table: tableRoute } = routes;

    const first = await get(trend, name);
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^"[\w-]+"$/);
    const revalidated = await get(trend, name, first.etag!);
    expect(revalidated).toEqual({ status: 304, etag: first.etag, body: "" });
    expect(await get(trend, name)).toEqual(first);
    await expectFresh(db, routes, name);
    // Another URL of the same component has its own ETag.
    expect((await get(tableRoute, name, undefined, "table")).etag).not.toBe(first.etag);

    const seen = new Set([first.etag]);
    const expectNewETag = async () => {
      const answer = await get(trend, name, [...seen].join(", "));
      expect(answer.status).toBe(200);
      expect(seen.has(answer.etag)).toBe(false);
      seen.add(answer.etag);
      return answer;
    };
    // A hand table for the same component (the bundle path's tables).
    await ingestFiles(db, [{ filename: "hand.md", bytes: table(name, 500) }]);
    const afterTable = await expectNewETag();
    await expectFresh(db, routes, name);
    expect(JSON.parse(afterTable.body).points.length).toBeGreaterThan(JSON.parse(first.body).points.length);
    // The same file again is a duplicate: nothing written, the ETag stays.
    await ingestFiles(db, [{ filename: "hand.md", bytes: table(name, 500) }]);
    expect((await get(trend, name, afterTable.etag!)).status).toBe(304);
    // The same run exported again (stored in place) is a write.
    const again = runFiles.map((file) =>
      file.filename.endsWith(".json") ? { ...file, bytes: Buffer.concat([file.bytes, Buffer.from("\n")]) } : file,
    );
    await ingestFiles(db, [{ filename: "run-again.tar.gz", bytes: await tarGz(again) }]);
    await expectNewETag();
    await expectFresh(db, routes, name);
    // Another component's runs count in the data signature (they can move this one's pooled rates): a new ETag.
    await ingestFiles(db, [{ filename: "other.md", bytes: table("someone-else", 10) }]);
    await expectNewETag();
    await expectFresh(db, routes, name);
    // A run deleted outside the store code (no data version raised) is caught by the signature too.
    const run = await db.pipelineRun.findFirstOrThrow({ where: { component: { name } } });
    await db.pipelineRun.delete({ where: { id: run.id } });
    await expectNewETag();
    await expectFresh(db, routes, name);
    // Unknown component: no ETag, the handler's answer.
    const missing = await get(trend, "missing");
    expect(missing.etag).toBeNull();
  });
});
