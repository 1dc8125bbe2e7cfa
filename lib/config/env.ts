// Runtime configuration, read from the environment and validated once.
// Every variable here is documented in README.md ("Configuration"); keep the two in step.
import { z } from "zod";
import { BUILD_ARCHES, normalizeArch } from "../domain/arch";

export const DEFAULT_DATABASE_URL = "file:./data/advisor.db";

export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .default(DEFAULT_DATABASE_URL)
    .describe("file:<path> for SQLite (relative to the working directory) or postgresql://… for PostgreSQL"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000).describe("TCP port the dashboard listens on"),
  HOST: z
    .string()
    .trim()
    .min(1)
    .default("127.0.0.1")
    .describe("Interface the dashboard binds to; 0.0.0.0 exposes it on every interface"),
  DEMO_DATA: z
    .enum(["auto", "off"])
    .default("auto")
    .describe("auto: load the seed issue's timing tables into an empty database on start; off: never"),
  CLUSTER_ARCH: z
    .preprocess(
      (value) => (typeof value === "string" ? (normalizeArch(value) ?? value) : value),
      z.enum(BUILD_ARCHES, { message: "CLUSTER_ARCH must be amd64, arm64, ppc64le or s390x (or x86_64, aarch64)" }),
    )
    .default("amd64")
    .describe(
      "Arch of the cluster's own nodes: a local build (no PLATFORM param, or local/localhost) whose run's build-platforms does not name exactly one platform is filed under it",
    ),
  UPLOAD_TOKEN: z
    .string()
    .min(16, "UPLOAD_TOKEN must be at least 16 characters")
    .optional()
    .describe("When set, POST /api/bundles needs Authorization: Bearer <token>"),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Parses the environment; empty strings count as unset so `PORT= npm start` falls back to the default. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const relevant = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => {
      const value = source[key];
      return [key, value === "" ? undefined : value];
    }),
  );
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new ConfigError(`Invalid configuration in the environment: ${problems}`);
  }
  return parsed.data;
}
