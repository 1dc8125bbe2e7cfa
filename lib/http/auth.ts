// Optional upload token: when UPLOAD_TOKEN is set, uploads need `Authorization: Bearer <token>`; without it, the
// read access rules (READ_TOKEN, AUTH_PROXY_HEADER) apply to uploads as to everything else.
import { readEnv } from "../config/env";
import { AppError } from "../errors";
import { accessSettings, decideAccess, sameSecret } from "./access";

export function checkUploadToken(request: Request, token: string | undefined): void {
  if (!token) return;
  const header = request.headers.get("authorization") ?? "";
  const given = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? "";
  if (!sameSecret(given, token)) {
    throw new AppError("unauthorized", "Uploads need the header Authorization: Bearer <UPLOAD_TOKEN>");
  }
}

/**
 * The read access decision of proxy.ts. The one route the proxy does not see (uploads: their bodies) relies on
 * it; every other route repeats it (lib/http/route.ts), so a change of the proxy's matcher cannot open one.
 */
export function checkAccess(request: Request): void {
  const decision = decideAccess(
    { pathname: new URL(request.url).pathname, headers: request.headers },
    accessSettings(),
  );
  if (!decision.allow) {
    throw new AppError("unauthorized", decision.message, {
      details: decision.challenge ? { challenge: decision.challenge } : undefined,
    });
  }
}

/** POST /api/bundles: with UPLOAD_TOKEN set, that token alone; without it, the read access rules. */
export function checkUploadAccess(request: Request, uploadToken: string | undefined = readEnv().UPLOAD_TOKEN): void {
  if (uploadToken) checkUploadToken(request, uploadToken);
  else checkAccess(request);
}
