// Conditional GETs of the component APIs on SQLite and PostgreSQL: the route wrapper's `etag` option with the
// component's data version (lib/db/data-version.ts). A revalidation is a 304, an unconditional request answers
// byte for byte what the first did, and every kind of write (a Tekton run, a hand table, a forced re-upload)
// changes the ETag, while a duplicate upload does not.
import { afterEach, describe, expect, it } from "vitest";
import { componentDataVersion } from "@/lib/db/data-version";
import type { Db } from "@/lib/db/connect";
import { route, segments } from "@/lib/http/route";
import { getCostTable } from "@/lib/queries/get-cost-table";
import { getTrend } from "@/lib/queries/get-trend";
import { taSharedMatrix } from "../fixtures/bundles/scenarios";
import { markdownTable } from "../fixtures/manual-tables";
import { ingestFiles, tarGz } from "./support-ingest";
import { DATABASE_KINDS, migratedDatabase } from "./support";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** The trend and table routes as app/api/components/[name]/… declare them, on the test's database. */
function handlers(db: Db) {
  const etag = ({ params: { name } }: { params: { name: string } }) => componentDataVersion(db, name);
  return {
    trend: route({ params: segments("name"), etag }, async ({ params: { name } }) =>
      Response.json(await getTrend(db, name, { buckets: 4 })),
    ),
    table: route({ params: segments("name"), etag }, async ({ params: { name } }) =>
      Response.json(await getCostTable(db, name)),
    ),
  };
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
    const { trend, table: tableRoute } = handlers(db);

    const first = await get(trend, name);
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^"[\w-]+"$/);
    const revalidated = await get(trend, name, first.etag!);
    expect(revalidated).toEqual({ status: 304, etag: first.etag, body: "" });
    expect(await get(trend, name)).toEqual(first);
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
    // Another component's write leaves this one's ETag alone.
    const quiet = await get(trend, name);
    await ingestFiles(db, [{ filename: "other.md", bytes: table("someone-else", 10) }]);
    expect((await get(trend, name, quiet.etag!)).status).toBe(304);
    // Unknown component: no ETag, the handler's answer.
    const missing = await get(trend, "missing");
    expect(missing.etag).toBeNull();
  });
});
