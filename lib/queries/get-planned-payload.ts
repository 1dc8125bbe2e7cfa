// Reads a component's planned payload: sizes from a lockfile or OCI manifest uploaded on its own (no run), the
// latest row per arch and source kind. The component page shows them; lib/recommend uses them where runs carry none.
import type { Db } from "../db/client";
import { compareArches } from "../domain/arch";
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

const isPlannedArch = (value: string): value is PlannedArch => (PLANNED_ARCHES as readonly string[]).includes(value);
const isPlannedSource = (value: string): value is PlannedSource =>
  (PLANNED_SOURCES as readonly string[]).includes(value);

/** The latest row per (arch, source), ordered by arch (amd64 … source, shared) and then lockfile before manifest. */
export async function readPlannedPayload(db: Db, componentId: number): Promise<PlannedPayloadRow[]> {
  const rows = await db.plannedPayload.findMany({
    where: { componentId },
    orderBy: [{ takenAt: "desc" }, { id: "desc" }],
    select: { arch: true, bytes: true, source: true, file: true, takenAt: true, uploadId: true },
  });
  const latest = new Map<string, PlannedPayloadRow>();
  for (const row of rows) {
    // Rows of another arch or source kind than the table documents are not ours to interpret.
    if (!isPlannedArch(row.arch) || !isPlannedSource(row.source) || !(row.bytes >= 0)) continue;
    const key = `${row.arch}\n${row.source}`;
    if (!latest.has(key)) latest.set(key, { ...row, arch: row.arch, source: row.source, bytes: Number(row.bytes) });
  }
  return [...latest.values()].sort(
    (a, b) => compareArches(a.arch, b.arch) || PLANNED_SOURCES.indexOf(a.source) - PLANNED_SOURCES.indexOf(b.source),
  );
}

/** Returns null when the component does not exist. */
export async function getPlannedPayload(db: Db, componentName: string): Promise<PlannedPayloadRow[] | null> {
  const component = await db.component.findUnique({ where: { name: componentName }, select: { id: true } });
  return component ? readPlannedPayload(db, component.id) : null;
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
