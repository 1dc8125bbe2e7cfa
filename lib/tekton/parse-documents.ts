// Reads one uploaded file of Tekton objects: JSON, JSON Lines or concatenated JSON, (multi-document) YAML,
// `List`s, `tkn`/kubectl exports and Tekton Results record lists. Pure: text in, records out, AppError on bad input.
import { isNode, LineCounter, parseAllDocuments, type Document } from "yaml";
import type { z } from "zod";
import { AppError } from "../errors";
import { jsonListLayout, LazyJsonArray } from "./json-list";
import { pipelineRunRecord, taskRunRecord } from "./records";
import { pipelineRunSchema, taskRunSchema } from "./schemas";
import type { TektonDocuments } from "./types";

/** Enough for real manifests (kubectl never writes aliases) and far too few for a "billion laughs" bomb. */
const MAX_ALIAS_COUNT = 100;
/** List → items → Results record → object is the deepest real nesting; more is not a Tekton export. */
const MAX_NESTING = 4;
/** Each ignored object becomes a warning; a 100k-line export of Pods must not make 100k of them. */
const MAX_IGNORED = 20;
/** The fields read here mean the same in these three; v1alpha1 TaskRuns may also keep params in spec.inputs. */
const TEKTON_API_VERSIONS = new Set(["tekton.dev/v1", "tekton.dev/v1beta1", "tekton.dev/v1alpha1"]);
const SUPPORTED_API_VERSIONS = "tekton.dev/v1, v1beta1, v1alpha1";
/** What runs run: read so callers can say the file holds definitions, never turned into runs. */
const DEFINITION_KINDS = new Set(["Pipeline", "Task", "ClusterTask", "StepAction"]);
/** Any of these in status means the object was run (a queued run has conditions); without them it is a template. */
const RUN_STATUS_FIELDS = [
  "startTime",
  "completionTime",
  "conditions",
  "childReferences",
  "taskRuns",
  "runs",
  "steps",
  "podName",
] as const;
/** skippedKinds keys for what has no kind of its own. */
const NO_KIND = "(no kind)";
const NOT_AN_OBJECT = "(not an object)";
/** Tekton Results record types: `tekton.dev/v1.PipelineRun`, `tekton.dev/v1beta1.TaskRun`, … */
const RESULTS_RUN_TYPE = /^(tekton\.dev\/[a-z0-9]+)\.(PipelineRun|TaskRun)$/;
const BASE64 = /^[A-Za-z0-9+/_\-\s]*={0,2}\s*$/;
/**
 * From this size a JSON List is read item by item (lib/tekton/json-list.ts): parsed whole, a 12 MiB export of a
 * thousand TaskRuns lives on until its last item is read and makes the server's heap grow by its size each time.
 */
export const LAZY_LIST_MIN_BYTES = 256 * 1024;

type Path = readonly (string | number)[];

/** One object found in the file, with where it came from for messages. */
interface Located {
  value: unknown;
  /** e.g. ["document 2", "items[3]"] or ["line 7"] (JSON Lines); empty for a lone object. */
  where: string[];
  /** 1-based line of the value at `path` below this object, when the file has line positions (YAML). */
  lineOf: (path: Path) => number | null;
  /** Kind and apiVersion implied by the container (`PipelineRunList` items, a Results record's type). */
  impliedKind?: string;
  impliedApiVersion?: string;
}

/** TektonDocuments while it is filled: kinds are counted in a Map because a kind may be "__proto__". */
type Collector = Omit<TektonDocuments, "skippedKinds"> & { skipped: Map<string, number> };
type Ignored = TektonDocuments["ignored"][number];

function collector(): Collector {
  return {
    pipelineRuns: [],
    taskRuns: [],
    ignored: [],
    templates: [],
    definitions: [],
    inferred: 0,
    unsupported: [],
    skipped: new Map(),
  };
}

