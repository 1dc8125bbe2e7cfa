// A worker entry for tests/unit/workers/worker-priority.test.ts: tells which thread it runs on and that thread's nice
// value, as the kernel reports it.
import { readFileSync, readlinkSync } from "node:fs";

export function threadPriority(): { tid: number; nice: number } {
  const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
  return { tid, nice: niceOf(`/proc/thread-self/stat`) };
}

/** Field 19 of a /proc …/stat line (counted after the command name, which may hold spaces). */
export function niceOf(statFile: string): number {
  const stat = readFileSync(statFile, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
}
