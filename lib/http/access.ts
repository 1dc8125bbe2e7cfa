// Who may read the dashboard: with READ_TOKEN or AUTH_PROXY_HEADER unset everything is open (by design, for a
// trusted network); when set, proxy.ts asks decideAccess about every request, and only /api/health is exempt.
import { createHash, timingSafeEqual } from "node:crypto";
import { readEnv } from "../config/env";

export const AUTH_REALM = "Prefetch Cost Advisor";

/** Paths that answer without credentials: the health check, for load balancers and `npm start`'s wait. */
export const PUBLIC_PATHS = new Set(["/api/health"]);

export interface AccessSettings {
  /** READ_TOKEN: `Authorization: Bearer <token>`, or Basic auth with any user name and the token as password. */
  readToken?: string;
  /** AUTH_PROXY_HEADER: a header only the trusted auth proxy in front of us sets (e.g. X-Forwarded-User). */
  authProxyHeader?: string;
}

export type AccessDecision =
  | { allow: true }
  | {
      allow: false;
      /** Safe to show: says what is missing, never what was sent or expected. */
      message: string;
      /** The WWW-Authenticate value, when the client can answer with credentials (a browser shows its dialog). */
      challenge?: string;
    };

export interface AccessRequest {
  pathname: string;
  headers: { get(name: string): string | null };
}

export function accessSettings(env: Record<string, string | undefined> = process.env): AccessSettings {
  const { READ_TOKEN, AUTH_PROXY_HEADER } = readEnv(env);
  return { readToken: READ_TOKEN, authProxyHeader: AUTH_PROXY_HEADER };
}

/**
 * Compares in constant time whatever the lengths: both sides are hashed first, so neither the position of
 * the first wrong character nor the token's length shows in the timing.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The secret a request offers: a Bearer token, or the password of Basic credentials (user name ignored). */
export function offeredSecret(authorization: string | null): string | null {
  if (!authorization) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? null : decoded.slice(colon + 1);
}

/** Pure: the request's path and headers and the settings in, allow or deny (with what to tell the client) out. */
export function decideAccess(request: AccessRequest, settings: AccessSettings): AccessDecision {
  if (PUBLIC_PATHS.has(request.pathname)) return { allow: true };
  if (settings.authProxyHeader) {
    const user = request.headers.get(settings.authProxyHeader)?.trim() ?? "";
    if (user === "") {
      return {
        allow: false,
        message: `Sign in through the dashboard's auth proxy (the request has no ${settings.authProxyHeader} header)`,
      };
    }
  }
  if (settings.readToken) {
    const offered = offeredSecret(request.headers.get("authorization"));
    if (offered === null || !sameSecret(offered, settings.readToken)) {
      return {
        allow: false,
        message:
          "This dashboard needs the read token: send Authorization: Bearer <READ_TOKEN>, or sign in with it as the password",
        challenge: `Basic realm="${AUTH_REALM}", charset="UTF-8"`,
      };
    }
  }
  return { allow: true };
}
