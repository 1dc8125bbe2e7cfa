// HTTP for the Results and KubeArchive clients: bearer token read from a file or variable (never logged), TLS
// with a CA bundle or (test clusters) without verification, bounded concurrency, a request rate, retries with
// backoff on 429, 5xx and timeouts (honouring Retry-After), answers read with a byte limit, 401/403 as
// SourceAuthError. node:http(s) only: no client library speaks these two APIs.
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { SourceAuthError, SourceError, type FetchLimits, type SourceConfig } from "./types";

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  concurrency: 4,
  requestsPerSecond: 20,
  attempts: 5,
  timeoutMs: 30_000,
  maxResponseBytes: 64 * 1024 * 1024,
  pageSize: 100,
};

/** First wait before retrying; doubled per attempt, capped, with jitter. */
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 30_000;

/** The bearer token of a source, or null when it names none. A named file or variable that is missing is an error. */
export function readToken(config: Pick<SourceConfig, "tokenFile" | "tokenEnv">, env = process.env): string | null {
  if (config.tokenFile) {
    try {
      return readFileSync(config.tokenFile, "utf8").trim();
    } catch (error) {
      throw new SourceError(`cannot read the token file ${config.tokenFile}: ${(error as NodeJS.ErrnoException).code}`);
    }
  }
  if (config.tokenEnv) {
    const token = env[config.tokenEnv]?.trim();
    if (!token) throw new SourceError(`the environment variable ${config.tokenEnv} (tokenEnv) is not set`);
    return token;
  }
  return null;
}

/** Waits `ms`, or rejects when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** At most `concurrency` tasks at once, started at most `perSecond` per second. */
export class Throttle {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private nextStart = 0;

  constructor(
    private readonly concurrency: number,
    private readonly perSecond: number,
  ) {}

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      const now = Date.now();
      const start = Math.max(now, this.nextStart);
      this.nextStart = start + 1000 / this.perSecond;
      if (start > now) await sleep(start - now, signal);
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

class Retryable extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

function retryAfter(headers: http.IncomingHttpHeaders): number | null {
  const value = headers["retry-after"];
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(seconds * 1000, BACKOFF_MAX_MS);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.min(Math.max(0, date - Date.now()), BACKOFF_MAX_MS);
}

/** One source's HTTP: every request of a sync goes through one of these. */
export class SourceHttp {
  private readonly agent: http.Agent;
  private readonly token: string | null;
  private readonly throttle: Throttle;

  constructor(
    private readonly config: SourceConfig,
    /** Names the source in messages, e.g. "Tekton Results at https://results.example". */
    private readonly what: string,
    readonly limits: FetchLimits = DEFAULT_FETCH_LIMITS,
  ) {
    this.token = readToken(config);
    const secure = new URL(config.url).protocol === "https:";
    this.agent = secure
      ? new https.Agent({
          keepAlive: true,
          maxSockets: limits.concurrency,
          ca: config.caFile ? readFileSync(config.caFile) : undefined,
          rejectUnauthorized: !config.insecureSkipTlsVerify,
        })
      : new http.Agent({ keepAlive: true, maxSockets: limits.concurrency });
    this.throttle = new Throttle(limits.concurrency, limits.requestsPerSecond);
  }

  /** `path` (with its query) resolved against the source's URL, keeping the URL's own path prefix. */
  url(path: string, query: Record<string, string | number | undefined> = {}): URL {
    const base = new URL(this.config.url);
    const url = new URL(`${base.pathname.replace(/\/$/, "")}${path}`, base);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  async getJson(url: URL, signal: AbortSignal): Promise<unknown> {
    const body = await this.get(url, "application/json", signal);
    try {
      return JSON.parse(body.toString("utf8")) as unknown;
    } catch {
      throw new SourceError(`${this.what}: ${url.pathname} did not answer JSON`);
    }
  }

  /** The body of a GET; 404 gives null (a log that is gone), other failures throw. */
  async getOptional(url: URL, accept: string, signal: AbortSignal): Promise<Buffer | null> {
    try {
      return await this.get(url, accept, signal);
    } catch (error) {
      if (error instanceof SourceError && error.status === 404) return null;
      throw error;
    }
  }

  async get(url: URL, accept: string, signal: AbortSignal): Promise<Buffer> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const answer = await this.throttle.run(() => this.once(url, accept, signal), signal);
        return this.check(url, answer);
      } catch (error) {
        if (!(error instanceof Retryable) || signal.aborted) throw error;
        if (attempt >= this.limits.attempts) {
          throw new SourceError(`${this.what}: ${url.pathname}: ${error.message}, ${attempt} attempts`);
        }
        const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
        await sleep(error.retryAfterMs ?? backoff * (0.5 + Math.random() / 2), signal);
      }
    }
  }

  private check(url: URL, answer: Answer): Buffer {
    const { status } = answer;
    if (status >= 200 && status < 300) return answer.body;
    if (status === 401 || status === 403) {
      throw new SourceAuthError(
        `${this.what}: ${status} ${status === 401 ? "Unauthorized" : "Forbidden"} for ${url.pathname}: ` +
          `${this.token ? "the token was refused or lacks a permission" : "no token configured (tokenFile or tokenEnv)"}`,
        status,
      );
    }
    if (status === 429 || status >= 500) throw new Retryable(`HTTP ${status}`, retryAfter(answer.headers));
    const detail = answer.body.toString("utf8", 0, Math.min(answer.body.length, 300)).replace(/\s+/g, " ").trim();
    throw new SourceError(`${this.what}: HTTP ${status} for ${url.pathname}${detail ? `: ${detail}` : ""}`, status);
  }

  private once(url: URL, accept: string, signal: AbortSignal): Promise<Answer> {
    const transport = url.protocol === "https:" ? https : http;
    const headers: Record<string, string> = { accept };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    return new Promise((resolve, reject) => {
      const request = transport.get(
        url,
        { agent: this.agent, headers, signal, timeout: this.limits.timeoutMs },
        (response) => {
          const chunks: Buffer[] = [];
          let length = 0;
          response.on("data", (chunk: Buffer) => {
            length += chunk.length;
            if (length > this.limits.maxResponseBytes) {
              response.destroy();
              reject(
                new SourceError(
                  `${this.what}: ${url.pathname} answered more than ${this.limits.maxResponseBytes} bytes`,
                ),
              );
              return;
            }
            chunks.push(chunk);
          });
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
          );
          response.on("error", (error) => reject(new Retryable(error.message, null)));
        },
      );
      request.on("timeout", () => request.destroy(new Retryable(`no answer within ${this.limits.timeoutMs} ms`, null)));
      request.on("error", (error) => {
        if (error instanceof Retryable || error instanceof SourceError || signal.aborted) reject(error);
        else reject(new Retryable((error as NodeJS.ErrnoException).code ?? error.message, null));
      });
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
