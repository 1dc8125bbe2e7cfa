// Bench-only: how long the server's event loop was blocked. With BENCH_EVENT_LOOP=1, instrumentation.ts samples
// the loop with perf_hooks.monitorEventLoopDelay and serves the histogram on its own listener,
// http://127.0.0.1:<BENCH_EVENT_LOOP_PORT>/event-loop (default port: PORT + 1000), never through the app's routes:
// without the variable nothing listens. `?reset=1` clears the histogram after reading it. bench/page.ts reads it.
// On Linux it also splits each stall by the main thread's scheduler statistics (/proc/thread-self/schedstat, read
// on that thread: ns on a CPU, ns waiting on a run queue): the part of a stall the thread spent running (a
// request's code, or garbage collection on the main thread) or asleep in a synchronous call is blocking by this
// process; the part it spent runnable but waiting for a CPU is the machine's other load, which the plain histogram
// cannot tell apart. It also names the CPUs the server may run on, so a bench can keep its own load off them.
import { readFileSync } from "node:fs";
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
  /**
   * From the scheduler statistics (null where /proc has none), over the ticks that came late by more than the
   * resolution: the longest lateness less the time the main thread waited for a CPU meanwhile (`maxOwnMs`: the
   * longest this process blocked its own loop), the most time it spent on a CPU in one, the most it waited for a
   * CPU in one, the longest lateness, and how many came late.
   */
  stalls: { maxOwnMs: number; maxOnCpuMs: number; maxWaitingMs: number; maxLateMs: number; late: number } | null;
  /** The server's process id, and the CPUs its main thread may run on (the kernel's list, e.g. "0" or "0-1"; null
   * where /proc has none): bench:page --isolate keeps its own load off them. */
  pid: number;
  cpus: string | null;
}

/** This process's allowed CPUs as the kernel lists them (/proc/self/status), or null. */
function readAllowedCpus(): string | null {
  try {
    return /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1]?.trim() ?? null;
  } catch {
    return null;
  }
}

/** The main thread's scheduler statistics: [ns on a CPU, ns waiting on a run queue], or null. */
function readSchedstat(): [number, number] | null {
  try {
    const [run, wait] = readFileSync("/proc/thread-self/schedstat", "utf8").split(" ").map(Number);
    return Number.isFinite(run) && Number.isFinite(wait) ? [run!, wait!] : null;
  } catch {
    return null;
  }
}

/** Ticks every RESOLUTION_MS and keeps, for the ticks that came late, the largest on-CPU and waiting shares. */
function startStallSplitter() {
  let last = performance.now();
  let stat = readSchedstat();
  const empty = () => ({ maxOwnMs: 0, maxOnCpuMs: 0, maxWaitingMs: 0, maxLateMs: 0, late: 0 });
  let stalls = empty();
  const timer = setInterval(() => {
    const now = performance.now();
    const next = readSchedstat();
    const lateMs = now - last - RESOLUTION_MS;
    if (stat && next && lateMs > RESOLUTION_MS) {
      stalls.late += 1;
      stalls.maxLateMs = Math.max(stalls.maxLateMs, lateMs);
      const waitingMs = Math.min(lateMs, (next[1] - stat[1]) / 1e6);
      stalls.maxOwnMs = Math.max(stalls.maxOwnMs, lateMs - waitingMs);
      stalls.maxOnCpuMs = Math.max(stalls.maxOnCpuMs, Math.min(lateMs, (next[0] - stat[0]) / 1e6));
      stalls.maxWaitingMs = Math.max(stalls.maxWaitingMs, waitingMs);
    }
    last = now;
    stat = next;
  }, RESOLUTION_MS);
  timer.unref();
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    read: () =>
      stat === null
        ? null
        : {
            maxOwnMs: round(stalls.maxOwnMs),
            maxOnCpuMs: round(stalls.maxOnCpuMs),
            maxWaitingMs: round(stalls.maxWaitingMs),
            maxLateMs: round(stalls.maxLateMs),
            late: stalls.late,
          },
    reset: () => {
      stalls = empty();
    },
  };
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
  const splitter = startStallSplitter();
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
      stalls: splitter.read(),
      pid: process.pid,
      cpus: readAllowedCpus(),
    };
    if (url.searchParams.get("reset") === "1") {
      histogram.reset();
      splitter.reset();
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
