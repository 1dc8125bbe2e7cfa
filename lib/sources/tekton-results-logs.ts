// Splits a TaskRun log read from the Tekton Results log endpoint into one text per step, for each layout the
// server can answer with; a log of any other layout (e.g. Loki without a container key) is left whole (null).
//
// Upstream followed (tektoncd/results): pkg/watcher/reconciler/dynamic/dynamic.go (the watcher stores `tkn` output with
// prefixes: `[step] line`, a blank line after each step), vendor/…/grpc-gateway/v2/runtime/handler.go (GetLog
// streams HttpBody chunks of LOGS_BUFFER_SIZE bytes, each followed by "\n", which can cut a line in two), and
// pkg/api/server/v1alpha2/plugin/plugin_logs.go (Loki: `container-<container>: message=<line>` when
// LOGGING_PLUGIN_CONTAINER_KEY is set; Blob: `<container> :-` before each stored part, "\n" after it).

const TKN_LINE = /^\[([a-z0-9][-a-z0-9]*)\] /;
const LOKI_LINE = /^container-([a-z0-9][-a-z0-9.]*): message=/;
const BLOB_HEADER = /^([a-z0-9][-a-z0-9.]*) :-$/;
const STEP_CONTAINER = "step-";

type Entry = [step: string | null, line: string];

/** The step a `[name] ` prefix names, when it is one of the TaskRun's steps (any name when they are unknown). */
function tknStep(line: string, known: ReadonlySet<string>): string | null {
  const match = TKN_LINE.exec(line);
  return match && (known.size === 0 || known.has(match[1]!)) ? match[1]! : null;
}

/** The start of a `[step] ` prefix a chunk delimiter may have cut: `[`, `[bui`, `[build]`. */
const PARTIAL_PREFIX = /^\[[a-z0-9-]*\]?$/;

/** The line at `index` with its step, joined to the next pieces while they complete a cut prefix. */
function tknLine(lines: string[], index: number, known: ReadonlySet<string>) {
  let line = lines[index]!;
  let end = index;
  let step = tknStep(line, known);
  while (step === null && PARTIAL_PREFIX.test(line) && end + 1 < lines.length) {
    end += 1;
    line += lines[end];
    step = tknStep(line, known);
  }
  return step === null ? { step, line: lines[index]!, end: index } : { step, line, end };
}

/**
 * `[step] line` lines. Every line the tkn writer prints carries its prefix, so an unprefixed line is the rest of a
 * line a chunk delimiter cut: joined to the next pieces when they complete a prefix, else to the line before.
 * Unprefixed empty lines are the writer's step separators (or a delimiter after a real newline): dropped.
 */
function tknEntries(lines: string[], known: ReadonlySet<string>): Entry[] {
  const out: Entry[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index] === "") continue;
    const { step, line, end } = tknLine(lines, index, known);
    if (step === null) {
      const last = out.at(-1);
      if (last) last[1] += line;
      continue;
    }
    out.push([step, line.slice(step.length + 3)]);
    index = end;
  }
  return out;
}

/** A container name as a step: `step-build` → `build`; Tekton's own (prepare, place-scripts…) → null. */
function containerStep(container: string, known: ReadonlySet<string>): string | null {
  if (!container.startsWith(STEP_CONTAINER)) return null;
  const step = container.slice(STEP_CONTAINER.length);
  if (known.size === 0 || known.has(step)) return step;
  // Blob headers are the object name with trailing `.`, `l`, `o`, `g` characters trimmed (Go's TrimRight).
  for (const name of known) if (`${STEP_CONTAINER}${name}`.replace(/[.log]+$/, "") === container) return name;
  return step;
}

/** Loki lines `container-<container>: message=<line>`; a line without the prefix continues the last step. */
function lokiEntries(lines: string[], known: ReadonlySet<string>): Entry[] {
  const out: Entry[] = [];
  let current: string | null = null;
  for (const line of lines) {
    const match = LOKI_LINE.exec(line);
    if (match) {
      current = containerStep(match[1]!, known);
      out.push([current, line.slice(match[0].length)]);
    } else {
      out.push([current, line]);
    }
  }
  return out;
}

/** Blob parts: a `<container> :-` header, then the part's lines until the next header. */
function blobEntries(lines: string[], known: ReadonlySet<string>): Entry[] {
  const out: Entry[] = [];
  let current: string | null = null;
  for (const line of lines) {
    const header = BLOB_HEADER.exec(line);
    if (header) current = containerStep(header[1]!, known);
    else out.push([current, line]);
  }
  return out;
}

/** Each step's lines as one text ending in a newline, trailing blank lines (part separators) dropped. */
function byStep(entries: Entry[]): Map<string, string> {
  const lines = new Map<string, string[]>();
  for (const [step, line] of entries) {
    if (step === null) continue;
    const list = lines.get(step) ?? [];
    list.push(line);
    lines.set(step, list);
  }
  const out = new Map<string, string>();
  for (const [step, list] of lines) {
    while (list.length > 0 && list.at(-1)!.trim() === "") list.pop();
    if (list.length > 0) out.set(step, `${list.join("\n")}\n`);
  }
  return out;
}

/**
 * One text per step of a TaskRun's log, or null when the log's layout names no step. `knownSteps` are the
 * TaskRun's step names (status.steps); they tell a `[step] ` prefix from a line that starts with a bracket.
 */
export function splitStepLogs(text: string, knownSteps: readonly string[]): Map<string, string> | null {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const firstIndex = lines.findIndex((line) => line.trim() !== "");
  if (firstIndex === -1) return null;
  const first = lines[firstIndex]!;
  const known = new Set(knownSteps);
  if (tknLine(lines, firstIndex, known).step !== null) return byStep(tknEntries(lines, known));
  if (LOKI_LINE.test(first)) return byStep(lokiEntries(lines, known));
  if (BLOB_HEADER.test(first)) return byStep(blobEntries(lines, known));
  return null;
}