export interface ParseTektonOptions {
  /** Size (bytes) from which a JSON List is read item by item; tests compare both ways. */
  lazyListFrom?: number;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * The Tekton objects in one file. Give large files as their bytes (UTF-8, already checked): a JSON List is then
 * read item by item and the whole file never becomes one string.
 */
export function parseTektonText(
  input: string | Uint8Array,
  file: string,
  options: ParseTektonOptions = {},
): TektonDocuments {
  if (typeof input !== "string") {
    const bytes = UTF8_BOM.every((byte, index) => input[index] === byte) ? input.subarray(UTF8_BOM.length) : input;
    if (bytes.length >= (options.lazyListFrom ?? LAZY_LIST_MIN_BYTES)) {
      const layout = jsonListLayout(bytes);
      if (layout !== null) {
        layout.head[layout.key] = new LazyJsonArray(bytes, layout.elements);
        const out = collector();
        try {
          visit({ value: layout.head, where: [], lineOf: () => null }, file, out, 0);
          return documentsOf(out);
        } catch {
          // Bad JSON in an item, or an invalid object: read it whole below, so the answer is the same as for a
          // small file (the first syntax error of the file, else the first invalid object).
        }
      }
    }
    return parseTektonString(new TextDecoder("utf-8").decode(bytes), file);
  }
  return parseTektonString(input.replace(/^\uFEFF/, ""), file);
}

function parseTektonString(clean: string, file: string): TektonDocuments {
  const out = collector();
  try {
    for (const document of loadDocuments(clean, file)) {
      visit(document, file, out, 0);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    // Pathological input (e.g. nesting deep enough to exhaust the stack) must still be a 422, not a crash.
    throw new AppError("unprocessable", `${file}: could not read Tekton objects: ${String(error)}`, {
      file,
      cause: error,
    });
  }
  return documentsOf(out);
}

function documentsOf(out: Collector): TektonDocuments {
  const { skipped, ...documents } = out;
  // fromEntries defines own properties, so even a "__proto__" kind is counted rather than lost.
  return { ...documents, skippedKinds: Object.fromEntries(skipped) };
}

/** Each element of a parsed array (dropped from it once read) or of a lazily parsed one. */
function eachElement(list: unknown[] | LazyJsonArray, read: (element: unknown, index: number) => void): void {
  if (list instanceof LazyJsonArray) {
    for (let index = 0; index < list.length; index += 1) read(list.at(index), index);
    return;
  }
  list.forEach((element, index) => {
    read(element, index);
    // Read once: let the collector have the parsed object while the rest of a large list is read.
    list[index] = null;
  });
}

function isList(value: unknown): value is unknown[] | LazyJsonArray {
  return Array.isArray(value) || value instanceof LazyJsonArray;
}

function loadDocuments(text: string, file: string): Located[] {
  const trimmed = text.trimStart();
  if (trimmed === "") return [];
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return loadYaml(text, file);
  let jsonError: unknown;
  try {
    return [{ value: JSON.parse(text), where: [], lineOf: () => null }];
  } catch (error) {
    jsonError = error;
  }
  // JSON Lines (`jq -c`, log shippers) and concatenated values (`jq` without -c) are several top-level values.
  const chunks = splitJsonValues(text);
  const sequence = chunks.length > 1 ? parseJsonValues(text, chunks) : null;
  if (sequence !== null && !("failed" in sequence)) return sequence;
  if (sequence !== null && !yamlMightRead(text, sequence)) {
    throw jsonValueError(sequence.error, sequence.failed, text, file);
  }
  // A YAML flow collection also starts with a bracket; only when that fails too is it bad JSON.
  try {
    return loadYaml(text, file);
  } catch (yamlError) {
    // Valid YAML syntax that fails later (an alias bomb) is reported as what it is.
    if (yamlError instanceof AppError && yamlSyntaxLine(yamlError) === undefined) throw yamlError;
    if (sequence !== null) throw jsonValueError(sequence.error, sequence.failed, text, file);
    throw jsonSyntaxError(jsonError, yamlError, text, file);
  }
}

/** One top-level value of a JSON Lines or concatenated JSON file: text offsets and the 1-based line it starts on. */
interface JsonChunk {
  start: number;
  end: number;
  line: number;
}

/**
 * Cuts text into top-level JSON values in one pass without recursion, tracking strings (so braces inside them
 * do not count) and bracket depth. It does not validate: JSON.parse of each chunk says what is wrong in it.
 * Anything at the top level that is not an object or array runs to the end of its line (a scalar or junk).
 */
function splitJsonValues(text: string): JsonChunk[] {
  const chunks: JsonChunk[] = [];
  let line = 1;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === "\n") line += 1;
    if (char === " " || char === "\t" || char === "\r" || char === "\n") {
      index += 1;
      continue;
    }
    const start = index;
    const startLine = line;
    if (char === "{" || char === "[") {
      let depth = 0;
      let inString = false;
      for (; index < text.length; index += 1) {
        const inner = text[index];
        if (inner === "\n") line += 1;
        if (inString) {
          if (inner === "\\") {
            // The escaped character cannot end the string; a raw newline there is still a line.
            index += 1;
            if (text[index] === "\n") line += 1;
          } else if (inner === '"') {
            inString = false;
          }
        } else if (inner === '"') {
          inString = true;
        } else if (inner === "{" || inner === "[") {
          depth += 1;
        } else if ((inner === "}" || inner === "]") && --depth === 0) {
          index += 1;
          break;
        }
      }
    } else {
      const end = text.indexOf("\n", index);
      index = end === -1 ? text.length : end;
    }
    chunks.push({ start, end: index, line: startLine });
  }
  return chunks;
}

