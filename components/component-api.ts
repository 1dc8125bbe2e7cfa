// Browser-side reads of a component's JSON endpoints, shared by the charts and the recommendation (same URLs as
// the API docs): every answer is parsed with the caller's zod schema, and a mismatch is an error like a failed request.
import type { z } from "zod";
import { describeMismatch, errorBodySchema } from "./api-contracts";

/** A failed request, with its HTTP status: a 4xx is the request's fault and is not retried (app/providers.tsx). */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

/**
 * GETs /api/components/{component}/{endpoint}?{query} and parses the answer with `schema`; an error names the
 * endpoint and the status (or what in the answer did not match).
 */
export async function fetchComponentJson<T>(
  component: string,
  endpoint: "table" | "trend" | "recommendation",
  query: string,
  schema: z.ZodType<T>,
): Promise<T> {
  const response = await fetch(
    `/api/components/${encodeURIComponent(component)}/${endpoint}${query ? `?${query}` : ""}`,
  );
  if (!response.ok) {
    // The API's error body names the problem (e.g. which what-if value is invalid); show it.
    const body = errorBodySchema.safeParse(await response.json().catch(() => null));
    throw new ApiRequestError(
      body.success ? body.data.error.message : `The ${endpoint} API answered ${response.status}`,
      response.status,
    );
  }
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success) {
    throw new Error(`The ${endpoint} API answered in an unexpected shape (${describeMismatch(parsed.error)})`);
  }
  return parsed.data;
}
