// YAML parsing for untrusted uploads: every document, strict syntax, alias expansion capped so an
// alias bomb ("billion laughs") fails fast instead of eating memory.
import { parseAllDocuments } from "yaml";
import { AppError } from "../errors";

const MAX_ALIAS_COUNT = 100;

/** Parses all documents of a YAML (or JSON) text; throws AppError naming the file and line on bad input. */
export function parseYamlDocuments(text: string, file: string): unknown[] {
  const documents = parseAllDocuments(text, { strict: true, uniqueKeys: false, prettyErrors: true });
  const list = Array.isArray(documents) ? documents : [documents];
  return list
    .map((document) => {
      const error = document.errors[0];
      if (error) {
        throw new AppError("unprocessable", `${file}: invalid YAML: ${error.message.split("\n")[0] ?? error.message}`, {
          file,
        });
      }
      try {
        return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (cause) {
        throw new AppError("unprocessable", `${file}: YAML rejected: ${(cause as Error).message}`, { file, cause });
      }
    })
    .filter((value) => value !== null && value !== undefined);
}

/** One document expected (e.g. a lockfile). */
export function parseYamlStrict(text: string, file: string): unknown {
  const documents = parseYamlDocuments(text, file);
  if (documents.length !== 1) {
    throw new AppError("unprocessable", `${file}: expected one YAML document, found ${documents.length}`, { file });
  }
  return documents[0];
}
