// JSON Lines / NDJSON and concatenated JSON: cuts a text into its top-level values, parses each with the line
// it starts on, and words the errors of bad JSON (at the line of the bad value, or where YAML's parser saw it).
import { AppError } from "../errors";
import type { Located } from "./located";
import { yamlSyntaxLine } from "./yaml-documents";

/** One top-level value of a JSON Lines or concatenated JSON file: text offsets and the 1-based line it starts on. */
export interface JsonChunk {
  start: number;
  end: number;
  line: number;
}

/**
 * Cuts text into top-level JSON values in one pass without recursion, tracking strings (so braces inside them
 * do not count) and bracket depth. It does not validate: JSON.parse of each chunk says what is wrong in it.
 * Anything at the top level that is not an object or array runs to the end of its line (a scalar or junk).
 */
export function splitJsonValues(text: string): JsonChunk[] {
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

export interface JsonFailure {
  failed: JsonChunk;
  /** Index of the failed chunk: how many values before it were JSON. */
  index: number;
  error: unknown;
}

/** Parses each chunk, labelled with its line; stops at the first that is not JSON. */
export function parseJsonValues(text: string, chunks: readonly JsonChunk[]): Located[] | JsonFailure {
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
export function yamlMightRead(text: string, failure: JsonFailure): boolean {
  if (failure.index === 0) return true;
  const start = text.slice(failure.failed.start, failure.failed.start + 3);
  return failure.index === 1 && (start === "---" || start === "..." || start.startsWith("#") || start.startsWith(":"));
}

/**
 * A bad value among several is reported at the line it starts on: in JSON Lines that is the bad line, even when
 * a truncated value only fails where the next one begins. Where JSON.parse stopped is added when it says.
 */
export function jsonValueError(error: unknown, chunk: JsonChunk, text: string, file: string): AppError {
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
export function jsonSyntaxError(error: unknown, yamlError: unknown, text: string, file: string): AppError {
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
