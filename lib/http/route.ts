// The one wrapper of every app/api route handler: the access check, the optional zod parsing of the dynamic
// segments, the query string and a JSON body, every error mapped to its HTTP answer by errors.ts, and for reads whose
// answer depends only on stored data, conditional GETs (ETag, 304: etag.ts) and remembered bodies (response-cache.ts).
import { z } from "zod";
import { checkAccess, checkUploadAccess } from "./auth";
import { errorResponse } from "./errors";
import { etagFor, matches, notModified, withETag } from "./etag";
import { readJsonBody } from "./read-json-body";
import { cachedBody, rememberBody } from "./response-cache";

/** A remembered 200 JSON body as a fresh Response (withETag adds the ETag and Cache-Control). */
const bodyResponse = (entry: { body: string; contentType: string }) =>
  new Response(entry.body, { status: 200, headers: { "content-type": entry.contentType } });

/**
 * Who may call a route:
 * - "read" (the default): the read access rules (READ_TOKEN, AUTH_PROXY_HEADER). proxy.ts has already applied
 *   them to every path it sees; the route repeats the same decision, so it holds even where the proxy does not run.
 * - "upload": UPLOAD_TOKEN alone when set, else the read rules (POST /api/bundles, which the proxy skips).
 * - "public": everyone (GET /api/health, for load balancers and start scripts).
 */
export type RouteAccess = "read" | "upload" | "public";

export interface RouteOptions<
  Query extends z.ZodType | undefined,
  Params extends z.ZodType | undefined,
  Body extends z.ZodType | undefined,
> {
  access?: RouteAccess;
  /** Parses the dynamic segments (Next's awaited `params`). Without it the handler gets `params: undefined`. */
  params?: Params;
  /** Parses the query string as an object (a repeated parameter counts once, its last value). */
  query?: Query;
  /** Reads the body as JSON (readJsonBody: 415, 413 over maxBytes, 400) and parses it with `schema` if given. */
  body?: { maxBytes: number; schema?: Body };
  /**
   * The version of the data the answer is computed from (e.g. lib/db/data-version's componentDataVersion), read
   * before the handler runs; null for none (the handler answers, e.g. a 404). With it, a 200 carries an ETag and
   * `Cache-Control: private, no-cache`, and a request whose If-None-Match names that ETag gets a 304 instead. A
   * handler's answer marked `Cache-Control: no-store` (a provisional one, e.g. the components list while summaries
   * are computed) gets no ETag and is not remembered.
   */
  etag?: (input: { request: Request; params: Parsed<Params> }) => Promise<string | null>;
  /**
   * With `etag`: remember a 200 JSON body under its ETag (./response-cache.ts) and answer the next request with the
   * same ETag from it, without running the handler. Only for answers that depend on nothing but what the ETag names.
   */
  cache?: boolean;
}

/** The `params` schema of dynamic segments that are plain strings: `segments("name")` for `[name]`. */
export function segments<Name extends string>(...names: Name[]): z.ZodObject<Record<Name, z.ZodString>> {
  return z.object(Object.fromEntries(names.map((name) => [name, z.string()])) as Record<Name, z.ZodString>);
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<Query, Params, Body> {
  request: Request;
  query: Query;
  params: Params;
  body: Body;
}

/** What the route module exports: Next calls it with the request and, for dynamic segments, their params. */
export type RouteHandler<Params> = Params extends z.ZodType
  ? (request: Request, context: { params: Promise<z.input<Params>> }) => Promise<Response>
  : (request: Request) => Promise<Response>;

/**
 * Wraps a route handler. In order: the access check, then `params`, `query` and `body`, then the handler;
 * anything thrown on the way (AppError, ZodError, anything else) becomes errorResponse's answer.
 */
export function route<
  Query extends z.ZodType | undefined = undefined,
  Params extends z.ZodType | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
>(
  options: RouteOptions<Query, Params, Body>,
  handler: (
    input: RouteInput<Parsed<Query>, Parsed<Params>, Body extends z.ZodType ? z.output<Body> : unknown>,
  ) => Response | Promise<Response>,
): RouteHandler<Params> {
  const access = options.access ?? "read";
  const wrapped = async (request: Request, context?: { params?: Promise<unknown> }): Promise<Response> => {
    try {
      if (access === "read") checkAccess(request);
      else if (access === "upload") checkUploadAccess(request);
      const params = options.params ? options.params.parse(await context?.params) : undefined;
      const query = options.query
        ? options.query.parse(Object.fromEntries(new URL(request.url).searchParams))
        : undefined;
      let body: unknown;
      if (options.body) {
        body = await readJsonBody(request, { maxBytes: options.body.maxBytes });
        if (options.body.schema) body = options.body.schema.parse(body);
      }
      // Read before the handler: a write landing meanwhile can only make this tag older than the answer, never newer.
      const version = options.etag ? await options.etag({ request, params: params as Parsed<Params> }) : null;
      const etag = version === null ? null : etagFor(version, request);
      if (etag && matches(request, etag)) return notModified(etag);
      const cached = etag && options.cache ? cachedBody(etag) : undefined;
      if (etag && cached) return withETag(bodyResponse(cached), etag);
      // Awaited here, so an error the handler throws asynchronously is answered like any other.
      const response = await handler({ request, query, params, body } as Parameters<typeof handler>[0]);
      if (!etag || /\bno-store\b/i.test(response.headers.get("cache-control") ?? "")) return response;
      const kept = options.cache ? await rememberBody(etag, response) : null;
      return withETag(kept ? bodyResponse(kept) : response, etag);
    } catch (error) {
      return errorResponse(error);
    }
  };
  return wrapped as RouteHandler<Params>;
}
