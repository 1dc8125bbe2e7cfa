import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and driver packages stay outside the server bundle (Next already treats these as external;
  // listed so the intent is visible).
  serverExternalPackages: ["better-sqlite3", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // `npm test` and `npm run check` type-check the whole project (tsc --noEmit) as their own step; the
  // build skips repeating it, so `npm start` on a fresh clone is faster.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
};

export default nextConfig;
