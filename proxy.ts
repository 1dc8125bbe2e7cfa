// Runs before every page and API route (Next 16's proxy, formerly middleware): the optional read access
// check (READ_TOKEN, AUTH_PROXY_HEADER) and the Content-Security-Policy, with a fresh script nonce per page.
import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { accessSettings, decideAccess, type AccessSettings } from "@/lib/http/access";
import { errorResponse } from "@/lib/http/errors";
import {
  API_POLICY,
  newNonce,
  pagePolicy,
  policyKind,
  prerenderedPagePolicy,
  SECURITY_HEADERS,
} from "@/lib/http/security-headers";

// The environment does not change while the server runs (and was validated by `npm start`): read it once.
let settings: AccessSettings | undefined;

export function proxy(request: NextRequest): NextResponse | Response {
  settings ??= accessSettings();
  const { pathname } = request.nextUrl;
  const decision = decideAccess({ pathname, headers: request.headers }, settings);
  if (!decision.allow) {
    const denied = errorResponse(new AppError("unauthorized", decision.message));
    if (decision.challenge) denied.headers.set("WWW-Authenticate", decision.challenge);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) denied.headers.set(name, value);
    denied.headers.set("Content-Security-Policy", API_POLICY);
    return denied;
  }

  const dev = process.env.NODE_ENV === "development";
  const kind = policyKind(pathname);
  if (kind !== "page") {
    const response = NextResponse.next();
    response.headers.set("Content-Security-Policy", kind === "api" ? API_POLICY : prerenderedPagePolicy({ dev }));
    return response;
  }
  const policy = pagePolicy(newNonce(), { dev });
  // Next takes the nonce from the policy on the request and adds it to every script of the page it renders.
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    // Not build assets (public code, no data). Not POST /api/bundles either: for every request the proxy sees,
    // Next buffers the body in memory and hands the route at most 10 MB of it, which would hold whole uploads
    // in memory and cut large ones short. Uploads keep their own gate (UPLOAD_TOKEN); next.config.ts sets
    // the headers of what the proxy skips.
    "/((?!_next/static|_next/image|api/bundles).*)",
  ],
};
