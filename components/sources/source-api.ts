// The browser's calls of /api/sources: list, read one (polled while it syncs), add, remove and "Sync now". Every
// answer is parsed with its schema in ../api-contracts; a failure is a SourceRequestError with the server's message
// and, for a 422 of a new source, the field it names.
import type { z } from "zod";
import {
  describeMismatch,
  errorBodySchema,
  sourceFieldErrorSchema,
  sourceListSchema,
  sourceViewSchema,
  syncStartedSchema,
  type SourceViewData,
} from "../api-contracts";

/** The react-query key of the list: rows write their polled source into it, the form invalidates it. */
export const SOURCES_KEY = ["sources"] as const;

export class SourceRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The request field the server named (POST /api/sources answers 422 with `details.field`). */
    readonly field?: string,
  ) {
    super(message);
    this.name = "SourceRequestError";
  }
}

async function call<T>(
  what: string,
  url: string,
  init: RequestInit,
  schema: z.ZodType<T> | null,
): Promise<T | undefined> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { accept: "application/json", ...init.headers } });
  } catch {
    throw new SourceRequestError(`${what}: the server could not be reached`, 0);
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    const field = sourceFieldErrorSchema.safeParse(body);
    if (field.success)
      throw new SourceRequestError(field.data.error.message, response.status, field.data.error.details.field);
    const error = errorBodySchema.safeParse(body);
    throw new SourceRequestError(
      error.success ? error.data.error.message : `${what}: the server answered ${response.status}`,
      response.status,
    );
  }
  if (!schema) return undefined;
  const parsed = schema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) {
    throw new SourceRequestError(
      `${what}: the answer was not as expected (${describeMismatch(parsed.error)})`,
      response.status,
    );
  }
  return parsed.data;
}

export async function fetchSources(): Promise<SourceViewData[]> {
  const list = await call("Listing the sources", "/api/sources", { cache: "no-store" }, sourceListSchema);
  return list!.data;
}

export async function fetchSource(id: number): Promise<SourceViewData> {
  return (await call(`Reading source ${id}`, `/api/sources/${id}`, { cache: "no-store" }, sourceViewSchema))!;
}

export async function addSource(body: Record<string, unknown>): Promise<SourceViewData> {
  const init: RequestInit = {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  };
  return (await call("Adding the source", "/api/sources", init, sourceViewSchema))!;
}

export async function removeSource(id: number): Promise<void> {
  await call(`Removing source ${id}`, `/api/sources/${id}`, { method: "DELETE" }, null);
}

/** "Sync now": the id of the sync that runs (or already ran) in the background. */
export async function startSourceSync(id: number): Promise<string> {
  const started = await call(`Syncing source ${id}`, `/api/sources/${id}/sync`, { method: "POST" }, syncStartedSchema);
  return started!.syncId;
}
