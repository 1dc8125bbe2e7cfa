// Runs a command and measures its wall time and peak resident memory, for the bench parts; also the shared
// report helpers (machine load, results file) so every part reports the same way.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "..");

export interface CommandRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak RSS of the largest process in the command's tree, in KiB; null when it could not be read. */
  peakRssKb: number | null;
  rssMethod: "gnu-time" | "proc-vmhwm" | "none";
  /** User + system CPU seconds of the whole tree (GNU time only): steadier than wall time on a busy machine. */
  cpuSeconds: number | null;
}

const GNU_TIME = "/usr/bin/time";
const POLL_MS = 50;

/**
 * GNU time reports the child's ru_maxrss, which for a process tree (tsx re-executes node) is the largest
 * single process's peak. Without it, VmHWM (the kernel's own high-water mark) of every process in the tree
 * is polled, which misses only a process that lives less than one poll interval.
 */
export async function runMeasured(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CommandRun> {
  const scratch = existsSync(GNU_TIME) ? await mkdtemp(path.join(tmpdir(), "bench-time-")) : null;
  const timeFile = scratch ? path.join(scratch, "usage") : null;
  const argv = timeFile ? ["-o", timeFile, "-f", "%M %U %S", command, ...args] : args;
  const started = performance.now();
  const child = spawn(timeFile ? GNU_TIME : command, argv, {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  let polledKb = 0;
  const poller =
    !timeFile && child.pid !== undefined
      ? setInterval(() => (polledKb = Math.max(polledKb, treePeakKb(child.pid as number))), POLL_MS)
      : null;
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.on("error", reject);
      child.on("close", (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
    },
  );
  const seconds = (performance.now() - started) / 1000;
  if (poller) clearInterval(poller);

  let peakRssKb: number | null = null;
  let rssMethod: CommandRun["rssMethod"] = "none";
  let cpuSeconds: number | null = null;
  if (timeFile && scratch) {
    // GNU time may prefix "Command exited with non-zero status n"; the figures are the last line.
    const lines = (await readFile(timeFile, "utf8").catch(() => "")).trim().split("\n");
    const [rss, user, system] = (lines.at(-1) ?? "").split(" ").map(Number);
    if (rss !== undefined && rss > 0) [peakRssKb, rssMethod] = [rss, "gnu-time"];
    if (user !== undefined && system !== undefined && user + system >= 0) cpuSeconds = user + system;
    await rm(scratch, { recursive: true, force: true });
  } else if (poller && polledKb > 0) {
    [peakRssKb, rssMethod] = [polledKb, "proc-vmhwm"];
  }
  return {
    exitCode: code,
    signal,
    stdout: Buffer.concat(stdout).toString("utf8"),
    stderr: Buffer.concat(stderr).toString("utf8"),
    seconds,
    peakRssKb,
    rssMethod,
    cpuSeconds,
  };
}

/** The largest VmHWM among `pid` and its descendants (processes that already exited are not seen). */
function treePeakKb(pid: number): number {
  let peak = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop() as number;
    try {
      const status = readFileSync(`/proc/${current}/status`, "utf8");
      const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
      if (hwm) peak = Math.max(peak, Number(hwm[1]));
      for (const task of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, "utf8").trim();
        if (children) pending.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // The process ended between listing and reading: nothing left to measure.
    }
  }
  return peak;
}

/** `/proc/loadavg`'s three load averages, or null off Linux. */
export function loadAverage(): string | null {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return null;
  }
}

export async function writeResults(part: string, figures: unknown): Promise<string> {
  const dir = path.join(REPO_ROOT, "bench-results");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${part}.json`);
  await writeFile(file, JSON.stringify(figures, null, 2) + "\n");
  return file;
}

export const mib = (bytes: number) => bytes / 1024 ** 2;

/**
 * The command line's arguments in order, each with `value()`: takes the next argument as this option's value (and
 * skips it), or throws naming the option and the usage when there is none.
 */
export function* commandLine(argv: readonly string[], usage: string): Generator<{ arg: string; value: () => string }> {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    yield {
      arg,
      value: () => {
        const next = argv[++i];
        if (!next) throw new Error(`${arg} needs a value\n${usage}`);
        return next;
      },
    };
  }
}
