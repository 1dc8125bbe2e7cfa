// The hardening headers every response carries, and the Content-Security-Policy per kind of response:
// set by proxy.ts (pages get a fresh script nonce per request) and by next.config.ts for what it skips.

/** Sent on every response (next.config.ts headers() for all paths, proxy.ts on its own answers). */
export const SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
};

const join = (directives: string[]) => directives.join("; ");

/**
 * Everything but scripts is the same for every page: recharts and our components set style attributes,
 * so styles need 'unsafe-inline' (they cannot run code); images may be data: or blob: URLs (downloads,
 * charts); the page only talks to its own origin and may not be framed.
 */
const PAGE_BASE = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/**
 * A page rendered per request: Next reads the nonce from this policy on the request and puts it on every
 * script it emits, and 'strict-dynamic' lets those scripts load the chunks they need. Development adds
 * 'unsafe-eval', which React's dev build uses for its error overlays.
 */
export function pagePolicy(nonce: string, options: { dev?: boolean } = {}): string {
  const script = [
    "script-src 'self'",
    `'nonce-${nonce}'`,
    "'strict-dynamic'",
    ...(options.dev ? ["'unsafe-eval'"] : []),
  ];
  return join([...PAGE_BASE, script.join(" ")]);
}

/**
 * A page Next prerendered at build time (and Next's own 404 page): its HTML was written before any request,
 * so its inline bootstrap scripts carry no nonce and must be allowed as inline scripts.
 */
export function prerenderedPagePolicy(options: { dev?: boolean } = {}): string {
  return join([...PAGE_BASE, `script-src 'self' 'unsafe-inline'${options.dev ? " 'unsafe-eval'" : ""}`]);
}

/** JSON, CSV and YAML answers: nothing in them may load or run anything. */
export const API_POLICY = join([
  "default-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
]);

/** Build assets (_next/static): scripts and styles themselves; a policy only matters if one became a worker. */
export const ASSET_POLICY = join([
  "default-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
]);

/** Pages rendered per request; everything else that is not an API or an asset is treated as prerendered. */
const DYNAMIC_PAGE = /^\/(?:$|components\/|runs\/|upload$)/;

export type PolicyKind = "page" | "prerendered" | "api";

export function policyKind(pathname: string): PolicyKind {
  if (pathname === "/api" || pathname.startsWith("/api/")) return "api";
  return DYNAMIC_PAGE.test(pathname) ? "page" : "prerendered";
}

/** 16 random bytes, base64: unguessable and valid in a CSP source expression. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}
