// Walks the values of one file: bare arrays, `List`s (also read lazily), Tekton Results records (base64 JSON
// or decoded), kinds implied by their container; runs go to run-objects.ts, anything else is counted as skipped.
import { AppError } from "../errors";
import { LazyJsonArray } from "./json-list";
import { child, describe, isObject, type Located } from "./located";
import { readRun, runKindFromShape } from "./run-objects";
import type { TektonDocuments } from "./types";

/** List → items → Results record → object is the deepest real nesting; more is not a Tekton export. */
const MAX_NESTING = 4;
/** Each ignored object becomes a warning; a 100k-line export of Pods must not make 100k of them. */
const MAX_IGNORED = 20;
/** The fields read here mean the same in these three; v1alpha1 TaskRuns may also keep params in spec.inputs. */
const TEKTON_API_VERSIONS = new Set(["tekton.dev/v1", "tekton.dev/v1beta1", "tekton.dev/v1alpha1"]);
const SUPPORTED_API_VERSIONS = "tekton.dev/v1, v1beta1, v1alpha1";
/** What runs run: read so callers can say the file holds definitions, never turned into runs. */
const DEFINITION_KINDS = new Set(["Pipeline", "Task", "ClusterTask", "StepAction"]);
/** skippedKinds keys for what has no kind of its own. */
const NO_KIND = "(no kind)";
const NOT_AN_OBJECT = "(not an object)";
/** Tekton Results record types: `tekton.dev/v1.PipelineRun`, `tekton.dev/v1beta1.TaskRun`, … */
const RESULTS_RUN_TYPE = /^(tekton\.dev\/[a-z0-9]+)\.(PipelineRun|TaskRun)$/;
const BASE64 = /^[A-Za-z0-9+/_\-\s]*={0,2}\s*$/;

/** TektonDocuments while it is filled: kinds are counted in a Map because a kind may be "__proto__". */
export type Collector = Omit<TektonDocuments, "skippedKinds"> & { skipped: Map<string, number> };
type Ignored = TektonDocuments["ignored"][number];

export function collector(): Collector {
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

export function documentsOf(out: Collector): TektonDocuments {
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

export function visit(located: Located, file: string, out: Collector, depth: number): void {
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
