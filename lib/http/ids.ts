// Row ids from URLs (/runs/{id}, /api/runs/{id}, ?a=&b=): checked against the id column's range before any
// query, because PostgreSQL's int4 rejects 2147483648 with an error (a 500) where SQLite just finds nothing.
import { AppError } from "../errors";

/** The largest value of the `Int` id columns (PostgreSQL int4, the bound both databases share). */
export const MAX_ID = 2_147_483_647;

export type ParsedId = { ok: true; id: number } | { ok: false; reason: "not_numeric" | "out_of_range" };

/** True for an integer the id columns can hold (1 … MAX_ID); autoincrement ids start at 1. */
export function isIdInRange(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 1 && id <= MAX_ID;
}

/**
 * Digits only; any other text is `not_numeric`. Digits outside 1 … MAX_ID are `out_of_range`: no row can
 * have that id, so callers answer 404 without asking the database.
 */
export function parseId(text: string): ParsedId {
  if (!/^\d+$/.test(text)) return { ok: false, reason: "not_numeric" };
  // Very long digit strings lose precision here, but they are far above MAX_ID either way.
  const id = Number(text);
  return isIdInRange(id) ? { ok: true, id } : { ok: false, reason: "out_of_range" };
}

/**
 * The compare contract's ids (already digits) that no run can have: a 404 naming them, worded like
 * getRunComparison's own not-found answer.
 */
export function assertRunIdsInRange(ids: number[]): void {
  const missing = [...new Set(ids.filter((id) => !isIdInRange(id)))];
  if (missing.length === 0) return;
  throw new AppError(
    "not_found",
    missing.length === 1 ? `No run with id ${missing[0]}` : `No runs with ids ${missing.join(" and ")}`,
    { details: { missing } },
  );
}
