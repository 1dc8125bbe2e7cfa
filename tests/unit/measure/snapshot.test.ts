// RunSnapshot encoding: a run of thousands of TaskRuns is written as several gzip members, a megabyte of JSON
// each, and reads back exactly (dates included) whatever its size.
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { decodeSnapshot, encodeSnapshot, type RunSnapshotData } from "@/lib/measure/snapshot";
import type { LinkedPipelineRun } from "@/lib/measure/types";
import type { TaskRunRecord } from "@/lib/tekton/types";
import { parseTektonText } from "@/lib/tekton/parse-documents";
import { linkRuns } from "@/lib/tekton/link";
import { kubectlList } from "../tekton/fixtures";

/** Calls of zlib's asynchronous gzip, counted by the mock below (every other export of node:zlib is the real one). */
const gzipCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock("node:zlib", async (importOriginal) => {
  const zlib = await importOriginal<typeof import("node:zlib")>();
  const gzip = (...args: Parameters<typeof zlib.gzip>) => {
    gzipCalls.count += 1;
    return zlib.gzip(...args);
  };
  return { ...zlib, default: { ...zlib, gzip }, gzip };
});

function linkedRun(): LinkedPipelineRun {
  const [run] = linkRuns([parseTektonText(JSON.stringify(kubectlList()), "runs.json")]).pipelineRuns;
  return run!;
}

/** gzip members in the bytes, by the 10-byte header zlib writes at the start of each (RFC 1952 §2.3). */
function memberCount(bytes: Uint8Array): number {
  const header = gzipSync(Buffer.alloc(0)).subarray(0, 10);
  let count = 0;
  for (let at = Buffer.from(bytes).indexOf(header); at !== -1; at = Buffer.from(bytes).indexOf(header, at + 1)) {
    count += 1;
  }
  return count;
}

const facts = (run: LinkedPipelineRun): RunSnapshotData => ({
  run,
  logs: [
    {
      file: "logs/build.log",
      taskRunName: run.taskRuns[0]?.name ?? null,
      pipelineTaskName: null,
      step: "build",
      result: { signals: [], warnings: ["a warning"] } as never,
    },
  ],
  lockfiles: [],
  manifests: [],
});

describe("encodeSnapshot", () => {
  it("round-trips a run, dates as dates", async () => {
    const data = facts(linkedRun());
    const decoded = decodeSnapshot(await encodeSnapshot(data));
    expect(decoded).toEqual(data);
    expect(decoded.run.startTime).toBeInstanceOf(Date);
    expect(decoded.run.taskRuns[0]!.steps[0]!.startedAt).toBeInstanceOf(Date);
  });

  it("round-trips a run without TaskRuns and one with empty fields", async () => {
    const run = { ...linkedRun(), taskRuns: [] as TaskRunRecord[] };
    expect(decodeSnapshot(await encodeSnapshot(facts(run)))).toEqual(facts(run));
  });

  it("writes a run of thousands of TaskRuns as several gzip members that read back whole", async () => {
    const run = linkedRun();
    const template = run.taskRuns.at(-1)!;
    const many = Array.from({ length: 3000 }, (_, index) => ({ ...template, name: `${template.name}-${index}` }));
    const data = facts({ ...run, taskRuns: many });
    const bytes = await encodeSnapshot(data);
    expect(memberCount(bytes)).toBeGreaterThan(1);
    const decoded = decodeSnapshot(bytes);
    expect(decoded.run.taskRuns.map((t) => t.name)).toEqual(many.map((t) => t.name));
    expect(decoded).toEqual(data);
  });

  it("gives the bytes of zlib's synchronous gzip (so snapshots stored before still compare equal)", async () => {
    const bytes = await encodeSnapshot(facts(linkedRun()));
    expect(memberCount(bytes)).toBe(1);
    expect(Buffer.from(gzipSync(gunzipSync(bytes))).equals(Buffer.from(bytes))).toBe(true);
  });

  it("compresses every member with the asynchronous gzip (the thread pool), not on the event loop", async () => {
    const run = linkedRun();
    const template = run.taskRuns.at(-1)!;
    const many = Array.from({ length: 8000 }, (_, index) => ({ ...template, name: `${template.name}-${index}` }));
    gzipCalls.count = 0;
    const bytes = await encodeSnapshot(facts({ ...run, taskRuns: many }));
    expect(memberCount(bytes)).toBeGreaterThanOrEqual(4);
    expect(gzipCalls.count).toBe(memberCount(bytes));
  });
});
