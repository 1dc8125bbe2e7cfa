// Keeps a bench's own load off the server's CPUs (bench:page --isolate). On this machine the bench, its headless
// Chromium and the server share two cores, so the server's event loop waits for a CPU while Chromium lays out
// pages — a wait a real dashboard, whose browser runs on the user's machine, never has. With the server started
// on a subset of the CPUs (`taskset -c 0 npm start`; the event-loop probe reports which, from the kernel), the
// bench pins itself and everything it starts afterwards to the others with util-linux's `taskset` (Node has no
// affinity call; a child inherits its parent's affinity). Linux only; anything else gets a clear error.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Parses a kernel CPU list ("0-2,5"), as in /proc/<pid>/status's Cpus_allowed_list; throws on anything else. */
export function parseCpuList(text: string): number[] {
  const cpus = new Set<number>();
  for (const part of text.trim().split(",")) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) throw new Error(`not a CPU list: "${text.trim()}"`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) throw new Error(`not a CPU list: "${text.trim()}" (${part} runs backwards)`);
    for (let cpu = from; cpu <= to; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

/** Writes CPUs back as a kernel CPU list, runs collapsed ("0-2,5"). */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** The CPUs this process may run on (its main thread's Cpus_allowed_list), or null where /proc has none. */
export function ownCpus(): number[] | null {
  try {
    const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync("/proc/self/status", "utf8"));
    return line ? parseCpuList(line[1]!) : null;
  } catch {
    return null;
  }
}

/**
 * The bench's CPUs: those this process may use that the server may not. Throws, saying how to start the server,
 * when the server's CPUs are unknown or leave none over.
 */
export function benchCpus(serverCpus: readonly number[] | null, available: readonly number[] | null): number[] {
  if (!available) throw new Error("--isolate needs Linux: /proc/self/status gives no Cpus_allowed_list here");
  if (!serverCpus) {
    throw new Error(
      "--isolate needs the server's CPUs from its event-loop probe: start it with BENCH_EVENT_LOOP=1 (and a CPU " +
        "subset, e.g. `taskset -c 0 npm start`)",
    );
  }
  const server = new Set(serverCpus);
  const free = available.filter((cpu) => !server.has(cpu));
  if (free.length === 0) {
    const spare = available.length > 1 ? formatCpuList(available.slice(0, -1)) : null;
    throw new Error(
      `--isolate: the server may run on CPUs ${formatCpuList(serverCpus)}, which leaves this bench none of ` +
        `${formatCpuList(available)}` +
        (spare ? `; start the server on fewer, e.g. \`taskset -c ${spare} npm start\`` : "; it needs two CPUs"),
    );
  }
  return free;
}

/**
 * Pins every thread of this process (and so whatever it starts afterwards) to the CPUs, with `taskset`. Returns
 * the function that puts them back on the CPUs they had (`npm run bench` runs other parts in this process after).
 */
export function pinSelf(cpus: readonly number[]): () => void {
  const before = ownCpus();
  setAffinity(cpus);
  return () => {
    if (before) setAffinity(before);
  };
}

function setAffinity(cpus: readonly number[]): void {
  try {
    execFileSync("taskset", ["-a", "-p", "-c", formatCpuList(cpus), String(process.pid)], { stdio: "pipe" });
  } catch (error) {
    const detail =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "the `taskset` command (util-linux) is not installed"
        : String((error as { stderr?: Buffer }).stderr ?? error).trim();
    throw new Error(`--isolate could not pin the bench to CPUs ${formatCpuList(cpus)}: ${detail}`);
  }
}
