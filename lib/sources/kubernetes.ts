// The Kubernetes source: the finished PipelineRuns of a namespace straight from the cluster's API server through
// @kubernetes/client-node, their TaskRuns and each step container's pod log, as the same pages and cursor as the
// KubeArchive source (the walk over finished runs is lib/sources/kubearchive.ts's).
//
// Upstream documents followed: Kubernetes API concepts, "Retrieving large results sets in chunks" (`limit`,
// `continue`, 410 ResourceExpired for an expired token, a list restarted without `continue`), "Labels and
// Selectors" (`labelSelector`), the ListOptions reference, the Pod "read log" operation (GET
// /api/v1/namespaces/{ns}/pods/{pod}/log with `container`, `limitBytes`); @kubernetes/client-node 1.4 / 2.0 (KubeConfig
// loadFromCluster / loadFromClusterAndUser, CustomObjectsApi, CoreV1Api, ApiException, call-time middleware); Tekton's
// TaskRun status (`podName`, `steps[].container`, `step-<name>`).
import { accessSync, constants } from "node:fs";
import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Observable,
  type ConfigurationOptions,
  type RequestContext,
  type ResponseContext,
} from "@kubernetes/client-node";
import { DEFAULT_FETCH_LIMITS, readToken, sleep, Throttle } from "./http";
import { finishedRunPages, objectPage, type KubeObject, type RunsApi, type WalkOptions } from "./kubearchive";
import { SourceAuthError, SourceError, type FetchLimits, type SourceClient, type SourceConfig } from "./types";

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 30_000;
const TEKTON = { group: "tekton.dev", version: "v1" } as const;

/**
 * The client configuration of a source: `url` empty or `in-cluster` loads the pod's service account (its token
 * file, re-read per request, and CA); else the URL with the token of tokenFile/tokenEnv. caFile and
 * insecureSkipTlsVerify apply to both.
 */
export function kubeConfigFor(
  config: SourceConfig,
  pathPrefix = "",
): { kubeConfig: KubeConfig; server: string; token: string | null } {
  const token = readToken(config);
  if (config.caFile) {
    try {
      accessSync(config.caFile, constants.R_OK);
    } catch (error) {
      throw new SourceError(`cannot read the CA file ${config.caFile}: ${(error as NodeJS.ErrnoException).code}`);
    }
  }
  const kubeConfig = new KubeConfig();
  const url = config.url.trim();
  if (url === "" || url === "in-cluster") {
    if (!process.env.KUBERNETES_SERVICE_HOST) {
      throw new SourceError("Kubernetes in-cluster: KUBERNETES_SERVICE_HOST is not set (not in a pod); give a URL");
    }
    kubeConfig.loadFromCluster(pathPrefix);
    const cluster = kubeConfig.getCurrentCluster()!;
    kubeConfig.loadFromClusterAndUser(
      { ...cluster, caFile: config.caFile ?? cluster.caFile, skipTLSVerify: config.insecureSkipTlsVerify },
      token ? { name: "source", token } : kubeConfig.getCurrentUser()!,
    );
  } else {
    // An http:// URL (e.g. `kubectl proxy`) has no TLS to verify; client-node only allows it with skipTLSVerify.
    kubeConfig.loadFromClusterAndUser(
      {
        name: "source",
        server: url.replace(/\/+$/, ""),
        caFile: config.caFile ?? undefined,
        skipTLSVerify: config.insecureSkipTlsVerify || url.startsWith("http:"),
      },
      { name: "source", token: token ?? undefined },
    );
  }
  return { kubeConfig, server: kubeConfig.getCurrentCluster()!.server, token };
}

