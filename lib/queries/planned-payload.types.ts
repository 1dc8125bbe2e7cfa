// A component's planned payload as the page and the recommendation see it — the row contract, and which row
// the recommendation reads per arch — shared by the read model and the (server-rendered) component. Pure.
import type { PayloadArch } from "../model/types";

export const PLANNED_ARCHES = ["amd64", "arm64", "ppc64le", "s390x", "source", "shared"] as const;
export type PlannedArch = (typeof PLANNED_ARCHES)[number];
/** In order of preference: a lockfile lists what hermeto downloads; a manifest only the compressed artifact. */
export const PLANNED_SOURCES = ["lockfile", "manifest"] as const;
export type PlannedSource = (typeof PLANNED_SOURCES)[number];

export interface PlannedPayloadRow {
  arch: PlannedArch;
  bytes: number;
  source: PlannedSource;
  /** The file name in the upload, e.g. rpms.lock.yaml. */
  file: string;
  takenAt: Date;
  uploadId: number | null;
}

/**
 * The row the recommendation reads per payload part: a lockfile over a manifest, then the latest. `shared` (one
 * artifact of every arch together) is not a part: it cannot be split per arch without guessing, so it is only shown.
 */
export function choosePlanned(rows: readonly PlannedPayloadRow[]): Partial<Record<PayloadArch, PlannedPayloadRow>> {
  const chosen: Partial<Record<PayloadArch, PlannedPayloadRow>> = {};
  for (const row of rows) {
    if (row.arch === "shared") continue;
    const held = chosen[row.arch];
    const better =
      !held ||
      PLANNED_SOURCES.indexOf(row.source) < PLANNED_SOURCES.indexOf(held.source) ||
      (row.source === held.source && row.takenAt.getTime() > held.takenAt.getTime());
    if (better) chosen[row.arch] = row;
  }
  return chosen;
}

/** "planned: lockfile rpms.lock.yaml, 2026-12-06": where a planned size came from (UTC date). */
export function plannedSourceText(row: Pick<PlannedPayloadRow, "source" | "file" | "takenAt">): string {
  return `planned: ${row.source} ${row.file}, ${row.takenAt.toISOString().slice(0, 10)}`;
}
