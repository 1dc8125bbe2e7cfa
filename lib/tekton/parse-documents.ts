// Reads one uploaded file of Tekton objects: JSON, JSON Lines or concatenated JSON, (multi-document) YAML,
// `List`s, `tkn`/kubectl exports and Tekton Results record lists. Pure: text in, records out, AppError on bad input.
// The readers live next to it: json-values.ts, yaml-documents.ts, json-list.ts (lazy List), visit.ts, run-objects.ts.
import { AppError } from "../errors";
import { jsonListLayout, LazyJsonArray } from "./json-list";
import { jsonSyntaxError, jsonValueError, parseJsonValues, splitJsonValues, yamlMightRead } from "./json-values";
import type { Located } from "./located";
import type { TektonDocuments } from "./types";
import { collector, documentsOf, visit } from "./visit";
import { loadYaml, yamlSyntaxLine } from "./yaml-documents";

/**
 * From this size a JSON List is read item by item (lib/tekton/json-list.ts): parsed whole, a 12 MiB export of a
 * thousand TaskRuns lives on until its last item is read and makes the server's heap grow by its size each time.
 */
export const LAZY_LIST_MIN_BYTES = 256 * 1024;

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
