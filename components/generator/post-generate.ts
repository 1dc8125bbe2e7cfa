// POST /api/generate from the browser: the answer parsed with its zod schema, and every failure (no connection,
// an error status, an answer of the wrong shape) as a GenerateFailed naming the status and the reason.
import type { GenerateRequestInput } from "@/lib/generate/options";
import { describeMismatch, errorBodySchema, generateResponseSchema, type GenerateResponse } from "../api-contracts";

export class GenerateFailed extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const STATUS_WORDS: Record<number, string> = {
  400: "Bad request",
  413: "Too large",
  415: "Unsupported type",
  422: "Not possible",
  500: "Generator error",
};

/** The bold start of the error box: "Not possible (422): ", or "Error: " when the server was not reached. */
export function failureHeading(error: Error): string {
  return error instanceof GenerateFailed && error.status > 0
    ? `${STATUS_WORDS[error.status] ?? "Error"} (${error.status}): `
    : "Error: ";
}

export async function postGenerate(body: GenerateRequestInput): Promise<GenerateResponse> {
  let response: Response;
  try {
    response = await fetch("/api/generate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new GenerateFailed(0, "The generator could not be reached; check the connection and try again.");
  }
  const json: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = generateResponseSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    throw new GenerateFailed(
      response.status,
      `The generator answered in an unexpected shape (${describeMismatch(parsed.error)}).`,
    );
  }
  const error = errorBodySchema.safeParse(json);
  throw new GenerateFailed(
    response.status,
    error.success ? error.data.error.message : `The generator answered ${response.status}.`,
  );
}
