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
// The same tables as CSV go through parseCsvTables. Pure: text in, parsed tables out.
import { parse as parseCsv } from "csv-parse/sync";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { normalizeArch } from "../domain/arch";
import type { ManualTable, ManualTableMeta, ManualTableRow, ParsedManualTables } from "../domain/manual-table";
import type { Phase } from "../domain/phases";

export const manualTableMetaSchema = z.object({
  source: z.string().min(1).optional().describe("Human-readable origin stored with every number"),
  strategy: z
    .enum(["ta-shared", "ta-split", "pvc-shared", "pvc-per-arch-duplicated", "pvc-per-arch-split"])
    .optional()
    .describe("Data-passing strategy the table was measured with, when the author states it"),
  measuredAt: z.coerce.date().optional().describe("When the numbers were measured"),
  application: z.string().min(1).optional(),
}) satisfies z.ZodType<ManualTableMeta>;

export class ManualTableError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = "ManualTableError";
  }
}

interface ColumnSpec {
  phase: Phase;
  /** Multiplier from the header's unit to bytes or seconds. */
  factor: number;
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  bytes: 1,
  kb: 1e3,
  kib: 1024,
  mb: 1e6,
  mib: 1024 ** 2,
  gb: 1e9,
  gib: 1024 ** 3,
};
const TIME_UNITS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  sec: 1,
  secs: 1,
  seconds: 1,
  min: 60,
  mins: 60,
  minutes: 60,
  h: 3600,
};

// Header cell → phase. Order matters: "rsync back" before "rsync".
const PHASE_PATTERNS: [RegExp, Phase][] = [
  [/\b(size|payload|bytes)\b/, "payload"],
  [/prefetch/, "prefetch"],
  [/create|upload/, "create-upload"],
  [/restore/, "restore"],
  [/rsync[\s-]*back/, "rsync-back"],
  [/rsync/, "rsync"],
  [/build/, "build"],
  [/queue|wait/, "queue"],
];

const EMPTY_CELL = /^(|-+|—|–|n\/?a|none|null)$/i;
const TOTAL_CELL = /^total\b/i;

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

function columnFor(header: string, line: number): ColumnSpec {
  const lower = header.toLowerCase();
  const words = lower.replace(/_/g, " ");
  const phase = PHASE_PATTERNS.find(([pattern]) => pattern.test(words))?.[1];
  if (!phase) {
    throw new ManualTableError(
      `column "${header}" is not a known measurement (size, prefetch, create/upload, restore, rsync, rsync back, build, queue)`,
      line,
    );
  }
  const units = phase === "payload" ? SIZE_UNITS : TIME_UNITS;
  // "Prefetch (s)" in Markdown; "prefetch_s" in CSV, where only a known unit counts as one.
  const suffix = /_([a-z]+)$/.exec(lower)?.[1];
  const unit = /\(([^)]+)\)/.exec(lower)?.[1]?.trim() ?? (suffix && suffix in units ? suffix : undefined);
  if (unit === undefined) {
    // The seed's tables always state units; without one, assume the seed's (MiB, s) and say so upstream.
    return { phase, factor: phase === "payload" ? SIZE_UNITS.mib! : 1 };
  }
  const factor = units[unit];
  if (factor === undefined) {
    throw new ManualTableError(
      `column "${header}" has unit "${unit}", expected one of ${Object.keys(units).join(", ")}`,
      line,
    );
  }
  return { phase, factor };
}

function hasUnit(header: string): boolean {
  const suffix = /_([a-z]+)$/i.exec(header)?.[1]?.toLowerCase();
  return header.includes("(") || (suffix !== undefined && (suffix in SIZE_UNITS || suffix in TIME_UNITS));
}

function parseNumber(cell: string, header: string, line: number): number | null {
  if (EMPTY_CELL.test(cell)) return null;
  const normalised = cell.replace(/[,\s_]/g, "");
  if (!/^\d+(\.\d+)?$/.test(normalised)) {
    throw new ManualTableError(`"${cell}" in column "${header}" is not a non-negative number`, line);
  }
  return Number(normalised);
}

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

