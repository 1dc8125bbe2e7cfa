// A timing table file of an upload (Markdown or CSV): parsed into component tables; a table that cannot be
// read rejects the upload with an AppError naming the file.
import { AppError } from "../../errors";
import { ManualTableError, parseCsvTables, parseManualTables } from "../manual-table";
import type { BundleCollector } from "./collector";
import { utf8Text } from "./read-bytes";

/** Parses a table file's bytes (already checked to be UTF-8) and records its tables, warnings and line. */
export function handleTable(collector: BundleCollector, file: string, kind: "markdown" | "csv", bytes: Buffer): void {
  try {
    const text = utf8Text(bytes);
    const parsed = kind === "csv" ? parseCsvTables(text) : parseManualTables(text);
    collector.tables.push({ file, parsed });
    collector.warnings.push(...parsed.warnings.map((w) => `${file}: ${w}`));
    collector.files.push({
      name: file,
      kind: "table",
      status: "ok",
      message: `${parsed.tables.length} component table(s)`,
    });
  } catch (error) {
    if (error instanceof ManualTableError) {
      throw new AppError("unprocessable", `${file}: ${error.message}`, { file, cause: error });
    }
    throw error;
  }
}