/** Holds an answer to `max` bytes: a larger Content-Length, or a larger body once read, is a SourceError. */
function limitAnswer(context: ResponseContext, max: number, what: string): void {
  const tooLarge = () => new SourceError(`${what} answered more than ${max} bytes`);
  if (Number(context.headers["content-length"] ?? 0) > max) throw tooLarge();
  const body = context.body;
  const [binary, text] = [body.binary.bind(body), body.text.bind(body)];
  body.binary = async () => {
    const bytes = await binary();
    if (bytes.length > max) throw tooLarge();
    return bytes;
  };
  body.text = async () => {
    const value = await text();
    if (Buffer.byteLength(value) > max) throw tooLarge();
    return value;
  };
}

/** The `message` of a Kubernetes Status body, if the body is one. */
function statusMessage(body: unknown): string | null {
  try {
    const status = (typeof body === "string" ? JSON.parse(body) : body) as { message?: unknown } | undefined;
    return typeof status?.message === "string" ? status.message.slice(0, 300) : null;
  } catch {
    return null;
  }
}

/** A failure worth another attempt, and how long the server asked to wait (Retry-After). */
interface Retryable {
  message: string;
  retryAfterMs: number | null;
}

class KubernetesRuns implements RunsApi {
  readonly newestFirst = false;
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;
  private readonly throttle: Throttle;
  private readonly what: string;
  private readonly token: string | null;
  private readonly credential: "token" | "service account token" | "none";
  private readonly namespace: string;

  constructor(
    config: SourceConfig,
    private readonly limits: FetchLimits,
  ) {
    const { kubeConfig, server, token } = kubeConfigFor(config);
    const inCluster = kubeConfig.getCurrentUser()?.authProvider !== undefined;
    this.credential = token ? "token" : inCluster ? "service account token" : "none";
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.throttle = new Throttle(limits.concurrency, limits.requestsPerSecond);
    this.what = `Kubernetes API at ${server}`;
    this.token = token;
    this.namespace = config.namespace;
  }

  async list(plural: "pipelineruns" | "taskruns", query: Parameters<RunsApi["list"]>[1], signal: AbortSignal) {
    const path = `/apis/tekton.dev/v1/namespaces/${this.namespace}/${plural}`;
    const request = { ...TEKTON, namespace: this.namespace, plural, limit: query.limit, _continue: query.continue };
    const labelSelector = query.labelSelector || undefined;
    const body: unknown = await this.call(
      path,
      (options) => this.custom.listNamespacedCustomObject({ ...request, labelSelector }, options),
      signal,
    );
    return objectPage(body, `${this.what}: ${path}`);
  }

  async getPipelineRun(run: { name: string }, signal: AbortSignal): Promise<KubeObject | null> {
    const path = `/apis/tekton.dev/v1/namespaces/${this.namespace}/pipelineruns/${run.name}`;
    const request = { ...TEKTON, namespace: this.namespace, plural: "pipelineruns", name: run.name };
    return this.optional(
      () => this.call(path, (options) => this.custom.getNamespacedCustomObject(request, options), signal),
      [404],
    ) as Promise<KubeObject | null>;
  }

  async stepLog(taskRun: KubeObject, container: string, signal: AbortSignal): Promise<Buffer | null> {
    const pod = taskRun.status?.podName;
    if (!pod) return null;
    const path = `/api/v1/namespaces/${this.namespace}/pods/${pod}/log?container=${container}`;
    const request = { name: pod, namespace: this.namespace, container, limitBytes: this.limits.maxResponseBytes };
    // 404: the pod was pruned; 400: that container never ran (waiting, skipped): no log either way.
    const log = await this.optional(
      () => this.call(path, (options) => this.core.readNamespacedPodLog(request, options), signal),
      [400, 404],
    );
    return log === null ? null : Buffer.from(log, "utf8");
  }

  close(): void {}

