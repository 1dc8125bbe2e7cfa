// Reads one upload end to end — archive entries, classification, parsing, log scanning — and derives
// the runs, measurements and tables it holds. No database: lib/db/store-bundle.ts stores the result.
// Any unusable file rejects the whole bundle with an AppError naming that file.
import { isUtf8 } from "node:buffer";
import { Readable } from "node:stream";
import { AppError } from "../errors";
import { scanLogStream } from "../logs/scan-stream";
import type { ParsedManualTables } from "../domain/manual-table";
import type { BundleFormat, FileSummary } from "../domain/upload";
import type { BundleFacts, LinkedPipelineRun, LogEvidence } from "../measure/types";
import { linkRuns } from "../tekton/link";
import { parseTektonText } from "../tekton/parse-documents";
import type { TektonDocuments } from "../tekton/types";
import { readBundle } from "./archive";
import { ScratchBuffer } from "./scratch-buffer";
import { looksLikeRpmLockfile, rpmLockfileSizes } from "./lockfile";
import { ManualTableError, parseCsvTables, parseManualTables } from "./manual-table";
import { looksLikeOciManifest, ociManifestSizes } from "./oci-manifest";
import type { ArchiveLimits } from "./types";
import { parseYamlDocuments } from "./yaml";

/** What one upload holds, read and linked but not yet derived (that needs the runs already stored). */
export interface BundleContents {
  /** The container format, or "multiple" for an upload of several files. */
  format: BundleFormat | "multiple";
  /** PipelineRuns (and runs built from TaskRuns alone) with their TaskRuns. */
  linked: LinkedPipelineRun[];
  /** Logs, lockfiles and manifests of the whole upload. */
  facts: Omit<BundleFacts, "runs">;
  tables: { file: string; parsed: ParsedManualTables }[];
  files: FileSummary[];
  warnings: string[];
}

/** Structured documents (JSON, YAML, tables) are read whole; logs are streamed and may be any size. */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
const HEAD_BYTES = 4096;
/** Folders that only group files; a log directly inside one is named after its TaskRun or PipelineRun. */
const GROUPING_DIRS = new Set(["logs", "log", "taskruns", "pipelineruns", "tekton", "bundle", "."]);

/** Reads up to `size` bytes from the stream's start and returns them with a stream of the whole content. */
async function peek(stream: Readable, size: number): Promise<{ head: Buffer; content: Readable }> {
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

/**
 * A structured file's bytes, checked to be UTF-8, read into the upload's scratch buffer (a view, valid until the
 * next file is read). They stay bytes, off the JavaScript heap, for the Tekton reader: a large JSON List is read
 * from them item by item and never becomes one string.
 */
async function readBytes(content: Readable, file: string, scratch: ScratchBuffer): Promise<Buffer> {
  scratch.reset();
  let length = 0;
  for await (const chunk of content) {
    length += (chunk as Buffer).length;
    if (length > MAX_DOCUMENT_BYTES) {
      content.destroy();
      throw new AppError("too_large", `${file}: a JSON, YAML or table file larger than 64 MiB is not accepted`, {
        file,
      });
    }
    scratch.append(chunk as Buffer);
  }
  const bytes = scratch.view();
  if (!isUtf8(bytes)) throw new AppError("unprocessable", `${file}: not valid UTF-8 text`, { file });
  return bytes;
}

/** Text of bytes already checked to be UTF-8, without a byte order mark. */
function utf8Text(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes);
}

/** Whether the first character that is not whitespace (or a byte order mark) opens a JSON object or array. */
function startsLikeJson(bytes: Uint8Array): boolean {
  for (let at = 0; at < bytes.length; at += 1) {
    const byte = bytes[at];
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    if (at === 0 && byte === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      at += 2;
      continue;
    }
    return byte === 0x7b || byte === 0x5b;
  }
  return false;
}

type Sniffed = "structured" | "markdown" | "csv" | "log" | "binary";

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

/** Log layout from prefixes: `[task : step] ` (tkn pr logs), `[step] ` (tkn tr logs), or none. */
function logMode(head: Buffer): "plain" | "taskrun" | "pipelinerun" {
  const lines = head.toString("utf8").split("\n").slice(0, 20);
  if (lines.some((line) => /^\[[a-z0-9][-a-z0-9.]* : [a-z0-9][-a-z0-9]*\] /.test(line))) return "pipelinerun";
  if (lines.some((line) => /^\[[a-z0-9][-a-z0-9]*\] /.test(line))) return "taskrun";
  return "plain";
}

