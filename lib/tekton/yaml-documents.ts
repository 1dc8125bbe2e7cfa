// Reads (multi-document) YAML into located values: line positions for messages, strict YAML 1.2, a cap on
// aliases; syntax errors are AppErrors that carry their line so a JSON-looking file can be reported either way.
import { isNode, LineCounter, parseAllDocuments, type Document } from "yaml";
import { AppError } from "../errors";
import type { Located, Path } from "./located";

/** Enough for real manifests (kubectl never writes aliases) and far too few for a "billion laughs" bomb. */
const MAX_ALIAS_COUNT = 100;

/** The line of a YAML syntax error raised by loadYaml (null when unknown); undefined for other errors. */
export function yamlSyntaxLine(error: AppError): number | null | undefined {
  const details = error.details as { yamlSyntax?: boolean; line?: number | null } | undefined;
  return details?.yamlSyntax ? (details.line ?? null) : undefined;
}

export function loadYaml(text: string, file: string): Located[] {
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