  private async optional<T>(read: () => Promise<T>, missing: number[]): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof SourceError && error.status !== null && missing.includes(error.status)) return null;
      throw error;
    }
  }

  /** Per call: the caller's abort and this attempt's timeout, and the answer's byte limit. */
  private options(signal: AbortSignal, path: string): ConfigurationOptions {
    const attempt = AbortSignal.any([signal, AbortSignal.timeout(this.limits.timeoutMs)]);
    const max = this.limits.maxResponseBytes;
    const middleware = {
      pre: (context: RequestContext) => {
        context.setSignal(attempt);
        return new Observable(Promise.resolve(context));
      },
      post: (context: ResponseContext) => {
        try {
          limitAnswer(context, max, `${this.what}: ${path.split("?")[0]}`);
          return new Observable(Promise.resolve(context));
        } catch (error) {
          return new Observable<ResponseContext>(Promise.reject(error as Error));
        }
      },
    };
    return { middleware: [middleware], middlewareMergeStrategy: "append" };
  }

  /** One request with the limits: throttled, retried with backoff on 429, 5xx, timeouts and network errors. */
  private async call<T>(path: string, send: (options: ConfigurationOptions) => Promise<T>, signal: AbortSignal) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.throttle.run(() => send(this.options(signal, path)), signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        const where = path.split("?")[0] ?? path;
        const retry = this.failure(where, error);
        if (attempt >= this.limits.attempts) {
          throw new SourceError(`${this.what}: ${where}: ${retry.message}, ${attempt} attempts`);
        }
        const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
        await sleep(retry.retryAfterMs ?? backoff * (0.5 + Math.random() / 2), signal);
      }
    }
  }

  /** What went wrong: a Retryable to try again, else throws the SourceError that ends the sync. */
  private failure(path: string, error: unknown): Retryable {
    if (error instanceof SourceError) throw error;
    if (error instanceof ApiException) {
      const { code, body, headers } = error as ApiException<unknown>;
      const detail = statusMessage(body);
      if (code === 401 || code === 403) throw new SourceAuthError(this.authMessage(code, path, detail), code);
      if (code === 429 || code >= 500)
        return { message: `HTTP ${code}`, retryAfterMs: retryAfter(headers?.["retry-after"]) };
      throw new SourceError(`${this.what}: HTTP ${code} for ${path}${detail ? `: ${this.redact(detail)}` : ""}`, code);
    }
    const name = (error as Error)?.name;
    if (name === "TimeoutError" || name === "AbortError") {
      return { message: `no answer within ${this.limits.timeoutMs} ms`, retryAfterMs: null };
    }
    // node-fetch (client-node 1.x) fails a connection with a FetchError of type "system"; fetch (2.x) with a TypeError.
    const failed = error as { type?: string; code?: string; cause?: { code?: string }; message?: string };
    if ((name === "FetchError" && failed.type === "system") || error instanceof TypeError) {
      return {
        message: failed.code ?? failed.cause?.code ?? failed.message ?? "connection failed",
        retryAfterMs: null,
      };
    }
    throw new SourceError(`${this.what}: ${path}: ${this.redact(String((error as Error)?.message ?? error))}`);
  }

  private authMessage(code: 401 | 403, path: string, detail: string | null): string {
    const cause =
      code === 403
        ? (detail && this.redact(detail)) || "the token lacks a permission"
        : this.credential === "none"
          ? "no token configured (tokenFile or tokenEnv)"
          : `the ${this.credential} was refused (expired, revoked or of another cluster)`;
    return `${this.what}: ${code} ${code === 401 ? "Unauthorized" : "Forbidden"} for ${path}: ${cause}`;
  }

  private redact(text: string): string {
    return this.token ? text.split(this.token).join("[token]") : text;
  }
}

function retryAfter(value: string | undefined): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(seconds * 1000, BACKOFF_MAX_MS);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.min(Math.max(0, date - Date.now()), BACKOFF_MAX_MS);
}

/** The Kubernetes client: pages of the namespace's finished PipelineRuns with TaskRuns and step logs. */
export function createKubernetesClient(
  config: SourceConfig,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
  options: WalkOptions = {},
): SourceClient {
  return {
    pages: (cursor, signal) =>
      finishedRunPages(() => new KubernetesRuns(config, limits), config, limits, cursor, signal, options),
  };
}
