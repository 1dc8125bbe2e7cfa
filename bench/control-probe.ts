// A control for the event-loop goal: a separate, nearly idle Node process on the same machine that ticks every 5 ms
// while the bench loads pages, and reports how late its own ticks came and, on Linux, how long it waited for a CPU
// meanwhile (/proc/thread-self/schedstat). It does no work, so a late tick of its own is the machine's doing (the
// browser, the host under a VM's vCPUs), not the server's: bench/page.ts prints it beside the server's stalls.
import { spawn } from "node:child_process";

export interface ControlFigures {
  /** Longest lateness of a tick (ms beyond its 5 ms). */
  maxLateMs: number;
  /** In that tick: ms waiting for a CPU, and ms on one (null without schedstat). */
  waitingMs: number | null;
  onCpuMs: number | null;
  /** Ticks more than 10 ms late. */
  late: number;
  ticks: number;
}

const SOURCE = `
const { readFileSync } = require("node:fs");
const stat = () => {
  try {
    const [on, wait] = readFileSync("/proc/thread-self/schedstat", "utf8").split(" ").map(Number);
    return { on: on / 1e6, wait: wait / 1e6 };
  } catch {
    return null;
  }
};
let last = performance.now(), before = stat(), ticks = 0, late = 0;
let worst = { maxLateMs: 0, waitingMs: null, onCpuMs: null };
const timer = setInterval(() => {
  const now = performance.now(), after = stat(), lateness = now - last - 5;
  ticks += 1;
  if (lateness > 10) late += 1;
  if (lateness > worst.maxLateMs)
    worst = {
      maxLateMs: Math.round(lateness * 100) / 100,
      waitingMs: after && before ? Math.round((after.wait - before.wait) * 100) / 100 : null,
      onCpuMs: after && before ? Math.round((after.on - before.on) * 100) / 100 : null,
    };
  last = now;
  before = after;
}, 5);
process.stdin.on("end", () => {
  clearInterval(timer);
  process.stdout.write(JSON.stringify({ ...worst, late, ticks }));
});
process.stdin.resume();
`;

/**
 * Starts the control process, on the given CPUs when asked (a kernel CPU list, through `taskset`; bench:page
 * --isolate puts it on the server's). stop() ends it and gives its figures (null if it failed).
 */
export function startControlProbe(cpus: string | null = null): { stop(): Promise<ControlFigures | null> } {
  const command = cpus === null ? [process.execPath] : ["taskset", "-c", cpus, process.execPath];
  const child = spawn(command[0]!, [...command.slice(1), "-e", SOURCE], { stdio: ["pipe", "pipe", "ignore"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  child.on("error", () => undefined);
  return {
    async stop() {
      child.stdin.end();
      await exited;
      try {
        return JSON.parse(output) as ControlFigures;
      } catch {
        return null;
      }
    },
  };
}
