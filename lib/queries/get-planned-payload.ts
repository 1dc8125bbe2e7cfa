// Reads a component's planned payload: sizes from a lockfile or OCI manifest uploaded on its own (no run), the
// latest row per arch and source kind. The component page shows them; lib/recommend uses them where runs carry none.
import type { Db } from "../db/connect";
import { compareArches } from "../domain/arch";
import {
  PLANNED_ARCHES,
  PLANNED_SOURCES,
  type PlannedArch,
  type PlannedPayloadRow,
  type PlannedSource,
} from "./planned-payload.types";

export {
  choosePlanned,
  PLANNED_ARCHES,
  PLANNED_SOURCES,
  plannedSourceText,
  type PlannedArch,
  type PlannedPayloadRow,
  type PlannedSource,
} from "./planned-payload.types";

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
