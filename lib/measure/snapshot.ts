// What a run was derived from — its PipelineRun and TaskRun records, its logs' signals, lockfile and manifest
// sizes — as gzip-compressed JSON, so a later upload can add to it and derive the run again. Pure (zlib only).
import { promisify } from "node:util";
import { gunzipSync, gzip } from "node:zlib";
import type { BundleFacts, LinkedPipelineRun, LogEvidence } from "./types";

/** Bump when the layout changes: a snapshot of another version is not read back. */
export const SNAPSHOT_VERSION = 1;
/** A stored snapshot inflates to at most this much (a run with thousands of TaskRuns is a few MiB). */
const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

export interface RunSnapshotData {
  run: LinkedPipelineRun;
  logs: LogEvidence[];
  lockfiles: BundleFacts["lockfiles"];
  manifests: BundleFacts["manifests"];
}

/** Dates survive the round trip as `{ "$date": <ms> }`: no string in user data is ever taken for a date. */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? { $date: raw.getTime() } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const time = (value as { $date?: unknown }).$date;
    if (keys.length === 1 && keys[0] === "$date" && typeof time === "number") return new Date(time);
  }
  return value;
}

/** Uncompressed JSON per gzip member: a run of thousands of TaskRuns is never one string or buffer. */
const MEMBER_CHARS = 1024 * 1024;

const gzipAsync = promisify(gzip);

/**
 * The snapshot as gzip: the JSON of the run and then each TaskRun, compressed a megabyte at a time into gzip
 * members one after another (a valid gzip stream, RFC 1952 §2.2), so encoding a huge run holds only one
 * megabyte of text at once. Key order is not kept (TaskRuns come last); reading does not depend on it. Each member
 * is compressed in libuv's thread pool, and the event loop turns between members: a run of 5,000 TaskRuns (tens of
 * megabytes of JSON) no longer holds a web server's other requests for the whole encoding. The bytes are those
 * zlib's one-shot gzip gives, the same as before this was asynchronous, so stored snapshots compare equal.
 */
export async function encodeSnapshot(data: RunSnapshotData): Promise<Uint8Array<ArrayBuffer>> {
  const { run, ...rest } = data;
  const { taskRuns, ...runFields } = run;
  const members: Buffer[] = [];
  let pending = "";
  const write = async (text: string) => {
    pending += text;
    if (pending.length >= MEMBER_CHARS) {
      const chunk = Buffer.from(pending, "utf8");
      pending = "";
      members.push(await gzipAsync(chunk));
    }
  };
  const fields = JSON.stringify(runFields, replacer);
  await write(`{"run":${fields.slice(0, -1)}${fields === "{}" ? "" : ","}"taskRuns":[`);
  for (const [index, taskRun] of taskRuns.entries()) {
    await write(`${index === 0 ? "" : ","}${JSON.stringify(taskRun, replacer)}`);
  }
  const others = JSON.stringify(rest, replacer);
  await write(`]}${others === "{}" ? "" : `,${others.slice(1, -1)}`}}`);
  if (pending !== "" || members.length === 0) members.push(await gzipAsync(Buffer.from(pending, "utf8")));
  const length = members.reduce((sum, member) => sum + member.length, 0);
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const member of members) {
    bytes.set(member, offset);
    offset += member.length;
  }
  return bytes;
}

export function decodeSnapshot(bytes: Uint8Array): RunSnapshotData {
  const json = gunzipSync(bytes, { maxOutputLength: MAX_SNAPSHOT_BYTES }).toString("utf8");
  return JSON.parse(json, reviver) as RunSnapshotData;
}

const logKey = (log: LogEvidence) =>
  `${log.file}\u0000${log.taskRunName}\u0000${log.pipelineTaskName}\u0000${log.step}`;

/** The logs of both, a newer log of the same file and step replacing the older one. */
export function mergeLogs(older: readonly LogEvidence[], newer: readonly LogEvidence[]): LogEvidence[] {
  const replaced = new Set(newer.map(logKey));
  return [...older.filter((log) => !replaced.has(logKey(log))), ...newer];
}

/** Sizes of both, a newer file of the same name replacing the older one. */
export function mergeByFile<T extends { file: string }>(older: readonly T[], newer: readonly T[]): T[] {
  const replaced = new Set(newer.map((entry) => entry.file));
  return [...older.filter((entry) => !replaced.has(entry.file)), ...newer];
}
