// Bench-only: how long the server's event loop was blocked. With BENCH_EVENT_LOOP=1, instrumentation.ts samples
// the loop with perf_hooks.monitorEventLoopDelay and serves the histogram on its own listener,
// http://127.0.0.1:<BENCH_EVENT_LOOP_PORT>/event-loop (default port: PORT + 1000), never through the app's routes:
// without the variable nothing listens. `?reset=1` clears the histogram after reading it. bench/page.ts reads it.
import { createServer, type Server } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface EventLoopFigures {
  /** Longest delay of a timer tick since the last reset: the longest the loop was blocked, ± the resolution. */
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  samples: number;
  resolutionMs: number;
  sinceMs: number;
}

const RESOLUTION_MS = 5;
const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e4) / 100;

/** Where the probe listens, from the environment; null when BENCH_EVENT_LOOP is not "1". */
export function eventLoopProbePort(env: NodeJS.ProcessEnv): number | null {
  if (env.BENCH_EVENT_LOOP !== "1") return null;
  const port = Number(env.BENCH_EVENT_LOOP_PORT ?? Number(env.PORT ?? 3000) + 1000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error("BENCH_EVENT_LOOP_PORT must be a port");
  return port;
}

/** Starts sampling and serving the figures; resolves once listening. */
export async function startEventLoopProbe(port: number): Promise<Server> {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let since = performance.now();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://probe");
    if (url.pathname !== "/event-loop") {
      response.writeHead(404).end();
      return;
    }
    const figures: EventLoopFigures = {
      maxMs: histogram.count > 0 ? ms(histogram.max) : 0,
      p99Ms: histogram.count > 0 ? ms(histogram.percentile(99)) : 0,
      meanMs: histogram.count > 0 ? ms(histogram.mean) : 0,
      samples: histogram.count,
      resolutionMs: RESOLUTION_MS,
      sinceMs: Math.round(performance.now() - since),
    };
    if (url.searchParams.get("reset") === "1") {
      histogram.reset();
      since = performance.now();
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(figures));
  });
  server.unref();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return server;
}
