// Remembered JSON bodies of GET answers that carry a strong ETag (./route.ts, the `cache` option): the ETag names the
// data state, the code version, the path and the query, so two answers under one ETag are the same bytes by the
// ETag's own promise, and the body remembered under it can be sent again without computing it. Bounded by count
// and by bytes; bodies over a limit (and anything not a 200 JSON answer) are not kept.
const MAX_ENTRIES = 256;
const MAX_TOTAL_BYTES = 32 * 1024 * 1024;
const MAX_BODY_BYTES = 2 * 1024 * 1024;

interface Entry {
  body: string;
  contentType: string;
}

const entries = new Map<string, Entry>();
let totalBytes = 0;

/** The body remembered under `etag`, most recently used last; undefined when there is none. */
export function cachedBody(etag: string): Entry | undefined {
  const entry = entries.get(etag);
  if (entry) {
    entries.delete(etag);
    entries.set(etag, entry);
  }
  return entry;
}

/** The response's body and type (read from it, so the caller answers with a new Response), kept when it may be. */
export async function rememberBody(etag: string, response: Response): Promise<Entry | null> {
  const contentType = response.headers.get("content-type") ?? "";
  if (response.status !== 200 || !contentType.startsWith("application/json")) return null;
  const body = await response.text();
  const entry = { body, contentType };
  const bytes = body.length * 2;
  if (bytes > MAX_BODY_BYTES) return entry;
  entries.set(etag, entry);
  totalBytes += bytes;
  while (entries.size > MAX_ENTRIES || totalBytes > MAX_TOTAL_BYTES) {
    const [oldest, dropped] = entries.entries().next().value!;
    entries.delete(oldest);
    totalBytes -= dropped.body.length * 2;
  }
  return entry;
}

/** Forgets every body (tests). */
export function clearCachedBodies(): void {
  entries.clear();
  totalBytes = 0;
}
