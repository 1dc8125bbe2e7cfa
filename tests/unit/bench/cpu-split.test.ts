// bench:page --isolate (bench/cpu-split.ts): the kernel's CPU lists read and written back, the bench's CPUs chosen
// apart from the server's with errors that say how to start the server, and — on Linux with two CPUs — a process
// that pins itself has every thread, and every child it starts afterwards, on the CPUs asked for, until it restores
// them.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benchCpus, formatCpuList, parseCpuList } from "@/bench/cpu-split";

const linux = existsSync("/proc/self/status");
const twoCpus = linux && availableParallelism() >= 2;

describe("CPU lists", () => {
  it("reads the kernel's lists", () => {
    expect(parseCpuList("0")).toEqual([0]);
    expect(parseCpuList("0-1\n")).toEqual([0, 1]);
    expect(parseCpuList("0-2,5,7-8")).toEqual([0, 1, 2, 5, 7, 8]);
    expect(parseCpuList("3,1,1-2")).toEqual([1, 2, 3]);
  });

  it("rejects what is not a list, quoting it", () => {
    expect(() => parseCpuList("")).toThrow('not a CPU list: ""');
    expect(() => parseCpuList("0-")).toThrow(/not a CPU list: "0-"/);
    expect(() => parseCpuList("a")).toThrow(/not a CPU list/);
    expect(() => parseCpuList("3-1")).toThrow(/runs backwards/);
  });

  it("writes runs collapsed, and reads back what it writes", () => {
    expect(formatCpuList([5, 0, 1, 2, 8, 7])).toBe("0-2,5,7-8");
    expect(formatCpuList([1])).toBe("1");
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 40 }), (cpus) => {
        const text = formatCpuList(cpus);
        expect(parseCpuList(text)).toEqual([...cpus].sort((a, b) => a - b));
        expect(formatCpuList(parseCpuList(text))).toBe(text);
      }),
    );
  });
});

describe("the bench's CPUs", () => {
  it("are those left over by the server", () => {
    expect(benchCpus([0], [0, 1])).toEqual([1]);
    expect(benchCpus([0, 1], [0, 1, 2, 3])).toEqual([2, 3]);
    expect(benchCpus([2], [0, 1])).toEqual([0, 1]);
  });

  it("are refused, saying how to start the server, when it may use them all", () => {
    expect(() => benchCpus([0, 1], [0, 1])).toThrow(
      "--isolate: the server may run on CPUs 0-1, which leaves this bench none of 0-1; start the server on fewer, " +
        "e.g. `taskset -c 0 npm start`",
    );
    expect(() => benchCpus([0], [0])).toThrow(/it needs two CPUs/);
    expect(() => benchCpus(null, [0, 1])).toThrow(/BENCH_EVENT_LOOP=1/);
    expect(() => benchCpus([0], null)).toThrow(/needs Linux/);
  });
});

/** Runs a module script under tsx; resolves with its stdout. */
function runScript(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: join(__dirname, "../../.."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

describe.skipIf(!twoCpus)("pinning (Linux, two CPUs or more)", () => {
  it("puts every thread of the process, and what it starts afterwards, on the CPUs asked for, then back", async () => {
    const script = `
      import { readFileSync, readdirSync } from "node:fs";
      import { execFileSync } from "node:child_process";
      import { Worker } from "node:worker_threads";
      import { ownCpus, pinSelf } from "./bench/cpu-split.ts";
      const allowed = (path) => /^Cpus_allowed_list:\\s*(.+)$/m.exec(readFileSync(path, "utf8"))[1];
      const worker = new Worker("setInterval(() => {}, 1000)", { eval: true });
      await new Promise((resolve) => worker.once("online", resolve));
      const before = ownCpus();
      const restore = pinSelf([1]);
      const threadCpus = () => readdirSync("/proc/self/task").map((tid) => allowed("/proc/self/task/" + tid + "/status"));
      const threads = threadCpus();
      const child = execFileSync(process.execPath, ["-e", "process.stdout.write(require('fs').readFileSync('/proc/self/status','utf8'))"], { encoding: "utf8" });
      const after = ownCpus();
      restore();
      console.log(JSON.stringify({ before, after, threads, child: /^Cpus_allowed_list:\\s*(.+)$/m.exec(child)[1], restored: threadCpus() }));
      await worker.terminate();
    `;
    const result = JSON.parse(await runScript(script)) as {
      before: number[];
      after: number[];
      threads: string[];
      child: string;
      restored: string[];
    };
    expect(result.before.length).toBeGreaterThanOrEqual(2);
    expect(result.after).toEqual([1]);
    expect(result.threads.length).toBeGreaterThan(3); // the main thread, the worker, libuv's and V8's threads
    expect(new Set(result.threads)).toEqual(new Set(["1"]));
    expect(result.child).toBe("1");
    // Put back afterwards, every thread (npm run bench runs other parts in the same process).
    expect(new Set(result.restored)).toEqual(new Set([formatCpuList(result.before)]));
  });
});