interface JsonFailure {
  failed: JsonChunk;
  /** Index of the failed chunk: how many values before it were JSON. */
  index: number;
  error: unknown;
}

/** Parses each chunk, labelled with its line; stops at the first that is not JSON. */
function parseJsonValues(text: string, chunks: readonly JsonChunk[]): Located[] | JsonFailure {
  const located: Located[] = [];
  for (const [index, chunk] of chunks.entries()) {
    try {
      const value: unknown = JSON.parse(text.slice(chunk.start, chunk.end));
      located.push({ value, where: [`line ${chunk.line}`], lineOf: () => null });
    } catch (error) {
      return { failed: chunk, index, error };
    }
  }
  return located;
}

/**
 * After a complete top-level value YAML accepts only a comment, a document marker or (on the same line) `:`;
 * anything else is certain to fail, and parsing a large JSON Lines file cut short as YAML would only cost time
 * and memory before saying so.
 */
function yamlMightRead(text: string, failure: JsonFailure): boolean {
  if (failure.index === 0) return true;
  const start = text.slice(failure.failed.start, failure.failed.start + 3);
  return failure.index === 1 && (start === "---" || start === "..." || start.startsWith("#") || start.startsWith(":"));
}

/**
 * A bad value among several is reported at the line it starts on: in JSON Lines that is the bad line, even when
 * a truncated value only fails where the next one begins. Where JSON.parse stopped is added when it says.
 */
function jsonValueError(error: unknown, chunk: JsonChunk, text: string, file: string): AppError {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message)?.[1];
  const errorLine =
    position === undefined
      ? null
      : chunk.line + countNewlines(text, chunk.start, Math.min(chunk.start + Number(position), chunk.end));
  const stopped = errorLine !== null && errorLine !== chunk.line ? ` (parsing stopped at line ${errorLine})` : "";
  return new AppError("unprocessable", `${file} line ${chunk.line}: invalid JSON value${stopped}: ${message}`, {
    file,
    details: { line: chunk.line, errorLine },
    cause: error,
  });
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = text.indexOf("\n", from); index !== -1 && index < to; index = text.indexOf("\n", index + 1)) {
    count += 1;
  }
  return count;
}

/** JSON.parse names a position only for some errors; YAML's parser locates the same syntax error otherwise. */
function jsonSyntaxError(error: unknown, yamlError: unknown, text: string, file: string): AppError {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message)?.[1];
  const yamlLine = yamlError instanceof AppError ? yamlSyntaxLine(yamlError) : null;
  const line = position === undefined ? (yamlLine ?? null) : text.slice(0, Number(position)).split("\n").length;
  return new AppError("unprocessable", `${file}${line ? ` line ${line}` : ""}: invalid JSON: ${message}`, {
    file,
    details: { line },
    cause: error,
  });
}

/** The line of a YAML syntax error raised by loadYaml (null when unknown); undefined for other errors. */
function yamlSyntaxLine(error: AppError): number | null | undefined {
  const details = error.details as { yamlSyntax?: boolean; line?: number | null } | undefined;
  return details?.yamlSyntax ? (details.line ?? null) : undefined;
}

