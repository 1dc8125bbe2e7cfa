// decideAccess is pure: a path and headers plus READ_TOKEN / AUTH_PROXY_HEADER settings in, allow or deny out.
import { describe, expect, it } from "vitest";
import { accessSettings, decideAccess, offeredSecret, sameSecret, type AccessSettings } from "@/lib/http/access";

const TOKEN = "s3cret-read-token-0123";
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

function decide(pathname: string, headers: Record<string, string>, settings: AccessSettings) {
  return decideAccess({ pathname, headers: new Headers(headers) }, settings);
}

describe("decideAccess", () => {
  it("allows everything when neither READ_TOKEN nor AUTH_PROXY_HEADER is set (open by design)", () => {
    for (const path of ["/", "/upload", "/api/components", "/api/generate", "/runs/1"]) {
      expect(decide(path, {}, {})).toEqual({ allow: true });
    }
  });

  describe("with READ_TOKEN", () => {
    const settings = { readToken: TOKEN };

    it("allows the token as a Bearer token or as the Basic password with any user name", () => {
      expect(decide("/", { authorization: `Bearer ${TOKEN}` }, settings)).toEqual({ allow: true });
      expect(decide("/api/components", { authorization: `bearer  ${TOKEN}` }, settings)).toEqual({ allow: true });
      expect(decide("/upload", { authorization: basic("alice", TOKEN) }, settings)).toEqual({ allow: true });
      expect(decide("/upload", { authorization: basic("", TOKEN) }, settings)).toEqual({ allow: true });
    });

    it.each([
      ["no header", {}],
      ["a wrong token", { authorization: "Bearer wrong-token-wrong-token" }],
      ["a prefix of the token", { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
      ["the token with more after it", { authorization: `Bearer ${TOKEN}x` }],
      ["the token as the Basic user name", { authorization: basic(TOKEN, "") }],
      ["Basic without a colon", { authorization: `Basic ${Buffer.from(TOKEN).toString("base64")}` }],
      ["another scheme", { authorization: `Token ${TOKEN}` }],
    ])("denies %s with 401 and a Basic challenge, never echoing a token", (_label, headers) => {
      const decision = decide("/runs/1", headers, settings);
      expect(decision).toEqual({
        allow: false,
        message: expect.stringContaining("read token"),
        challenge: 'Basic realm="Prefetch Cost Advisor", charset="UTF-8"',
      });
      expect(JSON.stringify(decision)).not.toContain(TOKEN);
    });

    it("exempts /api/health only", () => {
      expect(decide("/api/health", {}, settings)).toEqual({ allow: true });
      expect(decide("/api/health/x", {}, settings).allow).toBe(false);
      expect(decide("/api/generate", {}, settings).allow).toBe(false);
    });
  });

  describe("with AUTH_PROXY_HEADER", () => {
    const settings = { authProxyHeader: "X-Forwarded-User" };

    it("allows a request carrying a non-empty value of the header (any case of its name)", () => {
      expect(decide("/", { "x-forwarded-user": "alice" }, settings)).toEqual({ allow: true });
    });

    it.each([
      ["without the header", {}],
      ["with an empty value", { "x-forwarded-user": "" }],
      ["with only spaces", { "x-forwarded-user": "   " }],
    ])("denies a request %s, without a Basic challenge (a password cannot help)", (_label, headers) => {
      const decision = decide("/api/components", headers, settings);
      expect(decision).toEqual({ allow: false, message: expect.stringContaining("X-Forwarded-User") });
    });

    it("still lets /api/health through", () => {
      expect(decide("/api/health", {}, settings)).toEqual({ allow: true });
    });
  });

  it("with both set, needs both", () => {
    const settings = { readToken: TOKEN, authProxyHeader: "X-Forwarded-User" };
    expect(decide("/", { "x-forwarded-user": "alice" }, settings).allow).toBe(false);
    expect(decide("/", { authorization: `Bearer ${TOKEN}` }, settings).allow).toBe(false);
    expect(decide("/", { "x-forwarded-user": "alice", authorization: `Bearer ${TOKEN}` }, settings)).toEqual({
      allow: true,
    });
  });
});

describe("the pieces", () => {
  it("offeredSecret reads Bearer tokens and Basic passwords (which may contain colons)", () => {
    expect(offeredSecret(null)).toBeNull();
    expect(offeredSecret(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(offeredSecret(basic("bob", "pa:ss:word"))).toBe("pa:ss:word");
    expect(offeredSecret("Basic !!!")).toBeNull();
  });

  it("sameSecret compares whole strings, whatever their lengths", () => {
    expect(sameSecret(TOKEN, TOKEN)).toBe(true);
    expect(sameSecret("", TOKEN)).toBe(false);
    expect(sameSecret(TOKEN, `${TOKEN}${TOKEN}`)).toBe(false);
  });

  it("accessSettings reads and validates the environment", () => {
    expect(accessSettings({})).toEqual({ readToken: undefined, authProxyHeader: undefined });
    expect(accessSettings({ READ_TOKEN: TOKEN, AUTH_PROXY_HEADER: " X-Auth-Request-User " })).toEqual({
      readToken: TOKEN,
      authProxyHeader: "X-Auth-Request-User",
    });
    expect(() => accessSettings({ READ_TOKEN: "short" })).toThrow(/READ_TOKEN/);
  });
});
