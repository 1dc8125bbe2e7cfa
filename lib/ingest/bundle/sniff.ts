// Telling what a file of an upload is before reading it: its first bytes (peek), its kind from name and
// content (sniff), and for a log its prefix layout (logMode) and the TaskRun/step its path names (logOwner).
import { Readable } from "node:stream";

/** How many bytes of each file are read before deciding what it is. */
export const HEAD_BYTES = 4096;
/** Folders that only group files; a log directly inside one is named after its TaskRun or PipelineRun. */
const GROUPING_DIRS = new Set(["logs", "log", "taskruns", "pipelineruns", "tekton", "bundle", "."]);

/** Reads up to `size` bytes from the stream's start and returns them with a stream of the whole content. */
export async function peek(stream: Readable, size: number): Promise<{ head: Buffer; content: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  const iterator = stream[Symbol.asyncIterator]();
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array);
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(chunks);
  async function* rest() {
    yield head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value as Buffer;
  }
  return { head, content: Readable.from(rest(), { objectMode: false }) };
}

export type Sniffed = "structured" | "markdown" | "csv" | "log" | "binary";

/** What a file is, from its name and first bytes (names are hints; content decides for unknown names). */
export function sniff(path: string, head: Buffer): Sniffed {
  if (head.subarray(0, 1024).includes(0)) return "binary";
  const name = path.toLowerCase();
  if (/\.(json|jsonl|ndjson|ya?ml)$/.test(name)) return "structured";
  if (/\.(md|markdown)$/.test(name)) return "markdown";
  if (/\.csv$/.test(name)) return "csv";
  if (/\.(log|txt)$/.test(name)) return "log";
  const start = head.toString("utf8").trimStart();
  if (/^[{[]/.test(start) || /^(---|apiVersion:|kind:|lockfileVersion:)/m.test(start.slice(0, 200))) {
    return "structured";
  }
  if (start.startsWith("|")) return "markdown";
  return "log";
}

export type LogMode = "plain" | "taskrun" | "pipelinerun";

/** Log layout from prefixes: `[task : step] ` (tkn pr logs), `[step] ` (tkn tr logs), or none. */
export function logMode(head: Buffer): LogMode {
  const lines = head.toString("utf8").split("\n").slice(0, 20);
  if (lines.some((line) => /^\[[a-z0-9][-a-z0-9.]* : [a-z0-9][-a-z0-9]*\] /.test(line))) return "pipelinerun";
  if (lines.some((line) => /^\[[a-z0-9][-a-z0-9]*\] /.test(line))) return "taskrun";
  return "plain";
}

/** The TaskRun (and step) a log's path names: `<taskrun>/<step>.log`, or `<taskrun>.log` in a grouping folder. */
export function logOwner(path: string): { taskRunName: string | null; step: string | null } {
  const parts = path.split("/");
  const base = (parts.at(-1) ?? path).replace(/\.(log|txt)$/i, "");
  const parent = parts.length >= 2 ? parts.at(-2)! : null;
  if (parent !== null && !GROUPING_DIRS.has(parent.toLowerCase())) {
    return { taskRunName: parent, step: base.replace(/^step-/, "") };
  }
  return { taskRunName: base, step: null };
}