function logOwner(path: string): { taskRunName: string | null; step: string | null } {
  const parts = path.split("/");
  const base = (parts.at(-1) ?? path).replace(/\.(log|txt)$/i, "");
  const parent = parts.length >= 2 ? parts.at(-2)! : null;
  if (parent !== null && !GROUPING_DIRS.has(parent.toLowerCase())) {
    return { taskRunName: parent, step: base.replace(/^step-/, "") };
  }
  return { taskRunName: base, step: null };
}

export interface BundlePart {
  /** Spooled temp file holding the part's bytes. */
  path: string;
  /** The name the user gave it. */
  filename: string;
}

/**
 * Analyses an upload made of one or more parts (several files picked at once are one bundle, so a
 * PipelineRun in one file and its logs in another are linked). Limits apply to the whole upload.
 */
export async function analyseBundle(parts: BundlePart[], limits: ArchiveLimits): Promise<BundleContents> {
  const files: FileSummary[] = [];
  const warnings: string[] = [];
  const tekton: TektonDocuments[] = [];
  const facts: Omit<BundleFacts, "runs"> = { logs: [], lockfiles: [], manifests: [] };
  const tables: BundleContents["tables"] = [];

  // Nothing read from a file keeps its bytes (decoding and JSON.parse copy), so each file may reuse the buffer.
  const scratch = new ScratchBuffer();
  const formats: BundleFormat[] = [];
  let entriesSoFar = 0;
  let bytesSoFar = 0;
  for (const part of parts) {
    const remaining: ArchiveLimits = {
      ...limits,
      maxEntries: limits.maxEntries - entriesSoFar,
      maxTotalBytes: limits.maxTotalBytes - bytesSoFar,
    };
    const summary = await readBundle(part.path, part.filename, remaining, async (entry, stream) => {
      const { head, content } = await peek(stream, HEAD_BYTES);
      const kind = sniff(entry.path, head);
      if (head.length === 0) {
        content.destroy();
        files.push({ name: entry.path, kind: "skipped", status: "skipped", message: "empty file" });
        return;
      }
      if (kind === "binary") {
        content.destroy();
        files.push({
          name: entry.path,
          kind: "skipped",
          status: "skipped",
          message: "binary content, not a log or document",
        });
        return;
      }
      if (kind === "log") {
        const mode = logMode(head);
        const owner = logOwner(entry.path);
        const results = await scanLogStream(content, { mode });
        for (const [key, result] of results) {
          let evidence: LogEvidence;
          if (mode === "pipelinerun") {
            const [task, step] = key.includes("/") ? key.split("/", 2) : [null, null];
            evidence = {
              file: entry.path,
              taskRunName: null,
              pipelineTaskName: task ?? null,
              step: step ?? null,
              result,
            };
          } else if (mode === "taskrun") {
            evidence = {
              file: entry.path,
              taskRunName: owner.taskRunName,
              pipelineTaskName: null,
              step: key || null,
              result,
            };
          } else {
            evidence = {
              file: entry.path,
              taskRunName: owner.taskRunName,
              pipelineTaskName: null,
              step: owner.step,
              result,
            };
          }
          facts.logs.push(evidence);
          warnings.push(...result.warnings.map((w) => `${entry.path}: ${w}`));
        }
        const signals = [...results.values()].reduce((n, r) => n + r.signals.length, 0);
        files.push({ name: entry.path, kind: "log", status: "ok", message: `${signals} signal(s)` });
        return;
      }
      const bytes = await readBytes(content, entry.path, scratch);
      try {
        if (kind === "markdown" || kind === "csv") {
          const text = utf8Text(bytes);
          const parsed = kind === "csv" ? parseCsvTables(text) : parseManualTables(text);
          tables.push({ file: entry.path, parsed });
          warnings.push(...parsed.warnings.map((w) => `${entry.path}: ${w}`));
          files.push({
            name: entry.path,
            kind: "table",
            status: "ok",
            message: `${parsed.tables.length} component table(s)`,
          });
          return;
        }
      } catch (error) {
        if (error instanceof ManualTableError) {
          throw new AppError("unprocessable", `${entry.path}: ${error.message}`, { file: entry.path, cause: error });
        }
        throw error;
      }
      // JSON stays bytes for the Tekton reader; YAML becomes text once, for both readers.
      const text = startsLikeJson(bytes) ? null : utf8Text(bytes);
      const documents = lockfileOrManifestCandidates(bytes, text, entry.path);
      if (documents.length === 1 && looksLikeRpmLockfile(documents[0])) {
        const sizes = rpmLockfileSizes(documents[0], entry.path);
        facts.lockfiles.push({ file: entry.path, sizes });
        warnings.push(...sizes.warnings);
        files.push({ name: entry.path, kind: "lockfile", status: "ok" });
        return;
      }
      if (documents.length === 1 && looksLikeOciManifest(documents[0])) {
        facts.manifests.push({ file: entry.path, sizes: ociManifestSizes(documents[0], entry.path) });
        files.push({ name: entry.path, kind: "manifest", status: "ok" });
        return;
      }
      const parsed = parseTektonText(text ?? bytes, entry.path);
      for (const ignored of parsed.ignored) {
        warnings.push(
          `${entry.path}: ${ignored.kind}${ignored.name ? ` ${ignored.name}` : ""} ignored: ${ignored.reason}`,
        );
      }
      const summary = tektonFileSummary(entry.path, parsed);
      files.push(summary);
      if (summary.kind === "tekton") tekton.push(parsed);
    });

    for (const skipped of summary.skipped) {
      // A folder of an archive is not a file the user sent: listing it only adds noise.
      if (skipped.reason === "directory") continue;
      files.push({ name: skipped.path, kind: "skipped", status: "skipped", message: skipped.reason });
    }
    formats.push(summary.format);
    entriesSoFar += summary.entries;
    bytesSoFar += summary.bytes;
  }
  const linked = linkRuns(tekton);
  warnings.push(...linked.warnings);
  for (const orphan of linked.orphanTaskRuns) {
    warnings.push(
      `TaskRun ${orphan.name} names no PipelineRun (no tekton.dev/pipelineRun label or owner); it was not stored`,
    );
  }
  return {
    format: formats.length === 1 ? formats[0]! : "multiple",
    linked: linked.pipelineRuns,
    facts,
    tables,
    files,
    warnings: [...new Set(warnings)],
  };
}

