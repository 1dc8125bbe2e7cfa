// Hand-measured timing tables (the seed issue's spreadsheets) as read from Markdown or CSV: what the parser
// (lib/ingest/manual-table.ts) produces and lib/db/store-manual-tables.ts stores. Types only.
import type { Arch } from "./arch";
import type { Phase } from "./phases";
import type { StrategyId } from "./strategies";

export interface ManualTableRow {
  arch: Arch;
  /** 1-based line number in the file, for error messages and provenance. */
  line: number;
  /** payload in bytes, every other phase in seconds; absent = not measured. */
  values: Partial<Record<Phase, number>>;
}

export interface ManualTable {
  component: string;
  rows: ManualTableRow[];
  /** A "Total" row as the author wrote it, converted to bytes/seconds; checked against the rows. */
  statedTotals: Partial<Record<Phase, number>> | null;
}

/** The optional YAML front matter of a table file. */
export interface ManualTableMeta {
  /** Human-readable origin stored with every number. */
  source?: string;
  /** Data-passing strategy the table was measured with, when the author states it. */
  strategy?: StrategyId;
  /** When the numbers were measured. */
  measuredAt?: Date;
  application?: string;
}

export interface ParsedManualTables {
  meta: ManualTableMeta;
  tables: ManualTable[];
  warnings: string[];
}
