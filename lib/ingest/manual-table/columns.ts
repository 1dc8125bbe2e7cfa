// Columns of a timing table: which phase a header names, the unit it states ("(MiB)", "_s"…) as a factor to
// bytes or seconds, and reading a cell's number. Pure.
import type { Phase } from "../../domain/phases";
import { ManualTableError } from "./error";

export interface ColumnSpec {
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

/** A cell meaning "not measured". */
export const EMPTY_CELL = /^(|-+|—|–|n\/?a|none|null)$/i;

export function columnFor(header: string, line: number): ColumnSpec {
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

export function hasUnit(header: string): boolean {
  const suffix = /_([a-z]+)$/i.exec(header)?.[1]?.toLowerCase();
  return header.includes("(") || (suffix !== undefined && (suffix in SIZE_UNITS || suffix in TIME_UNITS));
}

export function parseNumber(cell: string, header: string, line: number): number | null {
  if (EMPTY_CELL.test(cell)) return null;
  const normalised = cell.replace(/[,\s_]/g, "");
  if (!/^\d+(\.\d+)?$/.test(normalised)) {
    throw new ManualTableError(`"${cell}" in column "${header}" is not a non-negative number`, line);
  }
  return Number(normalised);
}