/**
 * The documents of a file, read just far enough to tell a lockfile or a manifest: JSON that is one value, or
 * YAML (`text`; null for JSON). JSON Lines and concatenated JSON are not one value: they go straight to the Tekton
 * reader.
 */
function lockfileOrManifestCandidates(bytes: Buffer, text: string | null, file: string): unknown[] {
  if (text === null) {
    // Only a text naming a manifest's or lockfile's key can be one: a Tekton export is then parsed once, not twice.
    if (!bytes.includes('"layers"') && !bytes.includes('"lockfileVersion"')) return [];
    try {
      return [JSON.parse(utf8Text(bytes)) as unknown];
    } catch {
      return [];
    }
  }
  return parseYamlDocuments(text, file);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The per-file line of the upload's answer: what a file of Tekton objects held, and what was passed over. */
export function tektonFileSummary(name: string, parsed: TektonDocuments): FileSummary {
  const skippedKinds = Object.entries(parsed.skippedKinds ?? {});
  const skipped =
    skippedKinds.length > 0 ? `skipped: ${skippedKinds.map(([kind, count]) => `${count} ${kind}`).join(", ")}` : null;
  const templates = parsed.templates ?? [];
  const definitions = parsed.definitions ?? [];
  const unsupported = parsed.unsupported ?? [];
  const notes = [
    templates.length > 0 ? `${plural(templates.length, "template")} without status (not runs)` : null,
    definitions.length > 0 ? `${plural(definitions.length, "Pipeline/Task definition")} (not runs)` : null,
    (parsed.inferred ?? 0) > 0 ? `${parsed.inferred} without apiVersion/kind, read by their shape` : null,
    ...unsupported.map((u) => `${u.kind}${u.name ? ` ${u.name}` : ""}: ${u.reason}`),
    skipped,
  ].filter((note): note is string => note !== null);
  if (parsed.pipelineRuns.length > 0 || parsed.taskRuns.length > 0) {
    return {
      name,
      kind: "tekton",
      status: "ok",
      message: [`${parsed.pipelineRuns.length} PipelineRun(s), ${parsed.taskRuns.length} TaskRun(s)`, ...notes].join(
        "; ",
      ),
    };
  }
  if (templates.length > 0) {
    return {
      name,
      kind: "template",
      status: "skipped",
      message:
        `a ${templates[0]!.kind} template (no status), not a run: nothing was measured. To rewire it for another ` +
        `strategy, paste it into the Pipeline YAML panel's patch mode on a component page (POST /api/generate with the file as "base")` +
        (notes.length > 1 ? `; ${notes.slice(1).join("; ")}` : ""),
    };
  }
  if (definitions.length > 0) {
    return {
      name,
      kind: "definition",
      status: "skipped",
      message: `${definitions.map((d) => `${d.kind}${d.name ? ` ${d.name}` : ""}`).join(", ")}: a definition, not a run; nothing was measured`,
    };
  }
  return {
    name,
    kind: "skipped",
    status: "skipped",
    message: ["no PipelineRun or TaskRun in it", ...notes].join("; "),
  };
}
