// The Content-Security-Policy per kind of response, and the static hardening headers.
import { describe, expect, it } from "vitest";
import {
  API_POLICY,
  newNonce,
  pagePolicy,
  policyKind,
  prerenderedPagePolicy,
  SECURITY_HEADERS,
} from "@/lib/http/security-headers";

const directives = (policy: string) =>
  Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));

describe("Content-Security-Policy", () => {
  it("gives pages a nonce for scripts and everything the dashboard needs, nothing more", () => {
    expect(directives(pagePolicy("abc123=="))).toEqual({
      "default-src": "'self'",
      "script-src": "'self' 'nonce-abc123==' 'strict-dynamic'",
      "style-src": "'self' 'unsafe-inline'",
      "img-src": "'self' data: blob:",
      "font-src": "'self'",
      "connect-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'self'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
    });
    expect(directives(pagePolicy("n", { dev: true }))["script-src"]).toContain("'unsafe-eval'");
  });

  it("lets prerendered pages run their inline bootstrap, and only them", () => {
    const policy = directives(prerenderedPagePolicy());
    expect(policy["script-src"]).toBe("'self' 'unsafe-inline'");
    expect(policy["frame-ancestors"]).toBe("'none'");
    expect(directives(API_POLICY)).toMatchObject({ "default-src": "'none'", "frame-ancestors": "'none'" });
  });

  it.each([
    ["/", "page"],
    ["/components/flatpak-sdk", "page"],
    ["/runs/12", "page"],
    ["/runs/compare", "page"],
    ["/upload", "page"],
    ["/uploads", "prerendered"],
    ["/no-such-page", "prerendered"],
    ["/api/components", "api"],
    ["/api/runs/1", "api"],
    ["/apis", "prerendered"],
  ])("%s gets the %s policy", (path, kind) => {
    expect(policyKind(path)).toBe(kind);
  });

  it("makes a fresh, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

it("the static headers forbid sniffing, framing and leaking full URLs to other sites", () => {
  expect(SECURITY_HEADERS).toEqual({
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
  });
});
