// Conditional GETs for the component APIs: the ETag names the component's data version (Component.dataVersion,
// raised by every write of its data: lib/db/data-version.ts) and this build of the code, so a reload of an
// unchanged component is a 304 without running a query. `Cache-Control: private, no-cache` lets the browser keep
// the answer but always revalidate it. route.ts applies this to a route given the `etag` option.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

export const REVALIDATE = "private, no-cache";

let codeVersion: string | null = null;

/** The production build's id (.next/BUILD_ID), else one per process: a new build never answers with old ETags. */
function currentCodeVersion(): string {
  if (codeVersion === null) {
    try {
      codeVersion = readFileSync(path.join(process.cwd(), ".next", "BUILD_ID"), "utf8").trim();
    } catch {
      codeVersion = `process-${process.pid}-${Date.now()}`;
    }
  }
  return codeVersion;
}

/** A strong ETag for the data version and the request's path and query (the same answer for the same three). */
export function etagFor(dataVersion: string, request: Request): string {
  const url = new URL(request.url);
  const params = [...url.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash("sha256")
    .update(`${currentCodeVersion()}\n${dataVersion}\n${url.pathname}\n${JSON.stringify(params)}`)
    .digest("base64url")
    .slice(0, 27);
  return `"${hash}"`;
}

/** Whether If-None-Match names `etag` (or is `*`); weak validators compare by their opaque part. */
export function matches(request: Request, etag: string): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}

export function notModified(etag: string): Response {
  return new Response(null, { status: 304, headers: { etag, "cache-control": REVALIDATE } });
}

/** Marks a successful answer with its ETag; other statuses are left as they are (never cached). */
export function withETag(response: Response, etag: string): Response {
  if (response.status !== 200) return response;
  response.headers.set("etag", etag);
  response.headers.set("cache-control", REVALIDATE);
  return response;
}
