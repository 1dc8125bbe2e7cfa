// Parser for hand-measured timing tables written as Markdown, like the ones in build-definitions#1275:
//
//   |                         | Size (MiB) | Prefetch (s) | Create/Upload (s) | Restore (s) | rsync (s) |
//   |-------------------------|-----------:|-------------:|------------------:|------------:|----------:|
//   | flatpak-runtime - amd64 | 295        | 40           | 35                | 9           | 4         |
//   | **Total:**              | 3851       | 287          | 377               | 74          | 18        |
//
// Rows name "<component> - <arch>" in the first cell, or the table has Component and Arch columns.
// Units come from the header ("(MiB)", "(GiB)", "(s)", "(min)"…). Empty cells and "---" mean "not
// measured". Optional YAML front matter states where the numbers came from and the strategy used.
// The same tables as CSV go through parseCsvTables. Pure: text in, parsed tables out. Columns and units are
// read in manual-table/columns.ts, rows into component tables in manual-table/interpret.ts.
import { parse as parseCsv } from "csv-parse/sync";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { ManualTableMeta, ParsedManualTables } from "../domain/manual-table";
import { ManualTableError } from "./manual-table/error";
import { interpretTables, type RawTable } from "./manual-table/interpret";

export { ManualTableError } from "./manual-table/error";

export const manualTableMetaSchema = z.object({
  source: z.string().min(1).optional().describe("Human-readable origin stored with every number"),
  strategy: z
    .enum(["ta-shared", "ta-split", "pvc-shared", "pvc-per-arch-duplicated", "pvc-per-arch-split"])
    .optional()
    .describe("Data-passing strategy the table was measured with, when the author states it"),
  measuredAt: z.coerce.date().optional().describe("When the numbers were measured"),
  application: z.string().min(1).optional(),
}) satisfies z.ZodType<ManualTableMeta>;

function stripMarkup(cell: string): string {
  return cell.replace(/\*\*|__|`/g, "").trim();
}

/** Splits a Markdown table row into cells; `\|` inside a cell is a literal pipe. */
function splitRow(line: string): string[] {
  const body = line
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "");
  return body.split(/(?<!\\)\|/).map((cell) => stripMarkup(cell.replace(/\\\|/g, "|")));
}

const isSeparatorRow = (cells: string[]) => cells.length > 0 && cells.every((c) => /^:?-{3,}:?$/.test(c));

function splitFrontMatter(text: string): { meta: ManualTableMeta; body: string; bodyStartLine: number } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!match) return { meta: {}, body: text, bodyStartLine: 1 };
  return {
    meta: parseMeta(match[1] ?? "", 2),
    body: text.slice(match[0].length),
    bodyStartLine: match[0].split("\n").length,
  };
}

function parseMeta(yamlText: string, line: number): ManualTableMeta {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText, { maxAliasCount: 10 }) ?? {};
  } catch (error) {
    throw new ManualTableError(`front matter is not valid YAML: ${(error as Error).message}`, line);
  }
  const parsed = manualTableMetaSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ManualTableError(`front matter: ${problems}`, line);
  }
  return parsed.data;
}

function findTables(body: string, firstLine: number): RawTable[] {
  const lines = body.split(/\r?\n/);
  const tables: RawTable[] = [];
  let current: RawTable | null = null;
  lines.forEach((text, index) => {
    const line = firstLine + index;
    const isRow = text.trim().startsWith("|");
    if (!isRow) {
      current = null;
      return;
    }
    const cells = splitRow(text);
    if (current === null) {
      current = { headerLine: line, header: cells, rows: [] };
      tables.push(current);
      return;
    }
    if (current.rows.length === 0 && isSeparatorRow(cells)) return;
    current.rows.push({ line, cells });
  });
  return tables;
}

/** Parses every timing table in a Markdown document. Throws ManualTableError on unusable input. */
export function parseManualTables(text: string): ParsedManualTables {
  const { meta, body, bodyStartLine } = splitFrontMatter(text);
  const rawTables = findTables(body, bodyStartLine);
  if (rawTables.length === 0) {
    throw new ManualTableError("no Markdown table found (expected rows starting with '|')");
  }
  return interpretTables(rawTables, meta);
}

/**
 * Parses a timing table as CSV: a header row (e.g. `component,arch,size_mib,prefetch_s,…`, or a first
 * column "<component> - <arch>") and one row per arch. Leading `# key: value` lines carry the same
 * metadata as Markdown front matter.
 */
export function parseCsvTables(text: string): ParsedManualTables {
  const lines = text.split(/\r?\n/);
  let firstDataLine = 0;
  const metaLines: string[] = [];
  while (firstDataLine < lines.length && /^\s*(#|$)/.test(lines[firstDataLine] ?? "")) {
    // Only `# key: value` lines are metadata; any other comment is a note for people.
    const comment = /^\s*#\s?(.*)$/.exec(lines[firstDataLine] ?? "")?.[1];
    if (comment !== undefined && /^[a-z][\w-]*:(\s|$)/i.test(comment)) metaLines.push(comment);
    firstDataLine++;
  }
  const meta = metaLines.length > 0 ? parseMeta(metaLines.join("\n"), 1) : {};
  let records: { record: string[]; line: number }[];
  try {
    records = (
      parseCsv(lines.slice(firstDataLine).join("\n"), {
        info: true,
        relax_column_count: true,
        skip_empty_lines: true,
        trim: true,
        bom: true,
      }) as unknown as { record: string[]; info: { lines: number } }[]
    ).map(({ record, info }) => ({ record, line: info.lines + firstDataLine }));
  } catch (error) {
    throw new ManualTableError(`not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new ManualTableError("the CSV has no header row");
  return interpretTables(
    [
      {
        headerLine: header.line,
        header: header.record,
        rows: rows.map(({ record, line }) => ({ line, cells: record })),
      },
    ],
    meta,
  );
}
