// An upload's analysis (./ingest-bundle.ts analyseBundle: inflating, unpacking and scanning every file of the
// spooled parts) off the event loop. Parsing a large JSON or YAML document is one synchronous call of hundreds of
// milliseconds; on the request thread it delays every other request of the server (docs/measurements.md, "Second
// sitting": bench:scale's 5,000-TaskRun bundle). The web server turns it on at start with ANALYSE_WORKER=on
// (instrumentation.ts; off by default: it costs 25–45 MiB of RSS, and on a bundle of large logs the inline scan
// already yields between 64 KiB chunks): one long-lived worker (lib/ts-worker.ts) runs any number of analyses side
// by side, each reading its parts from their spool files, so only the contents travel back. Outside the server
// (the CLI, tests), or without tsx, the analysis runs inline: the contents are the same.
import { processWorker } from "../ts-worker";
import { analyseBundle, type BundleContents, type BundlePart } from "./ingest-bundle";
import type { ArchiveLimits } from "./types";

/** The worker's heap (the analysis is bounded by ArchiveLimits; this stops a runaway one). */
const WORKER_HEAP_MB = 1024;

const shared = processWorker("advisorAnalyseWorker", {
  entry: "lib/ingest/ingest-bundle.ts",
  purpose: "the upload analysis",
  heapMb: WORKER_HEAP_MB,
});

/** Analyses in the worker from now on (the web server, at start). False, and inline, when tsx cannot be found. */
export const startAnalyseWorker = (root?: string): boolean => shared.start(root);

/** Stops the worker (tests); later analyses run inline until startAnalyseWorker again. */
export const stopAnalyseWorker = (): Promise<void> => shared.stop();

/** analyseBundle, in the worker when the server turned it on, else inline: the same contents either way. */
export function analyseUpload(parts: BundlePart[], limits: ArchiveLimits): Promise<BundleContents> {
  const worker = shared.current();
  if (!worker) return analyseBundle(parts, limits);
  return worker.call<BundleContents>("analyseBundle", [
    parts.map(({ path, filename }) => ({ path, filename })),
    limits,
  ]);
}
