// The generator's one error type: an AppError, so lib/http/errors.ts maps it to HTTP without a special case.
// 400 for a request that names no known strategy, 422 for a valid request that asks for the impossible.
import { AppError } from "../errors";

export class GenerateError extends AppError {
  constructor(status: 400 | 422, message: string, details?: unknown) {
    super(status === 400 ? "bad_request" : "unprocessable", message, { details });
    this.name = "GenerateError";
  }
}
