// Reads one uploaded file of Tekton objects: JSON or (multi-document) YAML, single objects, `List`s,
// `tkn`/kubectl exports and Tekton Results record lists. Pure: text in, records out, AppError on bad input.
import { isNode, LineCounter, parseAllDocuments, type Document } from "yaml";
import type { z } from "zod";
import { AppError } from "../errors";
import { pipelineRunRecord, taskRunRecord } from "./records";
import { pipelineRunSchema, taskRunSchema } from "./schemas";
import type { TektonDocuments } from "./types";

/** Enough for real manifests (kubectl never writes aliases) and far too few for a "billion laughs" bomb. */
const MAX_ALIAS_COUNT = 100;
/** List → items → Results record → object is the deepest real nesting; more is not a Tekton export. */
const MAX_NESTING = 4;
const TEKTON_API_VERSIONS = new Set(["tekton.dev/v1", "tekton.dev/v1beta1"]);
/** Tekton Results record types: `tekton.dev/v1.PipelineRun`, `tekton.dev/v1beta1.TaskRun`, … */
const RESULTS_RUN_TYPE = /^(tekton\.dev\/[a-z0-9]+)\.(PipelineRun|TaskRun)$/;
const BASE64 = /^[A-Za-z0-9+/_\-\s]*={0,2}\s*$/;

type Path = readonly (string | number)[];

/** One object found in the file, with where it came from for messages. */
interface Located {
  value: unknown;
  /** e.g. ["document 2", "items[3]"]; empty for a lone object. */
  where: string[];
  /** 1-based line of the value at `path` below this object, when the file has line positions (YAML). */
  lineOf: (path: Path) => number | null;
  /** Kind and apiVersion implied by the container (`PipelineRunList` items, a Results record's type). */
  impliedKind?: string;
  impliedApiVersion?: string;
}

export function parseTektonText(text: string, file: string): TektonDocuments {
  const documents: TektonDocuments = { pipelineRuns: [], taskRuns: [], ignored: [] };
  try {
    for (const document of loadDocuments(text.replace(/^\uFEFF/, ""), file)) {
      visit(document, file, documents, 0);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    // Pathological input (e.g. nesting deep enough to exhaust the stack) must still be a 422, not a crash.
    throw new AppError("unprocessable", `${file}: could not read Tekton objects: ${String(error)}`, {
      file,
      cause: error,
    });
  }
  return documents;
}

function loadDocuments(text: string, file: string): Located[] {
  const trimmed = text.trimStart();
  if (trimmed === "") return [];
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return [{ value: JSON.parse(text), where: [], lineOf: () => null }];
    } catch (jsonError) {
      // A YAML flow collection also starts with a bracket; only when that fails too is it bad JSON.
      try {
        return loadYaml(text, file);
      } catch (yamlError) {
        // Valid YAML syntax that fails later (an alias bomb) is reported as what it is.
        if (yamlError instanceof AppError && yamlSyntaxLine(yamlError) === undefined) throw yamlError;
        throw jsonSyntaxError(jsonError, yamlError, text, file);
      }
    }
  }
  return loadYaml(text, file);
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

function visit(located: Located, file: string, out: TektonDocuments, depth: number): void {
  const { value } = located;
  if (Array.isArray(value)) {
    // `jq -s` and hand-made exports wrap objects in a bare array.
    if (depth < MAX_NESTING) {
      value.forEach((item, index) => visit(child(located, [index], `[${index}]`, item), file, out, depth + 1));
    } else {
      out.ignored.push({ kind: "(none)", name: null, reason: `${describe(located)}arrays nested too deeply` });
    }
    return;
  }
  if (!isObject(value)) {
    // A null document is an empty `---` section, not something to report.
    if (value !== null) {
      out.ignored.push({ kind: "(none)", name: null, reason: `${describe(located)}is not an object` });
    }
    return;
  }
  const kind = typeof value.kind === "string" ? value.kind : located.impliedKind;
  const apiVersion = typeof value.apiVersion === "string" ? value.apiVersion : located.impliedApiVersion;

  if (kind === undefined) {
    if (Array.isArray(value.records) && depth < MAX_NESTING) {
      value.records.forEach((record, index) => {
        visitResultsRecord(child(located, ["records", index], `records[${index}]`, record), file, out, depth + 1);
      });
    } else if (isObject(value.data) && typeof value.data.type === "string" && depth < MAX_NESTING) {
      visitResultsRecord(located, file, out, depth + 1);
    } else {
      out.ignored.push({
        kind: "(none)",
        name: metadataName(value),
        reason: `${describe(located)}has no kind: not a Kubernetes object`,
      });
    }
    return;
  }

  if (kind.endsWith("List") && Array.isArray(value.items) && depth < MAX_NESTING) {
    // kubectl's `List` items carry their own kind; typed lists (`PipelineRunList` from tkn) may leave it out.
    const itemKind = kind === "List" ? undefined : kind.slice(0, -"List".length);
    value.items.forEach((item, index) => {
      const itemLocated = child(located, ["items", index], `items[${index}]`, item);
      visit({ ...itemLocated, impliedKind: itemKind, impliedApiVersion: apiVersion }, file, out, depth + 1);
    });
    return;
  }

  const name = metadataName(value);
  if (kind !== "PipelineRun" && kind !== "TaskRun") {
    out.ignored.push({ kind, name, reason: `${describe(located)}${kind} is not a PipelineRun or TaskRun` });
    return;
  }
  // Hand-trimmed exports sometimes drop apiVersion; the fields read here mean the same in v1 and v1beta1.
  if (apiVersion !== undefined && !TEKTON_API_VERSIONS.has(apiVersion)) {
    out.ignored.push({
      kind,
      name,
      reason: `${describe(located)}apiVersion ${apiVersion} is not tekton.dev/v1 or tekton.dev/v1beta1`,
    });
    return;
  }
  readRun(located, kind, name, file, out);
}

function describe(located: Located): string {
  return located.where.length > 0 ? `${located.where.join(", ")}: ` : "";
}

function visitResultsRecord(located: Located, file: string, out: TektonDocuments, depth: number): void {
  const record = located.value;
  const data = isObject(record) && isObject(record.data) ? record.data : null;
  const recordName = isObject(record) && typeof record.name === "string" ? record.name : null;
  if (!isObject(record) || data === null || typeof data.type !== "string") {
    out.ignored.push({
      kind: "(none)",
      name: recordName,
      reason: `${describe(located)}is not a Tekton Results record`,
    });
    return;
  }
  const type = data.type;
  const runType = RESULTS_RUN_TYPE.exec(type);
  if (!runType) {
    out.ignored.push({
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

function readRun(
  located: Located,
  kind: "PipelineRun" | "TaskRun",
  name: string | null,
  file: string,
  out: TektonDocuments,
): void {
  if (kind === "PipelineRun") {
    const parsed = pipelineRunSchema.safeParse(located.value);
    if (!parsed.success) throw validationError(parsed.error, located, kind, name, file);
    out.pipelineRuns.push(pipelineRunRecord(parsed.data, runName(parsed.data.metadata)));
  } else {
    const parsed = taskRunSchema.safeParse(located.value);
    if (!parsed.success) throw validationError(parsed.error, located, kind, name, file);
    out.taskRuns.push(taskRunRecord(parsed.data, runName(parsed.data.metadata)));
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
