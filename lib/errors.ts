// One error type for bad input, mapped to HTTP in one place (lib/http/errors.ts). Messages say what was
// wrong and where: the file in the bundle, the line, the field.

export type AppErrorCode =
  | "bad_request" // 400: malformed request or bytes that are not what they claim
  | "unauthorized" // 401
  | "not_found" // 404
  | "request_timeout" // 408: the client stopped sending the request body
  | "conflict" // 409
  | "too_large" // 413: size, entry count or compression-ratio limits
  | "unsupported_type" // 415: a format we do not read
  | "unprocessable"; // 422: valid syntax, unusable content

export const APP_ERROR_STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  request_timeout: 408,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
  unprocessable: 422,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** The file (path inside the bundle, or the upload's name) the problem is in. */
  readonly file?: string;
  readonly details?: unknown;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { file?: string; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.file = options.file;
    this.details = options.details;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}
