// Runtime configuration, read from the environment and validated once.
// Every variable here is documented in README.md ("Configuration"); keep the two in step.
import { z } from "zod";
import { BUILD_ARCHES, normalizeArch } from "../domain/arch";

export const DEFAULT_DATABASE_URL = "file:./data/advisor.db";

/** WORKER_NICE's default (lib/ts-worker.ts LOWER_PRIORITY_SOURCE). */
export const DEFAULT_WORKER_NICE = 10;

/**
 * An upload or archive limit: digits only, positive, at most 2^53 − 1. Optional and without a default here, so
 * readEnv's result stays as it was for those who do not set one; lib/config/upload.ts applies the defaults.
 */
const limit = (description: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "expected a positive integer (bytes or a count, digits only)")
    .transform(Number)
    .pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
    .optional()
    .describe(description);

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
  // Optional, and without a default here so readEnv's result stays as it was for those who do not set them;
  // receiveUpload applies the 60 s default.
  UPLOAD_IDLE_TIMEOUT_MS: z.coerce
    .number({ message: "UPLOAD_IDLE_TIMEOUT_MS must be a number of milliseconds" })
    .int("UPLOAD_IDLE_TIMEOUT_MS must be a whole number of milliseconds")
    .min(1000, "UPLOAD_IDLE_TIMEOUT_MS must be at least 1000 (1 s)")
    .max(3_600_000, "UPLOAD_IDLE_TIMEOUT_MS must be at most 3600000 (1 h)")
    .optional()
    .describe("An upload that sends no byte for this long is abandoned with 408 (default 60000)"),
  UPLOAD_MAX_BYTES: limit("Largest upload as sent (compressed); larger ones get 413 (default 1073741824, 1 GiB)"),
  BUNDLE_MAX_TOTAL_BYTES: limit("Largest total of uncompressed bytes inside one upload (default 4294967296, 4 GiB)"),
  BUNDLE_MAX_ENTRY_BYTES: limit("Largest single file inside an archive, uncompressed (default 2147483648, 2 GiB)"),
  BUNDLE_MAX_ENTRIES: limit("Most entries (files and folders) in one upload (default 20000)"),
  BUNDLE_MAX_RATIO: limit(
    "Largest uncompressed ÷ compressed ratio, checked once more than 1 MiB came out (a higher one is treated as a decompression bomb; default 200)",
  ),
  // Optional without a default, like UPLOAD_IDLE_TIMEOUT_MS, so readEnv's result stays as it was: unset means on.
  SYNC_SCHEDULER: z
    .enum(["on", "off"])
    .optional()
    .describe(
      "on (default): sources with intervalMinutes sync in the background of the running dashboard; off: only on demand",
    ),
  // Optional without a default, as SYNC_SCHEDULER: unset means on (MODEL_WORKER) and off (ANALYSE_WORKER).
  MODEL_WORKER: z
    .enum(["on", "off"])
    .optional()
    .describe(
      "on (default): the dashboard computes recommendations and the list's summaries in a worker thread with its own database client, off the event loop; off: on the request thread",
    ),
  ANALYSE_WORKER: z
    .enum(["on", "off"])
    .optional()
    .describe(
      "on: the dashboard analyses uploads (inflating, unpacking, parsing, scanning logs) in a worker thread, off the event loop (about 25–45 MiB more RSS); off (default): on the request thread",
    ),
  // Optional without a default, like SYNC_SCHEDULER: unset means DEFAULT_WORKER_NICE.
  WORKER_NICE: z.coerce
    .number({ message: "WORKER_NICE must be a whole number from 0 to 19" })
    .int("WORKER_NICE must be a whole number from 0 to 19")
    .min(0, "WORKER_NICE must be a whole number from 0 to 19")
    .max(19, "WORKER_NICE must be a whole number from 0 to 19")
    .optional()
    .describe(
      "Nice value (0–19) of the dashboard's worker threads (SQLite reads, the model, upload analysis), so the event loop that answers requests goes first when the CPUs are busy (default 10; 0: the same priority as the event loop; Linux only)",
    ),
  READ_TOKEN: z
    .string()
    .min(16, "READ_TOKEN must be at least 16 characters")
    // Visible ASCII only: it travels in an Authorization header, and Basic auth splits at the first ':' of
    // the user name, not of the password, so ':' is fine.
    .regex(/^[\x21-\x7e]+$/, "READ_TOKEN must be visible ASCII characters without spaces")
    .optional()
    .describe(
      "When set, every page and API except /api/health needs Authorization: Bearer <token> or HTTP Basic auth with it as the password",
    ),
  AUTH_PROXY_HEADER: z
    .string()
    .trim()
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "AUTH_PROXY_HEADER must be an HTTP header name, e.g. X-Forwarded-User")
    .refine(
      (name) => !["authorization", "cookie", "host"].includes(name.toLowerCase()),
      "AUTH_PROXY_HEADER must name the header your auth proxy sets (e.g. X-Forwarded-User), not one every client sends",
    )
    .optional()
    .describe("When set, requests without a non-empty value of this header (set by a trusted auth proxy) get 401"),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** The variables `keys` from `source`, with empty strings as unset so `PORT= npm start` falls back to the default. */
function pick(keys: readonly string[], source: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(
    keys.map((key) => {
      const value = source[key];
      return [key, value === "" ? undefined : value];
    }),
  );
}

/** Parses the environment; empty strings count as unset so `PORT= npm start` falls back to the default. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(pick(Object.keys(envSchema.shape), source));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new ConfigError(`Invalid configuration in the environment: ${problems}`);
  }
  return parsed.data;
}

const UPLOAD_LIMIT_KEYS = {
  UPLOAD_MAX_BYTES: true,
  BUNDLE_MAX_TOTAL_BYTES: true,
  BUNDLE_MAX_ENTRY_BYTES: true,
  BUNDLE_MAX_ENTRIES: true,
  BUNDLE_MAX_RATIO: true,
} as const;

export type UploadLimitVariables = Pick<Env, keyof typeof UPLOAD_LIMIT_KEYS>;

/**
 * The upload and archive limits alone (unset ones stay undefined), with the schema above. A bad one is a
 * ConfigError naming it with the value given, `Invalid BUNDLE_MAX_RATIO="1e3": …`: these are sizes and counts,
 * never secrets, so repeating the value is safe and tells the operator exactly what to fix.
 */
export function readUploadLimitVariables(
  source: Record<string, string | undefined> = process.env,
): UploadLimitVariables {
  const parsed = envSchema.pick(UPLOAD_LIMIT_KEYS).safeParse(pick(Object.keys(UPLOAD_LIMIT_KEYS), source));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0]);
    throw new ConfigError(`Invalid ${name}="${source[name]}": ${issue?.message ?? "not a positive integer"}`);
  }
  return parsed.data;
}