interface RawTable {
  headerLine: number;
  header: string[];
  rows: { line: number; cells: string[] }[];
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

function addTotals(rows: ManualTableRow[]): Partial<Record<Phase, number>> {
  const totals: Partial<Record<Phase, number>> = {};
  for (const row of rows) {
    for (const [phase, value] of Object.entries(row.values) as [Phase, number][]) {
      totals[phase] = (totals[phase] ?? 0) + value;
    }
  }
  return totals;
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

function interpretTables(rawTables: RawTable[], meta: ManualTableMeta): ParsedManualTables {
  const warnings: string[] = [];
  const byComponent = new Map<string, ManualTable>();
  for (const raw of rawTables) {
    const headerLower = raw.header.map((h) => h.toLowerCase());
    const componentCol = headerLower.findIndex((h) => h === "component");
    const archCol = headerLower.findIndex((h) => h === "arch" || h === "architecture" || h === "platform");
    const labelCols = new Set([0, componentCol, archCol].filter((i) => i >= 0));
    const columns = new Map<number, ColumnSpec>();
    raw.header.forEach((header, index) => {
      if (labelCols.has(index) || header === "") return;
      if (!hasUnit(header)) {
        warnings.push(
          `line ${raw.headerLine}: column "${header}" states no unit; assumed ${/size|payload/i.test(header) ? "MiB" : "seconds"}`,
        );
      }
      columns.set(index, columnFor(header, raw.headerLine));
    });
    if (columns.size === 0) {
      throw new ManualTableError("the table header names no measurement column", raw.headerLine);
    }
    let lastComponent: ManualTable | null = null;
    for (const { line, cells } of raw.rows) {
      if (cells.every((c) => EMPTY_CELL.test(c))) continue;
      const label = cells[0] ?? "";
      if (TOTAL_CELL.test(label)) {
        if (!lastComponent) throw new ManualTableError("a Total row comes before any component row", line);
        const totals: Partial<Record<Phase, number>> = {};
        for (const [index, spec] of columns) {
          const value = parseNumber(cells[index] ?? "", raw.header[index] ?? "", line);
          if (value !== null) totals[spec.phase] = value * spec.factor;
        }
        lastComponent.statedTotals = totals;
        continue;
      }
      let componentName: string;
      let archName: string;
      if (componentCol >= 0 && archCol >= 0) {
        componentName = cells[componentCol] ?? "";
        archName = cells[archCol] ?? "";
      } else {
        const separator = label.lastIndexOf(" - ");
        if (separator === -1) {
          throw new ManualTableError(
            `row label "${label}" is not "<component> - <arch>" (e.g. "flatpak-sdk - amd64")`,
            line,
          );
        }
        componentName = label.slice(0, separator).trim();
        archName = label.slice(separator + 3).trim();
      }
      const arch = normalizeArch(archName);
      if (!arch) {
        throw new ManualTableError(
          `unknown architecture "${archName}" (expected amd64, arm64, ppc64le, s390x or source)`,
          line,
        );
      }
      if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/i.test(componentName)) {
        throw new ManualTableError(`"${componentName}" is not a valid component name`, line);
      }
      let table = byComponent.get(componentName);
      if (!table) {
        table = { component: componentName, rows: [], statedTotals: null };
        byComponent.set(componentName, table);
      }
      if (table.rows.some((row) => row.arch === arch)) {
        throw new ManualTableError(`${componentName} has a second row for ${arch}`, line);
      }
      const values: Partial<Record<Phase, number>> = {};
      for (const [index, spec] of columns) {
        const value = parseNumber(cells[index] ?? "", raw.header[index] ?? "", line);
        if (value !== null) values[spec.phase] = value * spec.factor;
      }
      table.rows.push({ arch, line, values });
      lastComponent = table;
    }
  }
  const tables = [...byComponent.values()];
  if (tables.length === 0) throw new ManualTableError("the tables have no component rows");
  for (const table of tables) {
    if (!table.statedTotals) continue;
    const computed = addTotals(table.rows);
    for (const [phase, stated] of Object.entries(table.statedTotals) as [Phase, number][]) {
      const sum = computed[phase] ?? 0;
      // Tables round each cell, so allow the rounding of one unit per row.
      const tolerance = phase === "payload" ? table.rows.length * 1024 ** 2 : table.rows.length;
      if (Math.abs(sum - stated) > tolerance) {
        warnings.push(
          `${table.component}: the stated total for ${phase} (${stated}) differs from the sum of its rows (${sum})`,
        );
      }
    }
  }
  return { meta, tables, warnings };
}
