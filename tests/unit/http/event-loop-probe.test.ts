// The bench-only event-loop probe (lib/http/event-loop-probe.ts): a stall this thread spends computing and one it
// spends asleep in a synchronous call are both its own blocking; only the first shows as time on a CPU.
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownCpus, parseCpuList } from "@/bench/cpu-split";
import { eventLoopProbePort, startEventLoopProbe, type EventLoopFigures } from "@/lib/http/event-loop-probe";

const linux = existsSync("/proc/thread-self/schedstat");
let server: Server;
let url: string;

beforeAll(async () => {
  server = await startEventLoopProbe(0);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/event-loop`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const read = async (reset: boolean) =>
  (await (await fetch(`${url}${reset ? "?reset=1" : ""}`)).json()) as EventLoopFigures;
const ticks = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("event-loop probe", () => {
  it("reads its port only when BENCH_EVENT_LOOP=1", () => {
    const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
    expect(eventLoopProbePort(env({}))).toBeNull();
    expect(eventLoopProbePort(env({ BENCH_EVENT_LOOP: "1", PORT: "3100" }))).toBe(4100);
    expect(() => eventLoopProbePort(env({ BENCH_EVENT_LOOP: "1", BENCH_EVENT_LOOP_PORT: "0" }))).toThrow(/port/);
  });

  it.skipIf(!linux)("names the process and the CPUs it may run on, as the kernel lists them", async () => {
    const figures = await read(false);
    expect(figures.pid).toBe(process.pid);
    expect(figures.cpus).toMatch(/^\d+(-\d+)?(,\d+(-\d+)?)*$/);
    expect(parseCpuList(figures.cpus!)).toEqual(ownCpus());
  });

  it.skipIf(!linux)("tells a stall spent computing from one spent asleep", async () => {
    await ticks(30);
    await read(true);
    await ticks(30);
    const busyUntil = performance.now() + 200;
    let spin = 0;
    while (performance.now() < busyUntil) spin += 1;
    await ticks(30);
    const busy = await read(true);
    expect(spin).toBeGreaterThan(0);
    expect(busy.maxMs).toBeGreaterThanOrEqual(150);
    expect(busy.stalls!.maxLateMs).toBeGreaterThanOrEqual(150);
    expect(busy.stalls!.maxOnCpuMs).toBeGreaterThanOrEqual(50);
    expect(busy.stalls!.maxOwnMs).toBeGreaterThanOrEqual(50);

    await ticks(30);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200); // blocks the thread without running it
    await ticks(30);
    const asleep = await read(true);
    expect(asleep.maxMs).toBeGreaterThanOrEqual(150);
    expect(asleep.stalls!.maxLateMs).toBeGreaterThanOrEqual(150);
    expect(asleep.stalls!.maxOnCpuMs).toBeLessThan(50);
    // Asleep is not waiting for a CPU: the whole stall is the thread's own.
    expect(asleep.stalls!.maxOwnMs).toBeGreaterThanOrEqual(150);
  });
});
