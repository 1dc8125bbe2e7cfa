// One long-lived worker thread running exported functions of one of this project's TypeScript modules, so heavy
// JavaScript (an upload's analysis, the cost model) runs off the web server's event loop. The worker is CommonJS
// evaluated from a string (no bundler must find a worker file) that loads the module through tsx (a dependency:
// `npm start` runs with it), so it runs the very same source the server bundles. Calls are messages
// `{ id, fn, args }`; answers are structured-cloned back (shared references within an answer survive). An AppError
// thrown there comes back as the same AppError; anything else as an Error with its message. A worker that crashes
// or is stopped fails the calls in flight and starts again on the next call. `processWorker` keeps a process's one
// worker of a kind; its users: lib/ingest/analyse-worker.ts, lib/recommend/model-worker.ts.
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { DEFAULT_WORKER_NICE, envSchema } from "./config/env";
import { AppError, type AppErrorCode } from "./errors";

/**
 * Lines of a worker's source (after workerData is in scope) that lower the worker thread's own scheduling priority
 * to the nice value `workerData.nice` (WORKER_NICE, default 10). On Linux a nice value belongs to a thread, and
 * setpriority with a thread's id changes that thread alone: the web server's event loop keeps its priority, so when
 * the CPUs are busy a worker's long computation waits for the event loop, not the other way round. Elsewhere (no
 * /proc/thread-self) nothing changes. A failure is not an error: the worker just runs at the process's priority.
 */
export const LOWER_PRIORITY_SOURCE = `
if (Number.isInteger(workerData.nice) && workerData.nice > 0) {
  try {
    const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) require("node:os").setPriority(tid, workerData.nice);
  } catch {}
}
`;

/**
 * The nice value of the server's worker threads: WORKER_NICE, else 10 (see LOWER_PRIORITY_SOURCE). Only this
 * variable is read: the server's start has already rejected a bad one (readEnv), and a bad other variable must not
 * stop a CLI's worker; an unset or bad value here gives the default.
 */
export function workerNice(): number {
  const raw = process.env.WORKER_NICE;
  const parsed = envSchema.shape.WORKER_NICE.safeParse(raw === "" ? undefined : raw);
  return (parsed.success ? parsed.data : undefined) ?? DEFAULT_WORKER_NICE;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
${LOWER_PRIORITY_SOURCE}
const load = createRequire(workerData.resolveFrom);
load("tsx/cjs/api").register();
const entry = load(workerData.entry);
parentPort.on("message", async ({ id, fn, args }) => {
  try {
    parentPort.postMessage({ id, value: await entry[fn](...args) });
  } catch (error) {
    const app = Boolean(error) && error.name === "AppError";
    parentPort.postMessage({
      id,
      error: {
        app,
        code: app ? error.code : undefined,
        message: String(error && error.message ? error.message : error),
        file: app ? error.file : undefined,
        details: app ? error.details : undefined,
      },
    });
  }
});
`;

interface WorkerError {
  app: boolean;
  code?: AppErrorCode;
  message: string;
  file?: string;
  details?: unknown;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Whether tsx can be loaded from the project at `root` (else the callers run their work inline). */
function tsxAvailable(root: string): boolean {
  try {
    createRequire(path.join(root, "package.json")).resolve("tsx/cjs/api");
    return true;
  } catch {
    return false;
  }
}

interface TsWorkerOptions {
  /** The project's folder: package.json, node_modules and the module live there. */
  root: string;
  /** The module, relative to root (e.g. "lib/ingest/ingest-bundle.ts"). */
  entry: string;
  /** What the worker does, for error messages ("the upload analysis"). */
  purpose: string;
  /** The worker's own old-generation heap limit. */
  heapMb: number;
}

class TsWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly options: TsWorkerOptions) {}

  /** Starts the worker now, so the first call does not wait for tsx to load the module. */
  warm(): void {
    this.ensure();
  }

  call<T>(fn: string, args: unknown[]): Promise<T> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.ref();
      worker.postMessage({ id, fn, args });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const { root, entry, purpose, heapMb } = this.options;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { resolveFrom: path.join(root, "package.json"), entry: path.join(root, entry), nice: workerNice() },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    // Idle, it does not keep the process alive; with a call in flight it does.
    worker.unref();
    worker.on("message", (message: { id: number; value?: unknown; error?: WorkerError }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.error) pending.reject(rebuild(message.error));
      else pending.resolve(message.value);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    };
    worker.on("error", (error) => fail(new Error(`${purpose} failed in its worker: ${error.message}`)));
    worker.on("exit", (code) => fail(new Error(`${purpose}'s worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

function rebuild(error: WorkerError): Error {
  if (error.app && error.code)
    return new AppError(error.code, error.message, { file: error.file, details: error.details });
  return new Error(error.message);
}

/**
 * The process's one TsWorker of a kind, kept on globalThis under `key`: Next bundles instrumentation.ts (which
 * starts it) apart from the routes (which use it), each with its own copy of the modules.
 */
export function processWorker(key: string, options: Omit<TsWorkerOptions, "root">) {
  const slot = globalThis as unknown as Record<string, TsWorker | undefined>;
  return {
    /** Starts it (at the server's start), so later calls run there. False, and nothing started, without tsx. */
    start(root = process.cwd()): boolean {
      if (slot[key]) return true;
      if (!tsxAvailable(root)) return false;
      const worker = new TsWorker({ root, ...options });
      worker.warm();
      slot[key] = worker;
      return true;
    },
    /** Stops it (tests); until started again, the callers work inline. */
    async stop(): Promise<void> {
      const worker = slot[key];
      delete slot[key];
      await worker?.close();
    },
    /** The running worker, if any. */
    current(): TsWorker | undefined {
      return slot[key];
    },
  };
}
