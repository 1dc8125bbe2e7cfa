// An upload's analysis (./ingest-bundle.ts analyseBundle: inflating, unpacking and scanning every log of the spooled
// parts) off the event loop. Scanning a 1 GiB bundle is seconds of JavaScript; on the request thread it would delay
// every other request of the server by its chunks and their garbage collection. The web server turns it on at start
// (instrumentation.ts; ANALYSE_WORKER=off keeps it inline): one long-lived worker thread loads the same TypeScript
// modules through tsx (a dependency, as `npm start` runs with it) and runs any number of analyses side by side, each
// reading its parts from their spool files, so only the small contents travel back. Its answer is structured-cloned,
// which keeps the shared references (a log claimed by a run is the same object in the facts). A bad upload's
// AppError comes back as the same error; a crashed worker fails its analyses with a 500 and is started again on the
// next. Without tsx, or outside the server (the CLI, tests), the analysis runs inline: the answer is the same.
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { AppError, type AppErrorCode } from "../errors";
import { analyseBundle, type BundleContents, type BundlePart } from "./ingest-bundle";
import type { ArchiveLimits } from "./types";

/** The worker: CommonJS evaluated from this string (no bundler must find a file), importing the TypeScript by tsx. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const load = createRequire(workerData.resolveFrom);
load("tsx/cjs/api").register();
const { analyseBundle } = load(workerData.entry);
parentPort.on("message", async ({ id, parts, limits }) => {
  try {
    parentPort.postMessage({ id, contents: await analyseBundle(parts, limits) });
  } catch (error) {
    const app = error && error.name === "AppError";
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

/** Heap of the worker's own (the analysis is bounded by ArchiveLimits; this stops a runaway one). */
const WORKER_HEAP_MB = 1024;

interface WorkerError {
  app: boolean;
  code?: AppErrorCode;
  message: string;
  file?: string;
  details?: unknown;
}

interface Pending {
  resolve: (contents: BundleContents) => void;
  reject: (error: Error) => void;
}

class AnalyseWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly root: string) {}

  /** Starts the worker now (the server does at start, so the first upload does not wait for tsx to load it). */
  warm(): void {
    this.ensure();
  }

  analyse(parts: BundlePart[], limits: ArchiveLimits): Promise<BundleContents> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<BundleContents>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, parts: parts.map(({ path, filename }) => ({ path, filename })), limits });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        resolveFrom: path.join(this.root, "package.json"),
        entry: path.join(this.root, "lib", "ingest", "ingest-bundle.ts"),
      },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    worker.unref();
    worker.on("message", (message: { id?: number; contents?: BundleContents; error?: WorkerError }) => {
      if (message.id === undefined) return;
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.error) pending.reject(rebuild(message.error));
      else pending.resolve(message.contents!);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    };
    worker.on("error", (error) => fail(new Error(`the upload's analysis failed in its worker: ${error.message}`)));
    worker.on("exit", (code) => fail(new Error(`the upload's analysis worker stopped (exit code ${code})`)));
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
 * One worker per process, kept on globalThis: Next bundles instrumentation.ts (which turns it on) apart from the
 * routes (which use it), each with its own copy of this module.
 */
const global = globalThis as unknown as { advisorAnalyseWorker?: AnalyseWorker };

/**
 * Analyses in the worker from now on (the web server, at start). `root` is the project's folder, holding
 * package.json and lib/. Returns false, and leaves the analysis inline, when tsx cannot be found there.
 */
export function startAnalyseWorker(root = process.cwd()): boolean {
  if (global.advisorAnalyseWorker) return true;
  try {
    createRequire(path.join(root, "package.json")).resolve("tsx/cjs/api");
  } catch {
    return false;
  }
  global.advisorAnalyseWorker = new AnalyseWorker(root);
  global.advisorAnalyseWorker.warm();
  return true;
}

/** Stops the worker (tests; the server's shutdown); later analyses run inline until startAnalyseWorker again. */
export async function stopAnalyseWorker(): Promise<void> {
  const worker = global.advisorAnalyseWorker;
  delete global.advisorAnalyseWorker;
  await worker?.close();
}

/** analyseBundle, in the worker when the server turned it on, else inline: the same contents either way. */
export function analyseUpload(parts: BundlePart[], limits: ArchiveLimits): Promise<BundleContents> {
  const worker = global.advisorAnalyseWorker;
  return worker ? worker.analyse(parts, limits) : analyseBundle(parts, limits);
}
