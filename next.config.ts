import type { NextConfig } from "next";
import { API_POLICY, ASSET_POLICY, SECURITY_HEADERS } from "./lib/http/security-headers";

const securityHeaders = Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // Native and driver packages stay outside the server bundle (Next already treats these as external;
  // listed so the intent is visible).
  serverExternalPackages: ["better-sqlite3", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // `npm test` and `npm run check` type-check the whole project (tsc --noEmit) as their own step; the
  // build skips repeating it, so `npm start` on a fresh clone is faster.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  // The static hardening headers go on every response. The Content-Security-Policy of pages and APIs is set
  // per request by proxy.ts (pages need a fresh nonce); here only for the paths proxy.ts does not run on.
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/bundles", headers: [{ key: "Content-Security-Policy", value: API_POLICY }] },
      { source: "/_next/static/:path*", headers: [{ key: "Content-Security-Policy", value: ASSET_POLICY }] },
    ];
  },
};

export default nextConfig;
