// Reads two runs and compares them, for GET /api/runs/compare and the compare page.
// A missing run is a not_found AppError naming its id.
import type { Db } from "../db/connect";
import { AppError } from "../errors";
import { compareRuns } from "./compare";
import type { CompareRunsQuery, RunComparison } from "./compare.types";
import { getRun } from "./get-run";

export async function getRunComparison(db: Db, { a, b }: CompareRunsQuery): Promise<RunComparison> {
  const [runA, runB] = await Promise.all([getRun(db, a), getRun(db, b)]);
  if (!runA || !runB) {
    const missing = [...new Set([runA ? null : a, runB ? null : b].filter((id) => id !== null))];
    const message =
      missing.length === 1 ? `No run with id ${missing.join("")}` : `No runs with ids ${missing.join(" and ")}`;
    throw new AppError("not_found", message, { details: { missing } });
  }
  return compareRuns(runA, runB);
}