function loadYaml(text: string, file: string): Located[] {
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema keeps unquoted timestamps as strings; uniqueKeys rejects ambiguous duplicates.
  const parsed = parseAllDocuments(text, { version: "1.2", strict: true, uniqueKeys: true, lineCounter });
  const docs: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  const located: Located[] = [];
  docs.forEach((doc, index) => {
    const label = docs.length > 1 ? `document ${index + 1}` : null;
    const syntaxError = doc.errors[0];
    if (syntaxError) {
      const line = syntaxError.linePos?.[0].line ?? null;
      throw new AppError(
        "unprocessable",
        `${file}${line ? ` line ${line}` : ""}: invalid YAML${label ? ` in ${label}` : ""}: ${firstLine(syntaxError.message)}`,
        { file, details: { yamlSyntax: true, line, code: syntaxError.code }, cause: syntaxError },
      );
    }
    if (doc.contents === null) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      if (error instanceof ReferenceError) {
        throw new AppError(
          "unprocessable",
          `${file}: YAML${label ? ` ${label}` : ""} expands too many aliases (${error.message}); refusing to read it`,
          { file, cause: error },
        );
      }
      throw error;
    }
    located.push({ value, where: label ? [label] : [], lineOf: (path) => yamlLine(doc, lineCounter, path) });
  });
  return located;
}

function firstLine(message: string): string {
  return message.split("\n", 1)[0] ?? message;
}

