// The one mapping from errors to HTTP responses: AppError → its status, ZodError → 422, anything else →
// 500 with a generic message (the details go to the server log, not to the client).
import { ZodError } from "zod";
import { AppError } from "../errors";

export interface ErrorBody {
  error: { code: string; message: string; file?: string; details?: unknown };
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.file !== undefined) body.error.file = error.file;
    if (error.details !== undefined) body.error.details = error.details;
    return Response.json(body, { status: error.status });
  }
  if (error instanceof ZodError) {
    return Response.json(
      {
        error: {
          code: "unprocessable",
          // Name each bad field in the message too, so a person reading only the message can fix the request.
          message: `The request is not valid: ${error.issues
            .map((issue) => `${issue.path.join(".") || "(request)"}: ${issue.message}`)
            .join("; ")}`,
          details: error.issues,
        },
      },
      { status: 422 },
    );
  }
  console.error(error);
  return Response.json({ error: { code: "internal", message: "Internal error; see the server log" } }, { status: 500 });
}
