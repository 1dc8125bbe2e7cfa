// Optional upload token: when UPLOAD_TOKEN is set, uploads need `Authorization: Bearer <token>`.
import { timingSafeEqual } from "node:crypto";
import { AppError } from "../errors";

export function checkUploadToken(request: Request, token: string | undefined): void {
  if (!token) return;
  const header = request.headers.get("authorization") ?? "";
  const given = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new AppError("unauthorized", "Uploads need the header Authorization: Bearer <UPLOAD_TOKEN>");
  }
}