/** Line of the node at `path`, or of its nearest ancestor when the path goes further than the document. */
function yamlLine(doc: Document.Parsed, lineCounter: LineCounter, path: Path): number | null {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function child(parent: Located, keys: Path, label: string, value: unknown): Located {
  return {
    value,
    where: [...parent.where, label],
    lineOf: (path) => parent.lineOf([...keys, ...path]),
  };
}

function metadataName(object: Record<string, unknown>): string | null {
  const metadata = object.metadata;
  if (!isObject(metadata)) return null;
  const name = metadata.name ?? metadata.generateName;
  return typeof name === "string" || typeof name === "number" ? String(name) : null;
}

/** Counts a skipped object under `countAs` and keeps the first few as `ignored` entries for warnings. */
function skip(out: Collector, countAs: string, entry: Ignored): void {
  out.skipped.set(countAs, (out.skipped.get(countAs) ?? 0) + 1);
  ignore(out, entry);
}

function ignore(out: Collector, entry: Ignored): void {
  if (out.ignored.length < MAX_IGNORED) out.ignored.push(entry);
}

function visit(located: Located, file: string, out: Collector, depth: number): void {
  const { value } = located;
  if (Array.isArray(value)) {
    // `jq -s` and hand-made exports wrap objects in a bare array.
    if (depth < MAX_NESTING) {
      value.forEach((item, index) => {
        visit(child(located, [index], `[${index}]`, item), file, out, depth + 1);
        value[index] = null;
      });
    } else {
      skip(out, NOT_AN_OBJECT, { kind: "(none)", name: null, reason: `${describe(located)}arrays nested too deeply` });
    }
    return;
  }
  if (!isObject(value)) {
    // A null document is an empty `---` section, not something to report.
    if (value !== null) {
      skip(out, NOT_AN_OBJECT, { kind: "(none)", name: null, reason: `${describe(located)}is not an object` });
    }
    return;
  }
  let kind = typeof value.kind === "string" ? value.kind : located.impliedKind;
  const apiVersion = typeof value.apiVersion === "string" ? value.apiVersion : located.impliedApiVersion;

  if (kind === undefined) {
    if (isList(value.records) && depth < MAX_NESTING) {
      eachElement(value.records, (record, index) => {
        visitResultsRecord(child(located, ["records", index], `records[${index}]`, record), file, out, depth + 1);
      });
      return;
    }
    if (isObject(value.data) && typeof value.data.type === "string" && depth < MAX_NESTING) {
      visitResultsRecord(located, file, out, depth + 1);
      return;
    }
    kind = runKindFromShape(value, apiVersion);
    if (kind === undefined) {
      skip(out, NO_KIND, {
        kind: "(none)",
        name: metadataName(value),
        reason: `${describe(located)}has no kind: not a Kubernetes object`,
      });
      return;
    }
    out.inferred += 1;
  }

  if (kind.endsWith("List") && isList(value.items) && depth < MAX_NESTING) {
    // kubectl's `List` items carry their own kind; typed lists (`PipelineRunList` from tkn) may leave it out.
    const itemKind = kind === "List" ? undefined : kind.slice(0, -"List".length);
    eachElement(value.items, (item, index) => {
      const itemLocated = child(located, ["items", index], `items[${index}]`, item);
      visit({ ...itemLocated, impliedKind: itemKind, impliedApiVersion: apiVersion }, file, out, depth + 1);
    });
    return;
  }

  const name = metadataName(value);
  if (kind !== "PipelineRun" && kind !== "TaskRun") {
    if (DEFINITION_KINDS.has(kind) && (apiVersion === undefined || apiVersion.startsWith("tekton.dev/"))) {
      out.definitions.push({ kind, name });
    } else {
      skip(out, kind, { kind, name, reason: `${describe(located)}${kind} is not a PipelineRun or TaskRun` });
    }
    return;
  }
  // Hand-trimmed exports sometimes drop apiVersion; a version we do not know may mean other fields.
  if (apiVersion !== undefined && !TEKTON_API_VERSIONS.has(apiVersion)) {
    const reason = `${describe(located)}apiVersion ${apiVersion} is not supported (${SUPPORTED_API_VERSIONS} are)`;
    out.unsupported.push({ kind, name, apiVersion, reason });
    // Callers that only read `ignored` still warn about it, as before `unsupported` existed.
    ignore(out, { kind, name, reason });
    return;
  }
  readRun(located, value, kind, name, file, out);
}

/** Present and saying something: not null, "", [] or {}. */
function hasContent(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  return !isObject(value) || Object.keys(value).length > 0;
}

function hasLabel(labels: Record<string, unknown>, key: string): boolean {
  return typeof labels[key] === "string";
}

/**
 * The kind of an object stored without one (Tekton Chains and other tools keep runs so), from fields only a
 * PipelineRun or only a TaskRun has. Spec says most, then status, then labels; contradicting evidence at the
 * strongest level that has any gives no kind rather than a guess. Objects of another API group are not runs.
 */
function runKindFromShape(
  object: Record<string, unknown>,
  apiVersion: string | undefined,
): "PipelineRun" | "TaskRun" | undefined {
  if (apiVersion !== undefined && !apiVersion.startsWith("tekton.dev/")) return undefined;
  const { metadata } = object;
  if (!isObject(metadata) || !(hasContent(metadata.name) || hasContent(metadata.generateName))) return undefined;
  const spec = isObject(object.spec) ? object.spec : {};
  const status = isObject(object.status) ? object.status : {};
  const labels = isObject(metadata.labels) ? metadata.labels : {};
  // A TaskRun's Pod carries the TaskRun's labels: containers or a phase make it a Pod, whatever its labels say.
  if (spec.containers !== undefined || status.phase !== undefined) return undefined;
  const has = (fields: Record<string, unknown>, keys: readonly string[]) => keys.some((key) => hasContent(fields[key]));
  const taskLabels = hasLabel(labels, "tekton.dev/pipelineTask") || hasLabel(labels, "tekton.dev/task");
  const evidence: [pipelineRun: boolean, taskRun: boolean][] = [
    [has(spec, ["pipelineRef", "pipelineSpec"]), has(spec, ["taskRef", "taskSpec"])],
    [
      has(status, ["childReferences", "pipelineSpec", "taskRuns", "runs"]),
      has(status, ["podName", "steps", "taskSpec"]),
    ],
    [hasLabel(labels, "tekton.dev/pipeline") && !taskLabels, taskLabels],
  ];
  for (const [pipelineRun, taskRun] of evidence) {
    if (pipelineRun !== taskRun) return pipelineRun ? "PipelineRun" : "TaskRun";
    if (pipelineRun) return undefined;
  }
  return undefined;
}

function describe(located: Located): string {
  return located.where.length > 0 ? `${located.where.join(", ")}: ` : "";
}

function visitResultsRecord(located: Located, file: string, out: Collector, depth: number): void {
  const record = located.value;
  const data = isObject(record) && isObject(record.data) ? record.data : null;
  const recordName = isObject(record) && typeof record.name === "string" ? record.name : null;
  if (!isObject(record) || data === null || typeof data.type !== "string") {
    skip(out, isObject(record) ? NO_KIND : NOT_AN_OBJECT, {
      kind: "(none)",
      name: recordName,
      reason: `${describe(located)}is not a Tekton Results record`,
    });
    return;
  }
  const type = data.type;
  const runType = RESULTS_RUN_TYPE.exec(type);
  if (!runType) {
    skip(out, type, {
      kind: type,
      name: recordName,
      reason: type.endsWith(".Log")
        ? "Tekton Results log record: logs are read from log files"
        : `Tekton Results record of type ${type} is not a PipelineRun or TaskRun`,
    });
    return;
  }
  const label = `Tekton Results record ${recordName ?? "(unnamed)"}`;
  const object = decodeRecordValue(data.value, `${file}: ${label}`, file);
  visit(
    {
      value: object,
      where: [...located.where, label],
      // A base64 value has no lines of its own: point at the record.
      lineOf: () => located.lineOf(["data", "value"]),
      impliedKind: runType[2],
      impliedApiVersion: runType[1],
    },
    file,
    out,
    depth,
  );
}

/** Results' REST API base64-encodes the stored object JSON; some clients print it already decoded. */
function decodeRecordValue(value: unknown, where: string, file: string): unknown {
  if (isObject(value)) return value;
  if (typeof value !== "string") {
    throw new AppError("unprocessable", `${where}: data.value must be base64-encoded JSON or an object`, { file });
  }
  const trimmed = value.trim();
  const json = trimmed.startsWith("{")
    ? trimmed
    : BASE64.test(trimmed)
      ? Buffer.from(trimmed, "base64").toString("utf8")
      : null;
  if (json !== null) {
    try {
      return JSON.parse(json) as unknown;
    } catch {
      // Decoded bytes that are not JSON get the same message as bytes that are not base64.
    }
  }
  throw new AppError("unprocessable", `${where}: data.value is not base64-encoded JSON`, { file });
}

/** Whether status says the object was run: a `.tekton/*.yaml` Pipelines-as-Code file or a manifest has none. */
function hasRunStatus(object: Record<string, unknown>): boolean {
  const { status } = object;
  return isObject(status) && RUN_STATUS_FIELDS.some((field) => hasContent(status[field]));
}

function readRun(
  located: Located,
  object: Record<string, unknown>,
  kind: "PipelineRun" | "TaskRun",
  name: string | null,
  file: string,
  out: Collector,
): void {
  // Templates are validated too: a malformed one is as much an error as a malformed run.
  if (kind === "PipelineRun") {
    const parsed = pipelineRunSchema.safeParse(object);
    if (!parsed.success) throw validationError(parsed.error, located, kind, name, file);
    const validName = runName(parsed.data.metadata);
    if (hasRunStatus(object)) out.pipelineRuns.push(pipelineRunRecord(parsed.data, validName));
    else out.templates.push({ kind, name: validName });
  } else {
    const parsed = taskRunSchema.safeParse(object);
    if (!parsed.success) throw validationError(parsed.error, located, kind, name, file);
    const validName = runName(parsed.data.metadata);
    if (hasRunStatus(object)) out.taskRuns.push(taskRunRecord(parsed.data, validName));
    else out.templates.push({ kind, name: validName });
  }
}

function runName(metadata: { name?: string; generateName?: string }): string {
  // The schema guarantees one of the two; a template with only generateName is named after its prefix.
  return metadata.name ?? metadata.generateName ?? "";
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    return text === "" ? String(key) : `${text}.${String(key)}`;
  }, "");
}

function validationError(
  error: z.ZodError,
  located: Located,
  kind: string,
  name: string | null,
  file: string,
): AppError {
  const issue = error.issues[0];
  const path = issue ? issue.path.filter((key): key is string | number => typeof key !== "symbol") : [];
  const field = formatPath(path);
  const line = located.lineOf(path);
  const object = `${kind} ${name === null ? "(unnamed)" : JSON.stringify(name)}`;
  return new AppError(
    "unprocessable",
    `${file}${line ? ` line ${line}` : ""}: ${object}${located.where.length ? ` (${located.where.join(", ")})` : ""}: ` +
      `${field || "(object)"}: ${issue?.message ?? "invalid"}`,
    { file, details: { kind, name, field, line, issues: error.issues } },
  );
}
